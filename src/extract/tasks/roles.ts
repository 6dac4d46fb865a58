/**
 * Roles and units: the grammar of a marker's content — role words (牵头, 配合, 协助, 负责, 会同 …),
 * field labels (牵头单位：), deadline labels (完成时限：), and unit lists split on 、，；/ 和及与 等.
 * A named lead makes every other unit a cooperator; only 负责 units → all lead.
 * Tests: test/tasks-units.test.ts.
 */
import { compareKey, foldWidth, removeLayoutSpaces } from '../../core/text.js';
import { isAgencyLike } from '../agencies.js';
import { looksLikeDeadline } from '../deadlines.js';
import { codeSet } from './chars.js';


export type Role = 'lead' | 'coop' | 'resp' | 'bare';

export interface RoleGroup {
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

export const OPENERS = '(〔[【';
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

export function roleOfWord(word: string): Role {
  if (word.includes('牵头')) return 'lead';
  if (COOPERATION_WORDS.some((w) => word.includes(w))) return 'coop';
  return 'resp';
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
export const PRINTED_OPENING_CODES = codeSet(PRINTED_OPENING);
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
  // (matchAll makes a regex and an iterator: only for a body holding 由)
  const by = body.includes('由') ? [...body.matchAll(/由([^由]+?)(?:按职责)?(?:牵头|负责)/g)] : [];
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
export function afterLastBy(s: string): string {
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

const DEADLINE_CLAUSE_VERB = /牵头|配合|负责|协助/;

/** A clause that only states a deadline (2023 年底前完成, 长期坚持). */
function isDeadlineClause(printed: string): boolean {
  if (!looksLikeDeadline(printed)) return false;
  // What split(…)[0] gives, without the regex split makes for every call.
  const folded = foldWidth(printed);
  const verb = folded.search(DEADLINE_CLAUSE_VERB);
  const beforeVerb = verb >= 0 ? folded.slice(0, verb) : folded;
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
export function parseRoles(text: string, bareRole: Role = 'bare'): RoleParse {
  // (groups made apart: an array literal inside the literal is copied in the runtime)
  const groups: RoleGroup[] = [];
  const result: RoleParse = { groups, deadlineText: null, explicit: false, reject: false };
  // 牵头单位：X 配合单位：Y (fields run together on one line) → 牵头单位：X；配合单位：Y
  // (every label ends in a colon: without one the pattern has nothing to find)
  const content = /[:：]/.test(text) ? text.replace(EMBEDDED_LABEL, '；') : text;
  // The content is read as printed: the splits and trims take both widths, the labels CJK words
  // and [:：], and what needs folded text folds it.
  let pending: string[] = [];
  let labelRole: Role | null = null;
  let deadlineSpan: [number, number] | null = null;
  const sentences = splitTop(content, SENTENCE_BREAKS);
  // An indexed loop: a callback destructuring each range would step an iterator per sentence.
  sentenceLoop: for (let si = 0; si < sentences.length; si++) {
    const sa = sentences[si]![0];
    const sb = sentences[si]![1];
    const sentence = content.slice(sa, sb);
    const lead = trimPunct(sentence);
    if (!lead) continue;
    if (si > 0 && !FIELD_LABEL.test(lead) && !DEADLINE_LABEL.test(lead)) {
      // Later sentences only add a deadline (…配合。2022 年 6 月底前完成。), never units.
      if (!result.deadlineText && isDeadlineClause(lead)) result.deadlineText = trimPunct(content.slice(sa, sb));
      continue;
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
        continue sentenceLoop;
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
  }
  if (pending.length) result.groups.push({ role: bareRole, units: pending });
  if (deadlineSpan && !result.deadlineText) result.deadlineText = trimPunct(content.slice(deadlineSpan[0], deadlineSpan[1]));
  return result;
}

/** Leads and cooperators from role groups: a named lead makes every other unit a cooperator. */
export function assemble(groups: RoleGroup[], leadFirst: boolean): { leads: string[]; cooperators: string[] } {
  // Indexed loops over two parallel arrays: a callback and an object a unit cost more than the
  // tests (this runs for every marker).
  const seen = new Set<string>();
  const units: string[] = [];
  const roles: Role[] = [];
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi]!;
    for (let ui = 0; ui < g.units.length; ui++) {
      const printed = g.units[ui]!;
      const end = printed.charCodeAt(printed.length - 1);
      const own = end === 0x29 || end === 0xff09 ? UNIT_ROLE.exec(printed) : null; // ends in ) or ）
      const unit = own ? printed.slice(0, own.index) : printed;
      const k = compareKey(unit); // its own fast path answers names it leaves alone
      if (!unit || seen.has(k)) continue;
      seen.add(k);
      units.push(unit);
      roles.push(own ? roleOfWord(own[1]!) : g.role);
    }
  }
  const hasLead = roles.includes('lead');
  let leads: string[] = [];
  for (let i = 0; i < units.length; i++) if (hasLead ? roles[i] === 'lead' : roles[i] !== 'coop') leads.push(units[i]!);
  let cooperators: string[] = [];
  for (let i = 0; i < units.length; i++) if (!leads.includes(units[i]!)) cooperators.push(units[i]!);
  if (leadFirst && !hasLead && leads.length > 1) {
    const first = leads[0]!;
    leads = [first];
    cooperators = [];
    for (let i = 0; i < units.length; i++) if (units[i] !== first) cooperators.push(units[i]!);
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
