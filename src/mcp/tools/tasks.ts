/** agency_tasks: an agency's tasks by role, state and due window (the task query of the API and the board). */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { TASK_SORTS, type TaskFilter, type TaskRecord } from '../../store/archive.js';
import { TASK_STATES } from '../../domain/tasks.js';
import { today } from '../../domain/validity.js';
import { isoDateSchema, lineRef, lineRefSchema, type McpContext } from '../evidence.js';
import { ToolInputError, answer } from '../result.js';

export const STATE_HELP =
  'open: deadline more than 30 days after asOf; due: deadline within the next 30 days; overdue: deadline before asOf ' +
  '(says nothing about whether the work was done); no_deadline: no single deadline written.';

export const taskSchema = z.object({
  text: z.string(),
  leads: z.array(z.string()).describe('Lead units as printed'),
  cooperators: z.array(z.string()),
  leadAgencies: z.array(z.string()).describe('Canonical names of the lead units'),
  cooperatorAgencies: z.array(z.string()),
  deadline: z.string().nullable().describe('The last due date, ISO'),
  deadlineText: z.string().nullable().describe('The deadline as printed'),
  recurrence: z.string().nullable(),
  milestones: z.array(z.object({ deadline: z.string().nullable(), text: z.string() })),
  state: z.enum(TASK_STATES).describe(STATE_HELP),
  source: lineRefSchema.extend({ lines: z.object({ first: z.number().int(), last: z.number().int() }).describe('Lines of the task text') }),
});

export function taskOut(ctx: McpContext, t: TaskRecord): z.infer<typeof taskSchema> {
  return {
    text: t.text, leads: t.leads, cooperators: t.cooperators, leadAgencies: t.leadAgencies, cooperatorAgencies: t.cooperatorAgencies,
    deadline: t.deadline, deadlineText: t.deadlineText, recurrence: t.recurrence, milestones: t.milestones, state: t.state,
    source: { ...lineRef(ctx, t, t.line), lines: { first: t.startLine, last: t.endLine } },
  };
}

const AGENCY_TASKS_INPUT = {
  agency: z.string().min(1).max(100),
  role: z.enum(['lead', 'cooperator']).optional().describe('Only tasks the agency leads / cooperates on'),
  state: z.enum(TASK_STATES).optional(),
  dueAfter: isoDateSchema.optional().describe('Deadline on or after this date'),
  dueBefore: isoDateSchema.optional().describe('Deadline before this date'),
  asOf: isoDateSchema.optional().describe('Date the states are computed at (default today)'),
  sort: z.enum(TASK_SORTS).default('deadline'),
  limit: z.number().int().min(1).max(100).default(20),
  offset: z.number().int().min(0).max(100000).default(0),
};

const AGENCY_TASKS_OUTPUT = {
  agency: z.string(),
  asOf: z.string().describe('The date the states are computed at'),
  total: z.number().int(),
  byState: z.object({ open: z.number().int(), due: z.number().int(), overdue: z.number().int(), no_deadline: z.number().int() }),
  byRole: z.object({ lead: z.number().int(), cooperator: z.number().int() }).nullable(),
  offset: z.number().int(),
  nextOffset: z.number().int().nullable(),
  tasks: z.array(taskSchema),
};

export function registerTaskTool(server: McpServer, ctx: McpContext): void {
  server.registerTool('agency_tasks', {
    title: "An agency's tasks",
    description:
      'Tasks (督办 responsibility assignments) of an agency, by its canonical name or any alias (市财政局, 阳泉市财政局): ' +
      `what it leads or cooperates on, their deadlines and state at asOf (${STATE_HELP}) Filter by role, state and a due window; ` +
      'each task cites its document and source lines.',
    inputSchema: AGENCY_TASKS_INPUT,
    outputSchema: AGENCY_TASKS_OUTPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async (a) => {
    if (a.dueAfter && a.dueBefore && a.dueBefore <= a.dueAfter) throw new ToolInputError('dueBefore must be after dueAfter');
    const asOf = a.asOf ?? today();
    const filter: TaskFilter = {
      agency: a.agency.trim(), sort: a.sort, asOf, ...(a.role ? { role: a.role } : {}), ...(a.state ? { state: a.state } : {}),
      ...(a.dueAfter ? { dueAfter: a.dueAfter } : {}), ...(a.dueBefore ? { dueBefore: a.dueBefore } : {}),
    };
    const [tasks, counts] = await Promise.all([ctx.archive.tasks({ ...filter, limit: a.limit, offset: a.offset }), ctx.archive.countTasks(filter)]);
    const out = tasks.map((t) => taskOut(ctx, t));
    const next = a.offset + tasks.length < counts.total ? a.offset + tasks.length : null;
    const text = counts.total
      ? [
          `${a.agency}: ${counts.total} task${counts.total === 1 ? '' : 's'} (${Object.entries(counts.byState).map(([k, v]) => `${k} ${v}`).join(', ')}).`,
          ...out.map((t, i) => `${a.offset + i + 1}. [${t.state}] ${t.deadline ?? t.deadlineText ?? 'no deadline'} — ${t.text} — lead: ${t.leads.join('、') || '?'}; ${t.source.docNumber ?? ''}《${t.source.title}》 line ${t.source.line}`),
        ].join('\n')
      : `No tasks of ${a.agency} in the archive${a.role || a.state || a.dueAfter || a.dueBefore ? ' with these filters' : ''}.`;
    return answer({ agency: a.agency, asOf, total: counts.total, byState: counts.byState, byRole: counts.byRole ?? null, offset: a.offset, nextOffset: next, tasks: out }, text);
  });
}
