/**
 * PDF text-layer speed (part of `npm run bench`): pages per second of reading (pdfjs), layout
 * reconstruction and the whole parse of each text-layer fixture PDF, on one core, next to poppler's
 * `pdftotext` on the same files (when installed). Median of several runs after a warm-up.
 * Rates are per second of CPU time (this process's, all its threads: pdf.js reads in a worker thread
 * of its own; or pdftotext's as a child), so a busy machine does not lower them; the wall-clock rate
 * of the whole parse is printed beside. docs/pdf.md has the figures and what the time goes to.
 *
 *   npx tsx bench/pdf.ts [FILE.pdf …]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { readPdfTextLayer } from '../src/pdf/read.js';
import { layoutPages } from '../src/layout/index.js';
import { parseFile } from '../src/parse.js';
import { median } from './stats.js';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : readdirSync(join(ROOT, 'fixtures', 'pdf'))
      .filter((f) => f.endsWith('.pdf') && !/\.(scan|broken)\.pdf$/.test(f))
      .map((f) => join(ROOT, 'fixtures', 'pdf', f));

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** Median CPU and wall milliseconds of `fn`, after one warm-up run. */
async function time(fn: () => Promise<unknown> | unknown): Promise<{ cpu: number; wall: number }> {
  await fn();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await fn();
    wall.push(performance.now() - t);
    cpu.push(cpuMs(process.cpuUsage(c)));
  }
  return { cpu: median(cpu), wall: median(wall) };
}

/** Median CPU milliseconds of `pdftotext -layout` on the file (bash's `times` gives the child's). */
function pdftotextCpuMs(file: string): number | null {
  if (spawnSync('pdftotext', ['-v']).error) return null;
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync('bash', ['-c', 'pdftotext -layout "$1" - >/dev/null 2>&1; times', 'bash', file], { encoding: 'utf8' });
    // `times` prints the shell's user/sys, then its children's: "0m0.950s 0m0.040s".
    const child = r.stdout.trim().split('\n')[1] ?? '';
    const secs = [...child.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
    ms.push(secs * 1000);
  }
  return median(ms);
}

console.log(`PDF text layers, one core, median of ${RUNS} runs (pages per CPU second; wall = pages per wall second of the parse)`);
console.log('file                               pages   read  layout   parse    wall  pdftotext  parse/pdftotext');
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
  const poppler = pdftotextCpuMs(file);
  const rate = (ms: number) => (pages / (ms / 1000)).toFixed(1).padStart(7);
  const name = file.split('/').pop()!;
  console.log(
    `${name.padEnd(34)} ${String(pages).padStart(5)} ${rate(read.cpu)} ${rate(layout.cpu)} ${rate(parse.cpu)} ${rate(parse.wall)} ${poppler === null ? '      -' : rate(poppler).padStart(10)}  ${poppler === null ? '-' : (parse.cpu / poppler).toFixed(1) + '×'}`,
  );
  totalPages += pages;
  totalParse += parse.cpu;
  totalPoppler += poppler ?? 0;
}
if (totalPages) {
  console.log(`all: ${totalPages} pages, parse ${(totalPages / (totalParse / 1000)).toFixed(1)} pages/s` + (totalPoppler ? `, pdftotext ${(totalPages / (totalPoppler / 1000)).toFixed(1)} pages/s (${(totalParse / totalPoppler).toFixed(1)}× its time)` : ''));
}
