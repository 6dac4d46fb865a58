/**
 * Tesseract's TSV output (`tesseract img - tsv`) → positioned text in PDF points.
 *
 * TSV rows are levels: 1 page, 2 block, 3 paragraph, 4 line, 5 word, each with a pixel box and words
 * with a confidence. Tesseract splits Chinese into one- or two-character "words" (and prints spaces
 * between them in its plain-text output), so the words of a line are merged into runs: a word joins
 * the run before it when the gap between them is at most the line's height (about one character),
 * and a space is put between them only where both sides are Latin letters or digits (English words,
 * "No. 5"). Tesseract's word boxes are tight around the ink, so neighbouring characters of running
 * Chinese text show gaps of up to 0.9 of the line height (a fullwidth bracket or comma has half a
 * character of blank in its box): a smaller limit would cut lines into pieces and the layout stage
 * would put spaces between them. A wider gap (a column gap, a tab stop, 2021年第5期 at the right of a
 * running header) starts a new item, so the layout stage sees it and decides.
 *
 * An item's vertical extent is its line's (tesseract's boxes of single CJK words are ragged: 一 is a
 * few pixels high, and the first word of a line sometimes gets the whole line's box), its horizontal
 * extent is the union of its words' boxes, and its size is the line's height. Confidence is the mean
 * of the words' confidences weighted by their length.
 */
import type { PositionedText } from '../layout/positioned.js';

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface Word extends Box {
  text: string;
  conf: number;
}

interface Line {
  box: Box;
  words: Word[];
}

/** Runs of a line are cut where the gap between two words is wider than this share of the line height. */
const RUN_GAP = 1;

const LATIN_OR_DIGIT = /[\p{Script=Latin}\p{Nd}]/u;

function needsSpace(before: string, after: string): boolean {
  return LATIN_OR_DIGIT.test(before.slice(-1)) && LATIN_OR_DIGIT.test(after.slice(0, 1));
}

/** The page size in pixels and the lines (in tesseract's reading order) of a TSV document. */
export function readTesseractTsv(tsv: string): { width: number; height: number; lines: Line[] } {
  let width = 0;
  let height = 0;
  const lines = new Map<string, Line>();
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] === 'level') continue;
    const level = Number(f[0]);
    const box = { left: Number(f[6]), top: Number(f[7]), width: Number(f[8]), height: Number(f[9]) };
    const key = `${f[2]}.${f[3]}.${f[4]}`;
    if (level === 1) ({ width, height } = box);
    else if (level === 4) lines.set(key, { box, words: [] });
    else if (level === 5) {
      // The text is the last column; tabs cannot occur in it.
      const text = f.slice(11).join('\t').trim();
      if (!text) continue; // rules and specks come out as blank words
      let line = lines.get(key);
      if (!line) lines.set(key, (line = { box, words: [] }));
      line.words.push({ ...box, text, conf: Number(f[10]) });
    }
  }
  return { width, height, lines: [...lines.values()].filter((l) => l.words.length > 0) };
}

/** The words of one line of an image at `dpi` merged into runs, as positioned text in points. */
export function lineItems(line: Line, dpi: number): PositionedText[] {
  const { box } = line;
  const lineRight = box.left + box.width;
  const runs: { text: string; left: number; right: number; confSum: number; chars: number }[] = [];
  for (const w of line.words) {
    const left = Math.max(box.left, Math.min(w.left, lineRight));
    const right = Math.min(lineRight, Math.max(left, w.left + w.width));
    const run = runs[runs.length - 1];
    const chars = [...w.text].length;
    if (run && left - run.right <= RUN_GAP * box.height) {
      run.text += (needsSpace(run.text, w.text) ? ' ' : '') + w.text;
      run.left = Math.min(run.left, left);
      run.right = Math.max(run.right, right);
      run.confSum += w.conf * chars;
      run.chars += chars;
    } else runs.push({ text: w.text, left, right, confSum: w.conf * chars, chars });
  }
  const round = (px: number) => pxToPt(px, dpi);
  return runs.map((r) => ({
    text: r.text,
    x: round(r.left),
    y: round(box.top),
    width: round(r.right - r.left),
    height: round(box.height),
    size: round(box.height),
    bold: false,
    confidence: Math.round((r.confSum / r.chars) * 10) / 10,
  }));
}

/** Pixels of an image at `dpi` → PDF points, to 1/100 point. */
export function pxToPt(px: number, dpi: number): number {
  return Math.round(((px * 72) / dpi) * 100) / 100;
}

/** Every item of a page from its TSV, in reading order; pixel boxes of an image at `dpi` → points. */
export function tsvToItems(tsv: string, dpi: number): { width: number; height: number; items: PositionedText[] } {
  const { width, height, lines } = readTesseractTsv(tsv);
  return { width: pxToPt(width, dpi), height: pxToPt(height, dpi), items: lines.flatMap((l) => lineItems(l, dpi)) };
}
