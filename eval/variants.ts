/**
 * Layout variants of the sample issues, to measure the parser on the variety other gazettes show:
 * other encodings and line endings, half-width punctuation, hard wrapping at a fixed width with no
 * blank lines, and a compilation without cover or TOC. Each variant maps old line numbers to new
 * ones so the gold can be carried over.
 */
import type { Row } from './gold.js';

export interface Variant {
  name: string;
  /** Encoded bytes of the variant file. */
  bytes: Uint8Array;
  /** Old 1-based line → [first, last] new line numbers. */
  map: (line: number) => [number, number];
  /** The masthead is gone (compilation without cover). */
  noMasthead?: boolean;
  /** A rewrite applied to gold text fields too (other city names). */
  rewrite?: (s: string) => string;
}

const identity = (line: number): [number, number] => [line, line];

function utf16le(text: string, bom = true): Uint8Array {
  const buf = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), buf]) : buf;
}

/** GB18030 encoding without a dependency: TextDecoder can decode it but not encode, so build a table. */
let gbTable: Map<string, number[]> | null = null;
function gb18030(text: string): Uint8Array {
  if (!gbTable) {
    gbTable = new Map();
    const dec = new TextDecoder('gb18030');
    for (let b1 = 0x81; b1 <= 0xfe; b1++) {
      for (let b2 = 0x40; b2 <= 0xfe; b2++) {
        if (b2 === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([b1, b2]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbTable.has(ch)) gbTable.set(ch, [b1, b2]);
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const bytes = gbTable.get(ch);
      if (bytes) out.push(...bytes);
      else out.push(0x3f); // rare characters outside the two-byte area: '?'
    }
  }
  return Uint8Array.from(out);
}

const HALF: Record<string, string> = { '（': '(', '）': ')', '，': ',', '：': ':', '；': ';', '！': '!', '？': '?' };

/** Hard wrap every line at `width` characters and drop blank lines. */
function hardWrap(lines: string[], width: number): { lines: string[]; map: (l: number) => [number, number] } {
  const out: string[] = [];
  const ranges: Array<[number, number]> = [];
  for (const line of lines) {
    const start = out.length + 1;
    if (!line.trim()) {
      ranges.push([start, start - 1]);
      continue;
    }
    for (let i = 0; i < line.length; i += width) out.push(line.slice(i, i + width));
    ranges.push([start, out.length]);
  }
  const map = (l: number): [number, number] => {
    // A blank old line maps to the neighbouring content lines.
    let r = ranges[l - 1] ?? [out.length, out.length];
    if (r[1] < r[0]) r = [r[0], r[0] - 1 < 1 ? 1 : r[0] - 1];
    return r;
  };
  return { lines: out, map };
}

export function makeVariants(text: string): Variant[] {
  const lines = text.split('\n');
  const enc = new TextEncoder();
  const variants: Variant[] = [];
  variants.push({ name: 'gb18030+crlf', bytes: gb18030(lines.join('\r\n')), map: identity });
  variants.push({ name: 'utf16le-bom+cr', bytes: utf16le(lines.join('\r')), map: identity });
  variants.push({ name: 'utf8-bom', bytes: enc.encode('\ufeff' + text), map: identity });
  const half = text.replace(/[（），：；！？]/g, (c) => HALF[c]!);
  variants.push({ name: 'half-width', bytes: enc.encode(half), map: identity });
  const wrapped = hardWrap(lines, 36);
  variants.push({ name: 'hard-wrap-36', bytes: enc.encode(wrapped.lines.join('\n')), map: wrapped.map });
  // Another city: other masthead, other number prefixes (晋市政发, 晋市政办 …).
  const otherCity = (s: string) => s.replace(/阳泉/g, '晋城').replace(/阳政/g, '晋市政').replace(/阳开/g, '晋开');
  variants.push({ name: 'other-city', bytes: enc.encode(otherCity(text)), map: identity, rewrite: otherCity });
  // A compilation: no cover, no TOC — the file starts at the first document.
  const first = firstDocumentLine(lines);
  const compilation = lines.slice(first - 1);
  variants.push({
    name: 'no-cover-no-toc',
    bytes: enc.encode(compilation.join('\n')),
    map: (l) => [l - first + 1, l - first + 1],
    noMasthead: true,
  });
  return variants;
}

/** The first line after the TOC: the line after the last TOC page mark. */
function firstDocumentLine(lines: string[]): number {
  let last = 0;
  for (let i = 0; i < Math.min(lines.length, 200); i++) if (/[（(]\s*\d{1,3}\s*[)）]\s*$/.test(lines[i]!)) last = i + 1;
  return last + 1;
}

/** Carry a gold docs.tsv row over to a variant's line numbers. */
export function mapGoldRow(row: Row, v: Variant): Row {
  const out: Row = { ...row, start_line: String(v.map(Number(row.start_line))[0]), end_line: String(v.map(Number(row.end_line))[1]) };
  if (v.noMasthead) {
    // Without a TOC there is no page and no TOC heading to score.
    out.toc_page = '';
    out.section = '';
  }
  if (v.rewrite) for (const k of Object.keys(out)) out[k] = v.rewrite(out[k]!);
  return out;
}
