/**
 * Forms: field lines after the task text — 牵头单位：/配合单位：/责任单位：/完成时限： as lines of
 * their own, or run together on one line (fieldTask); a trailing 以下均需X落实，不再列出 clause
 * carrying X to the following items (carriedUnits); 牵头单位：X。负责… whose duties are the task's
 * text (dutiesAfterField). Under a working group's name (1.热源保障组) the fields are no task.
 * Tests: test/tasks-fields.test.ts, test/forms-tasks.test.ts (责任单位 lines, carry-over, 牵头单位
 * paragraphs).
 */
import { printedPattern } from '../../core/grammar/spacing.js';
import { removeLayoutSpaces } from '../../core/text.js';
import { firstLineOf, lastLineOf, type Block } from './blocks.js';
import { makeTask } from './make-task.js';
import { credibleUnits } from './markers.js';
import { assemble, parseRoles, roleOfWord, splitResponsibleUnits, type RoleGroup } from './roles.js';
import { joinSpans, spanOf, textSpanOf, textBefore, type Span } from './spans.js';
import type { TaskState } from './state.js';
import { deadlineOf } from './task-deadlines.js';

/**
 * （以下均需各街道落实，不再列出） / （以下各项均由X配合，下同） closing a field line: the units it names
 * belong to this item and to every following one. Printed text: both widths of the brackets.
 */
const CARRY_OVER =
  /[(（]\s*以\s*下\s*(?:各\s*项\s*)?(?:任\s*务\s*)?[均都皆]\s*(?:[需须要由]\s*)?([^()（）]{2,80}?)\s*(?:共\s*同\s*|具\s*体\s*)?(落\s*实|负\s*责|配\s*合|参\s*与|实\s*施|推\s*进)[^()（）]*?(?:不\s*再\s*(?:一\s*一\s*)?列\s*出|下\s*同)[^()（）]*[)）]/;

/** The field text without its carry-over clause, and the units the clause carries (with their role). */
function carriedUnits(fields: string): { fields: string; group: RoleGroup } | null {
  // The clause starts 以下: most fields hold no 以, and the pattern is costly to compile and run.
  if (!fields.includes('以')) return null;
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

/** A field block's text up to its first 。 (what split(/。/)[0] gave, without a regex split). */
function firstSentence(field: Block): string {
  const stop = field.text.indexOf('。');
  return stop >= 0 ? field.text.slice(0, stop) : field.text;
}

/**
 * 牵头单位：/配合单位：/责任单位：/完成时限： lines after the task text form one marker: the task of
 * the field blocks from `bi`; returns the last of them.
 */
export function fieldTask(state: TaskState, bi: number): number {
  const { blocks, year, agencies } = state;
  const b = blocks[bi]!;
  let bj = bi;
  while (bj + 1 < blocks.length && blocks[bj + 1]!.field) bj++;
  const group = blocks.slice(bi, bj + 1);
  const fields = group.map(firstSentence).join('；');
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
  if (span && resp.leads.length && credibleUnits(resp.leads.concat(resp.cooperators), agencies, false)) {
    const lines = { start: span.startLine, end: lastLineOf(group[group.length - 1]!), marker: firstLineOf(b), span: textSpanOf(span) };
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
export const DUTY_START_CANONICAL = /^(?:主要|具体)?(?:负责|承担|牵头)/;
export const DUTY_START = printedPattern(DUTY_START_CANONICAL);

/** 牵头单位：X。负责组织… — the duties after the field, as the text they close; null without. */
function dutiesAfterField(field: Block): Span | null {
  const stop = field.text.indexOf('。');
  if (stop < 0 || !DUTY_START.test(field.text.slice(stop + 1))) return null;
  return spanOf(field, stop + 1, field.text.length);
}
