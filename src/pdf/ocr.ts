/**
 * OCR of PDF pages with Tesseract (Debian package tesseract-ocr; pages are rendered by poppler-utils'
 * pdftoppm). The Chinese model is tessdata's standard chi_sim from npm, else Debian's
 * tesseract-ocr-chi-sim (ocr-model.ts). Each page is rendered to a grey PNG, looked up in the OCR
 * cache by the image's hash, and otherwise read by one single-threaded tesseract process; `jobs`
 * pages are read at once (one per core by default), which is faster than tesseract's own threads.
 * The result is the same positioned text a PDF text layer gives (points, top-left origin), so one
 * layout stage handles both.
 */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { runTool, ToolMissingError } from './exec.js';
import { defaultOcrCacheDir, ocrCacheKey, readCachedPage, writeCachedPage, type CachedPage } from './ocr-cache.js';
import { OCR_MODEL_NAMES, resolveOcrModel, type OcrModelName } from './ocr-model.js';
import { mapPool } from './pool.js';
import { pngSize, rasterizePage } from './raster.js';
import { pxToPt, tsvToItems } from './tesseract-tsv.js';
import type { PageText } from '../layout/positioned.js';

export const OCR_PACKAGES = 'tesseract-ocr tesseract-ocr-chi-sim poppler-utils';
const INSTALL_HINT = `apt-get install ${OCR_PACKAGES}`;

/**
 * Defaults chosen by measurement: character accuracy (width folded) against the text layer, person
 * names and posts read right, and the evaluation's appointments and dates, on the full 150 dpi scans
 * of the three sample issues (README, OCR; bench/ocr.ts for speed).
 */
export const OCR_DEFAULTS = {
  /** The scan's own resolution: 300 dpi (upsampled) read slightly worse (0.945 vs 0.957) in over twice the time; 200 no better. */
  dpi: 150,
  /** chi_sim alone: chi_sim+eng read worse (0.934 vs 0.957) and slower; the pages are Chinese with digits. */
  lang: 'chi_sim',
  /** Automatic page segmentation: finds columns, centred titles and right-aligned signatures (psm 4 and 6 read the same one-column pages no better). */
  psm: 3,
  /**
   * tessdata's standard chi_sim read with its LSTM engine (ocr-model.ts): 85 of 90 names where Debian's
   * fast model read 78; appointments F1 on the full scans 0.851 vs 0.752 (docs/pdf.md, OCR model).
   */
  model: 'standard' as OcrModelName,
  /** One page may not take longer than this in tesseract. */
  timeoutMs: 180_000,
};

/**
 * The model asked for: `GONGBAO_OCR_MODEL` (`standard` or `system`) when set, so a run can be
 * measured or served with Debian's model without a new option on every command; else the default.
 */
export function defaultOcrModel(env: NodeJS.ProcessEnv = process.env): OcrModelName {
  const want = env.GONGBAO_OCR_MODEL;
  if (!want) return OCR_DEFAULTS.model;
  if (!(OCR_MODEL_NAMES as readonly string[]).includes(want)) {
    throw new OcrUnavailableError(`GONGBAO_OCR_MODEL must be one of ${OCR_MODEL_NAMES.join(', ')}, not ${JSON.stringify(want)}`);
  }
  return want as OcrModelName;
}

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
 * Whether tesseract, the language data for `lang` (the npm model's or the system's) and pdftoppm
 * are installed. Checked once per process (per PATH, TESSDATA_PREFIX, lang and model).
 */
export function ocrAvailable(lang: string = OCR_DEFAULTS.lang, model: OcrModelName = defaultOcrModel()): Promise<OcrAvailability> {
  const key = [process.env.PATH, process.env.TESSDATA_PREFIX, lang, model].join('\0');
  let p = availability.get(key);
  if (!p) availability.set(key, (p = checkOcr(lang, model)));
  return p;
}

async function checkOcr(lang: string, model: OcrModelName): Promise<OcrAvailability> {
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
  // The npm model brings chi_sim itself: the system's is then only the fallback.
  if ((await resolveOcrModel(lang, model)).name === 'standard') langs.push(lang);
  const missing = lang.split('+').filter((l) => !langs.includes(l));
  if (missing.length) return unavailable(`no tesseract language data for ${missing.join(', ')}`);
  if ((await tool('pdftoppm', ['-v'])) === null) return unavailable('pdftoppm not found');
  return { ok: true, version, langs: [...new Set(langs)] };
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
  /** `standard` (npm; falls back to `system` when absent) or `system` (the installed tesseract's); default: defaultOcrModel(). */
  model?: OcrModelName;
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
  const want = opts.model ?? defaultOcrModel();
  const avail = await ocrAvailable(lang, want);
  if (!avail.ok) throw new OcrUnavailableError(avail.message);
  const tesseractVersion = avail.version;
  const model = await resolveOcrModel(lang, want);
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
    const key = ocrCacheKey(png, { dpi, lang, psm, tesseractVersion, model: model.id });
    let result: CachedPage | null = cacheDir === null ? null : readCachedPage(cacheDir, key);
    if (!result) {
      const args = ['stdin', '-', ...model.args, '-l', lang, '--psm', String(psm), '--dpi', String(dpi), 'tsv'];
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
  // Loaded only for a bar on a terminal: every `gongbao parse` asks for one, and loading
  // cli-progress cost ~20 ms CPU of its start-up.
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
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
