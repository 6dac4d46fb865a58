/**
 * Task list operations shared by the API, the tasks board and its CSV download: filters the
 * archive does not do itself (due before/after, overdue), sort orders, and CSV rows.
 */
import type { IsoDate, TaskRecord, TaskState } from '../store/archive.js';

export const TASK_SORTS = ['deadline', '-deadline', 'unit', 'document'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

export interface TaskListFilter {
  state?: TaskState | undefined;
  /** true: overdue only; false: not overdue. */
  overdue?: boolean | undefined;
  /** Deadline strictly before this date. */
  dueBefore?: IsoDate | undefined;
  /** Deadline on or after this date. */
  dueAfter?: IsoDate | undefined;
}

export function filterTasks(tasks: TaskRecord[], f: TaskListFilter): TaskRecord[] {
  return tasks.filter((t) => {
    if (f.state && t.state !== f.state) return false;
    if (f.overdue === true && t.state !== 'overdue') return false;
    if (f.overdue === false && t.state === 'overdue') return false;
    if (f.dueBefore && !(t.deadline && t.deadline < f.dueBefore)) return false;
    if (f.dueAfter && !(t.deadline && t.deadline >= f.dueAfter)) return false;
    return true;
  });
}

const zh = new Intl.Collator('zh-Hans-CN');

function byDeadline(a: TaskRecord, b: TaskRecord): number {
  // Tasks without a deadline go last in either direction.
  if (a.deadline === b.deadline) return 0;
  if (!a.deadline) return 1;
  if (!b.deadline) return -1;
  return a.deadline < b.deadline ? -1 : 1;
}

function byDocument(a: TaskRecord, b: TaskRecord): number {
  return a.documentId - b.documentId || a.line - b.line;
}

export function sortTasks(tasks: TaskRecord[], sort: TaskSort): TaskRecord[] {
  const out = [...tasks];
  switch (sort) {
    case 'deadline':
      return out.sort((a, b) => byDeadline(a, b) || byDocument(a, b));
    case '-deadline':
      return out.sort((a, b) => {
        if (!a.deadline || !b.deadline) return byDeadline(a, b) || byDocument(a, b);
        return -byDeadline(a, b) || byDocument(a, b);
      });
    case 'unit':
      return out.sort((a, b) => zh.compare(a.leads[0] ?? '\uffff', b.leads[0] ?? '\uffff') || byDeadline(a, b) || byDocument(a, b));
    case 'document':
      return out.sort(byDocument);
  }
}

/** One CSV field, quoted when needed (RFC 4180); formulas are defused for spreadsheet safety. */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const TASK_CSV_HEADER = ['任务', '牵头单位', '配合单位', '完成时限', '时限原文', '状态', '文号', '文件标题', '文件链接', '起始行'];

export function taskCsv(tasks: TaskRecord[], stateLabel: (s: TaskState) => string, docUrl: (id: number) => string): string {
  const rows = [TASK_CSV_HEADER];
  for (const t of tasks) {
    rows.push([
      t.text, t.leads.join('；'), t.cooperators.join('；'), t.deadline ?? '', t.deadlineText ?? '', stateLabel(t.state),
      t.docNumber ?? '', t.title, docUrl(t.documentId), String(t.line),
    ]);
  }
  // BOM so that spreadsheet programs read the file as UTF-8.
  return '\ufeff' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
