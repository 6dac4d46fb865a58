import type { ParsedIssue } from '../model.js';
import { forTerminal } from './terminal.js';
import { plural } from './plural.js';
import { widthFor } from './display-width.js';


/**
 * Rows of cells as lines with the columns aligned by display width (a Chinese character takes two
 * columns of a terminal, so padEnd would misalign them); the last cell is not padded.
 */
export async function alignColumns(rows: string[][]): Promise<string[]> {
  // The last cell of a row is not padded: its width is not needed.
  const stringWidth = await widthFor(rows.flatMap((row) => row.slice(0, -1)));
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, i === row.length - 1 ? 0 : stringWidth(cell))));
  return rows.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - stringWidth(cell)))).join(' '),
  );
}

/** A readable summary: the masthead, then one line per document. */
export async function formatIssueText(p: ParsedIssue): Promise<string> {
  const out: string[] = [];
  const i = p.issue;
  out.push(
    i
      ? `${i.title ?? '(untitled)'} ${i.year ?? '?'}年第${i.number ?? '?'}期 (总第${i.totalNumber ?? '?'}期) ${i.publishedOn ?? ''}`.trim()
      : '(no masthead)',
  );
  out.push(`${plural(p.documents.length, 'document')}, ${plural(p.toc.length, 'TOC entry', 'TOC entries')}, ${p.source.encoding}, ${plural(p.source.lineCount, 'line')}`);
  out.push(
    ...(await alignColumns(
      p.documents.map((d) => {
        const warn = d.warnings.length ? `  ⚠ ${d.warnings.map((w) => w.code).join(',')}` : '';
        return [d.docNumber ?? '—', d.date ?? '—', d.docType ?? '—', `${d.title} [${d.startLine}-${d.endLine}]${warn}`];
      }),
    )),
  );
  for (const w of p.warnings) out.push(`⚠ ${w.code} (line ${w.line ?? '-'}): ${w.message}`);
  // Titles and numbers are the file's text: made safe for the terminal line by line.
  return out.map(forTerminal).join('\n');
}
