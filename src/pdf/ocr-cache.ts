/**
 * The OCR cache: a page's OCR result stored under a hash of what determines it (the rendered page
 * image, the resolution, the languages, the page segmentation mode, the model (ocr-model.ts: its
 * name and data hash), the tesseract version and the version of our TSV conversion), so that
 * re-ingesting a file does not OCR its pages again. One JSON file per page in
 * `<dir>/<first two hex digits>/<hash>.json`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PositionedText } from '../layout/positioned.js';

/** Bump when the conversion of tesseract's output changes, so that old entries are not reused. */
const FORMAT = 1;

export interface CachedPage {
  width: number;
  height: number;
  items: PositionedText[];
}

export interface OcrSettings {
  dpi: number;
  lang: string;
  psm: number;
  tesseractVersion: string;
  /** The model's id (name and data hash). */
  model: string;
}

/** `$XDG_CACHE_HOME/gongbao/ocr`, else `~/.cache/gongbao/ocr`. */
export function defaultOcrCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'gongbao', 'ocr');
}

export function ocrCacheKey(image: Buffer, s: OcrSettings): string {
  const settings = JSON.stringify([FORMAT, s.dpi, s.lang, s.psm, s.tesseractVersion, s.model]);
  return createHash('sha256').update(image).update(settings).digest('hex');
}

function entryPath(dir: string, key: string): string {
  return join(dir, key.slice(0, 2), `${key}.json`);
}

/** The stored page, or null when absent or unreadable (a damaged entry is simply OCR'd again). */
export function readCachedPage(dir: string, key: string): CachedPage | null {
  try {
    const v = JSON.parse(readFileSync(entryPath(dir, key), 'utf8')) as CachedPage;
    return Array.isArray(v.items) && typeof v.width === 'number' && typeof v.height === 'number' ? v : null;
  } catch {
    return null;
  }
}

/** Store a page; written to a temporary file and renamed, so a reader never sees half an entry. */
export function writeCachedPage(dir: string, key: string, page: CachedPage): void {
  const path = entryPath(dir, key);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(join(dir, key.slice(0, 2)), { recursive: true });
    writeFileSync(tmp, JSON.stringify(page));
    renameSync(tmp, path);
  } catch {
    // An unwritable cache (read-only home, full disk) costs a re-OCR next time, nothing more.
  }
}
