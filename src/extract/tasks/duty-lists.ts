/**
 * Form: 责任分工 lists — `1.区财政局：负责…` (a unit, a colon and a duty), or any unit and colon
 * under a heading about 分工/职责: the unit leads the duties after the colon (one task per item).
 * Tests: test/forms-tasks.test.ts (责任分工 list).
 */
import { removeLayoutSpaces } from '../../core/text.js';
import { isAgencyLike } from '../agencies.js';
import { PARAGRAPH_END_CODES, PRINTED_OUTLINE, firstLineOf, foldedOf, type Block } from './blocks.js';
import { DUTY_START } from './fields.js';
import { makeTask } from './make-task.js';
import { joinSpans, spanOf, textSpanOf } from './spans.js';
import type { TaskState } from './state.js';
import { deadlineOf } from './task-deadlines.js';

/** 1.区财政局：负责… — a unit and a colon opening an item (the printed text after the label). */
const UNIT_AND_COLON = /^\s*([^：:，,。；;、]{2,40}?)\s*[:：]/;
const COLON = /[:：]/;
/** A heading over a list of units and their duties (四、责任分工 / 部门职责). */
const DUTY_HEADING = /分工|职责/;

/** Does block `bi` stand under a heading about the division of duties (四、责任分工)? */
function underDutyHeading(state: TaskState, bi: number): boolean {
  const before = beforeDutyList(state, bi);
  return before !== null && before.heading && DUTY_HEADING.test(removeLayoutSpaces(foldedOf(before)));
}

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
export function dutyListTask(state: TaskState, bi: number): boolean {
  const b = state.blocks[bi]!;
  // Most blocks hold no colon at all: one search answers them before the label is read.
  if (!COLON.test(b.text)) return false;
  const label = b.labeled ? PRINTED_OUTLINE.exec(b.text) : null;
  const at = label ? label[0].length : 0;
  const m = UNIT_AND_COLON.exec(b.text.slice(at));
  if (!m) return false;
  const bodyAt = at + m[0].length;
  // The layout is tested before the unit, which costs more (the agency table's rules).
  if (!(b.labeled && DUTY_START.test(b.text.slice(bodyAt))) && !underDutyHeading(state, bi)) return false;
  const unit = removeLayoutSpaces(m[1]!);
  if (!isAgencyLike(unit) && state.agencies.canonical(unit) === null) return false;
  const body = spanOf(b, bodyAt, b.text.length);
  if (!body) return false;
  // A short item is read as a heading, so a line broken after it was not joined to it: join it here.
  const rest = b.heading && !PARAGRAPH_END_CODES.has(b.text.charCodeAt(b.text.length - 1)) ? state.blocks[bi + 1] : undefined;
  const runOn = rest && !rest.labeled && !rest.heading && !rest.field && !rest.markers.length ? rest : null;
  const span = runOn ? joinSpans([body, spanOf(runOn, 0, runOn.text.length)!]) ?? body : body;
  const resp = { leads: [unit], cooperators: [] };
  const lines = { start: firstLineOf(b), end: span.endLine, marker: firstLineOf(b), span: textSpanOf(span) };
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
