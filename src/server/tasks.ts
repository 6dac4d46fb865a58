/**
 * The tasks board's CSV download, streamed: the header row, then the archive's tasks page by page
 * (the archive filters, orders and pages them), so that a large download neither builds one huge
 * string nor holds the event loop for its whole length.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Archive, TaskFilter, TaskRecord } from '../store/archive.js';
import type { TaskState } from '../domain/tasks.js';

import { csvCell } from '../exports/formats.js';

/** One CSV field, as the export writes them (RFC 4180 quoting, formulas defused). */
export const csvField = csvCell;

export const TASK_CSV_HEADER = ['任务', '牵头单位', '配合单位', '完成时限', '时限原文', '状态', '文号', '文件标题', '文件链接', '起始行'];

/** Rows read from the archive per query: a page of 250 holds the event loop for some 10–50 ms (18,000 tasks). */
const PAGE_ROWS = 250;

export interface TaskCsvOptions {
  stateLabel: (s: TaskState) => string;
  /** The link of a document (relative unless the server has a base URL). */
  docUrl: (id: number) => string;
}

const csvLine = (fields: string[]): string => fields.map(csvField).join(',') + '\r\n';

function taskLine(t: TaskRecord, o: TaskCsvOptions): string {
  return csvLine([
    t.text, t.leads.join('；'), t.cooperators.join('；'), t.deadline ?? '', t.deadlineText ?? '', o.stateLabel(t.state),
    t.docNumber ?? '', t.title, o.docUrl(t.documentId), String(t.line),
  ]);
}

/** The CSV of at most `limit` tasks matching `filter` from `offset` on, in chunks of a page each. */
export async function* taskCsvChunks(
  archive: Archive, filter: TaskFilter, range: { offset: number; limit: number }, o: TaskCsvOptions,
): AsyncGenerator<string> {
  yield '\ufeff' + csvLine(TASK_CSV_HEADER);
  let offset = range.offset;
  const end = range.offset + range.limit;
  while (offset < end) {
    const want = Math.min(PAGE_ROWS, end - offset);
    const tasks = await archive.tasks({ ...filter, limit: want, offset });
    if (tasks.length) yield tasks.map((t) => taskLine(t, o)).join('');
    if (tasks.length < want) return;
    offset += want;
    // Let other requests in between two pages.
    await nextTurn();
  }
}
