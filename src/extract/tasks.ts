/**
 * Task assignments (督办 items): one Task per responsibility marker, with the text it closes.
 *
 * Marker forms handled (full- or half-width punctuation, layout spaces, a marker broken over lines
 * or a page break):
 * - （X牵头，Y配合） / （X牵头，Y协助，Z配合） / （X、Y分别牵头） / （X按职责牵头，Y配合，Z负责）
 * - （责任单位：A、B） / 〔责任单位：A、B〕 / 责任单位：A（a line of its own after the task)
 * - 〔牵头单位：X；配合单位：Y负责〕, and the same as separate lines 牵头单位：/配合单位：/责任单位：
 *   (牵头单位：新建管网由X牵头，改造管网由Y牵头 → leads X, Y)
 * - （X会同Y负责） / （X会同Y负责，Z配合） / （X、会同Y负责）: X leads, Y cooperates
 * - （由X牵头，Y配合，Z负责落实。2022 年 6 月底前完成。） / （由X牵头落实。）
 * - （A、B按职责分工负责，2023 年底前完成）, （A和B等C按职责分工负责）: no lead named → all lead
 * - （A、B负责） / （A负责，B配合） / （A牵头、B、C负责，D配合） / 责任单位：A（牵头）、B
 * - fields run together: 牵头单位：X 配合单位：Y 完成时限：…; 完成时限： on a line of its own
 * - a short task title followed by field lines (1.加快充电设施建设 / 牵头单位：…)
 * - a bare list of units closing a sentence: 。（A、B、C）
 * - unbracketed: X牵头，Y等配合 / X牵头，Y协同实施
 * - a convention stated in the document (排在第一位的为牵头单位): the first unit leads
 * - task tables: tab-separated (or markdown) columns 序号 / 任务内容 / 完成时限 / 牵头单位 /
 *   责任单位 / 配合单位, header rows repeated at page breaks, cells shifted by OCR, rows broken
 *   over lines; columns headed by years (2021年 / 2022年 …) hold milestones: each kept, the task
 *   due with the last
 * - 责任单位：A，B（以下均需B落实，不再列出）: B takes part in every following field item too
 * - 责任分工 lists: `1.区财政局：负责…` (a unit, a colon and a duty, or any unit under a heading
 *   about 分工/职责) → the unit leads the duties after the colon
 * - 牵头单位：X。负责… under a task heading: the duties after the field are the task's text
 *
 * Units are split on 、，, ；, on 和/及/与 where they join two units, and on 等 (A等B → A, B);
 * a lead named → every other unit cooperates; only 负责 units → all lead.
 * Deadlines come from the marker, a table column or field, the end of the task sentence
 * (…，2023年底前完成。) or a bracket in the item heading (（2020年1月15日前）).
 * Not tasks: 由X会同有关部门负责解释; 负责人; working groups and compositions (1.热源保障组 /
 * 牵头单位：…); drafting notes quoting the draft (征求意见稿意见：…（X负责）).
 * Text spans: a marker closes the text since the previous marker or the item label; a marker
 * opening a paragraph closes the paragraphs before it (back to the item label or heading).
 *
 * Speed: the text is read as printed — patterns take both widths and layout spaces where the
 * folded, squashed text would have had one form — so only the pieces a test needs are folded.
 */
import type { ExtractContext, Milestone, SourceLine, Task, Warning } from '../model.js';
import { compareKey, foldWidth, removeLayoutSpaces } from '../core/text.js';
import { AgencyTable, isAgencyLike } from './agencies.js';
import { looksLikeDeadline, parseDeadline, type ParsedDeadline } from './deadlines.js';
import { CN_DIGITS, OUTLINE_LABEL, OUTLINE_LABEL_STARTS, PRINTED_OUTLINE_LABEL } from '../grammar/outline-labels.js';
import { printedPattern, printedSource } from '../grammar/spacing.js';

// ---------------------------------------------------------------------------------------------
// Roles and units

type Role = 'lead' | 'coop' | 'resp' | 'bare';

interface RoleGroup {
  role: Role;
  units: string[];
}

interface RoleParse {
  groups: RoleGroup[];
  deadlineText: string | null;
  /** A role verb or a field label was found (not just a list of names). */
  explicit: boolean;
  /** The bracket is not an assignment (e.g. 负责解释). */
  reject: boolean;
}

export interface Responsibility {
  leads: string[];
  cooperators: string[];
  deadlineText: string | null;
  explicit: boolean;
}

const OPENERS = '(〔[【';
const CLOSERS = ')〕]】';

export const FIELD_LABEL = /^(牵头|责任|主责|主办|承办|配合|协同|协办|参与|协助)(?:单位|部门|县区|企业)?\s*[:：]/;
export const DEADLINE_LABEL = /^(?:完成时限|完成时间|完成期限|时间节点|时限要求|时限|进度安排)\s*[:：]/;
const EMBEDDED_LABEL =
  /(?<=[^\s；;，,。])[\s\u3000]*(?=(?:牵头|责任|主责|配合|协同|协办|参与|承办)(?:单位|部门)\s*[:：]|(?:完成时限|完成时间|完成期限|时间节点)\s*[:：])/g;
/** 市发展改革委（牵头） / 市财政局（配合）: a role written after the unit. */
const UNIT_ROLE = /[（(]\s*(牵头|牵头单位|配合|配合单位|协办)\s*[）)]$/;
const ROLE_VERB =
  /(会同)|(?:按照?(?:各自)?职责(?:分工)?|按职能|依职责|分别|共同|具体|各自)*(牵头|配合|协助|协同|参与|负总责|负责|落实)/g;
const VERB_TAIL = /^(?:实施|落实|负责|组织|承担|推进|完成|抓好)*/;
const NOT_A_VERB_AFTER = /^(?:人|部门|单位|处室|办公室|同志|的|之|领导)/;
const COLLECTIVE_START = /^(?:各|市|省|县|区|有关|相关|国家|其他|其它)/;
const GENERIC_UNIT = /^(?:部门|单位|部门单位|部门和单位|等|有关|相关)$/;

const COOPERATION_WORDS = ['配合', '协助', '协同', '参与', '协办'];

function roleOfWord(word: string): Role {
  if (word.includes('牵头')) return 'lead';
  if (COOPERATION_WORDS.some((w) => word.includes(w))) return 'coop';
  return 'resp';
}

/** The character codes of `chars`, for tests on one character without making a string of it. */
function codeSet(chars: string): Set<number> {
  return new Set([...chars].map((ch) => ch.charCodeAt(0)));
}

/**
 * The scans below find the characters they act on (brackets, separators) with a pattern, so that
 * the engine skips the others instead of a loop reading every character.
 */
const OPENING = OPENERS + '（';
const CLOSING = CLOSERS + '）';
/** In printed text ［］ are brackets too: folding makes them []. */
const PRINTED_OPENING = OPENING + '［';
const PRINTED_CLOSING = CLOSING + '］';

const OPENING_CODES = codeSet(OPENING);
const CLOSING_CODES = codeSet(CLOSING);
const PRINTED_OPENING_CODES = codeSet(PRINTED_OPENING);
const PRINTED_CLOSING_CODES = codeSet(PRINTED_CLOSING);

/** A global pattern for any character of `chars`. */
function scanner(chars: string): RegExp {
  return new RegExp('[' + chars.replace(/[\\\][^-]/g, '\\$&') + ']', 'g');
}

const UNIT_BREAKS = scanner(PRINTED_OPENING + PRINTED_CLOSING + '、,;/，；／');
const SENTENCE_BREAKS = scanner(PRINTED_OPENING + PRINTED_CLOSING + '。');
const CLAUSE_BREAKS = scanner(PRINTED_OPENING + PRINTED_CLOSING + ',;；，');
const JOIN_WORDS = scanner(PRINTED_OPENING + PRINTED_CLOSING + '和及与等以');
const BY_WORD = scanner(OPENING + CLOSING + '由');

/**
 * Split printed `s` at depth-0 characters of `breaks` (a scanner of the brackets and the
 * separators); returns [start, end) ranges.
 */
function splitTop(s: string, breaks: RegExp): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let start = 0;
  breaks.lastIndex = 0;
  while (breaks.test(s)) {
    const at = breaks.lastIndex - 1; // one character matched: no match object needed
    const code = s.charCodeAt(at);
    if (PRINTED_OPENING_CODES.has(code)) depth++;
    else if (PRINTED_CLOSING_CODES.has(code)) depth = Math.max(0, depth - 1);
    else if (depth === 0) {
      out.push([start, at]);
      start = at + 1;
    }
  }
  out.push([start, s.length]);
  return out;
}

const PUNCT_AT = /[\s\u3000，,。；;、：:]/y;

function punctAt(s: string, i: number): boolean {
  PUNCT_AT.lastIndex = i;
  return PUNCT_AT.test(s);
}

function trimPunct(s: string): string {
  // Most clauses have nothing to trim: look at both ends before running the replace over it all.
  if (!s || (!punctAt(s, 0) && !punctAt(s, s.length - 1))) return s;
  return s.replace(/^[\s\u3000，,。；;、：:]+|(?<![\s\u3000，,。；;、：:])[\s\u3000，,。；;、：:]+$/g, '');
}

/** Clean one unit name: no layout spaces, no stray joiners, an OCR-doubled final 局局 collapsed. */
function cleanUnit(u: string): string {
  // Each replace runs only when the characters it needs are at the end they must be at.
  let v = removeLayoutSpaces(u);
  if (v && (LEADING_JOINERS.has(v.charCodeAt(0)) || TRAILING_JOINERS.has(v.charCodeAt(v.length - 1)))) {
    v = v.replace(/^[由和及与、，,]+/, '').replace(/(?<![、，,等])[、，,等]+$/, '');
  }
  if (v && DUTY_WORD_ENDS.has(v.charCodeAt(v.length - 1))) {
    v = v.replace(/(?<!按照?(?:各自)?职责(?:分工)?|分别|共同|具体)(?:按照?(?:各自)?职责(?:分工)?|分别|共同|具体)+$/, '');
  }
  const last = v.charCodeAt(v.length - 1);
  if (v.length >= 2 && last === v.charCodeAt(v.length - 2) && DOUBLED_SUFFIXES.has(last)) {
    v = v.replace(/(局|委|办|府|队|会)\1$/, '$1');
  }
  return v.trim();
}

const LEADING_JOINERS = codeSet('由和及与、，,');
const TRAILING_JOINERS = codeSet('、，,等');
/** The last characters of 职责, 分工, 分别, 共同, 具体. */
const DUTY_WORD_ENDS = codeSet('责工别同体');
const DOUBLED_SUFFIXES = codeSet('局委办府队会');

/**
 * Split a printed list of units: on 、，,；; (outside brackets), on 和/及/与/以及 where they join
 * two units, and on 等 (A等B → A, B). Generic leftovers (部门, 单位) are dropped.
 */
export function splitResponsibleUnits(text: string): string[] {
  // On the printed text: separators and brackets are taken in either width, as folding would make
  // them one, and the tests on the parts fold what they need.
  const out: string[] = [];
  const ranges = splitTop(text, UNIT_BREAKS);
  for (let r = 0; r < ranges.length; r++) {
    const pieces = splitJoined(text.slice(ranges[r]![0], ranges[r]![1]));
    for (let p = 0; p < pieces.length; p++) {
      const u = cleanUnit(pieces[p]!);
      if (u && !GENERIC_UNIT.test(u)) out.push(u);
    }
  }
  return out;
}

/** Split on 和/及/与/以及/等 at depth 0 where the left part reads as a unit (or the right starts one). */
function splitJoined(printed: string): string[] {
  // The first and last characters are never looked at (a name cannot start or end a join).
  const re = JOIN_WORDS;
  re.lastIndex = 0;
  let depth = 0;
  while (re.test(printed)) {
    const i = re.lastIndex - 1;
    if (i < 1) continue;
    if (i >= printed.length - 1) break;
    const code = printed.charCodeAt(i);
    if (PRINTED_OPENING_CODES.has(code)) depth++;
    else if (PRINTED_CLOSING_CODES.has(code)) depth = Math.max(0, depth - 1);
    if (depth !== 0) continue;
    const ch = printed[i]!;
    const len = ch === '以' ? (printed[i + 1] === '及' ? 2 : 0) : '和及与等'.includes(ch) ? 1 : 0;
    if (!len) continue;
    const left = printed.slice(0, i);
    const right = printed.slice(i + len);
    const leftUnit = isAgencyLike(left);
    if (ch === '等' ? leftUnit : leftUnit || (COLLECTIVE_START.test(right) && left.length >= 2)) {
      return [left, ...splitJoined(right)];
    }
  }
  return [printed];
}

/** The units of a 由…牵头 / 牵头单位：… body. */
function unitsOfLabelBody(body: string): string[] {
  const by = [...body.matchAll(/由([^由]+?)(?:按职责)?(?:牵头|负责)/g)];
  if (by.length) return by.flatMap((m) => splitResponsibleUnits(m[1]!));
  const stripped = body.replace(
    // A run of verbs is tried from its start only (a duty word, or a verb after neither): from
    // every verb of a long run the pattern took quadratic time.
    /(?:按照?(?:各自)?职责(?:分工)?|分别|共同|(?<!按照?(?:各自)?职责(?:分工)?|分别|共同|牵头|配合|协助|协同|参与|负责|落实|实施))(?:牵头|配合|协助|协同|参与|负责|落实|实施)+$/,
    '',
  );
  return splitResponsibleUnits(stripped);
}

/** The part of a unit list after the last 由 (城镇污水处理厂扩容由市城市管理局 → 市城市管理局). */
function afterLastBy(s: string): string {
  const re = BY_WORD;
  re.lastIndex = 0;
  let depth = 0;
  let at = -1;
  while (re.test(s)) {
    const i = re.lastIndex - 1;
    const code = s.charCodeAt(i);
    if (OPENING_CODES.has(code)) depth++;
    else if (CLOSING_CODES.has(code)) depth = Math.max(0, depth - 1);
    else if (depth === 0) at = i;
  }
  return at >= 0 ? s.slice(at + 1) : s;
}

/** A clause that only states a deadline (2023 年底前完成, 长期坚持). */
function isDeadlineClause(printed: string): boolean {
  if (!looksLikeDeadline(printed)) return false;
  const beforeVerb = foldWidth(printed).split(/牵头|配合|负责|协助/)[0]!;
  return !splitResponsibleUnits(beforeVerb).some((u) => isAgencyLike(u) && !/\d|年|月/.test(u));
}

/** Role groups of one clause with role verbs; null when the clause has none. */
function verbGroups(clause: string): { groups: RoleGroup[]; reject: boolean } | null {
  const groups: RoleGroup[] = [];
  let pos = 0;
  let partners = false;
  let found = false;
  const re = ROLE_VERB; // used by nothing the loop calls
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(clause))) {
    const after = clause.slice(m.index + m[0].length);
    if (m[2] && /^解释/.test(after)) return { groups: [], reject: true };
    if (m[2] && NOT_A_VERB_AFTER.test(after)) continue;
    found = true;
    const units = splitResponsibleUnits(afterLastBy(clause.slice(pos, m.index)));
    if (m[1]) {
      // X会同Y负责: X leads, Y works with it.
      if (units.length) groups.push({ role: 'lead', units });
      partners = true;
      pos = m.index + m[0].length;
      continue;
    }
    let role = roleOfWord(m[2]!);
    if (partners && role === 'resp') role = 'coop';
    partners = false;
    if (units.length) groups.push({ role, units });
    pos = m.index + m[0].length + VERB_TAIL.exec(after)![0].length;
    if (clause[pos] === '、') {
      pos++;
      re.lastIndex = pos;
      continue;
    }
    pos = clause.length;
    break;
  }
  if (!found) return null;
  const rest = splitResponsibleUnits(afterLastBy(clause.slice(pos)));
  if (rest.length) groups.push({ role: partners ? 'coop' : groups[groups.length - 1]?.role ?? 'bare', units: rest });
  return { groups, reject: false };
}

/**
 * Parse the inside of a responsibility marker (or a table cell) into role groups. Units named
 * without a verb take the role of a preceding field label, else of the next verb, else `bareRole`.
 */
function parseRoles(text: string, bareRole: Role = 'bare'): RoleParse {
  const result: RoleParse = { groups: [], deadlineText: null, explicit: false, reject: false };
  // 牵头单位：X 配合单位：Y (fields run together on one line) → 牵头单位：X；配合单位：Y
  // (every label ends in a colon: without one the pattern has nothing to find)
  const content = /[:：]/.test(text) ? text.replace(EMBEDDED_LABEL, '；') : text;
  // The content is read as printed: the splits and trims take both widths, the labels CJK words
  // and [:：], and what needs folded text folds it.
  let pending: string[] = [];
  let labelRole: Role | null = null;
  let deadlineSpan: [number, number] | null = null;
  const sentences = splitTop(content, SENTENCE_BREAKS);
  sentences.forEach(([sa, sb], si) => {
    const sentence = content.slice(sa, sb);
    const lead = trimPunct(sentence);
    if (!lead) return;
    if (si > 0 && !FIELD_LABEL.test(lead) && !DEADLINE_LABEL.test(lead)) {
      // Later sentences only add a deadline (…配合。2022 年 6 月底前完成。), never units.
      if (!result.deadlineText && isDeadlineClause(lead)) result.deadlineText = trimPunct(content.slice(sa, sb));
      return;
    }
    const clauses = splitTop(sentence, CLAUSE_BREAKS);
    for (let ci = 0; ci < clauses.length; ci++) {
      const ca = clauses[ci]![0];
      const cb = clauses[ci]![1];
      const clause = trimPunct(sentence.slice(ca, cb));
      if (!clause) continue;
      const dl = DEADLINE_LABEL.exec(clause);
      if (dl) {
        result.deadlineText = trimPunct(clause.slice(dl[0].length));
        result.explicit = true;
        continue;
      }
      const label = FIELD_LABEL.exec(clause);
      if (label) {
        labelRole = roleOfWord(label[1]!);
        if (labelRole === 'resp') labelRole = 'bare';
        result.explicit = true;
        const units = unitsOfLabelBody(clause.slice(label[0].length));
        if (units.length) result.groups.push({ role: labelRole, units });
        continue;
      }
      if (isDeadlineClause(clause)) {
        // 2023年完成30%，2024年…，2025年底前…: consecutive clauses make one deadline text.
        deadlineSpan = deadlineSpan ? [deadlineSpan[0], sa + cb] : [sa + ca, sa + cb];
        continue;
      }
      const verbs = verbGroups(clause);
      if (verbs?.reject) {
        result.reject = true;
        return;
      }
      if (verbs && verbs.groups.length) {
        result.explicit = true;
        if (pending.length) verbs.groups[0]!.units.unshift(...pending);
        pending = [];
        result.groups.push(...verbs.groups);
        continue;
      }
      if (verbs) continue; // a verb with no units (…负责落实)
      const units = splitResponsibleUnits(afterLastBy(clause));
      if (labelRole) result.groups.push({ role: labelRole, units });
      else pending.push(...units);
    }
  });
  if (pending.length) result.groups.push({ role: bareRole, units: pending });
  if (deadlineSpan && !result.deadlineText) result.deadlineText = trimPunct(content.slice(deadlineSpan[0], deadlineSpan[1]));
  return result;
}

/** Characters compareKey changes (spaces, full-width forms, brackets, quotes, dashes, dots). */
const KEY_CHANGES = /[\s\uff01-\uff5e〔〕［］【】[\]“”"‘’'—–－\-·•]/;

/** compareKey(unit), without its passes over a name it would leave as it is. */
function unitKey(unit: string): string {
  return KEY_CHANGES.test(unit) ? compareKey(unit) : unit;
}

/** Leads and cooperators from role groups: a named lead makes every other unit a cooperator. */
function assemble(groups: RoleGroup[], leadFirst: boolean): { leads: string[]; cooperators: string[] } {
  const seen = new Set<string>();
  const ordered: Array<{ unit: string; role: Role }> = [];
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi]!;
    for (let ui = 0; ui < g.units.length; ui++) {
      const printed = g.units[ui]!;
      const end = printed.charCodeAt(printed.length - 1);
      const own = end === 0x29 || end === 0xff09 ? UNIT_ROLE.exec(printed) : null; // ends in ) or ）
      const unit = own ? printed.slice(0, own.index) : printed;
      const k = unitKey(unit);
      if (!unit || seen.has(k)) continue;
      seen.add(k);
      ordered.push({ unit, role: own ? roleOfWord(own[1]!) : g.role });
    }
  }
  const hasLead = ordered.some((o) => o.role === 'lead');
  let leads = ordered.filter((o) => (hasLead ? o.role === 'lead' : o.role !== 'coop')).map((o) => o.unit);
  let cooperators = ordered.filter((o) => !leads.includes(o.unit)).map((o) => o.unit);
  if (leadFirst && !hasLead && leads.length > 1) {
    const first = leads[0]!;
    leads = [first];
    cooperators = ordered.map((o) => o.unit).filter((u) => u !== first);
  }
  return { leads, cooperators };
}

/** Parse the content of a responsibility marker; null when it assigns no unit. */
export function parseResponsibility(content: string, leadFirst = false): Responsibility | null {
  const r = parseRoles(content);
  if (r.reject) return null;
  const { leads, cooperators } = assemble(r.groups, leadFirst);
  if (!leads.length) return null;
  return { leads, cooperators, deadlineText: r.deadlineText, explicit: r.explicit };
}

/**
 * 排在第一位的为牵头单位 / 第一个单位为牵头, tested on the printed text joined (generated printed
 * forms: none of their characters is changed by folding) — without folding and squashing the whole
 * document.
 */
export const LEAD_FIRST_CANONICAL = [
  /[排列居位](?:[在于])?(?:第一位|第一个|第一|首位)(?:[的者])?(?:单位|部门)?[为是]牵头/,
  /(?:第一个|首个|排名第一)(?:[的者])?(?:单位|部门)?[为是]牵头/,
];
const LEAD_FIRST = LEAD_FIRST_CANONICAL.map((re) => printedPattern(re));

/** Is the document's convention that the first listed unit leads (排在第一位的为牵头单位)? */
export function statesLeadFirst(lines: SourceLine[]): boolean {
  // Both patterns end in 为/是 牵头: the lines are joined only when some 牵 follows 为 or 是.
  let copula = false;
  for (let i = 0; i < lines.length && !copula; i++) copula = followsCopula(lines, i, '牵');
  if (!copula) return false;
  const text = lines.map((l) => l.text).join('');
  return LEAD_FIRST.some((re) => re.test(text));
}

/**
 * One-character tests at a position, with sticky patterns: `text[i]` would make a string of the
 * character each time.
 */
const SPACE_AT = /\s/y;
const SENTENCE_END_AT = /[。；;!?！？]/y;
const SPAN_LEAD_AT = /[\s\u3000。，,；;、：:)）〕]/y;

function matchesAt(re: RegExp, text: string, i: number): boolean {
  re.lastIndex = i;
  return re.test(text);
}

/**
 * Does some `ch` of line `i` follow 为 or 是, with only spaces between (across line ends, the lines
 * being joined)?
 */
function followsCopula(lines: SourceLine[], i: number, ch: string): boolean {
  const t = lines[i]!.text;
  for (let p = t.indexOf(ch); p >= 0; p = t.indexOf(ch, p + 1)) {
    let li = i;
    let k = p - 1;
    for (;;) {
      const u = lines[li]!.text;
      while (k >= 0 && matchesAt(SPACE_AT, u, k)) k--;
      if (k >= 0) {
        if (u[k] === '为' || u[k] === '是') return true;
        break;
      }
      if (--li < 0) break;
      k = lines[li]!.text.length - 1;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Blocks: lines joined into paragraphs (page breaks and hard wraps undone)

interface Marker {
  start: number;
  end: number;
  resp: Responsibility;
  /** The bracket never closed within the block (OCR lost it). */
  unclosed: boolean;
}

interface Block {
  /** The lines as printed, joined (not folded: folding every line costs more than the rest). */
  text: string;
  /** `text` folded, made on first use (see `foldedOf`). */
  folded: string | null;
  /** Where each source line starts in `text`, and its line number (see `lineAt`). */
  lineStarts: number[];
  lineNumbers: number[];
  heading: boolean;
  /** Starts with an outline label (一、 （一） 1. 第X条). */
  labeled: boolean;
  /** Starts with a field label (牵头单位：). */
  field: boolean;
  markers: Marker[];
  /** Open brackets at the end of the block, and where the outermost one opened. */
  depth: number;
  openedAt: number;
  /** Closed top-level bracket groups [open, close] of the block, in order. */
  groups: Array<[number, number]>;
}

/**
 * A block being built: its lines are joined once it is complete (appending line by line to a
 * string makes a rope that every later read has to flatten).
 */
interface OpenBlock {
  block: Block;
  parts: string[];
  length: number;
}

function foldedOf(block: Block): string {
  return (block.folded ??= foldWidth(block.text));
}

/** The source line of character `i` of a block. */
function lineAt(block: Block, i: number): number {
  const starts = block.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return block.lineNumbers[lo]!;
}

/** The source line of the last character of a block. */
function lastLineOf(block: Block): number {
  return block.lineNumbers[block.lineNumbers.length - 1]!;
}

/** 附件：/ 附件1 / 附件一 at the start of a line (folded, squashed). */
export const ANNEX_LABEL = new RegExp(`^附件[:：\\d${CN_DIGITS}]`);

/**
 * OUTLINE_LABEL, FIELD_LABEL, DEADLINE_LABEL and ANNEX_LABEL for the printed line, generated from
 * them (src/grammar/spacing.ts), so that most lines need neither folding nor squashing.
 */
const PRINTED_FIELD_LABEL = printedSource(FIELD_LABEL);
const PRINTED_DEADLINE_LABEL = printedSource(DEADLINE_LABEL);

/** The four in one pattern, one test per line; a line that passes is tested for the first two. */
const PRINTED_ITEM_LABEL = new RegExp(
  [PRINTED_OUTLINE_LABEL.source, PRINTED_FIELD_LABEL, PRINTED_DEADLINE_LABEL, printedSource(ANNEX_LABEL)].join('|'),
);
const PRINTED_OUTLINE = PRINTED_OUTLINE_LABEL;
const PRINTED_FIELD = new RegExp(`${PRINTED_FIELD_LABEL}|${PRINTED_DEADLINE_LABEL}`);

/** The characters PRINTED_ITEM_LABEL can start with on a trimmed line (a cheaper first test). */
const ITEM_LABEL_STARTS = codeSet(OUTLINE_LABEL_STARTS + '牵责主承配协参完时进附');

/** Does the line start an item: an outline label, a field label or 附件? */
function startsItem(t: string): boolean {
  return PRINTED_ITEM_LABEL.test(t);
}

/**
 * 三、重点任务 / （一）组织领导。 / 1.热源保障组 — a short labeled line that is not a sentence (`t`
 * is known to start with an outline label).
 */
function isShortLabeledLine(t: string): boolean {
  // Sentence punctuation rules most lines out before the length, which needs the squashed line.
  const printed = t.trim();
  const printedBody = printed.replace(/。$/, '');
  if (/[。；;]/.test(printedBody)) return false;
  // Squashing never lengthens a line, and keeps every character that is not a space: a body of
  // 40 printed characters is short enough, one of more than 40 others is too long.
  if (printedBody.length > 40) {
    if (printedBody.replace(/\s+/g, '').length > 40) return false;
    if (removeLayoutSpaces(foldWidth(printedBody)).length > 40) return false;
  }
  return !(printed.endsWith('。') && /[，,]/.test(printedBody));
}

/** The brackets of OPENERS / CLOSERS as printed: full-width （）［］ fold to ()[]. */
const PRINTED_BRACKET = /[(（〔[［【)）〕\]］】]/g;

/** Bracket depth and groups of a block as a printed line `added` is appended at `offset`. */
function trackDepth(block: Block, added: string, offset: number): void {
  PRINTED_BRACKET.lastIndex = 0;
  while (PRINTED_BRACKET.test(added)) {
    const i = PRINTED_BRACKET.lastIndex - 1;
    const at = offset + i;
    if (PRINTED_OPENING_CODES.has(added.charCodeAt(i))) {
      if (block.depth === 0) block.openedAt = at;
      block.depth++;
    } else if (block.depth > 0) {
      block.depth--;
      if (block.depth === 0) block.groups.push([block.openedAt, at]);
    }
  }
}

/** Inside an open bracket (opened within the last 200 characters: older ones are OCR debris). */
function insideBracket(open: OpenBlock): boolean {
  return open.block.depth > 0 && open.length - open.block.openedAt <= 200;
}

/** Top-level bracket groups of a block: [open, close] (close = length when unclosed). */
function groupsOf(block: Block): Array<[number, number]> {
  return block.depth > 0 ? [...block.groups, [block.openedAt, block.text.length]] : block.groups;
}

function buildBlocks(lines: SourceLine[], skip: Set<number>): Block[] {
  const blocks: Block[] = [];
  let cur: OpenBlock | null = null;
  let blank = false;
  const flush = () => {
    if (!cur) return;
    const parts = cur.parts;
    cur.block.text = parts.length === 1 ? parts[0]! : parts.join('');
    blocks.push(cur.block);
    cur = null;
  };
  // Indexed loops and no destructuring in the loops over every line and bracket: they run before
  // the engine has optimized them, where iterators cost more than the work.
  for (let li = 0; li < lines.length; li++) {
    const l = lines[li]!;
    const t = l.text.trim(); // trim() removes exactly the characters of \s (\u3000 among them)
    if (t.includes('\t') || (skip.size > 0 && skip.has(l.line))) {
      flush();
      blank = false;
      continue;
    }
    if (!t) {
      blank = true;
      continue;
    }
    // A line continues the block inside an open bracket; else unless it starts an item or the
    // block is a heading or ended its sentence.
    let continued = cur !== null && insideBracket(cur);
    let outline = false;
    let field = false;
    if (!continued) {
      const item = ITEM_LABEL_STARTS.has(t.charCodeAt(0)) && PRINTED_ITEM_LABEL.test(t);
      outline = item && PRINTED_OUTLINE.test(t);
      field = item && !outline && PRINTED_FIELD.test(t);
      continued = cur !== null && !cur.block.heading && !item && continuesSentence(cur, blank);
    }
    if (continued) appendLine(cur!, t, l.line);
    else {
      flush();
      cur = openBlock(t, l.line, outline, field);
    }
    blank = false;
  }
  flush();
  return blocks;
}

/** Line `t` continues the block being built. */
function appendLine(open: OpenBlock, t: string, line: number): void {
  open.block.lineStarts.push(open.length);
  open.block.lineNumbers.push(line);
  trackDepth(open.block, t, open.length);
  open.parts.push(t);
  open.length += t.length;
  open.block.heading = false;
}

/** A block starting with line `t` (`outline`, `field`: it starts with such a label). */
function openBlock(t: string, line: number, outline: boolean, field: boolean): OpenBlock {
  const block: Block = {
    text: '',
    folded: null,
    lineStarts: [0],
    lineNumbers: [line],
    heading: outline && isShortLabeledLine(t),
    labeled: outline,
    field,
    markers: [],
    depth: 0,
    openedAt: -1,
    groups: [],
  };
  trackDepth(block, t, 0);
  return { block, parts: [t], length: t.length };
}

/** Sentence ends (。！？!?；;：:, either width). */
const PARAGRAPH_END_CODES = new Set([...'。！？!?；;：:'].map((ch) => ch.charCodeAt(0)));
/** The closing brackets of CLOSERS, either width. */
const PRINTED_CLOSER_CODES = new Set([...')）〕]］】'].map((ch) => ch.charCodeAt(0)));

/**
 * Does the block run on into the next line (no sentence end)? Blocks never end in layout spaces
 * (lines are trimmed), so the last character is the last line's.
 */
function continuesSentence(open: OpenBlock, blank: boolean): boolean {
  const lastLine = open.parts[open.parts.length - 1]!;
  const last = lastLine.charCodeAt(lastLine.length - 1);
  if (PARAGRAPH_END_CODES.has(last)) return false;
  if (blank && PRINTED_CLOSER_CODES.has(last)) {
    // A short bracket such as 各县（区） ends a name broken by the page, not a paragraph.
    const tail = foldWidth(lastCharacters(open.parts, 8));
    const at = Math.max(...[...OPENERS].map((o) => tail.lastIndexOf(o)));
    return at >= 0 && tail.length - at - 2 <= 4;
  }
  return true;
}

/** The last `n` characters of the lines joined. */
function lastCharacters(parts: string[], n: number): string {
  let s = '';
  for (let i = parts.length - 1; i >= 0 && s.length < n; i--) s = parts[i]! + s;
  return s.slice(-n);
}

/**
 * Top-level bracket groups of a printed string: [open, close] (close = length when unclosed), the
 * brackets of OPENERS / CLOSERS in either width.
 */
function bracketGroups(s: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let open = -1;
  PRINTED_BRACKET.lastIndex = 0;
  while (PRINTED_BRACKET.test(s)) {
    const i = PRINTED_BRACKET.lastIndex - 1;
    if (PRINTED_OPENING_CODES.has(s.charCodeAt(i))) {
      if (depth === 0) open = i;
      depth++;
    } else if (depth > 0) {
      depth--;
      if (depth === 0) out.push([open, i]);
    }
  }
  if (depth > 0 && open >= 0) out.push([open, s.length]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Finding markers in blocks

/** Is the unit list credible as an assignment: names that read as units (or are known agencies)? */
function credibleUnits(units: string[], agencies: AgencyTable, bare: boolean): boolean {
  if (!units.length || units.some((u) => u.length > 40 || /[。：:《》“”]/.test(u))) return false;
  if (bare && units.length < 2) return false;
  const known = units.filter((u) => isAgencyLike(u) || agencies.canonical(u) !== null).length;
  return bare ? units.length >= 2 && known * 3 >= units.length * 2 : known >= 1;
}

/**
 * X牵头，Y配合 outside brackets. Written for the printed text: every class that names an ASCII
 * character also names its full-width form (（）［］，；：), so it matches as on the folded text.
 */
const INLINE_LEAD =
  /(?:^|[。；;，,:：])\s*由?([^。；;，,:：()（）〔〕【】\[\]［］]{2,80}?(?:[(（][^()（）]*[)）][^。；;，,:：()（）〔〕【】\[\]［］]*?)*)(?:按职责)?(?:分别)?牵头[,，]\s*([^。；;，,]{2,200}?)(?:配合|协助|协同)(?:实施|落实)?(?=[，,。；;]|$)/dg;

/** Longer brackets are text, not a list of units (and would cost quadratic time on OCR debris). */
const MAX_MARKER_LENGTH = 600;

/**
 * 征求意见稿意见：… — a drafting note quoting the draft, not an assignment of its own. Both widths
 * of the colon are in the pattern, so it is tested on the printed text.
 */
const QUOTED_DRAFT = /(?:征求意见稿|原文|修改前|修改后|修改意见|原条款)[^:：。]{0,6}[:：]/;

/**
 * The words an explicit marker holds, as parseRoles reads them (unsquashed, so as printed): a role
 * verb of ROLE_VERB, the role of a FIELD_LABEL or a DEADLINE_LABEL. Without one it finds no role.
 */
const EXPLICIT_WORD =
  /牵头|配合|协助|协同|协办|参与|负总责|负责|落实|会同|责任|主责|主办|承办|完成时限|完成时间|完成期限|时间节点|时限|进度安排/;
/** Without a separator or joiner, a marker names one unit at most (a bare list needs two). */
const SEVERAL_UNITS_CHARACTER = /[、,，;；/／和及与等]/;

/** Does the bracket at `open` stand at the start of the text or after a sentence end? */
function opensSentence(text: string, open: number): boolean {
  // As printed: the test takes both widths, and folding keeps spaces spaces.
  let i = open - 1;
  while (i >= 0 && matchesAt(SPACE_AT, text, i)) i--;
  return i < 0 || matchesAt(SENTENCE_END_AT, text, i);
}

function findMarkers(block: Block, agencies: AgencyTable, leadFirst: boolean): void {
  const text = block.text;
  const groups = groupsOf(block);
  for (let gi = 0; gi < groups.length; gi++) {
    const open = groups[gi]![0];
    const close = groups[gi]![1];
    if (close - open > MAX_MARKER_LENGTH) continue;
    const content = text.slice(open + 1, close);
    // Most brackets are no marker (各县（区）, （一）, 〔2020〕): parse only those that can be one.
    const mayBeExplicit = EXPLICIT_WORD.test(content);
    const bareAllowed = opensSentence(text, open);
    if (!mayBeExplicit && !(bareAllowed && SEVERAL_UNITS_CHARACTER.test(content))) continue;
    const r = parseRoles(content);
    if (r.reject) continue;
    if (!r.explicit && !bareAllowed) continue;
    const { leads, cooperators } = assemble(r.groups, leadFirst);
    if (!leads.length) continue;
    const all = [...leads, ...cooperators];
    if (!credibleUnits(all, agencies, !r.explicit)) continue;
    block.markers.push({
      start: open,
      end: Math.min(close + 1, text.length),
      resp: { leads, cooperators, deadlineText: r.deadlineText, explicit: r.explicit },
      unclosed: close >= text.length,
    });
  }
  const inside = (i: number) => groups.some(([a, b]) => i >= a && i <= b);
  // The regex tries every clause start; it needs 牵头 before a comma, which most blocks lack.
  const inline = /牵头[,，]/.test(text) ? text.matchAll(INLINE_LEAD) : [];
  for (const m of inline) {
    const [leadStart, leadEnd] = m.indices![1]!;
    const [coopStart, coopEnd] = m.indices![2]!;
    if (inside(leadStart)) continue;
    // 联席会议由X牵头 → X
    const leads = splitResponsibleUnits(afterLastBy(block.text.slice(leadStart, leadEnd)));
    const cooperators = splitResponsibleUnits(block.text.slice(coopStart, coopEnd));
    const units = [...leads, ...cooperators];
    if (!leads.length || !cooperators.length || !units.every((u) => isAgencyLike(u))) continue;
    const end = m.index! + m[0].length;
    const sentenceEnd = text.slice(end).search(/[。；;]/);
    block.markers.push({
      start: leadStart,
      end: sentenceEnd >= 0 ? end + sentenceEnd + 1 : text.length,
      resp: { leads, cooperators, deadlineText: null, explicit: true },
      unclosed: false,
    });
  }
  block.markers.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------------
// Task text

interface Span {
  text: string;
  startLine: number;
  endLine: number;
}

function spanOf(block: Block, a: number, b: number): Span | null {
  let s = a;
  let e = b;
  // Printed characters: both widths are in the sets, so folding would not change the tests.
  while (s < e && matchesAt(SPAN_LEAD_AT, block.text, s)) s++;
  while (e > s && matchesAt(SPACE_AT, block.text, e - 1)) e--;
  if (s >= e) return null;
  return { text: block.text.slice(s, e), startLine: lineAt(block, s), endLine: lineAt(block, e - 1) };
}

function joinSpans(spans: Span[]): Span | null {
  if (!spans.length) return null;
  return {
    text: spans.map((s) => s.text).join(''),
    startLine: spans[0]!.startLine,
    endLine: spans[spans.length - 1]!.endLine,
  };
}

/**
 * A heading that can stand for a task on its own (1.加快充电桩建设 followed by 牵头单位：…), unlike
 * the name of a working group (1.热源保障组) or a heading about composition (协同机制组成).
 */
function isTaskTitle(folded: string): boolean {
  const title = removeLayoutSpaces(folded).replace(OUTLINE_LABEL, '').replace(/。$/, '');
  return title.length >= 4 && !isAgencyLike(title) && !/组成|成员|职责|分工|机构|领导小组|专班|工作组/.test(title);
}

/**
 * The paragraphs before block `bi` that belong to the same item: back to the item label, a heading
 * or the previous marker. A heading is included only for a marker standing at the start of block
 * `bi` (its item is then the heading plus the body), and only after some body text.
 */
function textBefore(blocks: Block[], bi: number, withHeading = true): Span | null {
  const parts: Span[] = [];
  for (let j = bi - 1; j >= 0 && j >= bi - 8; j--) {
    const b = blocks[j]!;
    if (b.markers.length) {
      if (!withHeading) break;
      const tail = spanOf(b, b.markers[b.markers.length - 1]!.end, b.text.length);
      if (tail) parts.unshift(tail);
      break;
    }
    if (b.field) break;
    const whole = spanOf(b, 0, b.text.length);
    if (b.heading) {
      if (withHeading && whole && (parts.length || isTaskTitle(foldedOf(b)))) parts.unshift(whole);
      break;
    }
    if (whole) parts.unshift(whole);
    if (b.labeled) break;
  }
  return joinSpans(parts);
}

// ---------------------------------------------------------------------------------------------
// Deadlines of a task

const END_DEADLINE_START =
  /^(?:并|确保|力争|争取|要|须|务必|必须|均|全部|要在|须在|于|在)*[0-9零〇一二三四五六七八九十年上下第本当]/;
const END_DEADLINE_VERB = /(?:完成|完工|建成|办结|到位|实现|投用|投运|出台|上线)(?:任务|工作)?$/;

/** The punctuation and spaces ending a text. */
const CLAUSE_TRAIL = /(?<![。；;\s])[。；;\s]+$/;

/** …，2023年底前完成。 — the deadline clause that ends a task sentence. */
function endOfTextDeadline(text: string): string | null {
  // The last clause is found in the printed text (the sets hold both widths); only it is folded.
  const trail = text.search(CLAUSE_TRAIL);
  const end = trail >= 0 ? trail : text.length;
  const upTo = text.slice(0, end);
  let start = 0;
  for (const mark of '，,；;。') start = Math.max(start, upTo.lastIndexOf(mark) + 1);
  const clause = text.slice(start, end);
  // (Squashing keeps every character that is not a space: no need to fold a long clause.)
  if (clause.length > 24 && clause.replace(/\s+/g, '').length > 24) return null;
  const s = removeLayoutSpaces(foldWidth(clause));
  if (s.length > 24 || !END_DEADLINE_START.test(s) || !END_DEADLINE_VERB.test(s) || !looksLikeDeadline(s)) return null;
  return text.slice(start, end);
}

/** （2020年1月15日前） in an item heading: a bracket holding only a due date or period. */
function headingDeadline(text: string): string | null {
  const head = text.slice(0, 80);
  for (const [a, b] of bracketGroups(head)) {
    const inner = removeLayoutSpaces(foldWidth(head.slice(a + 1, b)));
    if (/^[0-9零〇一二三四五六七八九十年月日底前末上下半季度第—–\-~至到止]+$/.test(inner) && /前|底|末|日/.test(inner)) {
      return head.slice(a + 1, b);
    }
  }
  return null;
}

function deadlineOf(markerText: string | null, taskText: string, year: number | null): ParsedDeadline {
  // Each source is looked at only when the ones before it gave nothing.
  for (let source = 0; source < 3; source++) {
    const candidate =
      source === 0 ? markerText : source === 1 ? endOfTextDeadline(taskText) : headingDeadline(taskText);
    if (!candidate) continue;
    const d = parseDeadline(candidate, year);
    if (d.deadlineText) return d;
  }
  return { deadline: null, deadlineText: null, recurrence: null, milestones: [] };
}

// ---------------------------------------------------------------------------------------------
// Task tables

/** `year`: a column headed by a year (2021年), holding that year's milestone of each task. */
type Column = 'seq' | 'content' | 'deadline' | 'year' | Role;

const YEAR_COLUMN = /^((?:19|20)\d{2})年?度?$/;

function columnOf(cell: string): Column | null {
  const c = removeLayoutSpaces(foldWidth(cell));
  if (!c) return null;
  if (/^(?:序号|编号|序)$/.test(c)) return 'seq';
  if (YEAR_COLUMN.test(c)) return 'year';
  if (/(?:牵头|配合|协办|协同|参与|责任|主责|承办|主办)(?:单位|部门|处室|科室|县区)/.test(c)) {
    if (/牵头/.test(c)) return 'lead';
    if (/配合|协办|协同|参与/.test(c)) return 'coop';
    return 'bare';
  }
  if (/时限|时间|期限|节点|进度/.test(c)) return 'deadline';
  if (/任务|内容|事项|措施|工作|项目|举措|要求|目标/.test(c)) return 'content';
  return null;
}

/**
 * A unit column's name ends in 单位, 部门, 处室, 科室 or 县区 (see columnOf): a line without such a
 * pair, as printed, holds no header row and its cells need not be classified.
 */
const UNIT_COLUMN_HINT = /[单部处科县]\s*[位门室区]/;

function taskHeader(cells: string[]): Array<Column | null> | null {
  const cols = cells.map(columnOf);
  const has = (k: Column) => cols.includes(k);
  return has('content') && (has('lead') || has('bare')) ? cols : null;
}

/** The cells of a table line: tab-separated, or a markdown pipe row. */
function tableCells(l: SourceLine): string[] | null {
  if (!l.raw.includes('\t') && !l.raw.includes('|')) return null;
  const raw = l.raw.replace(/\r$/, '');
  if (raw.includes('\t')) return raw.split('\t').map((c) => c.trim());
  if (/^\s*\|.*\|\s*$/.test(raw)) return raw.trim().slice(1, -1).split('|').map((c) => c.trim());
  return null;
}

interface Row {
  cells: string[];
  lines: number[];
}

function cellKind(cell: string, agencies: AgencyTable): Column | null {
  const c = removeLayoutSpaces(foldWidth(cell));
  if (!c) return null;
  if (/^\d{1,3}$|^[一二三四五六七八九十]{1,3}$/.test(c)) return 'seq';
  if (c.length <= 30 && looksLikeDeadline(c) && !isAgencyLike(c)) return 'deadline';
  const units = splitResponsibleUnits(c);
  if (units.length && units.every((u) => isAgencyLike(u) || agencies.canonical(u) !== null)) return 'bare';
  return 'content';
}

/** Can a cell of this kind stand in this column? */
function fits(col: Column | null, kind: Column | null): boolean {
  if (kind === null || col === null || col === 'content') return true;
  if (col === 'seq' || col === 'deadline') return kind === col;
  if (col === 'year') return kind === 'content' || kind === 'deadline';
  return kind === 'bare';
}

/**
 * Put each cell under its column. Cells are taken by position when they fit (trailing empty
 * cells may be missing); when OCR shifted them, each is placed by what it holds: the number, the
 * due date, the first other cell as the task, the unit lists in the order of the unit columns.
 */
function align(cells: string[], cols: Array<Column | null>, agencies: AgencyTable): string[] {
  const trimmed = [...cells];
  while (trimmed.length > cols.length && !trimmed[trimmed.length - 1]) trimmed.pop();
  const kinds = trimmed.map((c) => cellKind(c, agencies));
  if (trimmed.length <= cols.length && kinds.every((k, i) => fits(cols[i]!, k))) {
    return cols.map((_, i) => trimmed[i] ?? '');
  }
  const out = cols.map(() => '');
  const free = (want: Column[]) => cols.findIndex((c, i) => c !== null && want.includes(c) && !out[i]);
  trimmed.forEach((cell, i) => {
    if (!cell) return;
    const kind = kinds[i];
    let at = -1;
    if (kind === 'seq') at = free(['seq']);
    else if (kind === 'deadline') at = free(['deadline']);
    if (at < 0) at = free(['content']);
    if (at < 0 && kind === 'bare') at = free(['lead', 'bare', 'coop']);
    if (at < 0) at = out.findIndex((c) => !c);
    if (at >= 0) out[at] = cell;
  });
  return out;
}

function isPageFurniture(t: string): boolean {
  return /^[-—–\s]*\d{1,3}[-—–\s]*$/.test(t) || /^[(（]?续(?:表)?[)）]?$/.test(t);
}

interface TableTask {
  cells: string[];
  cols: Array<Column | null>;
  /** The header cells as printed (the years of `year` columns). */
  head: string[];
  lines: number[];
}

/** Task tables of the document; the lines they use are added to `used`. */
function findTables(lines: SourceLine[], agencies: AgencyTable, used: Set<number>): TableTask[] {
  const out: TableTask[] = [];
  for (let i = 0; i < lines.length; i++) {
    const headCells = tableCells(lines[i]!);
    if (!headCells || !UNIT_COLUMN_HINT.test(lines[i]!.raw)) continue;
    const cols = taskHeader(headCells);
    if (!cols) continue;
    const { rows, last } = tableRows(lines, i, cols, agencies);
    for (let k = i; k <= last; k++) used.add(lines[k]!.line);
    for (const r of rows) out.push({ cells: r.cells, cols, head: headCells, lines: r.lines });
    i = last;
  }
  return out;
}

/** The rows of the table whose header is line `head`, and the index of its last line. */
function tableRows(
  lines: SourceLine[],
  head: number,
  cols: Array<Column | null>,
  agencies: AgencyTable,
): { rows: Row[]; last: number } {
  const rows: Row[] = [];
  let last = head;
  for (let j = head + 1; j < lines.length; j++) {
    const l = lines[j]!;
    const t = l.text.trim();
    if (!t || isPageFurniture(t)) continue;
    const cells = tableCells(l);
    if (cells) {
      if (UNIT_COLUMN_HINT.test(l.raw) && taskHeader(cells)) {
        last = j;
        continue; // header repeated after a page break
      }
      addRow(rows, align(cells, cols, agencies), cols, l.line);
      last = j;
      continue;
    }
    // A row broken over lines: a short piece without tabs continues the previous row.
    if (rows.length && t.length <= 40 && !startsItem(t) && !/。$/.test(t)) {
      continueRow(rows[rows.length - 1]!, t, cols, agencies);
      rows[rows.length - 1]!.lines.push(l.line);
      last = j;
      continue;
    }
    break;
  }
  return { rows, last };
}

/** A line of aligned cells: a new row at a number (or a task with its units), else more of the last. */
function addRow(rows: Row[], aligned: string[], cols: Array<Column | null>, line: number): void {
  const seq = cols.indexOf('seq');
  const content = cols.indexOf('content');
  const hasUnits = cols.some((c, k) => (c === 'lead' || c === 'bare' || c === 'coop') && Boolean(aligned[k]));
  const complete = Boolean(aligned[content]) && hasUnits;
  const newRow = seq >= 0 ? Boolean(aligned[seq]) || complete : complete;
  if (newRow || !rows.length) rows.push({ cells: aligned, lines: [line] });
  else {
    const prev = rows[rows.length - 1]!;
    prev.cells = prev.cells.map((c, k) => c + (aligned[k] ?? ''));
    prev.lines.push(line);
  }
}

/** A piece of a row broken over lines goes to the column its kind belongs to. */
function continueRow(prev: Row, t: string, cols: Array<Column | null>, agencies: AgencyTable): void {
  const kind = cellKind(t, agencies);
  const byKind = (kinds: Column[]) => {
    for (let k = cols.length - 1; k >= 0; k--) if (kinds.includes(cols[k] as Column) && prev.cells[k]) return k;
    return cols.findIndex((c) => c !== null && kinds.includes(c));
  };
  let k = kind === 'bare' ? byKind(['coop', 'bare', 'lead']) : kind === 'deadline' ? byKind(['deadline']) : -1;
  if (k < 0) k = cols.indexOf('content');
  if (k >= 0) prev.cells[k] = (prev.cells[k] ?? '') + t;
}

// ---------------------------------------------------------------------------------------------
// Entry point

function contextYear(ctx: ExtractContext): number | null {
  const y = ctx.date ? Number(ctx.date.slice(0, 4)) : NaN;
  return Number.isFinite(y) ? y : ctx.issueYear;
}

function makeTask(
  text: string,
  resp: { leads: string[]; cooperators: string[] },
  deadline: ParsedDeadline,
  lines: { start: number; end: number; marker: number },
  agencies: AgencyTable,
): Task {
  return {
    text: removeLayoutSpaces(text).replace(/^[。，,；;、\s]+/, ''),
    leads: resp.leads,
    cooperators: resp.cooperators,
    leadAgencies: resp.leads.map((u) => agencies.observe(u)),
    cooperatorAgencies: resp.cooperators.map((u) => agencies.observe(u)),
    deadline: deadline.deadline,
    deadlineText: deadline.deadlineText,
    recurrence: deadline.recurrence,
    milestones: deadline.milestones,
    startLine: lines.start,
    endLine: lines.end,
    line: lines.marker,
  };
}

/** Tasks of the rows of task tables. */
function tableTasks(rows: TableTask[], leadFirst: boolean, year: number | null, agencies: AgencyTable): Task[] {
  const tasks: Task[] = [];
  for (const row of rows) {
    const groups: RoleGroup[] = [];
    const texts: string[] = [];
    let deadlineCell: string | null = null;
    const milestones: Milestone[] = [];
    row.cols.forEach((col, k) => {
      const cell = row.cells[k] ?? '';
      if (!cell || !col || col === 'seq') return;
      if (col === 'year') milestones.push(yearMilestone(row.head[k]!, cell));
      else if (col === 'content') texts.push(cell);
      else if (col === 'deadline') deadlineCell = cell;
      else {
        const r = parseRoles(cell, col);
        groups.push(...r.groups);
        deadlineCell ??= r.deadlineText;
      }
    });
    const resp = assemble(groups, leadFirst);
    const text = texts.join(' ');
    if (!resp.leads.length || !text) continue;
    const lines = { start: row.lines[0]!, end: row.lines[row.lines.length - 1]!, marker: row.lines[0]! };
    const deadline = deadlineOf(deadlineCell, text, year);
    tasks.push(makeTask(text, resp, deadline.deadlineText || !milestones.length ? deadline : byMilestones(milestones), lines, agencies));
  }
  return tasks;
}

/** The cell of a year column: that year's milestone, due at the date it names or the end of the year. */
function yearMilestone(head: string, cell: string): Milestone {
  const y = YEAR_COLUMN.exec(removeLayoutSpaces(foldWidth(head)))![1]!;
  const text = removeLayoutSpaces(cell);
  const named = parseDeadline(text, Number(y));
  return { deadline: named.deadline ?? `${y}-12-31`, text: `${y}年：${text}` };
}

/** A task whose only dates are its yearly milestones: due with the last one. */
function byMilestones(milestones: Milestone[]): ParsedDeadline {
  return {
    deadline: milestones[milestones.length - 1]!.deadline,
    deadlineText: milestones.map((m) => m.text).join('；'),
    recurrence: null,
    milestones,
  };
}

/**
 * One Task per responsibility marker of the document. `agencies` maps units to canonical names;
 * it learns the document's 以下简称 definitions and records the agencies the tasks name.
 */
export function extractTasks(ctx: ExtractContext, agencies: AgencyTable): { tasks: Task[]; warnings: Warning[] } {
  agencies.learnFromText([ctx.title, ...ctx.lines]);
  const year = contextYear(ctx);
  const leadFirst = statesLeadFirst(ctx.lines);

  const used = new Set<number>();
  const tasks = tableTasks(findTables(ctx.lines, agencies, used), leadFirst, year, agencies);
  const blocks = buildBlocks(ctx.lines, used);
  for (let bi = 0; bi < blocks.length; bi++) if (!blocks[bi]!.field) findMarkers(blocks[bi]!, agencies, leadFirst);

  const state: TaskState = { blocks, tasks, warnings: [], last: null, year, leadFirst, agencies, carried: null, dutyItems: new Set() };
  for (let bi = 0; bi < blocks.length; bi++) {
    if (blocks[bi]!.field) bi = fieldTask(state, bi);
    else if (!blocks[bi]!.markers.length && dutyListTask(state, bi)) continue;
    else markerTasks(state, bi);
  }
  tasks.sort((a, b) => a.line - b.line || a.startLine - b.startLine);
  return { tasks, warnings: state.warnings };
}

/** What the passes over the blocks share (kept apart so that each step stays a small function). */
interface TaskState {
  blocks: Block[];
  tasks: Task[];
  warnings: Warning[];
  /** The last task made, and the block that ended it. */
  last: { task: Task; block: number } | null;
  year: number | null;
  leadFirst: boolean;
  agencies: AgencyTable;
  /** Blocks read as items of a 责任分工 list (`N. 单位：负责…`). */
  dutyItems: Set<number>;
  /** Units a field line said take part in every following item (以下均需X落实，不再列出). */
  carried: RoleGroup | null;
}

/**
 * （以下均需各街道落实，不再列出） / （以下各项均由X配合，下同） closing a field line: the units it names
 * belong to this item and to every following one. Printed text: both widths of the brackets.
 */
const CARRY_OVER =
  /[(（]\s*以\s*下\s*(?:各\s*项\s*)?(?:任\s*务\s*)?[均都皆]\s*(?:[需须要由]\s*)?([^()（）]{2,80}?)\s*(?:共\s*同\s*|具\s*体\s*)?(落\s*实|负\s*责|配\s*合|参\s*与|实\s*施|推\s*进)[^()（）]*?(?:不\s*再\s*(?:一\s*一\s*)?列\s*出|下\s*同)[^()（）]*[)）]/;

/** The field text without its carry-over clause, and the units the clause carries (with their role). */
function carriedUnits(fields: string): { fields: string; group: RoleGroup } | null {
  const m = CARRY_OVER.exec(fields);
  if (!m) return null;
  const units = splitResponsibleUnits(m[1]!);
  if (!units.length) return null;
  const role = roleOfWord(removeLayoutSpaces(m[2]!));
  return {
    fields: fields.slice(0, m.index) + fields.slice(m.index + m[0].length),
    group: { role: role === 'resp' ? 'bare' : role, units },
  };
}

/**
 * 牵头单位：/配合单位：/责任单位：/完成时限： lines after the task text form one marker: the task of
 * the field blocks from `bi`; returns the last of them.
 */
function fieldTask(state: TaskState, bi: number): number {
  const { blocks, year, agencies } = state;
  const b = blocks[bi]!;
  let bj = bi;
  while (bj + 1 < blocks.length && blocks[bj + 1]!.field) bj++;
  const group = blocks.slice(bi, bj + 1);
  const fields = group.map((g) => g.text.split(/。/)[0]!).join('；');
  const carry = carriedUnits(fields);
  const r = parseRoles(carry ? carry.fields : fields);
  if (carry) state.carried = carry.group;
  if (state.carried) r.groups.push(state.carried);
  const resp = assemble(r.groups, state.leadFirst);
  const before = textBefore(blocks, bi);
  // Under the name of a working group (1.热源保障组) the duties are the group's, not a task.
  const underGroup = !before && bi > 0 && blocks[bi - 1]!.heading;
  const duties = underGroup ? [] : group.map(dutiesAfterField).filter((d): d is Span => d !== null);
  const span = joinSpans([before, ...duties].filter((x): x is Span => x !== null));
  const last = state.last;
  if (span && resp.leads.length && credibleUnits([...resp.leads, ...resp.cooperators], agencies, false)) {
    const lines = { start: span.startLine, end: lastLineOf(group[group.length - 1]!), marker: b.lineNumbers[0]! };
    const task = makeTask(span.text, resp, deadlineOf(r.deadlineText, span.text, year), lines, agencies);
    state.tasks.push(task);
    state.last = { task, block: bj };
    const marker = { ...resp, deadlineText: r.deadlineText, explicit: true };
    b.markers.push({ start: 0, end: b.text.length, resp: marker, unclosed: false });
  } else if (!resp.leads.length && r.deadlineText && last && last.block === bi - 1 && !last.task.deadlineText) {
    // 完成时限： alone under a task whose marker named no date.
    Object.assign(last.task, deadlineOf(r.deadlineText, '', year));
  }
  return bj;
}

/** 负责… after 牵头单位：X。 — the duties the field line goes on to state. */
const DUTY_START = /^\s*(?:主\s*要\s*|具\s*体\s*)?(?:负\s*责|承\s*担|牵\s*头)/;

/** 牵头单位：X。负责组织… — the duties after the field, as the text they close; null without. */
function dutiesAfterField(field: Block): Span | null {
  const stop = field.text.indexOf('。');
  if (stop < 0 || !DUTY_START.test(field.text.slice(stop + 1))) return null;
  return spanOf(field, stop + 1, field.text.length);
}

/** 1.区财政局：负责… — a unit and a colon opening an item (the printed text after the label). */
const UNIT_AND_COLON = /^\s*([^：:，,。；;、]{2,40}?)\s*[:：]/;
/** A heading over a list of units and their duties (四、责任分工 / 部门职责). */
const DUTY_HEADING = /分工|职责/;

/** The block before the list of units block `bi` belongs to (the list's heading, if it has one). */
function beforeDutyList(state: TaskState, bi: number): Block | null {
  let j = bi - 1;
  while (j >= 0 && state.dutyItems.has(j)) j--;
  return j >= 0 ? state.blocks[j]! : null;
}

/**
 * A 责任分工 list: `N. 单位：负责…` gives the unit the duties after the colon. The item must state a
 * duty (负责, 承担, 牵头 after the colon) or stand under a heading about the division of duties.
 */
function dutyListTask(state: TaskState, bi: number): boolean {
  const b = state.blocks[bi]!;
  const label = b.labeled ? PRINTED_OUTLINE.exec(b.text) : null;
  const at = label ? label[0].length : 0;
  const m = UNIT_AND_COLON.exec(b.text.slice(at));
  if (!m) return false;
  const unit = removeLayoutSpaces(m[1]!);
  if (!isAgencyLike(unit) && state.agencies.canonical(unit) === null) return false;
  const bodyAt = at + m[0].length;
  const before = beforeDutyList(state, bi);
  const underDuties = before !== null && before.heading && DUTY_HEADING.test(removeLayoutSpaces(foldedOf(before)));
  if (!DUTY_START.test(b.text.slice(bodyAt)) && !underDuties) return false;
  if (!b.labeled && !underDuties) return false;
  const body = spanOf(b, bodyAt, b.text.length);
  if (!body) return false;
  // A short item is read as a heading, so a line broken after it was not joined to it: join it here.
  const rest = b.heading && !PARAGRAPH_END_CODES.has(b.text.charCodeAt(b.text.length - 1)) ? state.blocks[bi + 1] : undefined;
  const runOn = rest && !rest.labeled && !rest.heading && !rest.field && !rest.markers.length ? rest : null;
  const span = runOn ? joinSpans([body, spanOf(runOn, 0, runOn.text.length)!]) ?? body : body;
  const resp = { leads: [unit], cooperators: [] };
  const lines = { start: b.lineNumbers[0]!, end: span.endLine, marker: b.lineNumbers[0]! };
  const task = makeTask(span.text, resp, deadlineOf(null, span.text, state.year), lines, state.agencies);
  state.tasks.push(task);
  state.last = { task, block: bi };
  state.dutyItems.add(bi);
  const marker = { ...resp, deadlineText: null, explicit: true };
  b.markers.push({ start: 0, end: b.text.length, resp: marker, unclosed: false });
  if (runOn) {
    state.dutyItems.add(bi + 1);
    runOn.markers.push({ start: 0, end: runOn.text.length, resp: marker, unclosed: false });
  }
  return true;
}

/** The tasks of the markers of block `bi`. */
function markerTasks(state: TaskState, bi: number): void {
  const { blocks, year, agencies } = state;
  const b = blocks[bi]!;
  let prevEnd = 0;
  let prevSpan: Span | null = null;
  for (let mi = 0; mi < b.markers.length; mi++) {
    const m = b.markers[mi]!;
    let span = spanOf(b, prevEnd, m.start);
    if (!span) span = prevEnd === 0 ? textBefore(blocks, bi) : prevSpan;
    else if (prevEnd === 0 && !b.labeled) {
      // The item began in the paragraphs before (a page break after a full stop).
      span = joinSpans([textBefore(blocks, bi, false), span].filter((x): x is Span => x !== null));
    }
    const markerLine = lineAt(b, m.start);
    if (m.unclosed) {
      state.warnings.push({ code: 'task-marker-unclosed', message: 'responsibility marker without a closing bracket', line: markerLine });
    }
    if (span && !QUOTED_DRAFT.test(span.text)) {
      const lines = { start: Math.min(span.startLine, markerLine), end: lineAt(b, m.end - 1), marker: markerLine };
      const task = makeTask(span.text, m.resp, deadlineOf(m.resp.deadlineText, span.text, year), lines, agencies);
      state.tasks.push(task);
      state.last = { task, block: bi };
    }
    prevEnd = m.end;
    prevSpan = span;
  }
}
