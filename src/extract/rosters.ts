/**
 * Membership of leading groups (领导小组, 领导组), headquarters (指挥部), joint meetings (联席会议),
 * working classes (工作专班) and their offices. Forms handled:
 * - a role label and a member:      组 长：李文兵 市政府副市长 / 组 长:⇥黄海涛⇥市委常委、副市长
 * - members under the last label:   ⇥魏海文⇥市统计局局长 / 王希礼⇥市委网信办副主任 / 陈 动 市发展改革委副主任
 * - a role header line alone:       成 员：   (the members follow on the next lines)
 * - names only, several a line:     成 员：史志亮 李 娜 齐盼盼 / 田联虎（兼） 闫贵寿（兼）
 * - two-column tables (tabs or wide spaces), read column by column as printed:
 *                                   总指挥：郭建文⇥常务副市长⇥常悟江⇥市工业和信息化局 二级调研员
 *   the right column continues the list of the left one (its role flows on from the left column).
 * - a post broken onto the next line: 崔建明 市退役军人事务局副 / 局长;  焦 罡 中国移动阳泉分公司总 / 经 理
 * - a sub-group header inside a roster: 标准起草小组：李树成 高昕辉 / 总协调办公室：
 * - office posts stated in a sentence: 办公室主任：彭国勇（兼）; 办公室主任由武雪兼任;
 *   办公室主任由市大数据局局长高永恩同志兼任; 副主任由市住建局三级调研员李瑞峰兼任
 * The group is named by the heading above the list (…领导小组组成人员名单, 二、指挥部组成人员), a short
 * heading (工作专班, 指挥部办公室) being completed from the notice (成立阳泉市重点工程项目指挥部), or by
 * the group the notice sets up when no heading names one. Roles given to posts only (组长：市应急局局长)
 * and member units (成员单位：…) name no person and are not members.
 */
import type { ExtractContext, LineNo, Roster, RosterMember, SourceLine } from '../model.js';
import { removeLayoutSpaces, squash } from '../core/text.js';
import { cleanPersonName, closeUp, endsWithBracket, foldWide, isPersonName } from './appointments.js';

// ---------------------------------------------------------------------------------------------
// Role labels and group names

const ROLE_WORDS = ['组长', '组员', '成员', '委员', '指挥长', '指挥', '召集人', '主任委员', '主任', '秘书长', '联络员', '顾问'];
const spaced = (w: string) => w.split('').join('\\s*');
const ROLE = `(?:${spaced('常务')}\\s*|${spaced('第一')}\\s*|${spaced('执行')}\\s*)?(?:副\\s*)?(?:总\\s*)?(?:${ROLE_WORDS.map(spaced).join('|')})`;
/** 组 长：, 副 总 指 挥：, 常务副组长：, 市领导小组办公室主任: (on width-folded text). */
const LABEL = new RegExp(`(?:^|(?<=\\s))((?:[^\\s:，。；、]{0,16}?${spaced('办公室')}\\s*)?${ROLE}\\s*:)`, 'g');
/** A role word printed with layout spaces (组  长, 副 总 指 挥), to be closed up before cells are split. */
const SPACED_ROLE = new RegExp(`(?<![\\u3400-\\u9fff])${ROLE}(?![\\u3400-\\u9fff])`, 'g');
/** A character of a role word followed by a space: what a role printed with layout spaces has. */
const ROLE_CHAR_THEN_SPACE = new RegExp(`[${[...new Set(['常务', '第一', '执行', '副', '总', ...ROLE_WORDS].join(''))].join('')}]\\s`);
/** A table cell holding only a role, without a colon: 组长⇥王大明⇥市委副书记. */
const BARE_ROLE = new RegExp(`^(?:常务|第一|执行)?副?总?(?:${ROLE_WORDS.join('|')})$`);

/**
 * What a line needs before it can hold a label (组 长：), a sub-group header (…小组：), an office
 * post in prose (主任：/主任由…兼任) or a bare role (组长⇥…, a word between spaces): a line without
 * any of them is read for headings only. A one-pass gate first, since most lines are prose.
 */
const BARE_ROLE_HINT = `(?:^|\\s)${ROLE}(?:\\s|$)`;
const ROSTER_GATE = new RegExp(`[:：由]|${BARE_ROLE_HINT}`);
const ROSTER_HINT = new RegExp(`(?:${ROLE_WORDS.map(spaced).join('|')}|[组室班部])\\s*[:：]|主\\s*任\\s*由|${BARE_ROLE_HINT}`);

function mayHoldRoster(text: string): boolean {
  return ROSTER_GATE.test(text) && ROSTER_HINT.test(text);
}

function normalizeRole(label: string): string {
  const r = squash(label).replace(/:$/, '');
  const office = r.indexOf('办公室');
  return office > 0 ? r.slice(office) : r;
}

const GROUP_SUFFIX = '(?:领导小组|领导组|指挥部|联席会议|工作专班|专班|工作组|小组|委员会|办公室|协同机制)';
const ENDS_WITH_GROUP = new RegExp(`${GROUP_SUFFIX}$`);
/** A short name that only says what kind of group it is: 指挥部, 工作专班, 指挥部办公室. */
const GENERIC_GROUP = /^(?:领导小组|领导组|指挥部|联席会议|工作专班|专班|工作组|小组|委员会)(?:办公室)?$/;
const SUBGROUP = new RegExp(`^([^:，。；、\\s]{2,30}?(?:小组|办公室|专班|指挥部|工作组)|第[一二三四五六七八九十\\d]+(?:小组|组))\\s*:`);
/** The end of every SUBGROUP match: the last character of a group word, then the colon. */
const SUBGROUP_HINT = /[组室班部]\s*:/;
const NUMBERING = /^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+(?:\.\d+)*[、.．]?(?=\s|[\u3400-\u9fff])|附件\s*\d*\s*[:：]?\s*\d*[.、．]?)\s*/;
const LIST_WORDS = /(?:组成人员名单|成员名单|人员名单|组成人员|人员组成|名单|成员)$/;
const ISSUER = /^[^办]*(?:人民政府|政府)办公(?:室|厅)$/;
/** Both widths are listed, so it needs no width folding. */
const SENTENCE = /[，,。；;！!？?]/;

/** Last characters of GROUP_SUFFIX and LIST_WORDS, one of which ends every heading. */
const HEADING_LAST = new Set(Array.from('组部议班会室制单员成', (c) => c.charCodeAt(0)));

/** A heading ends with a group or list word: a cheap refusal, since most lines are sentences. */
function mayBeHeading(text: string): boolean {
  const end = text.trimEnd();
  return HEADING_LAST.has(end.charCodeAt(end.length - 1));
}

/** The group a heading line names, or null: 阳泉市第七次全国人口普查 领导小组组成人员名单 → …领导小组. */
function headingGroup(text: string): string | null {
  if (!mayBeHeading(text) || SENTENCE.test(text)) return null;
  let t = squash(text);
  if (!t || t.length > 60) return null;
  for (let prev = ''; prev !== t; ) {
    prev = t;
    t = t.replace(NUMBERING, '');
  }
  t = t
    .replace(LIST_WORDS, '')
    .replace(/^.*关于/, '')
    .replace(/^(?:进一步)?(?:调整完善|调整|完善|成立|设立|建立|组建)/, '');
  if (/[:：]/.test(t) || !ENDS_WITH_GROUP.test(t) || ISSUER.test(t)) return null;
  return t;
}

const VERB_BEFORE_GROUP = /(?:成立|设立|建立|组建|调整完善|调整)(?:了)?/g;

/**
 * The notice's title and body without spaces, where group names are looked up. The body is built
 * on first use and the look-ups are kept: headings and lists ask for the same names again.
 */
interface NoticeText {
  ctx: ExtractContext;
  title: string;
  body: string | null;
  groups: Map<string, string | null>;
}

function noticeText(ctx: ExtractContext): NoticeText {
  return { ctx, title: squash(ctx.title), body: null, groups: new Map() };
}

function bodyOf(notice: NoticeText): string {
  return (notice.body ??= notice.ctx.lines.map((l) => squash(l.text)).join('\n'));
}

/** The full name of the group a notice sets up (成立阳泉市重点工程项目指挥部), ending with `base`. */
function fullGroupName(notice: NoticeText, base: string): string | null {
  if (!notice.groups.has(base)) notice.groups.set(base, findFullGroupName(notice, base));
  return notice.groups.get(base)!;
}

function findFullGroupName(notice: NoticeText, base: string): string | null {
  const title = notice.title;
  const body = bodyOf(notice);
  const baseRe = base ? base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : GROUP_SUFFIX;
  // Sticky: the name must start right after the verb.
  const afterVerb = new RegExp(`([^，,。；;：:、\\s]{2,40}?${baseRe})`, 'y');
  const minLength = base ? base.length + 2 : 4;
  for (const text of [body, title]) {
    VERB_BEFORE_GROUP.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = VERB_BEFORE_GROUP.exec(text))) {
      afterVerb.lastIndex = m.index + m[0].length;
      const g = afterVerb.exec(text);
      if (g && g[1]!.length >= minLength && !/的/.test(g[1]!)) return g[1]!;
    }
  }
  const inTitle = new RegExp(`关于(?:进一步)?(?:调整完善|调整|完善|成立|设立|建立|组建)?([^，,。；;：:、\\s]{2,40}?${baseRe})`).exec(title);
  if (inTitle && !/^(?:印发|转发)/.test(inTitle[1]!)) return inTitle[1]!;
  if (!base) return null;
  // Any mention: scan back from the base over the words of a name (千兆城市工作专班).
  const re = new RegExp(baseRe, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    let i = m.index;
    while (i > 0 && !/[，,。；;：:、（()）“”"\s和及与的在由是将把按对]/.test(body[i - 1]!)) i--;
    const name = body.slice(i, m.index + base.length).replace(/^(?:我市|全市|本市|市级)/, '');
    if (name.length >= base.length + 2) return name;
  }
  return null;
}

function resolveGroup(notice: NoticeText, name: string | null): string {
  if (name && !GENERIC_GROUP.test(name)) return name;
  if (name) {
    const base = name.replace(/办公室$/, '') || name;
    const full = fullGroupName(notice, base);
    return full ? full + name.slice(base.length) : name;
  }
  return fullGroupName(notice, '') ?? '';
}

// ---------------------------------------------------------------------------------------------
// One line of a roster

type Item =
  | { kind: 'label'; role: string; col: number }
  | { kind: 'entry'; person: string; post: string[]; col: number; line: LineNo }
  | { kind: 'post'; text: string; col: number };

interface RosterLine {
  items: Item[];
  /** Text that is a sentence (prose cells, or the whole line when it is not a roster line). */
  prose: string[];
  subgroup: string | null;
  /** Cells that held two entries side by side (a two-column table). */
  twoColumns: boolean;
}

/** Ends of posts, for telling a post broken onto its own line (局长, 经 理) from a name. */
const POST_TAIL = /(?:[长任员理记席师官监问书部委事]|负责人|干部|助理)$/;

function personToken(token: string): { person: string; post: string | null } | null {
  const t = closeUp(token);
  const m = endsWithBracket(t) ? /^(.+?)[（(]([^（）()]+)[）)]$/.exec(t) : null;
  if (m && !/^兼/.test(m[2]!)) {
    const person = cleanPersonName(m[1]!);
    return isPersonName(person) ? { person, post: m[2]! } : null;
  }
  const person = cleanPersonName(t);
  return isPersonName(person) ? { person, post: null } : null;
}

/** [\u3400-\u9fff], as in NAME_SHAPE. */
function isIdeograph(c: number): boolean {
  return c >= 0x3400 && c <= 0x9fff;
}

/** Merge runs of one-character tokens (李 娜 → 李娜, 李 明（兼） → 李明（兼）, 经 理 → 经理) left by layout spaces. */
function mergeSingles(tokens: string[]): string[] {
  const out: string[] = [];
  let run = false; // the last output token is made of single characters only
  for (const tok of tokens) {
    const core = endsWithBracket(tok) ? tok.replace(/[（(][^（）()]*[）)]$/, '') : tok;
    const single = core.length === 1 && isIdeograph(core.charCodeAt(0));
    const last = out[out.length - 1];
    if (single && run && last !== undefined && last.length < 4) {
      out[out.length - 1] = last + tok;
      run = core === tok;
    } else {
      out.push(tok);
      run = single && core === tok;
    }
  }
  return out;
}

/** A word between layout spaces. */
const TOKEN = /[^ \u3000]+/g;

function parseLine(text: string, line: LineNo): RosterLine {
  // A sentence without spaces or colons is one prose token: the common case, read without splitting.
  if ((SENTENCE.test(text) || text.length > 40) && !/[\s:：]/.test(text)) {
    return { items: [], prose: [text], subgroup: null, twoColumns: false };
  }
  const res: RosterLine = { items: [], prose: [], subgroup: null, twoColumns: false };
  // Closing up role words only changes text with a space after a character of a role.
  const closed = ROLE_CHAR_THEN_SPACE.test(text) ? text.replace(SPACED_ROLE, (m) => squash(m)) : text;
  const cells = closed.split(/\t|[ \u3000]{2,}/);
  let lastCell = -1;
  for (const x of cells) if (x.trim()) lastCell++;
  let filled = -1;
  let entriesInRow = 0;
  let current = null as Extract<Item, { kind: 'entry' }> | null;
  let currentCell = -1;
  cells: for (let ci = 0; ci < cells.length; ci++) {
    let c = cells[ci]!.trim();
    if (!c) continue;
    filled++;
    // Labels and sub-group headers end with a colon; a cell without one needs no folding.
    const colon = c.includes(':') || c.includes('：');
    let f = colon ? foldWide(c) : c;
    if (BARE_ROLE.test(c) && filled === 0 && filled < lastCell) {
      res.items.push({ kind: 'label', role: c, col: 0 });
      continue;
    }
    if (filled === 0 && colon && SUBGROUP_HINT.test(f)) {
      const sub = SUBGROUP.exec(squash(f));
      LABEL.lastIndex = 0;
      if (sub && !LABEL.exec(f)) {
        res.subgroup = sub[1]!;
        const colon = f.search(/[:]/);
        c = c.slice(colon + 1).trim();
        f = f.slice(colon + 1).trim();
        if (!c) continue;
      }
    }
    // Pieces of the cell: labels and the text between them.
    const parts: { label?: string; text?: string }[] = [];
    LABEL.lastIndex = 0;
    let at = 0;
    let m: RegExpExecArray | null;
    while (colon && (m = LABEL.exec(f))) {
      if (m.index > at) parts.push({ text: c.slice(at, m.index) });
      parts.push({ label: m[1]! });
      at = m.index + m[0].length;
    }
    if (at < c.length) parts.push({ text: c.slice(at) });
    const cellCol = Math.min(1, Math.floor(ci / 2));
    for (const part of parts) {
      if (part.label) {
        res.items.push({ kind: 'label', role: normalizeRole(part.label), col: entriesInRow ? 1 : cellCol });
        current = null;
        continue;
      }
      const raw = part.text!.trim().match(TOKEN) ?? [];
      const tokens = mergeSingles(raw);
      for (let k = 0; k < tokens.length; k++) {
        const tok = tokens[k]!;
        if (k === 0 && filled === 0 && !res.items.length && tokens.length > 1 && BARE_ROLE.test(tok)) {
          res.items.push({ kind: 'label', role: tok, col: 0 });
          continue;
        }
        if (SENTENCE.test(tok) || tok.length > 40) {
          // A name-like word that opens a sentence (第四条 奖励周期。…) is not a member.
          if (current && currentCell === ci && !current.post.length && k > 0) {
            res.items.splice(res.items.indexOf(current), 1);
            entriesInRow--;
          }
          res.prose.push(squash(tokens.slice(k).join('')));
          continue cells;
        }
        // After a post, or in the cell that should hold the post, only a sure name starts an entry.
        const strict = current !== null && (current.post.length > 0 || currentCell !== ci);
        const names = tok.includes('、') && !/[（(]/.test(tok) ? tok.split('、') : [tok];
        const people = peopleOf(names, strict || names.length > 1);
        if (people) {
          for (const p of people) {
            // A second entry in another cell of the row stands in the right column.
            const col = !entriesInRow ? cellCol : currentCell !== ci ? 1 : current!.col;
            if (entriesInRow && currentCell !== ci) res.twoColumns = true;
            current = { kind: 'entry', person: p.person, post: p.post ? [p.post] : [], col, line };
            res.items.push(current);
            entriesInRow++;
          }
          currentCell = ci;
        } else if (current && (currentCell === ci || currentCell === ci - 1)) {
          current.post.push(tok);
        } else {
          // A post tail in the right half of a row (张峥嵘⇥…⇥⇥局长) belongs to the right column.
          const col = entriesInRow ? 1 : cellCol;
          if (entriesInRow && col === 1) res.twoColumns = true;
          res.items.push({ kind: 'post', text: tok, col });
        }
      }
    }
  }
  return res;
}

/** The people the words of a token name (张三、李四), or null unless every word is one. */
function peopleOf(names: string[], needSurname: boolean): { person: string; post: string | null }[] | null {
  const people: { person: string; post: string | null }[] = [];
  for (const name of names) {
    const p = personToken(name);
    if (!p || (needSurname && !isPersonName(p.person, true))) return null;
    people.push(p);
  }
  return people;
}

// ---------------------------------------------------------------------------------------------
// Prose statements of office posts

const PROSE_ROLE = '((?:[^，,。；;:：、\\s]{0,16}?办公室)?(?:常务)?副?主任)';
const ROLE_COLON = new RegExp(`${PROSE_ROLE}[:：]([^\\s，,。；;、（(]{2,4})(?:[（(]兼[^）)]*[）)])?`, 'g');
const ROLE_BY = new RegExp(`${PROSE_ROLE}由([^，,。；;]{2,40}?)(?:兼任|担任)`, 'g');
const BODY_END = /[局委办院部厅处科所站队会司府室心]$/;

/** 高永恩同志 / 市大数据局局长高永恩同志 / 市住建局郗文保局长 → person and post. */
function personInPhrase(phrase: string): { person: string; post: string | null } | null {
  const p = phrase.replace(/同志$/, '');
  if (isPersonName(p, true)) return { person: p, post: null };
  for (const n of [3, 2, 4]) {
    const person = p.slice(-n);
    const post = p.slice(0, -n);
    if (post && POST_TAIL.test(post) && isPersonName(person, true)) return { person, post };
  }
  for (let t = 2; t <= 4; t++) {
    const title = p.slice(-t);
    if (!POST_TAIL.test(title)) continue;
    for (const n of [3, 2]) {
      const person = p.slice(-t - n, -t);
      const body = p.slice(0, -t - n);
      if (body && BODY_END.test(body) && isPersonName(person, true)) return { person, post: body + title };
    }
  }
  return null;
}

/** What proseMembers needs in text that still has its spaces. */
const MAY_NAME_OFFICE = /主\s*任/;

function proseMembers(text: string, line: LineNo): RosterMember[] {
  // Both forms name a 主任; most prose does not, and the two regexes are slow on long lines.
  if (!text.includes('主任')) return [];
  const f = foldWide(text);
  const out: RosterMember[] = [];
  const role = (r: string, at: number) => {
    let role = normalizeRole(r);
    if (!role.startsWith('办公室') && /办公室/.test(f.slice(0, at))) role = `办公室${role}`;
    return role;
  };
  ROLE_COLON.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ROLE_COLON.exec(f))) {
    if (isPersonName(m[2]!)) out.push({ role: role(m[1]!, m.index), person: m[2]!, post: null, line });
  }
  ROLE_BY.lastIndex = 0;
  while ((m = ROLE_BY.exec(f))) {
    const start = m.index + m[1]!.length + 1;
    for (const phrase of text.slice(start, start + m[2]!.length).split(/[、和]/)) {
      const p = personInPhrase(phrase);
      if (p) out.push({ role: role(m[1]!, m.index), person: p.person, post: p.post, line });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Assembling rosters

/** Non-blank lines that may stand between two parts of one list (a page break, a stray paragraph). */
const MAX_INTERRUPTION = 8;

interface Open {
  roster: Roster;
  role: string | null;
  last: RosterMember | null;
  block: RosterLine[];
  interrupted: number;
}

function isContinuation(rl: RosterLine, text: string): boolean {
  const t = squash(text);
  return (
    rl.items.length > 0 &&
    rl.items.every((i) => i.kind === 'post') &&
    t.length <= 20 &&
    !NUMBERING.test(t) &&
    POST_TAIL.test(t)
  );
}

/** A member line that can open or resume a list without a label: a sure name and a post. */
function isStrongEntryLine(rl: RosterLine): boolean {
  const entries = rl.items.filter((i): i is Extract<Item, { kind: 'entry' }> => i.kind === 'entry');
  return entries.length > 0 && entries.every((e) => isPersonName(e.person, true) && e.post.length > 0 && POST_TAIL.test(removeLayoutSpaces(e.post.join(''))));
}

/** Play a block's items into the roster: column by column when the block is a two-column table. */
function flush(open: Open): void {
  const block = open.block;
  open.block = [];
  if (!block.length) return;
  const twoColumns = block.some((r) => r.twoColumns);
  const items = block.flatMap((r) => r.items);
  const ordered = twoColumns ? [...items.filter((i) => i.col === 0), ...items.filter((i) => i.col !== 0)] : items;
  for (const item of ordered) {
    if (item.kind === 'label') {
      open.role = item.role;
      open.last = null;
    } else if (item.kind === 'entry') {
      const post = removeLayoutSpaces(item.post.join(''));
      const member: RosterMember = { role: open.role ?? '成员', person: item.person, post: post || null, line: item.line };
      open.roster.members.push(member);
      open.last = member;
    } else if (open.last) {
      open.last.post = (open.last.post ?? '') + removeLayoutSpaces(item.text);
    }
  }
}

/** Non-blank lines within which a heading still names the list that follows it. */
const HEADING_REACH = 4;

export function extractRosters(ctx: ExtractContext): Roster[] {
  const notice = noticeText(ctx);
  const rosters: Roster[] = [];
  const proseRoles: RosterMember[] = [];
  let open: Open | null = null;
  // Set by readHeading (a closure): the cast keeps TypeScript from narrowing it to null here.
  let heading = null as { name: string; line: LineNo; age: number } | null;
  let prevText = '';
  /** The group of the current list: the parent of a sub-group (标准起草小组：). */
  let parentGroup: string | null = null;

  const close = () => {
    if (!open) return;
    flush(open);
    if (open.roster.members.length) rosters.push(open.roster);
    open = null;
  };
  const start = (group: string, line: LineNo, rl: RosterLine) => {
    close();
    open = { roster: { group, line, members: [] }, role: null, last: null, block: [rl], interrupted: 0 };
  };

  /** A heading line names the list that follows (or, generic, is completed from the line above). */
  const readHeading = (sl: SourceLine) => {
    const text = sl.text;
    let name = headingGroup(text);
    if (name && GENERIC_GROUP.test(name)) {
      // A heading broken over two lines: (五) “全国双拥模范城创建” 标准化工作 / 领导小组
      const prev = squash(prevText).replace(NUMBERING, '');
      if (prev && prev.length <= 40 && !SENTENCE.test(prev) && !/[:：]/.test(prev) && !headingGroup(prevText)) {
        name = `${prev}${name}`;
      }
    }
    if (name) {
      close();
      heading = { name: resolveGroup(notice, name), line: sl.line, age: 0 };
      parentGroup = heading.name;
    }
  };

  const lines = ctx.lines.filter((sl) => sl.text.trim());
  // Lines are parsed on demand: most lines of most notices are prose far from any list.
  const parsed = new Array<RosterLine | undefined>(lines.length);
  const parsedAt = (i: number): RosterLine | undefined => {
    const sl = lines[i];
    return sl ? (parsed[i] ??= parseLine(sl.text, sl.line)) : undefined;
  };
  for (let index = 0; index < lines.length; index++) {
    const sl = lines[index]!;
    const text = sl.text;
    if (heading) heading.age++;
    const cur = open as Open | null;
    const nearHeading = heading !== null && heading.age <= HEADING_REACH;
    if (!cur && !nearHeading && !mayHoldRoster(text)) {
      // No list open or announced, and neither a label nor a role word (nor 主任 for the prose forms):
      // the line cannot start a list or state an office post, but it may be a heading.
      if (mayBeHeading(text)) readHeading(sl);
      prevText = text;
      continue;
    }
    const rl = parsedAt(index)!;
    let hasEntries = false;
    let hasLabel = false;
    let onlyLabels = true;
    for (const i of rl.items) {
      if (i.kind === 'entry') hasEntries = true;
      if (i.kind === 'label') hasLabel = true;
      else onlyLabels = false;
    }
    const labelOnly = hasLabel && onlyLabels && !rl.prose.length;
    for (const p of rl.prose) proseRoles.push(...proseMembers(p, sl.line));

    if (rl.subgroup && !rl.prose.length && (hasEntries || rl.items.length === 0)) {
      const parent = cur ? parentGroup : nearHeading ? heading!.name : null;
      start(parent ? `${parent}${rl.subgroup}` : resolveGroup(notice, rl.subgroup), sl.line, rl);
      prevText = text;
      continue;
    }

    const inList = cur !== null && cur.interrupted === 0;
    const hasPrevEntry = cur !== null && (cur.last !== null || cur.block.some((r) => r.items.some((i) => i.kind === 'entry')));
    const rosterLine =
      (hasEntries && (hasLabel || inList || ((cur !== null || nearHeading) && isStrongEntryLine(rl)))) ||
      (labelOnly && (cur !== null || nearHeading || !!parsedAt(index + 1)?.items.some((i) => i.kind === 'entry'))) ||
      (inList && hasPrevEntry && isContinuation(rl, text));

    if (rosterLine) {
      const first = rl.items[0];
      // 办公室主任：… opening a list (or after the group's list and a paragraph): the group's office.
      const officeList = first?.kind === 'label' && first.role.startsWith('办公室') && (!cur || cur.interrupted > 0);
      if (cur && !officeList) {
        cur.interrupted = 0;
        cur.block.push(rl);
      } else {
        const group = cur?.roster.group ?? resolveGroup(notice, nearHeading ? heading!.name : null);
        parentGroup = officeList && !group.endsWith('办公室') ? `${group}办公室` : group;
        start(parentGroup, nearHeading ? heading!.line : sl.line, rl);
      }
      prevText = text;
      continue;
    }

    // Not a roster line: a heading, a sentence, or a label for posts only (组长：市应急局局长).
    if (cur) {
      flush(cur);
      cur.interrupted++;
      if (cur.interrupted > MAX_INTERRUPTION) close();
    }
    readHeading(sl);
    if (!rl.prose.length && MAY_NAME_OFFICE.test(text)) proseRoles.push(...proseMembers(squash(text), sl.line));
    prevText = text;
  }
  close();

  // Office posts stated in sentences join the roster they follow (or the first one).
  for (const m of proseRoles) {
    const target = [...rosters].reverse().find((r) => r.line <= m.line) ?? rosters[0];
    if (target && !target.members.some((x) => x.role === m.role && x.person === m.person)) target.members.push(m);
  }
  // A list cut by layout damage comes out as two rosters of one group: join them.
  const merged: Roster[] = [];
  for (const r of rosters) {
    const same = merged.find((x) => x.group === r.group);
    if (same) same.members.push(...r.members);
    else merged.push(r);
  }
  return merged;
}
