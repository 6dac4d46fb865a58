/**
 * Stage 1 — decode: bytes → text and lines.
 *
 * Handles UTF-8 (with or without BOM), UTF-16 LE/BE (with a BOM, or without one when NUL bytes sit
 * on one side of the byte pairs), GB18030 (a superset of GBK and GB2312), and LF, CRLF and lone-CR
 * line endings. Line numbers later always refer to the lines a text editor shows, so we split on
 * all three breaks.
 *
 * The encoding is decided by evidence, not by the first error: UTF-8 text with a stray bad byte or
 * cut in the middle of its last character stays UTF-8 (the bad bytes become U+FFFD and a warning
 * says where); GB18030 is chosen when most non-ASCII bytes do not form UTF-8 sequences.
 */
import { createHash } from 'node:crypto';
import { isUtf8, transcode } from 'node:buffer';
import type { Warning } from '../model.js';

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export interface DecodedText {
  text: string;
  lines: string[];
  encoding: string;
  lineEnding: string;
  sha256: string;
  bytes: number;
  /** What decoding had to repair (`invalid-utf8`, `invalid-gb18030`): bytes replaced by U+FFFD. */
  warnings: Warning[];
}

/**
 * Share of the non-ASCII bytes that must form valid UTF-8 sequences for the input to be read as
 * UTF-8. UTF-8 text scores 1 less its damage; GBK/GB18030 Chinese text scores about 0.35 (0.5 at
 * most on 200-byte samples of the bundled issues), because few of its byte pairs happen to be UTF-8.
 */
const UTF8_SHARE = 0.9;
/** Line numbers listed in a decode warning. */
const LISTED_LINES = 10;

/** How well bytes read as UTF-8: the invalid sequences (one U+FFFD each) and where they are. */
interface Utf8Evidence {
  /** Non-ASCII bytes inside valid multi-byte sequences. */
  validBytes: number;
  nonAsciiBytes: number;
  /** Maximal invalid subparts: what TextDecoder replaces by one U+FFFD each. */
  invalid: number;
  /** Editor lines (1-based) holding an invalid sequence, the first LISTED_LINES + 1 of them. */
  lines: number[];
}

function utf8Evidence(bytes: Uint8Array): Utf8Evidence {
  const ev: Utf8Evidence = { validBytes: 0, nonAsciiBytes: 0, invalid: 0, lines: [] };
  let line = 1;
  const bad = () => {
    ev.invalid++;
    if (ev.lines[ev.lines.length - 1] !== line && ev.lines.length <= LISTED_LINES) ev.lines.push(line);
  };
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      // LF, CR and CRLF each end one line, as splitLines counts them.
      if (b === 0x0d || (b === 0x0a && bytes[i - 1] !== 0x0d)) line++;
      i++;
      continue;
    }
    // Sequence length and the range of the second byte (Unicode Table 3-7, as the WHATWG decoder).
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    }
    let k = 1;
    while (k <= need) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) break;
      k++;
    }
    ev.nonAsciiBytes += k;
    if (need && k > need) ev.validBytes += k;
    else bad();
    i += k;
  }
  return ev;
}

/** UTF-16 without a BOM: NUL bytes (the high byte of ASCII characters) on one side of the pairs. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 1 << 16) & ~1;
  // Text in any other encoding has no NUL byte: found so by one native search, where the loop below
  // (run once, so interpreted) costs ~5 M instructions.
  if (bytes.subarray(0, n).indexOf(0) < 0) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  // Characters U+xx00 put a few NULs on the other side; binary data puts them on both.
  const enough = (many: number, few: number) => many >= 8 && many >= n / 200 && few * 4 <= many;
  if (enough(odd, even)) return 'utf-16le';
  if (enough(even, odd)) return 'utf-16be';
  return null;
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}

function invalidUtf8Warning(ev: Utf8Evidence): Warning {
  const lines = ev.lines.slice(0, LISTED_LINES).join(', ') + (ev.lines.length > LISTED_LINES ? ', …' : '');
  const what = ev.invalid === 1 ? 'an invalid UTF-8 byte sequence' : `${ev.invalid} invalid UTF-8 byte sequences`;
  return { code: 'invalid-utf8', message: `${what} replaced by U+FFFD (line ${lines})`, line: ev.lines[0] ?? null };
}

interface Decision {
  encoding: string;
  text: string;
  warnings: Warning[];
}

const decodeAs = (encoding: string, bytes: Uint8Array): string => new TextDecoder(encoding).decode(bytes);

/** Valid UTF-8 bytes as text (`transcode` is missing where Node is built without ICU). */
function validUtf8Text(bytes: Uint8Array): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return typeof transcode === 'function' ? transcode(buf, 'utf8', 'utf16le').toString('utf16le') : buf.toString('utf8');
}

/**
 * Valid UTF-8 (the common case), else null. Checked by `isUtf8` and decoded by ICU's converter to
 * UTF-16 (`transcode`), then copied into a string as it is: the same text as Buffer's or a
 * TextDecoder's UTF-8 decoding, which cost ~60 instructions a byte of Chinese text (V8's decoder;
 * 5 % of a parse) against ~7 here.
 */
function strictUtf8(bytes: Uint8Array): string | null {
  if (!isUtf8(bytes)) return null;
  const text = validUtf8Text(bytes);
  // As TextDecoder: a BOM at the start is not text (a second one, after the one the caller removed).
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Bytes read as UTF-8, invalid sequences replaced by U+FFFD and reported (evidence computed if not given). */
function asUtf8(bytes: Uint8Array, evidence: Utf8Evidence | null): Decision {
  if (!evidence) {
    const valid = strictUtf8(bytes);
    if (valid !== null) return { encoding: 'utf-8', text: valid, warnings: [] };
  }
  const ev = evidence ?? utf8Evidence(bytes);
  return { encoding: 'utf-8', text: decodeAs('utf-8', bytes), warnings: ev.invalid ? [invalidUtf8Warning(ev)] : [] };
}

function decideAndDecode(bytes: Uint8Array): Decision {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return asUtf8(bytes.subarray(3), null);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', text: decodeAs('utf-16le', bytes.subarray(2)), warnings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', text: decodeAs('utf-16be', bytes.subarray(2)), warnings: [] };
  // Before UTF-8: ASCII in UTF-16 is valid UTF-8 (with a NUL after or before every character).
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { encoding: utf16, text: decodeAs(utf16, bytes), warnings: [] };
  const valid = strictUtf8(bytes);
  if (valid !== null) return { encoding: 'utf-8', text: valid, warnings: [] };
  const ev = utf8Evidence(bytes);
  if (ev.validBytes >= UTF8_SHARE * ev.nonAsciiBytes) return asUtf8(bytes, ev);
  // Mostly not UTF-8: GB18030 — unless reading it so repairs more than reading UTF-8 would.
  const text = decodeAs('gb18030', bytes);
  const replaced = countReplacements(text);
  if (replaced > ev.invalid) return asUtf8(bytes, ev);
  const warnings: Warning[] = replaced
    ? [{ code: 'invalid-gb18030', message: `${replaced} invalid GB18030 byte sequence(s) replaced by U+FFFD`, line: null }]
    : [];
  return { encoding: 'gb18030', text, warnings };
}

/** Control characters other than tab, LF, FF and CR, and U+FFFD. */
const NOT_TEXT = /[\x00-\x08\x0b\x0e-\x1f\ufffd]/g;

/**
 * Share of the first 64 K characters that are control characters other than tab/CR/LF/FF (or
 * U+FFFD): a sign of binary input. Counted by the regex engine: a loop over the characters, run
 * once and so interpreted, cost ~20 M instructions.
 */
function controlRatio(text: string): number {
  if (!text.length) return 0;
  const n = Math.min(text.length, 1 << 16);
  const bad = (n < text.length ? text.slice(0, n) : text).match(NOT_TEXT)?.length ?? 0;
  return bad / n;
}

function lineEndingOf(text: string): string {
  // Most files have no CR: no need to list every line end.
  if (!text.includes('\r')) return text.includes('\n') ? 'lf' : 'none';
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const kinds = [crlf && 'crlf', cr && 'cr', lf && 'lf'].filter(Boolean) as string[];
  if (kinds.length === 0) return 'none';
  return kinds.length === 1 ? kinds[0]! : 'mixed';
}

/** Split text into the lines an editor shows (LF, CRLF and CR all end a line). */
export function splitLines(text: string): string[] {
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

/**
 * Decode raw bytes. Throws InputError for input that is not text (binary data), so callers can
 * print a one-line message instead of a stack trace.
 */
export function decode(bytes: Uint8Array): DecodedText {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let decided: Decision;
  try {
    decided = decideAndDecode(bytes);
  } catch (e) {
    throw new InputError(`cannot decode input: ${(e as Error).message}`);
  }
  const { text, encoding, warnings } = decided;
  if (controlRatio(text) > 0.05) {
    throw new InputError('input does not look like text (binary data or an unsupported encoding)');
  }
  return { text, lines: splitLines(text), encoding, lineEnding: lineEndingOf(text), sha256, bytes: bytes.length, warnings };
}
