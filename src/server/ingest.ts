/**
 * Ingest of one issue file's bytes into an archive: decode, parse, store. Idempotent: a file the
 * archive already holds for this parser version is not parsed again. Decoding and parsing run
 * where `parser` says (the server passes a worker-thread pool, parse-pool.ts). A parse that would
 * replace the stored issue of that name with far fewer documents is refused (409 fewer_documents)
 * unless forced, as `gongbao ingest` refuses it; a body in which nothing of a gazette is found is
 * refused (422 not_a_gazette), and the same issue stored from another file answers `duplicate`.
 */
import type { Archive, IngestResult } from '../store/archive.js';
import { fewerDocumentsMessage, storeParse } from '../store/ingest-files.js';
import { PARSER_VERSION } from '../parse.js';
import { HttpError } from './errors.js';
import { parseInThread, type UploadParser } from './parse-pool.js';

export interface IngestBytesOptions {
  /** Replace the stored issue even by a parse with far fewer documents. */
  force?: boolean;
  /** Where decoding and parsing run (default: this thread). */
  parser?: UploadParser;
}

export async function ingestBytes(
  archive: Archive,
  bytes: Uint8Array,
  sourcePath: string,
  fileName: string | null = null,
  options: IngestBytesOptions = {},
): Promise<IngestResult> {
  const parser = options.parser ?? parseInThread;
  const { sha256 } = await parser.digest(bytes);
  const current = await archive.isCurrent(sourcePath, sha256, PARSER_VERSION);
  if (current) return current;
  const { parsed, lines } = await parser.prepare(bytes, fileName);
  // A PDF's lines are a reconstruction: the archive keeps the file, so evidence can open its pages.
  const original = parsed.source.format === 'pdf' ? { original: bytes } : {};
  const stored = await storeParse(archive, { parsed, lines, sourcePath, ...original }, options.force === true);
  if ('skipped' in stored) throw new HttpError(422, 'not_a_gazette', `${fileName ?? sourcePath}: ${stored.skipped}; not stored`);
  if ('refused' in stored) throw new HttpError(409, 'fewer_documents', fewerDocumentsMessage(sourcePath, stored.refused, 'force=true'));
  return stored.result;
}
