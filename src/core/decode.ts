/**
 * Stage 1 — decode: bytes → text and lines.
 *
 * Handles UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, GB18030 (a superset of GBK and
 * GB2312), and LF, CRLF and lone-CR line endings. Line numbers later always refer to the lines a
 * text editor shows, so we split on all three breaks.
 */
import { createHash } from 'node:crypto';

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
}

/** The encoding, and the decoded text when detecting it already produced it (valid UTF-8). */
function detectEncoding(bytes: Uint8Array): { encoding: string; bomLength: number; text?: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  try {
    return { encoding: 'utf-8', bomLength: 0, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { encoding: 'gb18030', bomLength: 0 };
  }
}

/** Share of characters that are control characters other than tab/CR/LF/FF: a sign of binary input. */
function controlRatio(text: string): number {
  if (!text.length) return 0;
  let bad = 0;
  const n = Math.min(text.length, 1 << 16);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return bad / n;
}

function lineEndingOf(text: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const cr = (text.match(/\r(?!\n)/g) ?? []).length;
  const lf = (text.match(/(?<!\r)\n/g) ?? []).length;
  const kinds = [crlf && 'crlf', cr && 'cr', lf && 'lf'].filter(Boolean) as string[];
  if (kinds.length === 0) return 'none';
  return kinds.length === 1 ? kinds[0]! : 'mixed';
}

/** Split text into the lines an editor shows (LF, CRLF and CR all end a line). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * Decode raw bytes. Throws InputError for input that is not text (binary data), so callers can
 * print a one-line message instead of a stack trace.
 */
export function decode(bytes: Uint8Array): DecodedText {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const detected = detectEncoding(bytes);
  const { encoding, bomLength } = detected;
  let text: string;
  try {
    text = detected.text ?? new TextDecoder(encoding, { fatal: false }).decode(bytes.subarray(bomLength));
  } catch (e) {
    throw new InputError(`cannot decode input as ${encoding}: ${(e as Error).message}`);
  }
  if (controlRatio(text) > 0.05) {
    throw new InputError('input does not look like text (binary data or an unsupported encoding)');
  }
  return { text, lines: splitLines(text), encoding, lineEnding: lineEndingOf(text), sha256, bytes: bytes.length };
}
