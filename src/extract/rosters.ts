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
 * Speed: most lines of most notices are prose far from any list. Only the lines whose characters
 * hold a role word or end like a heading (one search of the document's joined text finds them)
 * are tested, with cheap tests, for what could start a list or name a group; lines are cut into
 * cells and words only while a list is open or announced by a heading.
 */
import type { ExtractContext, LineNo, Roster, RosterMember, SourceLine, TextSpan } from '../model.js';
import { foldWidth, isSpaceCode, removeLayoutSpaces, squash } from '../core/text.js';
import { columnOf, documentText, findFolded, pieceEnd, type DocText, type DocumentText } from '../text/index.js';
import { cleanPersonName, endsWithBracket, isPersonName } from '../core/grammar/person-names.js';
import { CN_DIGITS } from '../core/grammar/outline-labels.js';

// ---------------------------------------------------------------------------------------------
// Role labels and group names

const ROLE_WORDS = ['组长', '组员', '成员', '委员', '指挥长', '指挥', '召集人', '主任委员', '主任', '秘书长', '联络员', '顾问'];
const spaced = (w: string) => w.split('').join('\\s*');
/** ROLE_WORDS with layout spaces (组 长, 副 总 指 挥). */
const SPACED_ROLE_WORDS = ROLE_WORDS.map(spaced).join('|');
const ROLE = `(?:${spaced('常务')}\\s*|${spaced('第一')}\\s*|${spaced('执行')}\\s*)?(?:副\\s*)?(?:总\\s*)?(?:${SPACED_ROLE_WORDS})`;
/** 组 长：, 副 总 指 挥：, 常务副组长：, 市领导小组办公室主任: (on width-folded text). */
const LABEL = new RegExp(`(?:^|(?<=\\s))((?:[^\\s:，。；、]{0,16}?${spaced('办公室')}\\s*)?${ROLE}\\s*:)`, 'g');
/** A role word printed with layout spaces (组  长, 副 总 指 挥), to be closed up before cells are split. */
const SPACED_ROLE = new RegExp(`(?<![\\u3400-\\u9fff])${ROLE}(?![\\u3400-\\u9fff])`, 'g');
/** A character of a role word followed by a space: what a role printed with layout spaces has. */
const ROLE_CHAR_THEN_SPACE = new RegExp(`[${[...new Set(['常务', '第一', '执行', '副', '总', ...ROLE_WORDS].join(''))].join('')}]\\s`);
/** A table cell holding only a role, without a colon: 组长⇥王大明⇥市委副书记. */
const BARE_ROLE = new RegExp(`^(?:常务|第一|执行)?副?总?(?:${ROLE_WORDS.join('|')})$`);

// ---------------------------------------------------------------------------------------------
// Cheap tests: which lines need reading at all

/**
 * What a line needs before it can hold a label (组 长：), a sub-group header (…小组：), an office
 * post in prose (主任：/主任由…兼任) or a bare role (组长⇥…, a word between spaces): a line without
 * any of them is read for headings only. Cheap tests first, since most lines are prose.
 */
const LABEL_COLON = new RegExp(`(?:${SPACED_ROLE_WORDS}|[组室班部])\\s*[:：]`);
const OFFICE_BY = /主\s*任\s*由/;
/** A role between spaces or the line's ends (one pattern: each holding ROLE is costly to compile). */
const BARE_ROLE_SPACED = new RegExp(`(?:^|\\s)${ROLE}(?:\\s|$)`);
/** Last characters of the role words, and of the group words of a sub-group header. */
const ROLE_LAST = codes('长员挥人任问');
const ROLE_OR_GROUP_LAST = codes('长员挥人任问组室班部');

function mayHoldRoster(text: string): boolean {
  return (
    (colonAfter(text, ROLE_OR_GROUP_LAST) && LABEL_COLON.test(text)) ||
    (text.includes('由') && OFFICE_BY.test(text)) ||
    BARE_ROLE_SPACED.test(text)
  );
}

function codes(chars: string): Set<number> {
  return new Set(Array.from(chars, (c) => c.charCodeAt(0)));
}

/** Whether a colon (：or :) follows, maybe after spaces, one of the characters `last`. */
function colonAfter(text: string, last: Set<number>): boolean {
  return charBeforeIn(text, '：', last) || charBeforeIn(text, ':', last);
}

function charBeforeIn(text: string, mark: string, last: Set<number>): boolean {
  for (let at = text.indexOf(mark); at >= 0; at = text.indexOf(mark, at + 1)) {
    let i = at - 1;
    while (i >= 0 && isSpaceCode(text.charCodeAt(i))) i--;
    if (i >= 0 && last.has(text.charCodeAt(i))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Groups

function normalizeRole(label: string): string {
  const r = squash(label).replace(/:$/, '');
  const office = r.indexOf('办公室');
  return office > 0 ? r.slice(office) : r;
}

const GROUP_SUFFIX = '(?:领导小组|领导组|指挥部|联席会议|工作专班|专班|工作组|小组|委员会|办公室|协同机制)';
const ENDS_WITH_GROUP = new RegExp(`${GROUP_SUFFIX}$`);
/** A short name that only says what kind of group it is: 指挥部, 工作专班, 指挥部办公室. */
const GENERIC_GROUP = /^(?:领导小组|领导组|指挥部|联席会议|工作专班|专班|工作组|小组|委员会)(?:办公室)?$/;
const SUBGROUP = new RegExp(`^([^:，。；、\\s]{2,30}?(?:小组|办公室|专班|指挥部|工作组)|第[${CN_DIGITS}\\d]+(?:小组|组))\\s*:`);
/** The end of every SUBGROUP match: the last character of a group word, then the colon. */
const SUBGROUP_HINT = /[组室班部]\s*:/;
const NUMBERING = new RegExp(
  `^(?:[（(][${CN_DIGITS}\\d]+[)）]|[${CN_DIGITS}]+[、.．]|` +
    String.raw`\d+(?:\.\d+)*[、.．]?(?=\s|[\u3400-\u9fff])|附件\s*\d*\s*[:：]?\s*\d*[.、．]?)\s*`,
);
const LIST_WORDS = /(?:组成人员名单|成员名单|人员名单|组成人员|人员组成|名单|成员)$/;
const ISSUER = /^[^办]*(?:人民政府|政府)办公(?:室|厅)$/;
/** Both widths are listed, so it needs no width folding. */
const SENTENCE = /[，,。；;！!？?]/;

/** Last characters of GROUP_SUFFIX and LIST_WORDS, one of which ends every heading. */
const HEADING_LAST = codes('组部议班会室制单员成');

/** A heading ends with a group or list word: a cheap refusal, since most lines are sentences. */
function mayBeHeading(text: string): boolean {
  const last = text.charCodeAt(text.length - 1);
  if (HEADING_LAST.has(last)) return true;
  // Only a line ending with spaces needs trimming first (ASCII and CJK characters are no spaces).
  if ((last > 0x20 && last < 0x7f) || (last > 0x3000 && last !== 0xfeff)) return false;
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
  title: string;
  /** The document's text layer: names are looked for in its joined text, on one line at a time. */
  text: DocumentText;
  groups: Map<string, string | null>;
}

function noticeText(ctx: ExtractContext, text: DocumentText): NoticeText {
  return { title: squash(ctx.title), text, groups: new Map() };
}

/** Offsets a..b (b exclusive) of the joined text stand on one source line. */
function onOneLine(dt: DocText, a: number, b: number): boolean {
  return dt.map.pieceAt(a) === dt.map.pieceAt(b - 1);
}

/** The full name of the group a notice sets up (成立阳泉市重点工程项目指挥部), ending with `base`. */
function fullGroupName(notice: NoticeText, base: string): string | null {
  if (!notice.groups.has(base)) notice.groups.set(base, findFullGroupName(notice, base));
  return notice.groups.get(base)!;
}

function findFullGroupName(notice: NoticeText, base: string): string | null {
  const title = notice.title;
  const dt = notice.text.joined;
  const body = dt.text;
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
      // The verb and the name on one line (the shortest name: one that runs on is not on its line).
      if (text === body && g && !onOneLine(dt, m.index, g.index + g[0].length)) continue;
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
    if (!onOneLine(dt, m.index, m.index + m[0].length)) continue;
    const lineStart = dt.map.starts[dt.map.pieceAt(m.index)]!;
    let i = m.index;
    while (i > lineStart && !/[，,。；;：:、（()）“”"\s和及与的在由是将把按对]/.test(body[i - 1]!)) i--;
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

/**
 * A RosterLine of these items and prose (made apart: array literals inside the object literal
 * have the engine copy a nested boilerplate for every line).
 */
function rosterLine(items: Item[], prose: string[]): RosterLine {
  return { items, prose, subgroup: null, twoColumns: false };
}

/** Ends of posts, for telling a post broken onto its own line (局长, 经 理) from a name. */
const POST_TAIL = /(?:[长任员理记席师官监问书部委事]|负责人|干部|助理)$/;

/** 李明（市教育局） or 李明（兼）: a name with a bracket after it. */
const NAME_THEN_BRACKET = /^(.+?)[（(]([^（）()]+)[）)]$/;

function personToken(token: string): { person: string; post: string | null } | null {
  const t = removeLayoutSpaces(token);
  const m = endsWithBracket(t) ? NAME_THEN_BRACKET.exec(t) : null;
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
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
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
const SPACE_OR_COLON = /[\s:：]/;
const CELL_BREAK = /\t|[ \u3000]{2,}/;

function parseLine(text: string, line: LineNo): RosterLine {
  // A sentence without spaces or colons is one prose token: the common case, read without splitting.
  if ((SENTENCE.test(text) || text.length > 40) && !SPACE_OR_COLON.test(text)) {
    return rosterLine([], [text]);
  }
  // Closing up role words only changes text with a space after a character of a role.
  const closed = ROLE_CHAR_THEN_SPACE.test(text) ? text.replace(SPACED_ROLE, (m) => squash(m)) : text;
  const simple = simpleRow(closed, line);
  if (simple) return simple;
  const res = rosterLine([], []);
  const cells = closed.split(CELL_BREAK);
  let lastCell = -1;
  for (let i = 0; i < cells.length; i++) if (cells[i]!.trim()) lastCell++;
  const row: Row = { res, line, filled: -1, entriesInRow: 0, current: null, currentCell: -1 };
  for (let ci = 0; ci < cells.length; ci++) {
    let c = cells[ci]!.trim();
    if (!c) continue;
    row.filled++;
    // Labels and sub-group headers end with a colon; a cell without one needs no folding.
    const colon = c.includes(':') || c.includes('：');
    let f = colon ? foldWidth(c) : c;
    if (BARE_ROLE.test(c) && row.filled === 0 && row.filled < lastCell) {
      res.items.push({ kind: 'label', role: c, col: 0 });
      continue;
    }
    if (row.filled === 0 && colon && SUBGROUP_HINT.test(f)) {
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
    const cellCol = Math.min(1, Math.floor(ci / 2));
    const parts = cellParts(c, f, colon);
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.label) {
        res.items.push({ kind: 'label', role: normalizeRole(part.label), col: row.entriesInRow ? 1 : cellCol });
        row.current = null;
        continue;
      }
      // The rest of a cell that turns into a sentence is prose.
      if (!readWords(row, mergeSingles(part.text!.trim().match(TOKEN) ?? []), ci, cellCol)) break;
    }
  }
  return res;
}

type Entry = Extract<Item, { kind: 'entry' }>;

/** 王希礼⇥市委网信办副主任, 褚静宜 市直机关工委宣传部: a name, then a post of five or more characters. */
const SIMPLE_ROW = /^([\u3400-\u9fff]{2,4})(?:\t|[ \u3000]+)([\u3400-\u9fff]{5,40})$/;

/**
 * The commonest member line, read directly: what the cell-by-cell reading gives for it. The post
 * can be no name (too long, unless 同志 ends it), and the name must be no role word.
 */
function simpleRow(text: string, line: LineNo): RosterLine | null {
  const m = SIMPLE_ROW.exec(text);
  if (!m || BARE_ROLE.test(m[1]!) || m[2]!.endsWith('同志')) return null;
  const p = personToken(m[1]!);
  if (!p) return null;
  const post = [m[2]!];
  const entry: Entry = { kind: 'entry', person: p.person, post, col: 0, line };
  const items: Item[] = [entry];
  return rosterLine(items, []);
}

/** One line while its cells are read from left to right. */
interface Row {
  res: RosterLine;
  line: LineNo;
  /** How many non-empty cells came before the current one. */
  filled: number;
  entriesInRow: number;
  current: Entry | null;
  /** The cell of the current entry. */
  currentCell: number;
}

/** Pieces of a cell: labels and the text between them (labels only where the cell has a colon). */
function cellParts(c: string, f: string, colon: boolean): { label?: string; text?: string }[] {
  const parts: { label?: string; text?: string }[] = [];
  // Every label ends with a role word and a colon.
  const labels = colon && colonAfter(f, ROLE_LAST);
  LABEL.lastIndex = 0;
  let at = 0;
  let m: RegExpExecArray | null;
  while (labels && (m = LABEL.exec(f))) {
    if (m.index > at) parts.push({ text: c.slice(at, m.index) });
    parts.push({ label: m[1]! });
    at = m.index + m[0].length;
  }
  if (at < c.length) parts.push({ text: c.slice(at) });
  return parts;
}

/** Read the words of a piece of cell `ci` into the row; false when they turn into a sentence. */
function readWords(row: Row, tokens: string[], ci: number, cellCol: number): boolean {
  const res = row.res;
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k]!;
    if (k === 0 && row.filled === 0 && !res.items.length && tokens.length > 1 && BARE_ROLE.test(tok)) {
      res.items.push({ kind: 'label', role: tok, col: 0 });
      continue;
    }
    const current = row.current;
    if (SENTENCE.test(tok) || tok.length > 40) {
      // A name-like word that opens a sentence (第四条 奖励周期。…) is not a member.
      if (current && row.currentCell === ci && !current.post.length && k > 0) {
        res.items.splice(res.items.indexOf(current), 1);
        row.entriesInRow--;
      }
      res.prose.push(squash(tokens.slice(k).join('')));
      return false;
    }
    // After a post, or in the cell that should hold the post, only a sure name starts an entry.
    const strict = current !== null && (current.post.length > 0 || row.currentCell !== ci);
    const names = tok.includes('、') && !/[（(]/.test(tok) ? tok.split('、') : [tok];
    const people = peopleOf(names, strict || names.length > 1);
    if (people) {
      for (let i = 0; i < people.length; i++) {
        const p = people[i]!;
        // A second entry in another cell of the row stands in the right column.
        const col = !row.entriesInRow ? cellCol : row.currentCell !== ci ? 1 : (row.current?.col ?? cellCol);
        if (row.entriesInRow && row.currentCell !== ci) res.twoColumns = true;
        row.current = { kind: 'entry', person: p.person, post: p.post ? [p.post] : [], col, line: row.line };
        res.items.push(row.current);
        row.entriesInRow++;
      }
      row.currentCell = ci;
    } else if (current && (row.currentCell === ci || row.currentCell === ci - 1)) {
      current.post.push(tok);
    } else {
      // A post tail in the right half of a row (张峥嵘⇥…⇥⇥局长) belongs to the right column.
      const col = row.entriesInRow ? 1 : cellCol;
      if (row.entriesInRow && col === 1) res.twoColumns = true;
      res.items.push({ kind: 'post', text: tok, col });
    }
  }
  return true;
}

/** The people the words of a token name (张三、李四), or null unless every word is one. */
function peopleOf(names: string[], needSurname: boolean): { person: string; post: string | null }[] | null {
  const people: { person: string; post: string | null }[] = [];
  for (let i = 0; i < names.length; i++) {
    const p = personToken(names[i]!);
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
  // Both forms name a 主任; most prose does not.
  if (!text.includes('主任')) return [];
  const f = foldWidth(text);
  const out: RosterMember[] = [];
  const role = (r: string, at: number) => {
    let role = normalizeRole(r);
    if (!role.startsWith('办公室') && /办公室/.test(f.slice(0, at))) role = `办公室${role}`;
    return role;
  };
  // Each regex only runs where its form can be (主任：, 主任由): they are slow on long lines.
  const colonForm = f.includes('主任:');
  const byForm = f.includes('主任由');
  ROLE_COLON.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (colonForm && (m = ROLE_COLON.exec(f))) {
    if (isPersonName(m[2]!)) out.push({ role: role(m[1]!, m.index), person: m[2]!, post: null, line });
  }
  ROLE_BY.lastIndex = 0;
  while (byForm && (m = ROLE_BY.exec(f))) {
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

function isBlank(text: string): boolean {
  // Most lines start with a printable ASCII or CJK character: no regex needed for them.
  const c = text.charCodeAt(0);
  return !((c > 0x20 && c < 0x7f) || (c > 0x3000 && c !== 0xfeff) || /\S/.test(text));
}

function nextNonBlank(lines: SourceLine[], index: number): number {
  let i = index + 1;
  while (i < lines.length && isBlank(lines[i]!.text)) i++;
  return i;
}

function prevNonBlank(lines: SourceLine[], index: number): number {
  let i = index - 1;
  while (i >= 0 && isBlank(lines[i]!.text)) i--;
  return i;
}

/**
 * The first line from `from` on that may start a list, state an office post or name a group. The
 * lines before it (blank lines too) are prose far from any list: they change nothing, and most
 * lines are such. Only the lines of `toTest` (see linesToTest; every line when null) are tested.
 */
function nextLineToRead(lines: SourceLine[], from: number, toTest: LinesToTest | null): number {
  if (!toTest) {
    for (let i = from; i < lines.length; i++) if (mayStartOrName(lines[i]!.text)) return i;
    return lines.length;
  }
  const list = toTest.lines;
  let c = toTest.next;
  while (c < list.length && list[c]! < from) c++;
  for (; c < list.length; c++) {
    if (mayStartOrName(lines[list[c]!]!.text)) break;
  }
  toTest.next = c;
  return c < list.length ? list[c]! : lines.length;
}

function mayStartOrName(text: string): boolean {
  return text.length > 0 && (mayBeHeading(text) || mayHoldRoster(text));
}

/** The lines nextLineToRead tests (indexes in the document's lines, ascending), and where it is in them. */
interface LinesToTest {
  lines: number[];
  next: number;
}

/**
 * What the joined text of a line holds (its whitespace removed) when mayHoldRoster answers yes: a
 * role word (every label, bare role and 主任由 has one) or a group's last character before a colon
 * (LABEL_COLON), in the width-folded text.
 */
const ROLE_HINT = new RegExp(`[组室班部]:|${ROLE_WORDS.join('|')}`, 'g');

/**
 * The lines nextLineToRead needs to test, found in the document's joined text by one search
 * instead of the tests on every line: those whose characters hold ROLE_HINT (or part of one) or
 * end with a heading's last character (mayBeHeading reads the last character but spaces, which
 * the joined text has removed). Null when the joined text is not of these lines.
 */
function linesToTest(lines: SourceLine[], dt: DocText): LinesToTest | null {
  const starts = dt.map.starts;
  const pieceLines = dt.map.lines;
  const size = starts.length;
  const text = dt.text;
  const folded = dt.folded;
  const first = lines[0]?.line ?? 0;
  const out: number[] = [];
  ROLE_HINT.lastIndex = 0;
  let hint = ROLE_HINT.exec(folded);
  for (let k = 0; k < size; k++) {
    const sl = pieceLines[k]!;
    const i = sl.line - first;
    if (lines[i] !== sl) return null;
    const end = k + 1 < size ? starts[k + 1]! : text.length;
    // A hint not yet passed ends in this piece or later (hints come in text order): this piece
    // holds it if it starts before the piece ends, and one that runs on into the next piece is
    // kept for that one too.
    let hinted = false;
    while (hint !== null && hint.index < end) {
      hinted = true;
      if (hint.index + hint[0].length > end) break;
      hint = ROLE_HINT.exec(folded);
    }
    if (hinted || HEADING_LAST.has(text.charCodeAt(end - 1))) out.push(i);
  }
  return { lines: out, next: 0 };
}

/** Non-blank lines within which a heading still names the list that follows it. */
const HEADING_REACH = 4;

export function extractRosters(ctx: ExtractContext, text: DocumentText = documentText(ctx.lines)): Roster[] {
  const notice = noticeText(ctx, text);
  const rosters: Roster[] = [];
  const proseRoles: RosterMember[] = [];
  let open: Open | null = null;
  // Set by readHeading (a closure): the cast keeps TypeScript from narrowing it to null here.
  let heading = null as { name: string; line: LineNo; ordinal: number } | null;
  /**
   * Count of the non-blank lines read so far, for the reach of a heading. Lines skipped while no
   * list is open or announced are not counted: by then the last heading is out of reach anyway.
   */
  let ordinal = 0;
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
    const members: RosterMember[] = [];
    const roster: Roster = { group, line, members };
    const block = [rl];
    open = { roster, role: null, last: null, block, interrupted: 0 };
  };

  const lines = ctx.lines;
  const toTest = linesToTest(lines, text.joined);
  /** A heading line names the list that follows (or, generic, is completed from the line above). */
  const readHeading = (index: number) => {
    const sl = lines[index]!;
    let name = headingGroup(sl.text);
    if (name && GENERIC_GROUP.test(name)) {
      const prevText = lines[prevNonBlank(lines, index)]?.text ?? '';
      // A heading broken over two lines: (五) “全国双拥模范城创建” 标准化工作 / 领导小组
      const prev = squash(prevText).replace(NUMBERING, '');
      if (prev && prev.length <= 40 && !SENTENCE.test(prev) && !/[:：]/.test(prev) && !headingGroup(prevText)) {
        name = `${prev}${name}`;
      }
    }
    if (name) {
      close();
      heading = { name: resolveGroup(notice, name), line: sl.line, ordinal };
      parentGroup = heading.name;
    }
  };

  // Lines are parsed on demand: most lines of most notices are prose far from any list.
  const parsed = new Array<RosterLine | undefined>(lines.length);
  const parsedAt = (i: number): RosterLine | undefined => {
    const sl = lines[i];
    return sl ? (parsed[i] ??= parseLine(sl.text, sl.line)) : undefined;
  };
  const withinReach = (ord: number) => heading !== null && ord - heading.ordinal <= HEADING_REACH;
  for (let index = 0; index < lines.length; index++) {
    if (!open && !withinReach(ordinal + 1)) {
      // No list open or announced: go straight to the next line that may start or name one.
      index = nextLineToRead(lines, index, toTest);
      if (index === lines.length) break;
    }
    const sl = lines[index]!;
    const text = sl.text;
    if (isBlank(text)) continue;
    ordinal++;
    const cur = open as Open | null;
    const nearHeading = withinReach(ordinal);
    if (!cur && !nearHeading && !mayHoldRoster(text)) {
      readHeading(index);
      continue;
    }
    const rl = parsedAt(index)!;
    let hasEntries = false;
    let hasLabel = false;
    let onlyLabels = true;
    for (let i = 0; i < rl.items.length; i++) {
      const kind = rl.items[i]!.kind;
      if (kind === 'entry') hasEntries = true;
      if (kind === 'label') hasLabel = true;
      else onlyLabels = false;
    }
    const labelOnly = hasLabel && onlyLabels && !rl.prose.length;
    for (let i = 0; i < rl.prose.length; i++) proseRoles.push(...proseMembers(rl.prose[i]!, sl.line));

    if (rl.subgroup && !rl.prose.length && (hasEntries || rl.items.length === 0)) {
      const parent = cur ? parentGroup : nearHeading ? heading!.name : null;
      start(parent ? `${parent}${rl.subgroup}` : resolveGroup(notice, rl.subgroup), sl.line, rl);
      continue;
    }

    const inList = cur !== null && cur.interrupted === 0;
    // Looked at last: it scans the whole block.
    const hasPrevEntry = () => cur!.last !== null || cur!.block.some((r) => r.items.some((i) => i.kind === 'entry'));
    const rosterLine =
      (hasEntries && (hasLabel || inList || ((cur !== null || nearHeading) && isStrongEntryLine(rl)))) ||
      (labelOnly && (cur !== null || nearHeading || !!parsedAt(nextNonBlank(lines, index))?.items.some((i) => i.kind === 'entry'))) ||
      (inList && isContinuation(rl, text) && hasPrevEntry());

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
      continue;
    }

    // Not a roster line: a heading, a sentence, or a label for posts only (组长：市应急局局长).
    if (cur) {
      flush(cur);
      cur.interrupted++;
      if (cur.interrupted > MAX_INTERRUPTION) close();
    }
    readHeading(index);
    if (!rl.prose.length && MAY_NAME_OFFICE.test(text)) proseRoles.push(...proseMembers(squash(text), sl.line));
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
  if (merged.length) setSpans(text.joined, merged);
  return merged;
}

/**
 * Each member's span: the person's name on its line, through the post when the post follows within
 * a few characters (a list entry 张三 市长, 张三（市长）). The entry is read line by line from
 * tokens, so the characters are looked for on the member's line (what findOffsets and spanOf
 * would give). The members come in line order, nearly all of them: each one's piece of the joined
 * text is reached by stepping on from the last one's, and the columns are read from the line
 * (columnOf, the map's view), instead of the four to six binary searches of the map that
 * findOffsets and spanOf make for a member (~25 K instructions each without TurboFan).
 */
function setSpans(dt: DocText, rosters: Roster[]): void {
  let k = 0;
  for (let r = 0; r < rosters.length; r++) {
    const members = rosters[r]!.members;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      k = dt.map.pieceFromLine(m.line, k);
      const span = memberSpan(dt, m, k);
      if (span) m.span = span;
    }
  }
}

/**
 * The span of member `m`, whose line's first piece (if it has one) is `k`: spanOf(findOffsets(…))
 * of the person on its line, through the post's end when the post is found within 4 characters
 * after it (on the line or the 3 after).
 */
function memberSpan(dt: DocText, m: RosterMember, k: number): TextSpan | undefined {
  const map = dt.map;
  if (k === map.size || map.lines[k]!.line !== m.line) return undefined;
  const person = foldWidth(squash(m.person));
  const start = findFolded(dt, person, map.starts[k]!, pieceEnd(dt, map.pieceFromLine(m.line + 1, k) - 1));
  if (start < 0) return undefined;
  let end = start + person.length;
  if (m.post) {
    // The post may run on over the next lines (崔建明 市退役军人事务局副 / 局长).
    const post = foldWidth(squash(m.post));
    const at = findFolded(dt, post, end, pieceEnd(dt, map.pieceFromLine(m.line + 4, k) - 1));
    if (at >= 0 && at - end <= 4) end = at + post.length;
  }
  const startK = map.pieceAt(start, k);
  const endK = map.pieceAt(end - 1, startK);
  const line = map.lines[startK]!;
  const endLine = map.lines[endK]!;
  return {
    line: line.line,
    column: columnOf(map.view, line.text, start - map.starts[startK]!, false),
    endLine: endLine.line,
    endColumn: columnOf(map.view, endLine.text, end - 1 - map.starts[endK]!, true),
  };
}
