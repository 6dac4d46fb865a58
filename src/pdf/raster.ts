/**
 * Page images of a PDF, rendered by poppler's `pdftoppm` (Debian package poppler-utils): the input of
 * OCR, and later the page images of the web reader. `pageCount` reads the page count with `pdfinfo`.
 */
import { runTool } from './exec.js';

export interface RasterOptions {
  /** Resolution in dots per inch. */
  dpi: number;
  /** One grey channel instead of RGB (smaller, and all OCR needs). */
  gray?: boolean;
  format: 'png' | 'jpeg';
  /** Kill pdftoppm after this long (default 60 s). */
  timeoutMs?: number;
}

const INSTALL = 'poppler-utils';

/** One page (1-based) of a PDF as an image file in memory. */
export async function rasterizePage(pdfPath: string, page: number, opts: RasterOptions): Promise<Buffer> {
  if (!Number.isInteger(page) || page < 1) throw new Error(`page must be a positive integer, not ${page}`);
  if (!(opts.dpi >= 10 && opts.dpi <= 1200)) throw new Error(`dpi must be between 10 and 1200, not ${opts.dpi}`);
  const args = ['-f', String(page), '-l', String(page), '-r', String(opts.dpi)];
  if (opts.gray) args.push('-gray');
  args.push(opts.format === 'png' ? '-png' : '-jpeg', '-singlefile', pdfPath);
  // Without an output root pdftoppm writes the image to standard output.
  const { stdout } = await runTool('pdftoppm', args, { timeoutMs: opts.timeoutMs ?? 60_000, install: INSTALL });
  // pdftoppm exits 0 and writes nothing for a page past the end of some files.
  if (stdout.length === 0) throw new Error(`pdftoppm rendered nothing for page ${page} of ${pdfPath}`);
  return stdout;
}

/** The number of pages of a PDF. */
export async function pageCount(pdfPath: string, timeoutMs = 30_000): Promise<number> {
  const { stdout } = await runTool('pdfinfo', [pdfPath], { timeoutMs, install: INSTALL });
  const m = /^Pages:\s+(\d+)/m.exec(stdout.toString('latin1'));
  if (!m) throw new Error(`pdfinfo gave no page count for ${pdfPath}`);
  return Number(m[1]);
}

/** Width and height in pixels of a PNG (from its IHDR chunk). */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG image');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
