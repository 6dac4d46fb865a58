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
import { ByteReader, ByteWriter } from '../search/varint.js';

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
// the stretch of the body where the task stands as preset dictionary keeps little more than
// back-references to it: a document's task texts take ~0.16 KiB instead of ~1.9 KiB deflated
// alone (the benchmark archive). The stored bytes begin with two varints, where that stretch of
// body bytes starts and ends (equal: no dictionary), so reading needs the body and nothing else.
// A stretch just wider than the task, rather than the whole body, keeps packing cheap (zlib takes
// in every dictionary byte) and within DEFLATE's 32 KiB reach.

const WINDOW = 32 * 1024;

/** Where a task's text starts in the body (by its first characters; -1: not found). */
function taskStart(text: string, body: string): number {
  const at = body.indexOf(text.slice(0, 16));
  return at >= 0 || text.length <= 8 ? at : body.indexOf(text.slice(0, 8));
}

/** A packer of the task texts of one document: each text stored against that document's body. */
export function taskTextPacker(body: string): (text: string) => Buffer {
  const bytes = Buffer.from(body);
  // The byte offset of a character offset, counted on from the last one (tasks come in order).
  let charAt = 0;
  let byteAt = 0;
  const byteOffset = (at: number) => {
    if (at < charAt) charAt = byteAt = 0;
    byteAt += Buffer.byteLength(body.slice(charAt, at));
    charAt = at;
    return byteAt;
  };
  return (text) => {
    let start = 0;
    let end = bytes.length;
    const at = end ? taskStart(text, body) : -1;
    // Found: from the task's start to a little past its length (line breaks, spacing); not
    // found: the body's last 32 KiB.
    if (at >= 0) end = Math.min(end, (start = byteOffset(at)) + Math.ceil(Buffer.byteLength(text) * 1.1) + 256);
    start = Math.max(start, end - WINDOW);
    const out = new ByteWriter(8);
    out.varint(start);
    out.varint(end);
    out.bytes(end > start ? deflateRawSync(text, { dictionary: bytes.subarray(start, end) }) : deflateRawSync(text));
    return Buffer.from(out.buf.buffer, 0, out.length);
  };
}

/** One task's text as stored (taskTextPacker, for a single text). */
export const packTaskText = (text: string, body: string): Buffer => taskTextPacker(body)(text);

/** A stored task text back, given its document's body as UTF-8 bytes. */
export function unpackTaskText(stored: Uint8Array, bodyBytes: Uint8Array): string {
  const r = new ByteReader(stored);
  const start = r.varint();
  const end = r.varint();
  const z = stored.subarray(r.pos);
  if (end <= start) return inflateRawSync(z).toString('utf8');
  if (end > bodyBytes.length) throw new Error(`a task text refers to body bytes up to ${end}, the body has ${bodyBytes.length}`);
  return inflateRawSync(z, { dictionary: bodyBytes.subarray(start, end) }).toString('utf8');
}

/** A document's stored (compressed) body as UTF-8 bytes. */
export const inflateBytes = (stored: Uint8Array): Buffer => inflateRawSync(stored);

/**
 * A value as a `ztext` (a string) or `zjson` (any JSON value) column stores it; null stays null,
 * and bytes are taken as deflated already (packTexts, on the packing thread).
 */
export function deflateColumn(type: 'ztext' | 'zjson', v: unknown): Uint8Array | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return v;
  return deflateText(type === 'zjson' ? JSON.stringify(v) : (v as string));
}

/** A document's texts as its rows hold them before compression (document_texts, its tasks' text). */
export interface TextsToPack {
  body: string;
  rawLines: unknown;
  linePlaces: unknown;
  data: unknown;
  tasks: string[];
}

/** The same compressed, byte for byte as the driver and insertIssue would compress them. */
export interface PackedTexts {
  body: Uint8Array;
  rawLines: Uint8Array | null;
  linePlaces: Uint8Array | null;
  data: Uint8Array;
  tasks: Uint8Array[];
}

export function packTexts(t: TextsToPack): PackedTexts {
  const packTask = t.tasks.length ? taskTextPacker(t.body) : null;
  return {
    body: deflateColumn('ztext', t.body)!,
    rawLines: deflateColumn('zjson', t.rawLines),
    linePlaces: deflateColumn('zjson', t.linePlaces),
    data: deflateColumn('zjson', t.data)!,
    tasks: t.tasks.map((text) => packTask!(text)),
  };
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
