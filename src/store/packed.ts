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
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { TABLES } from './schema.js';

/** Compressed text as stored. */
export const deflateText = (text: string): Buffer => deflateRawSync(text);

/** Stored compressed text back. */
export const inflateText = (stored: Uint8Array): string => inflateRawSync(stored).toString('utf8');

/**
 * The whole lines that the first bytes of a stored compressed text hold (the text up to its last
 * line break; '' when none): DEFLATE decodes from the start, so a prefix of the stored bytes is a
 * prefix of the text (Node's documented finishFlush for truncated input).
 */
export function inflateLinesPrefix(storedPrefix: Uint8Array): string {
  const text = inflateRawSync(storedPrefix, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  return text.slice(0, Math.max(0, text.lastIndexOf('\n')));
}

// ───────────── a task's text, stored against its document's body ─────────────
//
// A task's sentences are its document's own, joined differently where lines broke, so DEFLATE with
// the document's body as preset dictionary keeps little more than back-references to it: a
// document's task texts take ~0.16 KiB instead of ~1.9 KiB deflated alone (the benchmark archive).
// DEFLATE looks back at most 32 KiB, so the dictionary is the 32 KiB of body bytes ending a little
// past where the task starts in the body; the stored bytes begin with a varint of that end (0: no
// dictionary), so reading needs the body and nothing else.

const WINDOW = 32 * 1024;
/** Body bytes after the task's first characters that the window keeps (covers most of a task). */
const LOOKAHEAD = 4 * 1024;

/** The end of the dictionary window for a task's text in a body (bytes; 0: none). */
function windowEnd(text: string, body: string, bodyBytes: Buffer): number {
  if (bodyBytes.length <= WINDOW) return bodyBytes.length;
  // Long body: find where the task starts (its first characters; its first line as a fallback).
  let at = body.indexOf(text.slice(0, 16));
  if (at < 0) at = body.indexOf(text.slice(0, Math.max(1, text.indexOf('\n'))).slice(0, 8));
  if (at < 0) return bodyBytes.length;
  const start = Buffer.byteLength(body.slice(0, at));
  return Math.min(bodyBytes.length, Math.max(WINDOW, start + LOOKAHEAD));
}

/** A task's text as stored: varint window end, then raw DEFLATE against that body window. */
export function packTaskText(text: string, body: string, bodyBytes: Buffer = Buffer.from(body)): Buffer {
  const end = bodyBytes.length ? windowEnd(text, body, bodyBytes) : 0;
  const z = end ? deflateRawSync(text, { dictionary: bodyBytes.subarray(Math.max(0, end - WINDOW), end) }) : deflateRawSync(text);
  const head: number[] = [];
  for (let v = end; ; v >>>= 7) {
    if (v < 0x80) {
      head.push(v);
      break;
    }
    head.push((v & 0x7f) | 0x80);
  }
  return Buffer.concat([Buffer.from(head), z]);
}

/** A stored task text back, given its document's body as UTF-8 bytes. */
export function unpackTaskText(stored: Uint8Array, bodyBytes: Uint8Array): string {
  let end = 0;
  let i = 0;
  for (let shift = 0; ; shift += 7) {
    const b = stored[i++]!;
    end += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  const z = stored.subarray(i);
  if (!end) return inflateRawSync(z).toString('utf8');
  if (end > bodyBytes.length) throw new Error(`a task text refers to body bytes up to ${end}, the body has ${bodyBytes.length}`);
  return inflateRawSync(z, { dictionary: bodyBytes.subarray(Math.max(0, end - WINDOW), end) }).toString('utf8');
}

/** A document's stored (compressed) body as UTF-8 bytes. */
export const inflateBytes = (stored: Uint8Array): Buffer => inflateRawSync(stored);

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
