/** The tasks board's CSV download (the archive filters, orders and pages tasks itself). */
import type { TaskRecord, TaskState } from '../store/archive.js';

import { csvCell } from '../archive/export.js';

/** One CSV field, as the export writes them (RFC 4180 quoting, formulas defused). */
export const csvField = csvCell;

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
