/**
 * Compressed columns. The schema's `ztext` and `zjson` columns (a document's texts: its body,
 * raw lines, line places and JSON, most of an archive's bytes) are stored as raw DEFLATE
 * (node:zlib) of their text — SQLite BLOB, PostgreSQL bytea. The drivers deflate them on insert
 * and inflate them on read (db/sqlite.ts, db/pg.ts), so rows read as if they were text and JSON
 * and nothing above the store sees the difference. A JSON value is deflated as the text it was
 * stored as, so its key order is kept.
 *
 * A text is deflated in the shorter of two encodings: UTF-8, or UTF-16LE behind one marker byte.
 * Chinese takes 3 bytes a character in UTF-8 and 2 in UTF-16, so a body deflates ~9 % smaller
 * from UTF-16, inflates faster (a third fewer bytes) and decodes to a string at memory speed,
 * where decoding UTF-8 cost as much as inflating it (snippets read twenty bodies a request).
 * Mostly-ASCII texts (line places, most JSON) stay UTF-8. Either is plain zlib, readable by any
 * tool once the marker byte is skipped (docs/storage.md); texts stored before the marker existed
 * read as they always did.
 */
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { TABLES } from './schema.js';
import { ByteReader, ByteWriter } from '../search/varint.js';

/**
 * First byte of a text deflated from UTF-16LE. A raw DEFLATE stream cannot begin with it: its low
 * bits would open a block of type 3, which DEFLATE reserves (RFC 1951 §3.2.3).
 */
export const UTF16_MARK = 0x06;
const MARK = Buffer.of(UTF16_MARK);

/** Compressed text as stored: from UTF-16LE (marked) when that is shorter than UTF-8. */
export function deflateText(text: string): Buffer {
  if (text.length * 2 >= Buffer.byteLength(text)) return deflateRawSync(text);
  return Buffer.concat([MARK, deflateRawSync(Buffer.from(text, 'utf16le'))]);
}

/** Stored compressed text back (either encoding). */
export function inflateText(stored: Uint8Array): string {
  if (stored[0] === UTF16_MARK) return inflateRawSync(stored.subarray(1)).toString('utf16le');
  return inflateRawSync(stored).toString('utf8');
}

/**
 * The whole lines that the first bytes of a stored compressed text hold (the text up to its last
 * line break; '' when none): DEFLATE decodes from the start, so a prefix of the stored bytes is a
 * prefix of the text (Node's documented finishFlush for truncated input).
 */
export function inflateLinesPrefix(storedPrefix: Uint8Array): string {
  const wide = storedPrefix[0] === UTF16_MARK;
  const out = inflateRawSync(wide ? storedPrefix.subarray(1) : storedPrefix, { finishFlush: constants.Z_SYNC_FLUSH });
  // (A prefix may end inside a character: the text is cut at a line break before it anyway.)
  const text = wide ? out.toString('utf16le', 0, out.length & ~1) : out.toString('utf8');
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

/** A document's stored (compressed) body as UTF-8 bytes (the dictionary of its task texts). */
export const inflateBytes = (stored: Uint8Array): Buffer =>
  stored[0] === UTF16_MARK ? Buffer.from(inflateText(stored)) : inflateRawSync(stored);

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
