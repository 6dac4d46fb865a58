/**
 * OCR of PDF pages with Tesseract (Debian packages tesseract-ocr and tesseract-ocr-chi-sim; pages are
 * rendered by poppler-utils' pdftoppm). Each page is rendered to a grey PNG, looked up in the OCR
 * cache by the image's hash, and otherwise read by one single-threaded tesseract process; `jobs`
 * pages are read at once (one per core by default), which is faster than tesseract's own threads.
 * The result is the same positioned text a PDF text layer gives (points, top-left origin), so one
 * layout stage handles both.
 */
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import { runTool, ToolMissingError } from './exec.js';
import { defaultOcrCacheDir, ocrCacheKey, readCachedPage, writeCachedPage, type CachedPage } from './ocr-cache.js';
import { mapPool } from './pool.js';
import { pngSize, rasterizePage } from './raster.js';
import { pxToPt, tsvToItems } from './tesseract-tsv.js';
import type { PageText } from './types.js';

export const OCR_PACKAGES = 'tesseract-ocr tesseract-ocr-chi-sim poppler-utils';
const INSTALL_HINT = `apt-get install ${OCR_PACKAGES}`;

/**
 * Defaults chosen by measurement (character accuracy on the fixture's two 150 dpi grey scan pages and
 * on four one-column gazette pages rendered at 150 dpi grey; bench/ocr.ts for speed).
 */
export const OCR_DEFAULTS = {
  /** The scan's own resolution: 300 dpi (upsampled) read slightly worse (0.945 vs 0.957) in over twice the time; 200 no better. */
  dpi: 150,
  /** chi_sim alone: chi_sim+eng read worse (0.934 vs 0.957) and slower; the pages are Chinese with digits. */
  lang: 'chi_sim',
  /** Automatic page segmentation: finds columns, centred titles and right-aligned signatures (psm 4 and 6 read the same one-column pages no better). */
  psm: 3,
  /** One page may not take longer than this in tesseract. */
  timeoutMs: 180_000,
};

export type OcrAvailability = { ok: true; version: string; langs: string[] } | { ok: false; message: string };

/** OCR was asked for but cannot run; its message is one line naming the packages to install. */
export class OcrUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OcrUnavailableError';
  }
}

const availability = new Map<string, Promise<OcrAvailability>>();

/**
 * Whether tesseract, the language data for `lang` and pdftoppm are installed. Checked once per
 * process (per PATH, TESSDATA_PREFIX and lang).
 */
export function ocrAvailable(lang: string = OCR_DEFAULTS.lang): Promise<OcrAvailability> {
  const key = [process.env.PATH, process.env.TESSDATA_PREFIX, lang].join('\0');
  let p = availability.get(key);
  if (!p) availability.set(key, (p = checkOcr(lang)));
  return p;
}

async function checkOcr(lang: string): Promise<OcrAvailability> {
  const unavailable = (why: string): OcrAvailability => ({ ok: false, message: `OCR unavailable (${why}): install it with \`${INSTALL_HINT}\`` });
  const tool = async (cmd: string, args: string[]) => {
    try {
      const r = await runTool(cmd, args, { timeoutMs: 20_000, install: INSTALL_HINT });
      return r.stdout.toString('utf8') + r.stderr;
    } catch (e) {
      return e instanceof ToolMissingError ? null : '';
    }
  };
  const versionText = await tool('tesseract', ['--version']);
  if (versionText === null) return unavailable('tesseract not found');
  const version = /tesseract\s+v?(\d[\w.-]*)/i.exec(versionText)?.[1];
  if (!version) return unavailable('tesseract --version failed');
  const langs = ((await tool('tesseract', ['--list-langs'])) ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => /^[\w-]+$/.test(l));
  const missing = lang.split('+').filter((l) => !langs.includes(l));
  if (missing.length) return unavailable(`no tesseract language data for ${missing.join(', ')}`);
  if ((await tool('pdftoppm', ['-v'])) === null) return unavailable('pdftoppm not found');
  return { ok: true, version, langs };
}

export interface OcrOptions {
  /** Resolution pages are rendered at for OCR. */
  dpi?: number;
  /** Pages OCR'd at once, each by a single-threaded tesseract (default: one per core). */
  jobs?: number;
  /** Where OCR results are kept (default `$XDG_CACHE_HOME/gongbao/ocr`); null: no cache. */
  cacheDir?: string | null;
  /** Tesseract languages, e.g. `chi_sim` or `chi_sim+eng`. */
  lang?: string;
  /** Tesseract page segmentation mode. */
  psm?: number;
  /** Called after each page with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Time limit for one page in tesseract. */
  timeoutMs?: number;
}

/** OCR the given pages (1-based) of a PDF; the result is in the order of `pages`. */
export async function ocrPages(pdfPath: string, pages: number[], opts: OcrOptions = {}): Promise<PageText[]> {
  const dpi = opts.dpi ?? OCR_DEFAULTS.dpi;
  const lang = opts.lang ?? OCR_DEFAULTS.lang;
  const psm = opts.psm ?? OCR_DEFAULTS.psm;
  const timeoutMs = opts.timeoutMs ?? OCR_DEFAULTS.timeoutMs;
  const cacheDir = opts.cacheDir === undefined ? defaultOcrCacheDir() : opts.cacheDir;
  if (pages.length === 0) return [];
  const avail = await ocrAvailable(lang);
  if (!avail.ok) throw new OcrUnavailableError(avail.message);
  const tesseractVersion = avail.version;
  // One thread per tesseract: the pool gives the parallelism, and OpenMP threads on top of it only contend.
  const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
  let done = 0;
  opts.onProgress?.(0, pages.length);
  return mapPool(pages, opts.jobs ?? availableParallelism(), (page) =>
    ocrPage(page).catch((e: Error) => {
      throw e instanceof ToolMissingError ? e : new Error(`OCR of page ${page} of ${pdfPath} failed: ${e.message}`);
    }),
  );

  async function ocrPage(page: number): Promise<PageText> {
    const png = await rasterizePage(pdfPath, page, { dpi, gray: true, format: 'png' });
    const key = ocrCacheKey(png, { dpi, lang, psm, tesseractVersion });
    let result: CachedPage | null = cacheDir === null ? null : readCachedPage(cacheDir, key);
    if (!result) {
      const args = ['stdin', '-', '-l', lang, '--psm', String(psm), '--dpi', String(dpi), 'tsv'];
      const { stdout } = await runTool('tesseract', args, { input: png, env, timeoutMs, install: INSTALL_HINT });
      const { items } = tsvToItems(stdout.toString('utf8'), dpi);
      // The page's size from the image: a page tesseract finds nothing on still has one.
      const { width, height } = pngSize(png);
      result = { width: pxToPt(width, dpi), height: pxToPt(height, dpi), items };
      if (cacheDir !== null) writeCachedPage(cacheDir, key, result);
    }
    opts.onProgress?.(++done, pages.length);
    return { page, width: result.width, height: result.height, items: result.items, origin: 'ocr' };
  }
}

/**
 * A progress callback for `ocrPages` that draws a bar on stderr when stderr is a terminal (and does
 * nothing otherwise, so logs and pipes stay clean).
 */
export function ocrProgressBar(label = 'OCR'): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => {};
  // The look of the ingest command's bar.
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} pages | {eta_formatted} left`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return (done, total) => {
    if (!started) {
      bar.start(total, done);
      started = true;
    } else bar.update(done);
    if (done >= total) bar.stop();
  };
}
