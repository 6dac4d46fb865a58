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
 *   over lines
 *
 * Units are split on 、，, ；, on 和/及/与 where they join two units, and on 等 (A等B → A, B);
 * a lead named → every other unit cooperates; only 负责 units → all lead.
 * Deadlines come from the marker, a table column or field, the end of the task sentence
 * (…，2023年底前完成。) or a bracket in the item heading (（2020年1月15日前）).
 * Not tasks: 由X会同有关部门负责解释; 负责人; working groups and compositions (1.热源保障组 /
 * 牵头单位：…); drafting notes quoting the draft (征求意见稿意见：…（X负责）).
 * Text spans: a marker closes the text since the previous marker or the item label; a marker
 * opening a paragraph closes the paragraphs before it (back to the item label or heading).
 */
import type { ExtractContext, SourceLine, Task, Warning } from '../model.js';
import { compareKey, foldWidth, removeLayoutSpaces } from '../core/text.js';
import { AgencyTable, isAgencyLike } from './agencies.js';
import { looksLikeDeadline, parseDeadline, type ParsedDeadline } from './deadlines.js';

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

const FIELD_LABEL = /^(牵头|责任|主责|主办|承办|配合|协同|协办|参与|协助)(?:单位|部门|县区|企业)?\s*[:：]/;
const DEADLINE_LABEL = /^(?:完成时限|完成时间|完成期限|时间节点|时限要求|时限|进度安排)\s*[:：]/;
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

function roleOfWord(word: string): Role {
  if (/牵头/.test(word)) return 'lead';
  if (/配合|协助|协同|参与|协办/.test(word)) return 'coop';
  return 'resp';
}

/** Split `s` at depth-0 occurrences of any character of `seps`; returns [start, end) ranges. */
function splitTop(s: string, seps: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (OPENERS.includes(ch) || ch === '（') depth++;
    else if (CLOSERS.includes(ch) || ch === '）') depth = Math.max(0, depth - 1);
    else if (depth === 0 && seps.includes(ch)) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  out.push([start, s.length]);
  return out;
}

function trimPunct(s: string): string {
  return s.replace(/^[\s\u3000，,。；;、：:]+|[\s\u3000，,。；;、：:]+$/g, '');
}

/** Clean one unit name: no layout spaces, no stray joiners, an OCR-doubled final 局局 collapsed. */
function cleanUnit(u: string): string {
  return removeLayoutSpaces(u)
    .replace(/^[由和及与、，,]+|[、，,等]+$/g, '')
    .replace(/(?:按照?(?:各自)?职责(?:分工)?|分别|共同|具体)+$/, '')
    .replace(/(局|委|办|府|队|会)\1$/, '$1')
    .trim();
}

/**
 * Split a printed list of units: on 、，,；; (outside brackets), on 和/及/与/以及 where they join
 * two units, and on 等 (A等B → A, B). Generic leftovers (部门, 单位) are dropped.
 */
export function splitResponsibleUnits(text: string): string[] {
  const folded = foldWidth(text);
  const out: string[] = [];
  for (const [a, b] of splitTop(folded, '、,;/')) {
    for (const piece of splitJoined(text.slice(a, b), folded.slice(a, b))) {
      const u = cleanUnit(piece);
      if (u && !GENERIC_UNIT.test(u)) out.push(u);
    }
  }
  return out;
}

/** Split on 和/及/与/以及/等 at depth 0 where the left part reads as a unit (or the right starts one). */
function splitJoined(printed: string, folded: string): string[] {
  let depth = 0;
  for (let i = 1; i < folded.length - 1; i++) {
    const ch = folded[i]!;
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth !== 0) continue;
    const two = folded.slice(i, i + 2);
    const len = two === '以及' ? 2 : '和及与等'.includes(ch) ? 1 : 0;
    if (!len) continue;
    const left = folded.slice(0, i);
    const right = folded.slice(i + len);
    const leftUnit = isAgencyLike(left);
    if (ch === '等' ? leftUnit : leftUnit || (COLLECTIVE_START.test(right) && left.length >= 2)) {
      return [printed.slice(0, i), ...splitJoined(printed.slice(i + len), right)];
    }
  }
  return [printed];
}

/** The units of a 由…牵头 / 牵头单位：… body. */
function unitsOfLabelBody(body: string): string[] {
  const by = [...body.matchAll(/由([^由]+?)(?:按职责)?(?:牵头|负责)/g)];
  if (by.length) return by.flatMap((m) => splitResponsibleUnits(m[1]!));
  const stripped = body.replace(
    /(?:按照?(?:各自)?职责(?:分工)?|分别|共同)?(?:牵头|配合|协助|协同|参与|负责|落实|实施)+$/,
    '',
  );
  return splitResponsibleUnits(stripped);
}

/** The part of a unit list after the last 由 (城镇污水处理厂扩容由市城市管理局 → 市城市管理局). */
function afterLastBy(s: string): string {
  let depth = 0;
  let at = -1;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (OPENERS.includes(ch) || ch === '（') depth++;
    else if (CLOSERS.includes(ch) || ch === '）') depth = Math.max(0, depth - 1);
    else if (depth === 0 && ch === '由') at = i;
  }
  return at >= 0 ? s.slice(at + 1) : s;
}

/** A clause that only states a deadline (2023 年底前完成, 长期坚持). */
function isDeadlineClause(clause: string): boolean {
  if (!looksLikeDeadline(clause)) return false;
  const beforeVerb = clause.split(/牵头|配合|负责|协助/)[0]!;
  return !splitResponsibleUnits(beforeVerb).some((u) => isAgencyLike(u) && !/\d|年|月/.test(u));
}

/** Role groups of one clause with role verbs; null when the clause has none. */
function verbGroups(clause: string): { groups: RoleGroup[]; reject: boolean } | null {
  const groups: RoleGroup[] = [];
  let pos = 0;
  let partners = false;
  let found = false;
  const re = new RegExp(ROLE_VERB.source, 'g');
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
  const content = text.replace(EMBEDDED_LABEL, '；');
  const folded = foldWidth(content);
  let pending: string[] = [];
  let labelRole: Role | null = null;
  let deadlineSpan: [number, number] | null = null;
  const sentences = splitTop(folded, '。');
  sentences.forEach(([sa, sb], si) => {
    const sentence = folded.slice(sa, sb);
    const lead = trimPunct(sentence);
    if (!lead) return;
    if (si > 0 && !FIELD_LABEL.test(lead) && !DEADLINE_LABEL.test(lead)) {
      // Later sentences only add a deadline (…配合。2022 年 6 月底前完成。), never units.
      if (!result.deadlineText && isDeadlineClause(lead)) result.deadlineText = trimPunct(content.slice(sa, sb));
      return;
    }
    for (const [ca, cb] of splitTop(sentence, ',;；，')) {
      const clause = trimPunct(sentence.slice(ca, cb));
      const printed = trimPunct(content.slice(sa + ca, sa + cb));
      if (!clause) continue;
      const dl = DEADLINE_LABEL.exec(clause);
      if (dl) {
        result.deadlineText = trimPunct(printed.slice(dl[0].length));
        result.explicit = true;
        continue;
      }
      const label = FIELD_LABEL.exec(clause);
      if (label) {
        labelRole = roleOfWord(label[1]!);
        if (labelRole === 'resp') labelRole = 'bare';
        result.explicit = true;
        const units = unitsOfLabelBody(printed.slice(label[0].length));
        if (units.length) result.groups.push({ role: labelRole, units });
        continue;
      }
      if (isDeadlineClause(clause)) {
        // 2023年完成30%，2024年…，2025年底前…: consecutive clauses make one deadline text.
        deadlineSpan = deadlineSpan ? [deadlineSpan[0], sa + cb] : [sa + ca, sa + cb];
        continue;
      }
      const verbs = verbGroups(printed);
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
      const units = splitResponsibleUnits(afterLastBy(printed));
      if (labelRole) result.groups.push({ role: labelRole, units });
      else pending.push(...units);
    }
  });
  if (pending.length) result.groups.push({ role: bareRole, units: pending });
  if (deadlineSpan && !result.deadlineText) result.deadlineText = trimPunct(content.slice(deadlineSpan[0], deadlineSpan[1]));
  return result;
}

/** Leads and cooperators from role groups: a named lead makes every other unit a cooperator. */
function assemble(groups: RoleGroup[], leadFirst: boolean): { leads: string[]; cooperators: string[] } {
  const seen = new Set<string>();
  const ordered: Array<{ unit: string; role: Role }> = [];
  for (const g of groups) {
    for (const printed of g.units) {
      const own = UNIT_ROLE.exec(printed);
      const unit = own ? printed.slice(0, own.index) : printed;
      const k = compareKey(unit);
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

/** Is the document's convention that the first listed unit leads (排在第一位的为牵头单位)? */
export function statesLeadFirst(lines: SourceLine[]): boolean {
  const text = removeLayoutSpaces(foldWidth(lines.map((l) => l.text).join('')));
  return (
    /(?:排|列|居|位)(?:在|于)?(?:第一位|第一个|第一|首位)[的者]?(?:单位|部门)?(?:为|是)牵头/.test(text) ||
    /(?:第一个|首个|排名第一)[的者]?(?:单位|部门)?(?:为|是)牵头/.test(text)
  );
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
  text: string;
  folded: string;
  lineOf: number[];
  heading: boolean;
  /** Starts with an outline label (一、 （一） 1. 第X条). */
  labeled: boolean;
  /** Starts with a field label (牵头单位：). */
  field: boolean;
  markers: Marker[];
  /** Open brackets at the end of the block, and where the outermost one opened. */
  depth: number;
  openedAt: number;
  /** The last characters of `folded` (kept apart: slicing a growing string costs its length). */
  tail: string;
}

const OUTLINE =
  /^(?:第[一二三四五六七八九十百零〇\d]+[章节条]|[一二三四五六七八九十]+[、.．]|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,3}(?:\.\d{1,2})*\s*[、.．](?!\d)|[①-⑳])/;

function startsItem(t: string): boolean {
  const f = removeLayoutSpaces(foldWidth(t));
  return OUTLINE.test(f) || FIELD_LABEL.test(f) || DEADLINE_LABEL.test(f) || /^附件[:：\d一二三四五六七八九十]/.test(f);
}

/** 三、重点任务 / （一）组织领导。 / 1.热源保障组 — a short labeled line that is not a sentence. */
function isHeadingLine(t: string): boolean {
  const f = removeLayoutSpaces(foldWidth(t));
  const body = f.replace(/。$/, '');
  if (!OUTLINE.test(f) || body.length > 40 || /[。；;]/.test(body)) return false;
  return !(f.endsWith('。') && /[，,]/.test(body));
}

/** Bracket depth of a block as lines are added, and where its outermost open bracket started. */
function trackDepth(block: Block, added: string): void {
  for (let i = 0; i < added.length; i++) {
    const ch = added[i]!;
    if (OPENERS.includes(ch)) {
      if (block.depth === 0) block.openedAt = block.folded.length - added.length + i;
      block.depth++;
    } else if (CLOSERS.includes(ch)) block.depth = Math.max(0, block.depth - 1);
  }
}

/** Inside an open bracket (opened within the last 200 characters: older ones are OCR debris). */
function insideBracket(block: Block): boolean {
  return block.depth > 0 && block.folded.length - block.openedAt <= 200;
}

function buildBlocks(lines: SourceLine[], skip: Set<number>): Block[] {
  const blocks: Block[] = [];
  let cur: Block | null = null;
  let blank = false;
  const flush = () => {
    if (cur) blocks.push(cur);
    cur = null;
  };
  for (const l of lines) {
    const t = l.text.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
    if (skip.has(l.line) || t.includes('\t')) {
      flush();
      blank = false;
      continue;
    }
    if (!t) {
      blank = true;
      continue;
    }
    if (cur && continues(cur, t, blank)) {
      const c: Block = cur;
      c.text += t;
      c.folded += foldWidth(t);
      for (let i = 0; i < t.length; i++) c.lineOf.push(l.line);
      c.heading = false;
      c.tail = (c.tail + foldWidth(t)).slice(-8);
      trackDepth(c, foldWidth(t));
    } else {
      flush();
      const f = removeLayoutSpaces(foldWidth(t));
      const c: Block = {
        text: t,
        folded: foldWidth(t),
        lineOf: Array.from({ length: t.length }, () => l.line),
        heading: isHeadingLine(t),
        labeled: OUTLINE.test(f),
        field: FIELD_LABEL.test(f) || DEADLINE_LABEL.test(f),
        markers: [],
        depth: 0,
        openedAt: -1,
        tail: foldWidth(t).slice(-8),
      };
      trackDepth(c, c.folded);
      cur = c;
    }
    blank = false;
  }
  flush();
  return blocks;
}

/** Does line `t` continue the block (a sentence broken by a page break or a hard wrap)? */
function continues(cur: Block, t: string, blank: boolean): boolean {
  if (insideBracket(cur)) return true;
  if (startsItem(t) || cur.heading) return false;
  const tail = cur.tail.replace(/\s+$/, '');
  const last = tail.slice(-1);
  if (/[。！？!?；;：:]/.test(last)) return false;
  if (CLOSERS.includes(last) && blank) {
    // A short bracket such as 各县（区） ends a name broken by the page, not a paragraph.
    const open = Math.max(...[...OPENERS].map((o) => tail.lastIndexOf(o)));
    return open >= 0 && tail.length - open - 2 <= 4;
  }
  return true;
}

/** Top-level bracket groups of a folded string: [open, close] (close = length when unclosed). */
function bracketGroups(f: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let open = -1;
  for (let i = 0; i < f.length; i++) {
    const ch = f[i]!;
    if (OPENERS.includes(ch)) {
      if (depth === 0) open = i;
      depth++;
    } else if (CLOSERS.includes(ch) && depth > 0) {
      depth--;
      if (depth === 0) out.push([open, i]);
    }
  }
  if (depth > 0 && open >= 0) out.push([open, f.length]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Finding markers in blocks

/** Is the unit list credible as an assignment: names that read as units (or are known agencies)? */
function credibleUnits(units: string[], agencies: AgencyTable, bare: boolean): boolean {
  if (!units.length || units.some((u) => u.length > 40 || /[。：:《》“”]/.test(u))) return false;
  const known = units.filter((u) => isAgencyLike(u) || agencies.canonical(u) !== null).length;
  return bare ? units.length >= 2 && known * 3 >= units.length * 2 : known >= 1;
}

const INLINE_LEAD =
  /(?:^|[。；;，,:：])\s*由?([^。；;，,:：()〔〕【】\[\]]{2,80}?(?:\([^()]*\)[^。；;，,:：()〔〕【】\[\]]*?)*)(?:按职责)?(?:分别)?牵头[,，]\s*([^。；;，,]{2,200}?)(?:配合|协助|协同)(?:实施|落实)?(?=[，,。；;]|$)/dg;

/** Longer brackets are text, not a list of units (and would cost quadratic time on OCR debris). */
const MAX_MARKER_LENGTH = 600;

/** 征求意见稿意见：… — a drafting note quoting the draft, not an assignment of its own. */
const QUOTED_DRAFT = /(?:征求意见稿|原文|修改前|修改后|修改意见|原条款)[^:：。]{0,6}[:：]/;

function findMarkers(block: Block, agencies: AgencyTable, leadFirst: boolean): void {
  const f = block.folded;
  const groups = bracketGroups(f);
  for (const [open, close] of groups) {
    if (close - open > MAX_MARKER_LENGTH) continue;
    const content = block.text.slice(open + 1, close);
    const r = parseRoles(content);
    if (r.reject) continue;
    const { leads, cooperators } = assemble(r.groups, leadFirst);
    if (!leads.length) continue;
    const all = [...leads, ...cooperators];
    if (!credibleUnits(all, agencies, !r.explicit)) continue;
    if (!r.explicit) {
      const before = f.slice(0, open).replace(/\s+$/, '');
      if (before && !/[。；;!?！？]$/.test(before)) continue;
    }
    block.markers.push({
      start: open,
      end: Math.min(close + 1, f.length),
      resp: { leads, cooperators, deadlineText: r.deadlineText, explicit: r.explicit },
      unclosed: close >= f.length,
    });
  }
  const inside = (i: number) => groups.some(([a, b]) => i >= a && i <= b);
  for (const m of f.matchAll(INLINE_LEAD)) {
    const [leadStart, leadEnd] = m.indices![1]!;
    const [coopStart, coopEnd] = m.indices![2]!;
    if (inside(leadStart)) continue;
    // 联席会议由X牵头 → X
    const leads = splitResponsibleUnits(afterLastBy(block.text.slice(leadStart, leadEnd)));
    const cooperators = splitResponsibleUnits(block.text.slice(coopStart, coopEnd));
    const units = [...leads, ...cooperators];
    if (!leads.length || !cooperators.length || !units.every((u) => isAgencyLike(u))) continue;
    const end = m.index! + m[0].length;
    const sentenceEnd = f.slice(end).search(/[。；;]/);
    block.markers.push({
      start: leadStart,
      end: sentenceEnd >= 0 ? end + sentenceEnd + 1 : f.length,
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
  while (s < e && /[\s\u3000。，,；;、：:)）〕]/.test(block.folded[s]!)) s++;
  while (e > s && /[\s\u3000]/.test(block.folded[e - 1]!)) e--;
  if (s >= e) return null;
  return { text: block.text.slice(s, e), startLine: block.lineOf[s]!, endLine: block.lineOf[e - 1]! };
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
  const title = removeLayoutSpaces(folded).replace(OUTLINE, '').replace(/。$/, '');
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
      if (withHeading && whole && (parts.length || isTaskTitle(b.folded))) parts.unshift(whole);
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

/** …，2023年底前完成。 — the deadline clause that ends a task sentence. */
function endOfTextDeadline(text: string): string | null {
  const f = foldWidth(text).replace(/[。；;\s]+$/, '');
  const last = f.split(/[，,；;。]/).pop() ?? '';
  const s = removeLayoutSpaces(last);
  if (s.length > 24 || !END_DEADLINE_START.test(s) || !END_DEADLINE_VERB.test(s) || !looksLikeDeadline(s)) return null;
  return text.slice(f.length - last.length, f.length);
}

/** （2020年1月15日前） in an item heading: a bracket holding only a due date or period. */
function headingDeadline(text: string): string | null {
  const head = text.slice(0, 80);
  for (const [a, b] of bracketGroups(foldWidth(head))) {
    const inner = removeLayoutSpaces(foldWidth(head.slice(a + 1, b)));
    if (/^[0-9零〇一二三四五六七八九十年月日底前末上下半季度第—–\-~至到止]+$/.test(inner) && /前|底|末|日/.test(inner)) {
      return head.slice(a + 1, b);
    }
  }
  return null;
}

function deadlineOf(markerText: string | null, taskText: string, year: number | null): ParsedDeadline {
  for (const candidate of [markerText, endOfTextDeadline(taskText), headingDeadline(taskText)]) {
    if (!candidate) continue;
    const d = parseDeadline(candidate, year);
    if (d.deadlineText) return d;
  }
  return { deadline: null, deadlineText: null, recurrence: null, milestones: [] };
}

// ---------------------------------------------------------------------------------------------
// Task tables

type Column = 'seq' | 'content' | 'deadline' | Role;

function columnOf(cell: string): Column | null {
  const c = removeLayoutSpaces(foldWidth(cell));
  if (!c) return null;
  if (/^(?:序号|编号|序)$/.test(c)) return 'seq';
  if (/(?:牵头|配合|协办|协同|参与|责任|主责|承办|主办)(?:单位|部门|处室|科室|县区)/.test(c)) {
    if (/牵头/.test(c)) return 'lead';
    if (/配合|协办|协同|参与/.test(c)) return 'coop';
    return 'bare';
  }
  if (/时限|时间|期限|节点|进度/.test(c)) return 'deadline';
  if (/任务|内容|事项|措施|工作|项目|举措|要求|目标/.test(c)) return 'content';
  return null;
}

function taskHeader(cells: string[]): Array<Column | null> | null {
  const cols = cells.map(columnOf);
  const has = (k: Column) => cols.includes(k);
  return has('content') && (has('lead') || has('bare')) ? cols : null;
}

/** The cells of a table line: tab-separated, or a markdown pipe row. */
function tableCells(l: SourceLine): string[] | null {
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
  lines: number[];
}

/** Task tables of the document; the lines they use are added to `used`. */
function findTables(lines: SourceLine[], agencies: AgencyTable, used: Set<number>): TableTask[] {
  const out: TableTask[] = [];
  for (let i = 0; i < lines.length; i++) {
    const headCells = tableCells(lines[i]!);
    const cols = headCells && taskHeader(headCells);
    if (!cols) continue;
    const rows: Row[] = [];
    let j = i + 1;
    let last = i;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      const t = l.text.trim();
      if (!t || isPageFurniture(t)) continue;
      const cells = tableCells(l);
      if (cells) {
        if (taskHeader(cells)) {
          last = j;
          continue; // header repeated after a page break
        }
        const aligned = align(cells, cols, agencies);
        const seq = cols.indexOf('seq');
        const content = cols.indexOf('content');
        const hasUnits = cols.some((c, k) => (c === 'lead' || c === 'bare' || c === 'coop') && Boolean(aligned[k]));
        // A row starts at a number; without one, at a task with its units (else it continues the last).
        const complete = Boolean(aligned[content]) && hasUnits;
        const newRow = seq >= 0 ? Boolean(aligned[seq]) || complete : complete;
        if (newRow || !rows.length) rows.push({ cells: aligned, lines: [l.line] });
        else {
          const prev = rows[rows.length - 1]!;
          prev.cells = prev.cells.map((c, k) => c + (aligned[k] ?? ''));
          prev.lines.push(l.line);
        }
        last = j;
        continue;
      }
      // A row broken over lines: a short piece without tabs continues the previous row.
      if (rows.length && t.length <= 40 && !startsItem(t) && !/。$/.test(t)) {
        const prev = rows[rows.length - 1]!;
        const kind = cellKind(t, agencies);
        const byKind = (kinds: Column[]) => {
          for (let k = cols.length - 1; k >= 0; k--) if (kinds.includes(cols[k] as Column) && prev.cells[k]) return k;
          return cols.findIndex((c) => c !== null && kinds.includes(c));
        };
        let k = kind === 'bare' ? byKind(['coop', 'bare', 'lead']) : kind === 'deadline' ? byKind(['deadline']) : -1;
        if (k < 0) k = cols.indexOf('content');
        if (k >= 0) prev.cells[k] = (prev.cells[k] ?? '') + t;
        prev.lines.push(l.line);
        last = j;
        continue;
      }
      break;
    }
    for (let k = i; k <= last; k++) used.add(lines[k]!.line);
    for (const r of rows) out.push({ cells: r.cells, cols, lines: r.lines });
    i = last;
  }
  return out;
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
    row.cols.forEach((col, k) => {
      const cell = row.cells[k] ?? '';
      if (!cell || !col || col === 'seq') return;
      if (col === 'content') texts.push(cell);
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
    tasks.push(makeTask(text, resp, deadlineOf(deadlineCell, text, year), lines, agencies));
  }
  return tasks;
}

/**
 * One Task per responsibility marker of the document. `agencies` maps units to canonical names;
 * it learns the document's 以下简称 definitions and records the agencies the tasks name.
 */
export function extractTasks(ctx: ExtractContext, agencies: AgencyTable): { tasks: Task[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  agencies.learnFromText([ctx.title, ...ctx.lines]);
  const year = contextYear(ctx);
  const leadFirst = statesLeadFirst(ctx.lines);

  const used = new Set<number>();
  const tasks = tableTasks(findTables(ctx.lines, agencies, used), leadFirst, year, agencies);
  const blocks = buildBlocks(ctx.lines, used);
  for (const b of blocks) if (!b.field) findMarkers(b, agencies, leadFirst);

  let last: { task: Task; block: number } | null = null;
  for (let bi = 0; bi < blocks.length; bi++) {
    const b = blocks[bi]!;
    if (b.field) {
      // 牵头单位：/配合单位：/责任单位：/完成时限： lines after the task text form one marker.
      let bj = bi;
      while (bj + 1 < blocks.length && blocks[bj + 1]!.field) bj++;
      const group = blocks.slice(bi, bj + 1);
      const r = parseRoles(group.map((g) => g.text.split(/。/)[0]).join('；'));
      const resp = assemble(r.groups, leadFirst);
      const span = textBefore(blocks, bi);
      if (span && resp.leads.length && credibleUnits([...resp.leads, ...resp.cooperators], agencies, false)) {
        const lines = { start: span.startLine, end: group[group.length - 1]!.lineOf.at(-1)!, marker: b.lineOf[0]! };
        const task = makeTask(span.text, resp, deadlineOf(r.deadlineText, span.text, year), lines, agencies);
        tasks.push(task);
        last = { task, block: bj };
        const marker = { ...resp, deadlineText: r.deadlineText, explicit: true };
        b.markers.push({ start: 0, end: b.text.length, resp: marker, unclosed: false });
      } else if (!resp.leads.length && r.deadlineText && last && last.block === bi - 1 && !last.task.deadlineText) {
        // 完成时限： alone under a task whose marker named no date.
        Object.assign(last.task, deadlineOf(r.deadlineText, '', year));
      }
      bi = bj;
      continue;
    }
    let prevEnd = 0;
    let prevSpan: Span | null = null;
    for (const m of b.markers) {
      let span = spanOf(b, prevEnd, m.start);
      if (!span) span = prevEnd === 0 ? textBefore(blocks, bi) : prevSpan;
      else if (prevEnd === 0 && !b.labeled) {
        // The item began in the paragraphs before (a page break after a full stop).
        span = joinSpans([textBefore(blocks, bi, false), span].filter((x): x is Span => x !== null));
      }
      const markerLine = b.lineOf[m.start]!;
      if (m.unclosed) {
        warnings.push({ code: 'task-marker-unclosed', message: 'responsibility marker without a closing bracket', line: markerLine });
      }
      if (span && !QUOTED_DRAFT.test(foldWidth(span.text))) {
        const lines = { start: Math.min(span.startLine, markerLine), end: b.lineOf[m.end - 1]!, marker: markerLine };
        const task = makeTask(span.text, m.resp, deadlineOf(m.resp.deadlineText, span.text, year), lines, agencies);
        tasks.push(task);
        last = { task, block: bi };
      }
      prevEnd = m.end;
      prevSpan = span;
    }
  }
  tasks.sort((a, b) => a.line - b.line || a.startLine - b.startLine);
  return { tasks, warnings };
}
