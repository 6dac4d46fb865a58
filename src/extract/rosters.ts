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
import type { ExtractContext, LineNo, Roster, RosterMember } from '../model.js';
import { foldWidth, removeLayoutSpaces, squash } from '../core/text.js';
import { cleanPersonName, isPersonName } from './appointments.js';

// ---------------------------------------------------------------------------------------------
// Role labels and group names

const ROLE_WORDS = ['组长', '组员', '成员', '委员', '指挥长', '指挥', '召集人', '主任委员', '主任', '秘书长', '联络员', '顾问'];
const spaced = (w: string) => w.split('').join('\\s*');
const ROLE = `(?:${spaced('常务')}\\s*|${spaced('第一')}\\s*|${spaced('执行')}\\s*)?(?:副\\s*)?(?:总\\s*)?(?:${ROLE_WORDS.map(spaced).join('|')})`;
/** 组 长：, 副 总 指 挥：, 常务副组长：, 市领导小组办公室主任: (on width-folded text). */
const LABEL = new RegExp(`(?:^|(?<=\\s))((?:[^\\s:，。；、]{0,16}?${spaced('办公室')}\\s*)?${ROLE}\\s*:)`, 'g');
/** A role word printed with layout spaces (组  长, 副 总 指 挥), to be closed up before cells are split. */
const SPACED_ROLE = new RegExp(`(?<![\\u3400-\\u9fff])${ROLE}(?![\\u3400-\\u9fff])`, 'g');
/** A table cell holding only a role, without a colon: 组长⇥王大明⇥市委副书记. */
const BARE_ROLE = new RegExp(`^(?:常务|第一|执行)?副?总?(?:${ROLE_WORDS.join('|')})$`);

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
const NUMBERING = /^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+(?:\.\d+)*[、.．]?(?=\s|[\u3400-\u9fff])|附件\s*\d*\s*[:：]?\s*\d*[.、．]?)\s*/;
const LIST_WORDS = /(?:组成人员名单|成员名单|人员名单|组成人员|人员组成|名单|成员)$/;
const ISSUER = /^[^办]*(?:人民政府|政府)办公(?:室|厅)$/;
const SENTENCE = /[，,。；;！!？?]/;

/** The group a heading line names, or null: 阳泉市第七次全国人口普查 领导小组组成人员名单 → …领导小组. */
function headingGroup(text: string): string | null {
  let t = squash(text);
  if (!t || t.length > 60 || SENTENCE.test(foldWidth(t))) return null;
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

/** The full name of the group a notice sets up (成立阳泉市重点工程项目指挥部), ending with `base`. */
function fullGroupName(ctx: ExtractContext, base: string): string | null {
  const title = squash(ctx.title);
  const body = ctx.lines.map((l) => squash(l.text)).join('\n');
  const baseRe = base ? base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : GROUP_SUFFIX;
  const afterVerb = new RegExp(`^([^，,。；;：:、\\s]{2,40}?${baseRe})`);
  const minLength = base ? base.length + 2 : 4;
  for (const text of [body, title]) {
    VERB_BEFORE_GROUP.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = VERB_BEFORE_GROUP.exec(text))) {
      const g = afterVerb.exec(text.slice(m.index + m[0].length));
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

function resolveGroup(ctx: ExtractContext, name: string | null): string {
  if (name && !GENERIC_GROUP.test(name)) return name;
  if (name) {
    const base = name.replace(/办公室$/, '') || name;
    const full = fullGroupName(ctx, base);
    return full ? full + name.slice(base.length) : name;
  }
  return fullGroupName(ctx, '') ?? '';
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
  const t = removeLayoutSpaces(token);
  const m = /^(.+?)[（(]([^（）()]+)[）)]$/.exec(t);
  if (m && !/^兼/.test(m[2]!)) {
    const person = cleanPersonName(m[1]!);
    return isPersonName(person) ? { person, post: m[2]! } : null;
  }
  const person = cleanPersonName(t);
  return isPersonName(person) ? { person, post: null } : null;
}

/** Merge runs of one-character tokens (李 娜 → 李娜, 李 明（兼） → 李明（兼）, 经 理 → 经理) left by layout spaces. */
function mergeSingles(tokens: string[]): string[] {
  const out: string[] = [];
  let run = false; // the last output token is made of single characters only
  for (const tok of tokens) {
    const core = tok.replace(/[（(][^（）()]*[）)]$/, '');
    const single = /^[\u3400-\u9fff]$/.test(core);
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

function parseLine(text: string, line: LineNo): RosterLine {
  const res: RosterLine = { items: [], prose: [], subgroup: null, twoColumns: false };
  const cells = text.replace(SPACED_ROLE, (m) => squash(m)).split(/\t|[ \u3000]{2,}/);
  const lastCell = cells.map((x) => x.trim()).filter(Boolean).length - 1;
  let filled = -1;
  let entriesInRow = 0;
  let current: Extract<Item, { kind: 'entry' }> | null = null;
  let currentCell = -1;
  cells.forEach((cell, ci) => {
    let c = cell.trim();
    if (!c) return;
    filled++;
    let f = foldWidth(c);
    if (BARE_ROLE.test(c) && filled === 0 && filled < lastCell) {
      res.items.push({ kind: 'label', role: c, col: 0 });
      return;
    }
    if (filled === 0) {
      const sub = SUBGROUP.exec(squash(f));
      LABEL.lastIndex = 0;
      if (sub && !LABEL.exec(f)) {
        res.subgroup = sub[1]!;
        const colon = f.search(/[:]/);
        c = c.slice(colon + 1).trim();
        f = f.slice(colon + 1).trim();
        if (!c) return;
      }
    }
    // Pieces of the cell: labels and the text between them.
    const parts: { label?: string; text?: string }[] = [];
    LABEL.lastIndex = 0;
    let at = 0;
    let m: RegExpExecArray | null;
    while ((m = LABEL.exec(f))) {
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
      const raw = part.text!.trim().split(/[ \u3000]+/).filter(Boolean);
      const tokens = mergeSingles(raw);
      for (let k = 0; k < tokens.length; k++) {
        const tok = tokens[k]!;
        if (k === 0 && filled === 0 && !res.items.length && tokens.length > 1 && BARE_ROLE.test(tok)) {
          res.items.push({ kind: 'label', role: tok, col: 0 });
          continue;
        }
        if (SENTENCE.test(foldWidth(tok)) || tok.length > 40) {
          // A name-like word that opens a sentence (第四条 奖励周期。…) is not a member.
          if (current && currentCell === ci && !current.post.length && k > 0) {
            res.items.splice(res.items.indexOf(current), 1);
            entriesInRow--;
          }
          res.prose.push(squash(tokens.slice(k).join('')));
          return;
        }
        // After a post, or in the cell that should hold the post, only a sure name starts an entry.
        const strict = current !== null && (current.post.length > 0 || currentCell !== ci);
        const names = tok.includes('、') && !/[（(]/.test(tok) ? tok.split('、') : [tok];
        const people = names.map(personToken);
        const needSurname = strict || names.length > 1;
        if (people.every((p) => p && (!needSurname || isPersonName(p.person, true)))) {
          for (const p of people) {
            // A second entry in another cell of the row stands in the right column.
            const col = !entriesInRow ? cellCol : currentCell !== ci ? 1 : current!.col;
            if (entriesInRow && currentCell !== ci) res.twoColumns = true;
            current = { kind: 'entry', person: p!.person, post: p!.post ? [p!.post] : [], col, line };
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
  });
  return res;
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

function proseMembers(text: string, line: LineNo): RosterMember[] {
  const f = foldWidth(text);
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
  const rosters: Roster[] = [];
  const proseRoles: RosterMember[] = [];
  let open: Open | null = null;
  let heading: { name: string; line: LineNo; age: number } | null = null;
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

  const parsed = ctx.lines.filter((sl) => sl.text.trim()).map((sl) => ({ sl, rl: parseLine(sl.text, sl.line) }));
  for (const [index, { sl, rl }] of parsed.entries()) {
    const text = sl.text;
    if (heading) heading.age++;
    const hasEntries = rl.items.some((i) => i.kind === 'entry');
    const hasLabel = rl.items.some((i) => i.kind === 'label');
    const labelOnly = hasLabel && rl.items.every((i) => i.kind === 'label') && !rl.prose.length;
    const cur = open as Open | null;
    const nearHeading = heading !== null && heading.age <= HEADING_REACH;
    proseRoles.push(...rl.prose.flatMap((p) => proseMembers(p, sl.line)));

    if (rl.subgroup && !rl.prose.length && (hasEntries || rl.items.length === 0)) {
      const parent = cur ? parentGroup : nearHeading ? heading!.name : null;
      start(parent ? `${parent}${rl.subgroup}` : resolveGroup(ctx, rl.subgroup), sl.line, rl);
      prevText = text;
      continue;
    }

    const inList = cur !== null && cur.interrupted === 0;
    const hasPrevEntry = cur !== null && (cur.last !== null || cur.block.some((r) => r.items.some((i) => i.kind === 'entry')));
    const rosterLine =
      (hasEntries && (hasLabel || inList || ((cur !== null || nearHeading) && isStrongEntryLine(rl)))) ||
      (labelOnly && (cur !== null || nearHeading || !!parsed[index + 1]?.rl.items.some((i) => i.kind === 'entry'))) ||
      (inList && hasPrevEntry && isContinuation(rl, text));

    if (rosterLine) {
      const first = rl.items[0];
      // 办公室主任：… opening a list (or after the group's list and a paragraph): the group's office.
      const officeList = first?.kind === 'label' && first.role.startsWith('办公室') && (!cur || cur.interrupted > 0);
      if (cur && !officeList) {
        cur.interrupted = 0;
        cur.block.push(rl);
      } else {
        const group = cur?.roster.group ?? resolveGroup(ctx, nearHeading ? heading!.name : null);
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
    let name = headingGroup(text);
    if (name && GENERIC_GROUP.test(name)) {
      // A heading broken over two lines: (五) “全国双拥模范城创建” 标准化工作 / 领导小组
      const prev = squash(prevText).replace(NUMBERING, '');
      if (prev && prev.length <= 40 && !SENTENCE.test(foldWidth(prev)) && !/[:：]/.test(prev) && !headingGroup(prevText)) {
        name = `${prev}${name}`;
      }
    }
    if (name) {
      close();
      heading = { name: resolveGroup(ctx, name), line: sl.line, age: 0 };
      parentGroup = heading.name;
    }
    if (!rl.prose.length) proseRoles.push(...proseMembers(squash(text), sl.line));
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
