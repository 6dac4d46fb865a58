/**
 * Read stage for PDF input: every page's positioned text, from the text layer where it is usable
 * and from OCR where it is not (scans, glyphs without Unicode), as `--ocr` says:
 *
 * - `auto` (default): OCR the pages whose text layer is empty or garbage (quality.ts);
 * - `always`: OCR every page (a text layer known to be wrong);
 * - `never`: text layer only; pages without one are left empty, with a warning.
 *
 * Without Tesseract, `auto` keeps the text pages and warns once, naming the packages to install;
 * `always` is an error.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Warning } from '../model.js';
import { InputError } from '../core/decode.js';
import { readPdfTextLayer } from './read.js';
import { pageQuality } from './quality.js';
import { ocrAvailable, ocrPages, type OcrOptions } from './ocr.js';
import type { PageText } from '../layout/positioned.js';

export type OcrMode = 'auto' | 'always' | 'never';
export const OCR_MODES: readonly OcrMode[] = ['auto', 'always', 'never'];

export interface PdfReadOptions extends Pick<OcrOptions, 'jobs' | 'cacheDir' | 'onProgress' | 'lang'> {
  ocr?: OcrMode;
}

export interface PdfPages {
  pageCount: number;
  pages: PageText[];
  /** Pages whose text came from OCR. */
  ocrPages: number[];
  warnings: Warning[];
}

/** Files above this many pages are read only up to it, with a warning (a 2,000-page PDF is a book). */
export const MAX_PDF_PAGES = 3000;

export async function readPdfPages(bytes: Uint8Array, options: PdfReadOptions = {}): Promise<PdfPages> {
  const mode = options.ocr ?? 'auto';
  const layer = await readPdfTextLayer(bytes, { maxPages: MAX_PDF_PAGES });
  const warnings: Warning[] = [];
  if (layer.pageCount === 0) throw new InputError('the PDF has no pages');
  if (layer.pageCount > MAX_PDF_PAGES) {
    warnings.push({ code: 'pdf-truncated', message: `only the first ${MAX_PDF_PAGES} of ${layer.pageCount} pages were read`, line: null });
  }
  const pages = layer.pages;
  const unusable = pages.filter((p) => pageQuality(p) !== 'ok').map((p) => p.page);
  const wanted = mode === 'always' ? pages.map((p) => p.page) : mode === 'auto' ? unusable : [];
  const ocrDone: number[] = [];
  if (wanted.length) {
    const avail = await ocrAvailable(options.lang);
    if (!avail.ok) {
      if (mode === 'always') throw new InputError(avail.message);
      warnings.push({ code: 'ocr-unavailable', message: `${wanted.length} page(s) without a usable text layer were not read: ${avail.message}`, line: null });
    } else {
      const read = await withTempFile(bytes, (path) =>
        ocrPages(path, wanted, {
          ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
          ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(options.lang ? { lang: options.lang } : {}),
        }),
      );
      for (const p of read) {
        const at = pages.findIndex((q) => q.page === p.page);
        if (at >= 0) pages[at] = p;
        ocrDone.push(p.page);
      }
    }
  } else if (mode === 'never' && unusable.length) {
    warnings.push({ code: 'pages-without-text', message: `${unusable.length} page(s) have no usable text layer (OCR is off): ${list(unusable)}`, line: null });
  }
  return { pageCount: layer.pageCount, pages, ocrPages: ocrDone, warnings };
}

/** pdftoppm reads files: the bytes go to a private temporary file for the time of `fn`. */
async function withTempFile<T>(bytes: Uint8Array, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'gongbao-pdf-'));
  try {
    const path = join(dir, 'input.pdf');
    await writeFile(path, bytes);
    return await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function list(pages: number[]): string {
  return pages.length > 12 ? `${pages.slice(0, 12).join(', ')} …` : pages.join(', ');
}
