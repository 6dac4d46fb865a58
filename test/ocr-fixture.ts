/**
 * The scanned gazette pages of fixtures/pdf/ocr/ (see make-scan.ts there) and how OCR output is
 * scored against their known text: both read top to bottom, left to right, without white space, and
 * compared by edit distance. Used by test/ocr.test.ts and bench/ocr.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PageText, PositionedText } from '../src/layout/positioned.js';

export const OCR_SCAN = fileURLToPath(new URL('../fixtures/pdf/ocr/gazette.scan.pdf', import.meta.url));

/** The known text of each page of the scan, white space removed. */
export function knownPageTexts(): string[] {
  const text = readFileSync(fileURLToPath(new URL('../fixtures/pdf/ocr/gazette.txt', import.meta.url)), 'utf8');
  return text
    .split('\f')
    .map((p) => p.replace(/\s+/g, ''))
    .filter(Boolean);
}

/** The items of a page in rows (items whose vertical middles are within half a row of each other), each left to right. */
export function rowsOf(items: PositionedText[]): PositionedText[][] {
  const rows: PositionedText[][] = [];
  for (const it of [...items].sort((a, b) => a.y + a.height / 2 - (b.y + b.height / 2))) {
    const row = rows[rows.length - 1];
    const mid = (i: PositionedText) => i.y + i.height / 2;
    if (row && Math.abs(mid(it) - mid(row[0]!)) < row[0]!.height / 2) row.push(it);
    else rows.push([it]);
  }
  return rows.map((r) => r.sort((a, b) => a.x - b.x));
}

/** A page's text top to bottom, left to right, white space removed. */
export function pageReadingText(page: PageText): string {
  return rowsOf(page.items)
    .map((r) => r.map((i) => i.text).join(''))
    .join('')
    .replace(/\s+/g, '');
}

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

/** 1 − edit distance / length of the known text. */
export function characterAccuracy(ocr: string, known: string): number {
  return 1 - editDistance(ocr, known) / [...known].length;
}
