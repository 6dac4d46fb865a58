/** Loading the hand-checked gold annotations (TSV with a header row, tab-separated, no quoting). */
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const GOLD_DIR = process.env.GONGBAO_GOLD_DIR ?? join(ROOT, 'fixtures', 'gold');
export const CORPUS_DIR = process.env.GONGBAO_CORPUS_DIR ?? join(ROOT, 'fixtures', 'corpus');

export type Row = Record<string, string>;

export function readTsv(path: string): Row[] {
  if (!existsSync(path)) return [];
  const [head, ...rows] = readFileSync(path, 'utf8').replace(/\r/g, '').split('\n').filter((l) => l.length);
  const cols = head!.split('\t');
  return rows.map((r) => {
    const cells = r.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

/** The issues that have gold documents: NAME for every NAME.docs.tsv. */
export function goldIssues(): string[] {
  return readdirSync(GOLD_DIR)
    .filter((f) => f.endsWith('.docs.tsv'))
    .map((f) => f.replace(/\.docs\.tsv$/, ''))
    .sort();
}

/** The corpus file of an issue, in any of the usual extensions. */
export function corpusFile(name: string): string {
  for (const ext of ['.txt', '.md', '']) {
    const p = join(CORPUS_DIR, name + ext);
    if (existsSync(p)) return p;
  }
  throw new Error(`no corpus file for ${name} in ${CORPUS_DIR}`);
}

export interface Prf {
  tp: number;
  fp: number;
  fn: number;
}

export function f1(s: Prf): { p: number; r: number; f1: number } {
  const p = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
  const r = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
  return { p, r, f1: p + r ? (2 * p * r) / (p + r) : 0 };
}

export function pct(x: number): string {
  return (x * 100).toFixed(1).padStart(5) + '%';
}
