/**
 * The command-line PDF tools the generator drives: poppler-utils (pdftotext, pdfinfo, pdftoppm) and
 * qpdf. Thin wrappers that fail with the tool's own message.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

function run(cmd: string, args: string[]): Buffer {
  try {
    return execFileSync(cmd, args, { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { status?: number; stderr?: Buffer; code?: string };
    if (e.code === 'ENOENT') throw new Error(`${cmd} not found: install poppler-utils and qpdf (apt-get install poppler-utils qpdf)`);
    // qpdf exits 3 for warnings with a usable output.
    if (cmd === 'qpdf' && e.status === 3) return Buffer.alloc(0);
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr?.toString().trim() ?? err}`);
  }
}

/** The text of each page (pdftotext, reading order), index 0 = page 1. */
export function pageTexts(pdf: string, layout = false): string[] {
  const out = run('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', pdf, '-']).toString('utf8');
  const pages = out.split('\f');
  if (pages[pages.length - 1].trim() === '') pages.pop();
  return pages;
}

/** The text of one page inside a box (PDF points from the top-left corner). */
export function pageTextInBox(pdf: string, page: number, box: { x: number; y: number; width: number; height: number }): string {
  const crop = [['-x', box.x], ['-y', box.y], ['-W', box.width], ['-H', box.height]].flatMap(([k, v]) => [String(k), String(Math.round(Number(v)))]);
  return run('pdftotext', ['-f', String(page), '-l', String(page), ...crop, '-enc', 'UTF-8', pdf, '-']).toString('utf8');
}

export function pageCount(pdf: string): number {
  const info = run('pdfinfo', [pdf]).toString('utf8');
  const m = /^Pages:\s+(\d+)/m.exec(info);
  if (!m) throw new Error(`pdfinfo ${pdf}: no page count`);
  return Number(m[1]);
}

/** Pages of several PDFs, in order, into one new file (no outline, info or dates carried over). */
export function joinPdfs(parts: { file: string; pages?: string }[], out: string): void {
  const pageArgs = parts.flatMap((p) => [p.file, p.pages ?? '1-z']);
  run('qpdf', ['--empty', '--deterministic-id', '--object-streams=generate', '--pages', ...pageArgs, '--', out]);
}

export function qpdf(args: string[]): void {
  run('qpdf', args);
}

export function fixQdf(input: string, output: string): void {
  const fixed = run('fix-qdf', [input]);
  if (!fixed.length) throw new Error('fix-qdf produced nothing');
  writeFileSync(output, fixed);
}

/** Grey PGM pages of a PDF at the given resolution, written as PREFIX-N.pgm. */
export function rasterizeGray(pdf: string, dpi: number, prefix: string): void {
  run('pdftoppm', ['-r', String(dpi), '-gray', pdf, prefix]);
}

