/**
 * Compressed columns. The schema's `ztext` and `zjson` columns (a document's texts: its body,
 * raw lines, line places and JSON, most of an archive's bytes) are stored as raw DEFLATE
 * (node:zlib) of their UTF-8 text — SQLite BLOB, PostgreSQL bytea. The drivers deflate them on
 * insert and inflate them on read (db/sqlite.ts, db/pg.ts), so rows read as if they were text and
 * JSON and nothing above the store sees the difference. A JSON value is deflated as the text it was
 * stored as, so its key order is kept.
 *
 * Raw DEFLATE without a dictionary: body text compresses to ~40 % of its UTF-8 bytes, the JSON to
 * ~35 %, and the format stays plain zlib, readable by any tool (docs/storage.md).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { TABLES } from './schema.js';

/** Compressed text as stored. */
export const deflateText = (text: string): Buffer => deflateRawSync(text);

/** Stored compressed text back. */
export const inflateText = (stored: Uint8Array): string => inflateRawSync(stored).toString('utf8');

/** A value as a `ztext` (a string) or `zjson` (any JSON value) column stores it; null stays null. */
export function deflateColumn(type: 'ztext' | 'zjson', v: unknown): Buffer | null {
  if (v === null || v === undefined) return null;
  return deflateText(type === 'zjson' ? JSON.stringify(v) : (v as string));
}

const namesOf = (type: string) => new Set(TABLES.flatMap((t) => t.columns.filter((c) => c.type === type).map((c) => c.name)));
/** Columns stored compressed, by name (rows are decoded by the names of their columns). */
const ZTEXT = namesOf('ztext');
const ZJSON = namesOf('zjson');

/** The compressed columns among a statement's column names (none: an empty list). */
export const packedColumns = (names: readonly string[]): string[] => names.filter((n) => ZTEXT.has(n) || ZJSON.has(n));

/** Inflate a row's compressed columns in place (values that are not bytes are left alone). */
export function inflateRow(r: Record<string, unknown>, columns: readonly string[]): void {
  for (const k of columns) {
    const v = r[k];
    if (!(v instanceof Uint8Array)) continue;
    const text = inflateText(v);
    r[k] = ZJSON.has(k) ? JSON.parse(text) : text;
  }
}
