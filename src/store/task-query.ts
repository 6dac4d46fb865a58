/**
 * The SQL of a task list, for both backends. A TaskFilter — units (already expanded to every name
 * they go by), role, document, state, overdue, due-date bounds, sort and paging — becomes WHERE
 * and ORDER BY clauses with parameters, so the database filters, counts, orders and pages: no
 * list or count loads every task of the archive.
 */
import type { AgencyTasks, IsoDate, TaskCounts, TaskFilter, TaskRecord, TaskSort } from './archive.js';
import { dueSoonEnd } from '../domain/tasks.js';
import { limitArg, offsetArg } from './paging.js';

export type Dialect = 'sqlite' | 'pg';

/**
 * The deadline conditions of a filter combined: a task without a deadline passes when `undated`;
 * one with a deadline when `dated` and from ≤ deadline < before.
 */
export interface DeadlineWindow {
  undated: boolean;
  dated: boolean;
  from: IsoDate | null;
  before: IsoDate | null;
}

function nextDay(d: IsoDate): IsoDate {
  const t = new Date(d + 'T00:00:00Z');
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** State, overdue and dueBefore/dueAfter as one window over deadlines (states as taskState gives them). */
export function deadlineWindow(f: TaskFilter, asOf: IsoDate): DeadlineWindow {
  const w: DeadlineWindow = { undated: true, dated: true, from: null, before: null };
  const atLeast = (d: IsoDate) => {
    if (!w.from || d > w.from) w.from = d;
  };
  const below = (d: IsoDate) => {
    if (!w.before || d < w.before) w.before = d;
  };
  if (f.dueBefore) {
    w.undated = false;
    below(f.dueBefore);
  }
  if (f.dueAfter) {
    w.undated = false;
    atLeast(f.dueAfter);
  }
  const afterSoon = nextDay(dueSoonEnd(asOf));
  switch (f.state) {
    case 'no_deadline':
      w.dated = false;
      break;
    case 'overdue':
      w.undated = false;
      below(asOf);
      break;
    case 'due':
      w.undated = false;
      atLeast(asOf);
      below(afterSoon);
      break;
    case 'open':
      w.undated = false;
      atLeast(afterSoon);
      break;
    case undefined:
      break;
  }
  if (f.overdue === true) {
    w.undated = false;
    below(asOf);
  } else if (f.overdue === false) {
    atLeast(asOf); // tasks without a deadline are never overdue: they still pass
  }
  return w;
}

export interface TaskSql {
  /**
   * Where the conditions apply: 'tasks' — `tasks t`; 'units' — `task_agencies a`, for a unit's
   * tasks outside one document: that table holds each task's deadline, so its index lists, counts
   * and orders them without touching the tasks (a task named under two of the unit's names, or
   * in both roles, has several rows: callers take distinct task ids).
   */
  source: 'tasks' | 'units';
  /** Units: whether a task can have several rows (several names, or both roles) and needs DISTINCT. */
  distinct: boolean;
  /** The role the filter asks for, if any. */
  role: TaskFilter['role'] | null;
  where: string;
  /** Units: a placeholder for each of the unit's names, and the conditions on `task_agencies a` other than the name (or ''). */
  unitNames: string[];
  unitWhere: string;
  /** ORDER BY on `tasks t`. */
  order: string;
  /** A placeholder for one more parameter (LIMIT, OFFSET, the state counts' dates). */
  param(value: unknown): string;
  /** The parameter values, for placeholders $1, $2, … */
  args(): unknown[];
}

/**
 * The packed body of a task's document beside the task (`t` the tasks table): a task's text is
 * stored against that body (packed.ts), and task rows read with it are unpacked by unpackTaskRows
 * (records.ts). Aliased so the drivers leave the bytes packed.
 */
export const TASK_BODY = { column: 'tb.body AS task_body', join: 'JOIN document_texts tb ON tb.document_id = t.document_id' } as const;

/** task_agencies.role as stored: a letter (a role's name would be stored in every row and twice more in the unit indexes). */
export const ROLE_CODE = { lead: 'l', cooperator: 'c' } as const;

/** task_agencies.deadline_key of a task without a deadline: sorts after every date. */
export const NO_DEADLINE_KEY = '~';

/** ORDER BY key of deadlines as the indexes of migration 002 have it: dated first, then the rest. */
const deadlineKey = (dialect: Dialect, col: string) => (dialect === 'pg' ? `(COALESCE(${col}, '~') COLLATE "C")` : `COALESCE(${col}, '~')`);

/** Conditions and order for the tasks `f` selects; `names` are the unit's names when f.agency is set. */
export function taskSql(dialect: Dialect, f: TaskFilter, names: string[] | null, asOf: IsoDate): TaskSql {
  // Numbered placeholders, so that clauses may be written in any order.
  const params: unknown[] = [];
  const param = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const args = () => params;
  const c = dialect === 'pg' ? ' COLLATE "C"' : '';
  const source = names && f.documentId === undefined ? 'units' : 'tasks';
  const conds: string[] = [];
  // A parameter per name (a unit goes by a few), so that a query may also take them one at a time.
  const namePlaceholders = (names ?? []).map(param);
  const inNames = `IN (${namePlaceholders.join(', ')})`;
  const nameCond = source === 'units' ? `a.name ${inNames}` : '';
  if (source === 'units') {
    if (f.role) conds.push(`a.role = ${param(ROLE_CODE[f.role])}`);
  } else {
    if (f.documentId !== undefined) conds.push(`t.document_id = ${param(f.documentId)}`);
    if (names) conds.push(`t.id IN (SELECT task_id FROM task_agencies WHERE name ${inNames}${f.role ? ` AND role = ${param(ROLE_CODE[f.role])}` : ''})`);
  }
  // task_agencies.deadline_key is the deadline or '~' (collation "C" on PostgreSQL).
  const [col, cc, none, some] =
    source === 'units'
      ? ['a.deadline_key', '', `a.deadline_key = '${NO_DEADLINE_KEY}'`, `a.deadline_key <> '${NO_DEADLINE_KEY}'`]
      : ['t.deadline', c, 't.deadline IS NULL', 't.deadline IS NOT NULL'];
  const w = deadlineWindow(f, asOf);
  const dated = [
    some,
    ...(w.from ? [`${col}${cc} >= ${param(w.from)}`] : []),
    ...(w.before ? [`${col}${cc} < ${param(w.before)}`] : []),
  ].join(' AND ');
  if (!w.undated && !w.dated) conds.push('1 = 0');
  else if (!w.undated) conds.push(dated);
  else if (!w.dated) conds.push(none);
  else if (w.from || w.before) conds.push(`(${none} OR (${dated}))`);

  // Ties in deadline go by task id: ids are given in document and line order.
  const lead = dialect === 'pg' ? 't.leads[1]' : "json_extract(t.leads, '$[0]')";
  const orders: Record<TaskSort, string> = {
    deadline: `${deadlineKey(dialect, 't.deadline')}, t.id`,
    '-deadline': `t.deadline IS NULL, t.deadline${c} DESC, t.id`,
    unit: `${lead} IS NULL, ${lead}${c}, ${deadlineKey(dialect, 't.deadline')}, t.id`,
    document: 't.document_id, t.line, t.id',
  };
  // One name and one role: one row per task (taskUnits writes each name once per role).
  const distinct = !(names && names.length === 1 && f.role);
  const where = [nameCond, ...conds].filter(Boolean).join(' AND ') || '1 = 1';
  const unitWhere = source === 'units' ? conds.join(' AND ') : '';
  return { source, distinct, role: f.role ?? null, where, unitNames: source === 'units' ? namePlaceholders : [], unitWhere, order: orders[f.sort ?? 'deadline'], param, args };
}

/**
 * The SQL of one page of tasks. `idsOnly`: the query gives task ids in order (column `id`), and
 * the caller fetches those tasks (a unit's tasks in deadline order, from the index alone).
 */
export function taskListSql(q: TaskSql, dialect: Dialect, f: TaskFilter): { sql: string; idsOnly: boolean } {
  const limit = limitArg(f.limit);
  const offset = offsetArg(f.offset);
  const noLimit = dialect === 'pg' ? null : -1;
  const page = `LIMIT ${q.param(limit ?? noLimit)} OFFSET ${q.param(offset)}`;
  if (q.source === 'units' && (f.sort ?? 'deadline') === 'deadline') {
    // Each name's (and role's) first offset + limit tasks are an ordered range of the unit index
    // (name, role, deadline_key, task_id); the page is among them. (One query over all the names
    // would sort every task of a big unit: 0.2–0.4 s.)
    const first = q.param(limit === null ? noLimit : offset + limit);
    const rest = q.unitWhere ? ` AND ${q.unitWhere}` : '';
    const roles = q.role ? [''] : Object.values(ROLE_CODE).map((r) => ` AND a.role = '${r}'`);
    const perName = q.unitNames.flatMap((name, i) =>
      roles.map(
        (role, j) =>
          `SELECT * FROM (SELECT DISTINCT a.task_id AS id, a.deadline_key AS k FROM task_agencies a WHERE a.name = ${name}${role}${rest} ORDER BY k, id LIMIT ${first}) n${i}_${j}`,
      ),
    );
    return {
      sql: `SELECT ${q.distinct ? 'DISTINCT ' : ''}id, k FROM (${perName.join(' UNION ALL ')}) u ORDER BY k, id ${page}`,
      idsOnly: true,
    };
  }
  const where = q.source === 'units' ? `t.id IN (SELECT a.task_id FROM task_agencies a WHERE ${q.where})` : q.where;
  return {
    sql: `SELECT t.*, ${TASK_BODY.column}, d.doc_number, d.title FROM tasks t ${TASK_BODY.join} JOIN documents d ON d.id = t.document_id WHERE ${where} ORDER BY ${q.order} ${page}`,
    idsOnly: false,
  };
}

/** The SQL counting the tasks of a query by state (columns total, open, due, overdue, no_deadline). */
export function taskCountSql(q: TaskSql, dialect: Dialect, asOf: IsoDate): string {
  const units = q.source === 'units';
  // x.k: the deadline (tasks) or the deadline key, '~' for none (units; already collation "C").
  const c = dialect === 'pg' && !units ? ' COLLATE "C"' : '';
  const none = units ? `x.k = '${NO_DEADLINE_KEY}'` : 'x.k IS NULL';
  const today = q.param(asOf);
  const soon = q.param(dueSoonEnd(asOf));
  const n = (cond: string) => `COALESCE(SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END), 0)`;
  const columns = [
    'COUNT(*) AS total',
    `${n(none)} AS no_deadline`,
    `${n(`x.k${c} < ${today}`)} AS overdue`,
    `${n(`x.k${c} >= ${today} AND x.k${c} <= ${soon}`)} AS due`,
    `${n(`x.k${c} > ${soon} AND NOT ${none}`)} AS open`,
  ].join(', ');
  if (units && !q.role) {
    // A unit's tasks, and in the same pass how many it leads and how many it cooperates on.
    const has = (role: string) => `MAX(CASE WHEN a.role = '${role}' THEN 1 ELSE 0 END)`;
    return `SELECT ${columns}, COALESCE(SUM(x.l), 0) AS led, COALESCE(SUM(x.c), 0) AS cooperating
      FROM (SELECT a.deadline_key AS k, ${has(ROLE_CODE.lead)} AS l, ${has(ROLE_CODE.cooperator)} AS c FROM task_agencies a WHERE ${q.where}
            GROUP BY a.task_id, a.deadline_key) x`;
  }
  const from = units
    ? `(SELECT ${q.distinct ? 'DISTINCT a.task_id, ' : ''}a.deadline_key AS k FROM task_agencies a WHERE ${q.where}) x`
    : `(SELECT t.deadline AS k FROM tasks t WHERE ${q.where}) x`;
  return `SELECT ${columns} FROM ${from}`;
}

export function taskCountsOf(r: Record<string, unknown> | undefined): TaskCounts {
  const n = (k: string) => Number(r?.[k] ?? 0);
  const counts: TaskCounts = { total: n('total'), byState: { open: n('open'), due: n('due'), overdue: n('overdue'), no_deadline: n('no_deadline') } };
  if (r && 'led' in r) counts.byRole = { lead: n('led'), cooperator: n('cooperating') };
  return counts;
}

/** Longest list of each kind in an agency's answer; the counts say how many there are in all. */
export const AGENCY_TASK_LIMIT = 100;

/**
 * An agency's tasks (led, cooperating, due, overdue; each at most AGENCY_TASK_LIMIT, deadline
 * order) and how many there are of each, from the backend's task queries — on the unit index,
 * each list is an ordered index range per name, and all the counts one pass over its entries.
 */
export async function agencyTasksOf(
  archive: { tasks(f: TaskFilter): Promise<TaskRecord[]>; countTasks(f: TaskFilter): Promise<TaskCounts> },
  agency: string,
  names: string[],
  asOf: IsoDate,
): Promise<AgencyTasks> {
  const base = { agency, asOf };
  const page = { ...base, limit: AGENCY_TASK_LIMIT };
  const [led, cooperating, due, overdue, all] = await Promise.all([
    archive.tasks({ ...page, role: 'lead' }),
    archive.tasks({ ...page, role: 'cooperator' }),
    archive.tasks({ ...page, dueAfter: asOf }),
    archive.tasks({ ...page, overdue: true }),
    archive.countTasks(base),
  ]);
  const byRole = all.byRole ?? { lead: 0, cooperator: 0 };
  return {
    agency,
    names,
    asOf,
    counts: { led: byRole.lead, cooperating: byRole.cooperator, due: all.byState.due + all.byState.open, overdue: all.byState.overdue },
    led,
    cooperating,
    due,
    overdue,
  };
}
