/**
 * Ingesting files: collect them (folders recursively), skip the ones already stored unchanged
 * (same path, content hash and parser version), parse the others and store them a batch at a
 * time, one transaction a batch (Archive.ingestBatch, INGEST_BATCH); a batch that fails is stored
 * file by file, so each issue is still all or nothing and one bad file fails alone. A file that cannot be read or parsed is
 * reported and skipped; the rest goes on.
 * A parse that would replace a stored issue with far fewer documents (a damaged or mis-decoded
 * file) is refused unless forced: the stored version stays. A file in which nothing of a gazette
 * is found (a README, an empty file) is skipped, not stored. The same issue from another file
 * (same masthead or same documents) is a duplicate of the stored one, not stored twice.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ParsedIssue, SourceLine } from '../model.js';
import { IndexNotWrittenError, type Archive, type IngestInput, type IngestResult } from './archive.js';

/** Extensions taken from folders (files named explicitly are always taken). */
export const INGEST_EXTENSIONS = ['.txt', '.text', '.md', '.markdown', '.pdf'];

/**
 * Parses a file and gives the lines it parsed (parseFileWithLines, or parseIssueWithLines for text
 * only): what the archive stores.
 */
export type ParseFn = (
  input: Uint8Array,
  options: { fileName?: string },
) => { parsed: ParsedIssue; lines: SourceLine[] } | Promise<{ parsed: ParsedIssue; lines: SourceLine[] }>;

/** A parse that was not stored because it has far fewer documents than the stored version. */
export interface FewerDocuments {
  stored: number;
  parsed: number;
}

/**
 * Whether replacing a stored issue of `stored` documents with a parse of `parsed` documents loses
 * so much that it needs --force: fewer than half of them, or none at all.
 */
export function losesDocuments(stored: number, parsed: number): boolean {
  return parsed * 2 < stored || (stored >= 1 && parsed === 0);
}

/** The one-line refusal; `force` names how to replace anyway (the CLI flag, or the API parameter). */
export function fewerDocumentsMessage(path: string, f: FewerDocuments, force = '--force'): string {
  return `${path}: the new parse has ${f.parsed} document(s), the stored version ${f.stored}; kept the stored version (${force} replaces it)`;
}

/**
 * Why a parse holds nothing to store, or null: neither a gazette's masthead with its title (刊名)
 * nor one official document (公文) was found — a README, an empty file, any other text. (A year
 * and a number alone, "2024年第3期", turn up in any text.)
 */
export function nothingToStore(parsed: ParsedIssue): string | null {
  return parsed.documents.length === 0 && !parsed.issue?.title ? 'not a gazette: no masthead (刊名) and no official document (公文) found' : null;
}

/** What became of one parse: stored (or found stored), refused by the replace guard, or skipped. */
export type StoreOutcome = { result: IngestResult } | { refused: FewerDocuments } | { skipped: string };

/**
 * Store a parse as ingest does (files and uploads alike): skip it when nothing was found in it,
 * refuse it when it would replace the issue stored under its path by far fewer documents (unless
 * `force`), report the same issue stored from another file as a duplicate, else store it.
 */
export async function storeParse(archive: Archive, input: IngestInput, force: boolean): Promise<StoreOutcome> {
  return (await notStored(archive, input, force)) ?? { result: await archive.ingestIssue({ ...input, reportSameIssue: true }) };
}

/** Why a parse is not to be stored (nothing in it, or the replace guard), or null. */
async function notStored(archive: Archive, input: IngestInput, force: boolean): Promise<Exclude<StoreOutcome, { result: IngestResult }> | null> {
  const skipped = nothingToStore(input.parsed);
  if (skipped) return { skipped };
  const count = input.parsed.documents.length;
  const stored = force ? null : await archive.storedDocumentCount(input.sourcePath);
  if (stored !== null && losesDocuments(stored, count)) return { refused: { stored, parsed: count } };
  return null;
}

/**
 * Parses stored by one transaction (Archive.ingestIssues): up to the archive's `ingestBatch`
 * issues and these limits. The parses wait in memory, and the progress a file reports waits for
 * its batch.
 */
export const INGEST_BATCH = { documents: 2000, bytes: 32 * 1024 * 1024, ms: 2000 };

export interface IngestOptions {
  /** Replace stored issues even by a parse with far fewer documents. */
  force?: boolean;
}

export interface FileOutcome {
  path: string;
  result: IngestResult | null;
  /** Set when the file was not stored. */
  error: string | null;
  /** Set when the file was not stored because it would lose documents (`error` says so). */
  refused: FewerDocuments | null;
  /** Set when the file was not stored because nothing of a gazette was found in it: why. */
  skipped?: string;
  ms: number;
}

export interface IngestSummary {
  files: number;
  inserted: number;
  replaced: number;
  unchanged: number;
  duplicate: number;
  failed: FileOutcome[];
  /** Files not stored because the stored version has far more documents (see IngestOptions.force). */
  refused: FileOutcome[];
  /** Files not stored because nothing of a gazette was found in them (see nothingToStore). */
  skipped: FileOutcome[];
  /** Documents and warnings of the files stored in this run. */
  documents: number;
  warnings: number;
  ms: number;
}

/**
 * Files under the given paths, sorted, each once (absolute paths). Symbolic links are followed,
 * but a folder already walked (same device and inode) is not walked again: a link loop ends.
 */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const out = new Set<string>();
  const walked = new Set<string>();
  const walk = async (p: string, explicit: boolean): Promise<void> => {
    let st;
    try {
      st = await stat(p);
    } catch {
      if (explicit) throw new Error(`no such file or folder: ${p}`);
      return;
    }
    if (st.isDirectory()) {
      const id = `${st.dev}:${st.ino}`;
      if (walked.has(id)) return;
      walked.add(id);
      const entries = await readdir(p);
      entries.sort();
      for (const e of entries) if (!e.startsWith('.')) await walk(join(p, e), false);
    } else if (st.isFile()) {
      const lower = basename(p).toLowerCase();
      if (explicit || INGEST_EXTENSIONS.some((x) => lower.endsWith(x))) out.add(resolve(p));
    }
  };
  for (const p of paths) await walk(p, true);
  return [...out];
}

/** One file read and parsed: its outcome already (unchanged, skipped, refused, failed), or a parse to store. */
type Read = { outcome: FileOutcome } | { path: string; t0: number; input: IngestInput; bytes: number };

async function readFileForIngest(archive: Archive, path: string, parse: ParseFn, parserVersion: string, force: boolean): Promise<Read> {
  const t0 = performance.now();
  const outcome = (o: Omit<FileOutcome, 'path' | 'ms'>): Read => ({ outcome: { path, ...o, ms: performance.now() - t0 } });
  try {
    const bytes = await readFile(path);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const current = await archive.isCurrent(path, sha256, parserVersion);
    if (current) return outcome({ result: current, error: null, refused: null });
    const { parsed, lines } = await parse(bytes, { fileName: basename(path) });
    // A PDF's lines are a reconstruction: the archive keeps the file, so evidence can open its pages.
    const original = parsed.source.format === 'pdf' ? { original: bytes } : {};
    const input: IngestInput = { parsed, lines, sourcePath: path, ...original, reportSameIssue: true };
    const no = await notStored(archive, input, force);
    if (no && 'skipped' in no) return outcome({ result: null, error: null, refused: null, skipped: no.skipped });
    if (no) return outcome({ result: null, error: fewerDocumentsMessage(path, no.refused), refused: no.refused });
    return { path, t0, input, bytes: bytes.length };
  } catch (e) {
    return outcome({ result: null, error: errorLine(e), refused: null });
  }
}

const errorLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

/**
 * Store parses in one transaction; when it fails, each on its own, so that one bad issue fails
 * alone and the others are stored (and each reports its own error).
 */
async function storeBatch(archive: Archive, batch: Extract<Read, { input: IngestInput }>[]): Promise<FileOutcome[]> {
  const outcome = (b: (typeof batch)[number], result: IngestResult | null, error: string | null): FileOutcome => ({ path: b.path, result, error, refused: null, ms: performance.now() - b.t0 });
  // (Stored but not indexed: stored all the same — the index catches up, and the ingest's final
  // flushIndex reports the failure.)
  const stored = (e: unknown) => (e instanceof IndexNotWrittenError ? e.results : null);
  try {
    const results = await archive.ingestIssues(batch.map((b) => b.input));
    return batch.map((b, i) => outcome(b, results[i]!, null));
  } catch (e) {
    const results = stored(e);
    if (results) return batch.map((b, i) => outcome(b, results[i]!, null));
    // (One issue alone: its own error — storing it again would only fail again.)
    if (batch.length === 1) return [outcome(batch[0]!, null, errorLine(e))];
    const out: FileOutcome[] = [];
    for (const b of batch) {
      try {
        out.push(outcome(b, await archive.ingestIssue(b.input), null));
      } catch (e) {
        const one = stored(e);
        out.push(one ? outcome(b, one[0]!, null) : outcome(b, null, errorLine(e)));
      }
    }
    return out;
  }
}

export async function ingestFiles(
  archive: Archive,
  files: string[],
  parse: ParseFn,
  parserVersion: string,
  onFile?: (outcome: FileOutcome, done: number, total: number) => void,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const started = performance.now();
  const summary: IngestSummary = {
    files: files.length,
    inserted: 0,
    replaced: 0,
    unchanged: 0,
    duplicate: 0,
    failed: [],
    refused: [],
    skipped: [],
    documents: 0,
    warnings: 0,
    ms: 0,
  };
  let done = 0;
  const report = (outcome: FileOutcome) => {
    if (outcome.refused) summary.refused.push(outcome);
    else if (outcome.skipped) summary.skipped.push(outcome);
    else if (outcome.error || !outcome.result) summary.failed.push(outcome);
    else {
      summary[outcome.result.status]++;
      if (outcome.result.status === 'inserted' || outcome.result.status === 'replaced') {
        summary.documents += outcome.result.documents;
        summary.warnings += outcome.result.warnings;
      }
    }
    done++;
    onFile?.(outcome, done, files.length);
  };
  // Files in order: outcomes known before their turn (an unchanged file after a parse still in
  // the batch) wait in `waiting` and are reported after it.
  const batch: Extract<Read, { input: IngestInput }>[] = [];
  let waiting: (FileOutcome | number)[] = [];
  let size = { documents: 0, bytes: 0, since: 0 };
  const flush = async () => {
    const stored = batch.length ? await storeBatch(archive, batch.splice(0)) : [];
    for (const w of waiting) report(typeof w === 'number' ? stored[w]! : w);
    waiting = [];
    size = { documents: 0, bytes: 0, since: 0 };
  };
  for (const path of files) {
    const read = await readFileForIngest(archive, path, parse, parserVersion, options.force === true);
    if ('outcome' in read) {
      if (waiting.length) waiting.push(read.outcome);
      else report(read.outcome);
      continue;
    }
    if (!batch.length) size.since = performance.now();
    waiting.push(batch.length);
    batch.push(read);
    size.documents += read.input.parsed.documents.length;
    size.bytes += read.bytes;
    const full = batch.length >= archive.ingestBatch || size.documents >= INGEST_BATCH.documents || size.bytes >= INGEST_BATCH.bytes;
    if (full || performance.now() - size.since >= INGEST_BATCH.ms) await flush();
  }
  await flush();
  await archive.flushIndex();
  summary.ms = performance.now() - started;
  return summary;
}
