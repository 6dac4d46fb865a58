/** A Task from its text, roles, deadline and lines; the year deadlines are read in. */
import { removeLayoutSpaces } from '../../core/text.js';
import type { ExtractContext, Task, TextSpan } from '../../model.js';
import { AgencyTable } from '../agencies.js';
import type { ParsedDeadline } from '../deadlines.js';


export function contextYear(ctx: ExtractContext): number | null {
  const y = ctx.date ? Number(ctx.date.slice(0, 4)) : NaN;
  return Number.isFinite(y) ? y : ctx.issueYear;
}

export function makeTask(
  text: string,
  resp: { leads: string[]; cooperators: string[] },
  deadline: ParsedDeadline,
  lines: { start: number; end: number; marker: number; span?: TextSpan | undefined },
  agencies: AgencyTable,
): Task {
  const task: Task = {
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
  // Set after: a spread in the literal copies the properties in the runtime. (Still the last key.)
  if (lines.span) task.span = lines.span;
  return task;
}
