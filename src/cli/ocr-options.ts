/**
 * The options every command that reads PDFs shares: whether to OCR (`--ocr auto|always|never`), how
 * many pages at once (`--jobs`) and where OCR results are kept (`--ocr-cache DIR`, `--no-ocr-cache`).
 */
import type { Command } from 'commander';
import { UsageError } from './errors.js';
import type { ParseFileOptions } from '../parse.js';

export interface OcrCliOptions {
  ocr: string;
  jobs?: string;
  /** A folder, or false for --no-ocr-cache. */
  ocrCache?: string | false;
}

const MODES = ['auto', 'always', 'never'];

export function addOcrOptions(command: Command): Command {
  return command
    .option('--ocr <mode>', 'OCR of PDF pages: auto (pages without a usable text layer), always, never', 'auto')
    .option('--jobs <n>', 'pages OCR\'d at once (default: one per core)')
    .option('--ocr-cache <dir>', 'where OCR results are kept (default: $XDG_CACHE_HOME/gongbao/ocr)')
    .option('--no-ocr-cache', 'OCR again even pages read before');
}

/** Parse options of the OCR flags, with a progress bar on a terminal. */
export async function ocrParseOptions(opts: OcrCliOptions): Promise<Pick<ParseFileOptions, 'ocr' | 'jobs' | 'cacheDir' | 'onProgress'>> {
  if (!MODES.includes(opts.ocr)) throw new UsageError(`--ocr expects one of ${MODES.join(', ')}, got "${opts.ocr}"`);
  if (opts.jobs !== undefined && !/^[1-9]\d{0,2}$/.test(opts.jobs)) throw new UsageError(`--jobs expects a whole number ≥ 1, got "${opts.jobs}"`);
  // The bar is drawn only on a terminal: elsewhere the OCR modules are not loaded for it (a text
  // issue never needs them, and loading them cost ~25 ms CPU of every start).
  const onProgress = process.stderr.isTTY ? (await import('../pdf/ocr.js')).ocrProgressBar() : undefined;
  return {
    ocr: opts.ocr as ParseFileOptions['ocr'],
    ...(opts.jobs !== undefined ? { jobs: Number(opts.jobs) } : {}),
    ...(opts.ocrCache === false ? { cacheDir: null } : typeof opts.ocrCache === 'string' ? { cacheDir: opts.ocrCache } : {}),
    ...(onProgress ? { onProgress } : {}),
  };
}
