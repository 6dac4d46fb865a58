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
    ...(lines.span ? { span: lines.span } : {}),
  };
}
