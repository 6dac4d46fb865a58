/**
 * Export formats for rows of the archive (documents, appointments, tasks, citations):
 * - jsonl: one JSON object per line;
 * - csv: UTF-8 with a byte-order mark (so spreadsheet programs detect UTF-8), CRLF line ends,
 *   RFC 4180 quoting, lists joined with "; ", and text cells that a spreadsheet would run as a
 *   formula (starting with = + - @, tab or a line break) prefixed with an apostrophe;
 * - md: a Markdown table (| and line breaks escaped, and the text's <, >, & as HTML entities:
 *   Markdown renderers pass HTML through);
 * - xlsx: a spreadsheet (see xlsx.ts), written to a stream rather than as text.
 */
import type { ExportRow } from '../store/archive.js';

export type ExportFormat = 'jsonl' | 'csv' | 'md' | 'xlsx';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'csv', 'md', 'xlsx'];
/** The formats written as text (formatRows); xlsx is binary (writeXlsx). */
export type TextExportFormat = Exclude<ExportFormat, 'xlsx'>;

export interface RowFormatter {
  /** Text before the first row (header, BOM); may depend on the first row's columns. */
  start(columns: string[]): string;
  row(row: ExportRow, columns: string[]): string;
  /** Text after the last row; `rows` is how many were written. */
  end(columns: string[], rows: number): string;
}

/** A cell's text: lists joined with "; ". */
export const cellText = (v: ExportRow[string]): string =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : String(v);

/** Text a spreadsheet would run as a formula (or as DDE): what it starts with. */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/**
 * One CSV field, quoted when needed (RFC 4180). A text cell — a string, or a list joined into one
 * (a task's leads) — that a spreadsheet would run as a formula gets an apostrophe in front; the
 * check is on the cell's final text. Numbers stay numbers (-1 is not a formula).
 */
export function csvCell(v: ExportRow[string]): string {
  let s = cellText(v);
  if (typeof v !== 'number' && FORMULA_START.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One Markdown table cell: HTML in the text shown as text, pipes and line breaks escaped. */
function mdCell(v: ExportRow[string]): string {
  return cellText(v)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n|\r/g, '<br>');
}

export const FORMATTERS: Record<TextExportFormat, RowFormatter> = {
  jsonl: {
    start: () => '',
    row: (r) => JSON.stringify(r) + '\n',
    end: () => '',
  },
  csv: {
    start: (cols) => '\uFEFF' + cols.map(csvCell).join(',') + '\r\n',
    row: (r, cols) => cols.map((c) => csvCell(r[c] ?? null)).join(',') + '\r\n',
    end: () => '',
  },
  md: {
    start: (cols) => `| ${cols.map(mdCell).join(' | ')} |\n|${cols.map(() => ' --- |').join('')}\n`,
    row: (r, cols) => `| ${cols.map((c) => mdCell(r[c] ?? null)).join(' | ')} |\n`,
    end: () => '',
  },
};

/** Format rows into chunks of text, calling `write` for each (await it for back-pressure). */
export async function formatRows(
  rows: AsyncIterable<ExportRow>,
  format: TextExportFormat,
  write: (chunk: string) => Promise<void> | void,
  emptyColumns: string[] = [],
): Promise<number> {
  const f = FORMATTERS[format];
  let columns: string[] | null = null;
  let n = 0;
  let buf = '';
  for await (const row of rows) {
    if (!columns) {
      columns = Object.keys(row);
      buf += f.start(columns);
    }
    buf += f.row(row, columns);
    n++;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  if (!columns) buf += format === 'jsonl' ? '' : f.start(emptyColumns);
  buf += f.end(columns ?? emptyColumns, n);
  if (buf) await write(buf);
  return n;
}
