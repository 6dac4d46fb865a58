/**
 * Export rows as an .xlsx spreadsheet (exceljs, streamed: rows are written as they come, so a big
 * export does not sit in memory). One sheet, a bold frozen header row, one row per record.
 *
 * Cells are typed: numbers are numbers, everything else is a text cell (lists joined with "; ").
 * A text cell is never a formula, whatever it starts with, so the apostrophe the CSV export puts
 * before "=…" is not needed here (and would show); exceljs drops the control characters XML cannot
 * hold. Text longer than a cell can hold (32,767 characters) is cut with an ellipsis.
 */
import type { Writable } from 'node:stream';
import type { ExportRow } from '../store/archive.js';
import { cellText } from './formats.js';

/** The most characters Excel keeps in one cell. */
export const XLSX_CELL_LIMIT = 32_767;

function xlsxCell(v: ExportRow[string]): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  const s = cellText(v);
  return s.length > XLSX_CELL_LIMIT ? s.slice(0, XLSX_CELL_LIMIT - 1) + '…' : s;
}

/** Write the rows to `stream` as one worksheet named `sheet`; returns how many rows were written. */
export async function writeXlsx(rows: AsyncIterable<ExportRow>, stream: Writable, sheet: string, emptyColumns: string[] = []): Promise<number> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const worksheet = workbook.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  let columns: string[] | null = null;
  const header = (cols: string[]) => {
    const row = worksheet.addRow(cols);
    row.font = { bold: true };
    row.commit();
  };
  let n = 0;
  for await (const r of rows) {
    if (!columns) header((columns = Object.keys(r)));
    worksheet.addRow(columns.map((c) => xlsxCell(r[c] ?? null))).commit();
    n++;
  }
  if (!columns) header(emptyColumns);
  worksheet.commit();
  await workbook.commit();
  return n;
}
