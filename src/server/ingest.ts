/**
 * Ingest of one issue file's bytes into an archive: decode, parse, store. Idempotent: a file the
 * archive already holds for this parser version is not parsed again. Decoding and parsing run
 * where `parser` says (the server passes a worker-thread pool, parse-pool.ts).
 */
import type { Archive, IngestResult } from '../store/archive.js';
import { PARSER_VERSION } from '../parse.js';
import { parseInThread, type UploadParser } from './parse-pool.js';

export async function ingestBytes(
  archive: Archive, bytes: Uint8Array, sourcePath: string, fileName: string | null = null, parser: UploadParser = parseInThread,
): Promise<IngestResult> {
  const decoded = await parser.digest(bytes);
  const current = await archive.isCurrent(sourcePath, decoded.sha256, PARSER_VERSION);
  if (current) return current;
  const { parsed, lines } = await parser.prepare(bytes, fileName);
  return archive.ingestIssue({ parsed, lines, sourcePath });
}
