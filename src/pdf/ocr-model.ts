/**
 * Which Chinese model tesseract reads with.
 *
 * - `standard` (the default): tessdata's standard chi_sim (LSTM and legacy engine; read with the LSTM
 *   engine, `--oem 1`), from the npm package @tesseract.js-data/chi_sim (4.0.0/, gzipped). It is
 *   unpacked on first use into `$XDG_CACHE_HOME/gongbao/tessdata/<hash>/` (else ~/.cache/…) and
 *   passed with `--tessdata-dir`. Measured against Debian's model on the full scans of the three
 *   sample issues (README, OCR): more person names and posts read right, as good a character
 *   accuracy, in about twice the time.
 * - `system`: the chi_sim of the installed tesseract (Debian's tesseract-ocr-chi-sim, the small
 *   "fast" model). Used when asked for, when the language is not chi_sim alone, and as the fallback
 *   when the npm package is missing or cannot be unpacked.
 *
 * A model has an id (its name and a hash of its data) that is part of the OCR cache key, so pages
 * read with one model are never taken for pages read with another.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

export type OcrModelName = 'standard' | 'system';
export const OCR_MODEL_NAMES: readonly OcrModelName[] = ['standard', 'system'];

export interface OcrModel {
  name: OcrModelName;
  /** Name and data hash: part of the OCR cache key. */
  id: string;
  /** What to add to tesseract's arguments (--tessdata-dir, --oem). */
  args: string[];
}

const STANDARD_PACKAGE = '@tesseract.js-data/chi_sim';
/** The standard model's file inside the package. */
const STANDARD_FILE = '4.0.0/chi_sim.traineddata.gz';

/** The gzipped standard model of the installed npm package, or null when it is not installed. */
export function standardModelArchive(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve(`${STANDARD_PACKAGE}/package.json`);
    const file = join(dirname(pkg), STANDARD_FILE);
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

/** `$XDG_CACHE_HOME/gongbao/tessdata`, else `~/.cache/gongbao/tessdata`. */
export function defaultTessdataCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'gongbao', 'tessdata');
}

function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  return pipeline(createReadStream(path), hash).then(() => hash.digest('hex'));
}

/**
 * The standard model unpacked into a folder tesseract takes as `--tessdata-dir` (with the `tsv`
 * config, which tesseract looks for there). Unpacked once: the folder is named by the archive's
 * hash, and the file is written under a temporary name and renamed, so concurrent processes and
 * an interrupted unpacking leave no half file behind.
 */
export async function unpackStandardModel(archive: string, cacheDir: string): Promise<{ dir: string; hash: string }> {
  const hash = (await sha256File(archive)).slice(0, 16);
  const dir = join(cacheDir, `chi_sim-standard-${hash}`);
  const file = join(dir, 'chi_sim.traineddata');
  const tsvConfig = join(dir, 'configs', 'tsv');
  if (!existsSync(file) || !existsSync(tsvConfig)) {
    mkdirSync(join(dir, 'configs'), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await pipeline(createReadStream(archive), createGunzip(), createWriteStream(tmp));
      renameSync(tmp, file);
    } finally {
      rmSync(tmp, { force: true });
    }
    writeFileSync(tsvConfig, 'tessedit_create_tsv 1\n');
  }
  if (statSync(file).size === 0) throw new Error(`${file} is empty`);
  return { dir, hash };
}

const models = new Map<string, Promise<OcrModel>>();

/**
 * The model to read `lang` with: `standard` when it is chi_sim and the npm package is there (and
 * unpacks), else the system's. Resolved once per process for each setting.
 */
export function resolveOcrModel(
  lang: string,
  want: OcrModelName = 'standard',
  opts: { archive?: string | null; cacheDir?: string } = {},
): Promise<OcrModel> {
  const archive = opts.archive === undefined ? standardModelArchive() : opts.archive;
  const cacheDir = opts.cacheDir ?? defaultTessdataCacheDir();
  const key = [lang, want, archive, cacheDir].join('\0');
  let p = models.get(key);
  if (!p) models.set(key, (p = pick(lang, want, archive, cacheDir)));
  return p;
}

async function pick(lang: string, want: OcrModelName, archive: string | null, cacheDir: string): Promise<OcrModel> {
  if (want === 'standard' && lang === 'chi_sim' && archive) {
    try {
      const { dir, hash } = await unpackStandardModel(archive, cacheDir);
      return { name: 'standard', id: `standard:${hash}`, args: ['--tessdata-dir', dir, '--oem', '1'] };
    } catch {
      // An unwritable cache or a damaged package: Debian's model still reads the pages.
    }
  }
  return { name: 'system', id: `system:${lang}:${systemModelHash(lang)}`, args: [] };
}

/** Where the installed tesseract keeps its language data (TESSDATA_PREFIX, else Debian's folders). */
function systemTessdataDirs(): string[] {
  const dirs = process.env.TESSDATA_PREFIX ? [process.env.TESSDATA_PREFIX] : [];
  return [...dirs, '/usr/share/tesseract-ocr/5/tessdata', '/usr/share/tesseract-ocr/4.00/tessdata', '/usr/share/tessdata'];
}

/** A hash of the system's data files for `lang` (so a changed Debian package gives new cache keys). */
function systemModelHash(lang: string): string {
  const hash = createHash('sha256');
  for (const l of lang.split('+')) {
    const file = systemTessdataDirs().map((d) => join(d, `${l}.traineddata`)).find((f) => existsSync(f));
    hash.update(file ? readFileSync(file) : `missing ${l}`);
  }
  return hash.digest('hex').slice(0, 16);
}
