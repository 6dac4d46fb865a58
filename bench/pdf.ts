/**
 * PDF text-layer speed (part of `npm run bench`): pages per second of reading (pdfjs), layout
 * reconstruction and the whole parse of each text-layer fixture PDF, on one core, next to poppler's
 * `pdftotext` on the same files (when installed). Median of several runs after a warm-up.
 *
 *   npx tsx bench/pdf.ts [FILE.pdf …]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readPdfTextLayer } from '../src/pdf/read.js';
import { layoutPages } from '../src/layout/index.js';
import { parseFile } from '../src/parse.js';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(join(ROOT, 'fixtures', 'pdf'))
      .filter((f) => f.endsWith('.pdf') && !/\.(scan|broken)\.pdf$/.test(f))
      .map((f) => join(ROOT, 'fixtures', 'pdf', f));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

function pdftotextMs(file: string): number | null {
  if (spawnSync('pdftotext', ['-v']).error) return null;
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    spawnSync('pdftotext', ['-layout', file, '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
    ms.push(performance.now() - t);
  }
  return median(ms);
}

console.log(`PDF text layers, one core, median of ${RUNS} runs (pages/s)`);
console.log('file                               pages   read  layout   parse  pdftotext  parse/pdftotext');
let totalPages = 0;
let totalParse = 0;
let totalPoppler = 0;
for (const file of files) {
  if (!existsSync(file)) continue;
  const bytes = new Uint8Array(readFileSync(file));
  const layer = await readPdfTextLayer(bytes);
  const pages = layer.pageCount;
  const read = await time(() => readPdfTextLayer(bytes));
  const layout = await time(() => layoutPages(layer.pages));
  const parse = await time(() => parseFile(bytes, { ocr: 'never' }));
  const poppler = pdftotextMs(file);
  const rate = (ms: number) => (pages / (ms / 1000)).toFixed(1).padStart(7);
  const name = file.split('/').pop()!;
  console.log(
    `${name.padEnd(34)} ${String(pages).padStart(5)} ${rate(read)} ${rate(layout)} ${rate(parse)} ${poppler === null ? '      -' : rate(poppler).padStart(10)}  ${poppler === null ? '-' : (parse / poppler).toFixed(1) + '×'}`,
  );
  totalPages += pages;
  totalParse += parse;
  totalPoppler += poppler ?? 0;
}
if (totalPages) {
  console.log(`all: ${totalPages} pages, parse ${(totalPages / (totalParse / 1000)).toFixed(1)} pages/s` + (totalPoppler ? `, pdftotext ${(totalPages / (totalPoppler / 1000)).toFixed(1)} pages/s (${(totalParse / totalPoppler).toFixed(1)}× its time)` : ''));
}
