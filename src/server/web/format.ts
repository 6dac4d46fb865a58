/** Chinese labels and small formatters shared by the pages. */
import type { AppointmentAction } from '../../model.js';
import { DUE_SOON_DAYS, type TaskState } from '../../domain/tasks.js';
import type { ValidityStatus } from '../../domain/validity.js';

export const ACTION_LABEL: Record<AppointmentAction, string> = {
  appoint: '任命',
  remove: '免职',
  nominate: '提名',
  confirm: '确认',
  transfer: '调任',
  auto_remove: '自然免职',
};

export { STATUS_LABEL } from '../../domain/validity.js';

export const STATUS_HELP: Record<ValidityStatus, string> = {
  in_force: '文中写明的施行日期已到、有效期未满，且库中没有废止它的文件',
  expired: '文中写明的有效期已届满',
  repealed: '库中有文件宣布废止本文件',
  not_yet_in_force: '文中写明的施行日期尚未到来',
  unknown: '文中未写明施行日期或有效期，库中也没有宣布废止它的文件',
};

/**
 * The one set of words for task states, used by every page, the CSV and the API docs. The states
 * are the archive's (taskState in src/domain/tasks.ts, the `state` filter of the API): what each
 * label counts is exactly what the API's state of that name selects.
 */
export const TASK_STATE_LABEL: Record<TaskState, string> = {
  open: '进行中',
  due: '即将到期',
  overdue: '已逾期',
  no_deadline: '无时限',
};

/** The states in the order pages list them. */
export const TASK_STATES = Object.keys(TASK_STATE_LABEL) as TaskState[];

/** What each task state means (the about page, the notes on the tasks pages). */
export const TASK_STATE_HELP: Record<TaskState, string> = {
  open: `写明的完成时限在${DUE_SOON_DAYS}天以后`,
  due: `写明的完成时限在今后${DUE_SOON_DAYS}天内（含当天）`,
  overdue: '写明的完成时限已过。这不表示任务没有完成——本站没有任务完成情况的数据',
  no_deadline: '文件写的是“长期坚持”“持续推进”或每年定期完成等，没有单一的截止日期',
};

/** 2020-01-20 → 2020年1月20日 */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Issue label as printed on a masthead: 2020年第1期（总第1期）. */
export function issueLabel(i: { year: number | null; number: number | null; totalNumber?: number | null; title?: string | null; fileName?: string | null }): string {
  if (i.year && i.number) return `${i.year}年第${i.number}期${i.totalNumber ? `（总第${i.totalNumber}期）` : ''}`;
  return i.title ?? i.fileName ?? '未标明期号';
}

export function fmtCount(n: number): string {
  return n.toLocaleString('zh-CN');
}

/** Last path component of a stored source path. */
export function baseName(path: string): string {
  const p = path.replace(/^upload:/, '');
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i >= 0 ? p.slice(i + 1) : p;
}

export function lineRange(a: number, b: number): string {
  return a === b ? `第${a}行` : `第${a}–${b}行`;
}

export function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** Known warning codes in Chinese; others show the parser's message. */
export const WARNING_LABEL: Record<string, string> = {
  'toc-entry-without-document': '目录条目在正文中未找到',
  'document-without-toc-entry': '正文文件未列入目录',
  'missing-date': '未识别出成文日期',
  'missing-doc-number': '未识别出发文字号',
  'unknown-doc-type': '未识别出文种',
  'toc-title-mismatch': '目录标题与正文标题不一致',
  'toc-number-mismatch': '目录文号与正文文号不一致',
  'duplicate-doc-number': '文号重复',
  'doc-number-from-toc': '正文文号无法辨认，取自目录',
  'toc-page-mismatch': '目录页码与原件页码不一致',
  'invalid-utf8': '文件中有无法解码的字节',
  'pages-without-text': 'PDF中有无文字层的页面（未作OCR）',
  'ocr-unavailable': '未安装OCR，扫描页未能识别',
  'pdf-truncated': 'PDF页数过多，只读取了前面部分',
  'no-documents': '未识别出任何文件',
};
