/**
 * Ingesting files: collect them (folders recursively), skip the ones already stored unchanged
 * (same path, content hash and parser version), parse the others and store each as one
 * transaction. A file that cannot be read or parsed is reported and skipped; the rest goes on.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ParsedIssue } from '../model.js';
import type { Archive, IngestResult } from './archive.js';
import { decode } from '../core/decode.js';
import { toSourceLines } from '../core/lines.js';

/** Extensions taken from folders (files named explicitly are always taken). */
export const INGEST_EXTENSIONS = ['.txt', '.text', '.md', '.markdown'];

export type ParseFn = (input: Uint8Array, options: { fileName?: string }) => ParsedIssue;

export interface FileOutcome {
  path: string;
  result: IngestResult | null;
  /** Set when the file was not stored. */
  error: string | null;
  ms: number;
}

export interface IngestSummary {
  files: number;
  inserted: number;
  replaced: number;
  unchanged: number;
  duplicate: number;
  failed: FileOutcome[];
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

export async function ingestFiles(
  archive: Archive,
  files: string[],
  parse: ParseFn,
  parserVersion: string,
  onFile?: (outcome: FileOutcome, done: number, total: number) => void,
): Promise<IngestSummary> {
  const started = performance.now();
  const summary: IngestSummary = {
    files: files.length,
    inserted: 0,
    replaced: 0,
    unchanged: 0,
    duplicate: 0,
    failed: [],
    documents: 0,
    warnings: 0,
    ms: 0,
  };
  let done = 0;
  for (const path of files) {
    const t0 = performance.now();
    let outcome: FileOutcome;
    try {
      const bytes = await readFile(path);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      let result = await archive.isCurrent(path, sha256, parserVersion);
      if (!result) {
        const parsed = parse(bytes, { fileName: basename(path) });
        const lines = toSourceLines(decode(bytes).lines);
        result = await archive.ingestIssue({ parsed, lines, sourcePath: path });
      }
      outcome = { path, result, error: null, ms: performance.now() - t0 };
      summary[result.status]++;
      if (result.status === 'inserted' || result.status === 'replaced') {
        summary.documents += result.documents;
        summary.warnings += result.warnings;
      }
    } catch (e) {
      outcome = { path, result: null, error: (e as Error).message.split('\n')[0]!, ms: performance.now() - t0 };
      summary.failed.push(outcome);
    }
    done++;
    onFile?.(outcome, done, files.length);
  }
  await archive.flushIndex();
  summary.ms = performance.now() - started;
  return summary;
}
