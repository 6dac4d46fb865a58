/**
 * Forms: bracketed markers — （X牵头，Y配合）, （责任单位：A、B）, 〔…〕, （X会同Y负责）, （由X牵头…）,
 * （A、B按职责分工负责…）, a bare list of units closing a sentence 。（A、B、C） (bracketMarkers);
 * unbracketed X牵头，Y配合 / X牵头，Y协同实施 (inlineMarkers); each marker closes the text since the
 * previous one or the item label (markerTasks). The marker grammar itself is in roles.ts.
 * Tests: test/tasks-markers.test.ts, test/tasks-not-tasks.test.ts, test/forms-tasks.test.ts
 * (（…负责） naming no lead).
 */
import { AgencyTable, isAgencyLike } from '../agencies.js';
import { groupsOf, lineAt, type Block } from './blocks.js';
import { SENTENCE_END_AT, SPACE_AT, matchesAt } from './chars.js';
import { makeTask } from './make-task.js';
import { afterLastBy, assemble, parseRoles, splitResponsibleUnits, type Responsibility } from './roles.js';
import { joinSpans, spanOf, textSpanOf, textBefore, type Span } from './spans.js';
import type { TaskState } from './state.js';
import { deadlineOf } from './task-deadlines.js';

/** Is the unit list credible as an assignment: names that read as units (or are known agencies)? */
export function credibleUnits(units: string[], agencies: AgencyTable, bare: boolean): boolean {
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

/** What INLINE_LEAD needs: 牵头 before a comma. */
const LEAD_BEFORE_COMMA = /牵头[,，]/;

/**
 * Can the document hold an unbracketed marker (X牵头，Y配合)? `joined` is its joined text (DocText.text,
 * the lines run together without whitespace): a block holding 牵头 before a comma holds them
 * together, so does the joined text. One search for the document spares most blocks a search.
 */
export function mayHoldInlineMarkers(joined: string): boolean {
  return LEAD_BEFORE_COMMA.test(joined);
}

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

/**
 * The markers of a block, in order: its bracketed markers, then the unbracketed ones outside
 * brackets (looked for when `inline`: see mayHoldInlineMarkers).
 */
export function findMarkers(block: Block, agencies: AgencyTable, leadFirst: boolean, inline: boolean): void {
  const groups = groupsOf(block);
  bracketMarkers(block, groups, agencies, leadFirst);
  if (inline) inlineMarkers(block, groups);
  if (block.markers.length > 1) block.markers.sort((a, b) => a.start - b.start);
}

/**
 * （X牵头，Y配合） and the other bracketed forms, and a bare list of units in a bracket opening a
 * sentence (。（A、B、C）): a bracket group that reads as an assignment of credible units.
 */
function bracketMarkers(block: Block, groups: Array<[number, number]>, agencies: AgencyTable, leadFirst: boolean): void {
  const text = block.text;
  for (let gi = 0; gi < groups.length; gi++) {
    const open = groups[gi]![0];
    const close = groups[gi]![1];
    if (close - open > MAX_MARKER_LENGTH) continue;
    const content = text.slice(open + 1, close);
    // Most brackets are no marker (各县（区）, （一）, 〔2020〕): parse only those that can be one.
    // (whether the bracket opens a sentence matters only for a bare list: asked only then)
    const mayBeExplicit = EXPLICIT_WORD.test(content);
    if (!mayBeExplicit && !(SEVERAL_UNITS_CHARACTER.test(content) && opensSentence(text, open))) continue;
    const r = parseRoles(content);
    if (r.reject) continue;
    if (!r.explicit && !opensSentence(text, open)) continue;
    const { leads, cooperators } = assemble(r.groups, leadFirst);
    if (!leads.length) continue;
    if (!credibleUnits(leads.concat(cooperators), agencies, !r.explicit)) continue;
    // (resp is made apart: an object literal inside the literal is copied in the runtime)
    const resp: Responsibility = { leads, cooperators, deadlineText: r.deadlineText, explicit: r.explicit };
    block.markers.push({ start: open, end: Math.min(close + 1, text.length), resp, unclosed: close >= text.length });
  }
}

/** X牵头，Y配合 / X牵头，Y协同实施 outside brackets, every unit agency-like. */
function inlineMarkers(block: Block, groups: Array<[number, number]>): void {
  const text = block.text;
  // The regex tries every clause start; it needs 牵头 before a comma, which most blocks lack.
  if (!LEAD_BEFORE_COMMA.test(text)) return;
  const inside = (i: number) => groups.some(([a, b]) => i >= a && i <= b);
  for (const m of text.matchAll(INLINE_LEAD)) {
    const [leadStart, leadEnd] = m.indices![1]!;
    const [coopStart, coopEnd] = m.indices![2]!;
    if (inside(leadStart)) continue;
    // 联席会议由X牵头 → X
    const leads = splitResponsibleUnits(afterLastBy(block.text.slice(leadStart, leadEnd)));
    const cooperators = splitResponsibleUnits(block.text.slice(coopStart, coopEnd));
    if (!leads.length || !cooperators.length || !leads.every(isAgencyLike) || !cooperators.every(isAgencyLike)) continue;
    const end = m.index! + m[0].length;
    const sentenceEnd = text.slice(end).search(/[。；;]/);
    const resp: Responsibility = { leads, cooperators, deadlineText: null, explicit: true };
    block.markers.push({ start: leadStart, end: sentenceEnd >= 0 ? end + sentenceEnd + 1 : text.length, resp, unclosed: false });
  }
}

/** The tasks of the markers of block `bi`. */
export function markerTasks(state: TaskState, bi: number): void {
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
      const lines = { start: Math.min(span.startLine, markerLine), end: lineAt(b, m.end - 1), marker: markerLine, span: textSpanOf(span) };
      const task = makeTask(span.text, m.resp, deadlineOf(m.resp.deadlineText, span.text, year), lines, agencies);
      state.tasks.push(task);
      state.last = { task, block: bi };
    }
    prevEnd = m.end;
    prevSpan = span;
  }
}
