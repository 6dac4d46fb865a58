/**
 * Ingest of one issue file's bytes into an archive: decode, parse, store. Idempotent: a file the
 * archive already holds for this parser version is not parsed again.
 */
import type { Archive, IngestResult } from '../store/archive.js';
import { decode } from '../core/decode.js';
import { toSourceLines } from '../core/lines.js';
import { parseIssue, PARSER_VERSION } from '../parse.js';

export async function ingestBytes(archive: Archive, bytes: Uint8Array, sourcePath: string, fileName: string | null = null): Promise<IngestResult> {
  const decoded = decode(bytes);
  const current = await archive.isCurrent(sourcePath, decoded.sha256, PARSER_VERSION);
  if (current) return current;
  const lines = toSourceLines(decoded.lines);
  const parsed = parseIssue(bytes, fileName ? { fileName } : {});
  return archive.ingestIssue({ parsed, lines, sourcePath });
}
