/**
 * The search engine's port: what it needs from a storage backend — document metadata, posting
 * rows of the n-gram index and document texts — defined here, on the engine's side, and
 * implemented once by the store (src/store/search-backend.ts, over either database), so the
 * engine never imports the store.
 */
import type { IsoDate } from '../model.js';
import type { PostingRow } from './postings.js';

export interface DocMetaRow {
  id: number;
  issueId: number;
  title: string;
  docNumber: string | null;
  docType: string | null;
  issuers: string[];
  section: string | null;
  date: IsoDate | null;
  /** Year of the document date, else of the issue. */
  year: number | null;
  /** Length of the normalized search text. */
  length: number;
  /** In the index; otherwise scanned. */
  indexed: boolean;
  effectiveFrom: IsoDate | null;
  expiresOn: IsoDate | null;
  repealedOn: IsoDate | null;
  sourcePath: string;
  issueTitle: string | null;
  startLine: number;
  endLine: number;
}

export interface DocBody {
  id: number;
  /** The document's lines (SourceLine.text), from its first line on. */
  lines: string[];
  /** False when `lines` are only the document's first lines (bodies asked for with `prefix`). */
  complete: boolean;
}

export interface SearchBackend {
  /** Changes whenever documents or the index change (cheap: called on every search). */
  generation(): Promise<string>;
  loadDocMeta(): Promise<DocMetaRow[]>;
  /**
   * Rows of each key, segments in ascending document order. Without `positions` the rows may
   * leave `pos` out (null): 1- and 2-character queries never read positions.
   */
  postings(keys: number[], positions: boolean): Promise<Map<number, PostingRow[]>>;
  /**
   * Documents' bodies. With `prefix`, a long body may come as its first lines only (complete:
   * false; a snippet needs the text around the first hit, usually near the start, and decoding
   * a whole long body was most of a frequent bigram's answer).
   */
  bodies(ids: number[], opts?: { prefix?: boolean }): Promise<Map<number, DocBody>>;
  /** Documents whose own number is `normalized`, and documents whose text mentions it. */
  docNumberRefs(normalized: string): Promise<{ own: number[]; mentioned: number[] }>;
}
