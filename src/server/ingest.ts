/**
 * Ingest of one issue file's bytes into an archive: decode, parse, store. Idempotent: a file the
 * archive already holds for this parser version is not parsed again. A parse that would replace
 * the stored issue of that name with far fewer documents is refused (409 fewer_documents) unless
 * forced, as `gongbao ingest` refuses it.
 */
import { createHash } from 'node:crypto';
import type { Archive, IngestResult } from '../store/archive.js';
import { fewerDocumentsMessage, losesDocuments } from '../store/ingest-files.js';
import { parseIssueWithLines, PARSER_VERSION } from '../parse.js';
import { HttpError } from './errors.js';

export interface IngestBytesOptions {
  /** Replace the stored issue even by a parse with far fewer documents. */
  force?: boolean;
}

export async function ingestBytes(
  archive: Archive,
  bytes: Uint8Array,
  sourcePath: string,
  fileName: string | null = null,
  options: IngestBytesOptions = {},
): Promise<IngestResult> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const current = await archive.isCurrent(sourcePath, sha256, PARSER_VERSION);
  if (current) return current;
  const { parsed, lines } = parseIssueWithLines(bytes, fileName ? { fileName } : {});
  const stored = options.force ? null : await archive.storedDocumentCount(sourcePath);
  if (stored !== null && losesDocuments(stored, parsed.documents.length)) {
    throw new HttpError(409, 'fewer_documents', fewerDocumentsMessage(sourcePath, { stored, parsed: parsed.documents.length }, 'force=true'));
  }
  return archive.ingestIssue({ parsed, lines, sourcePath });
}
