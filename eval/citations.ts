/**
 * Citation scorer. Run: `npx tsx eval/citations.ts [--verbose] [--variants]` (GONGBAO_GOLD_DIR and
 * GONGBAO_CORPUS_DIR point it at held-out issues, as for `npm run eval`).
 *
 * Builds an ExtractContext per gold document (GOLD_DIR/NAME.docs.tsv ranges), runs
 * extractCitations and compares with fixtures/gold/NAME.citations.tsv:
 * - a citation matches a gold row with the same line and the same title (compareKey, quotes and
 *   inner brackets ignored) — or, for number_only, the same number; duplicates count one by one;
 * - gold rows noted `self_enclosure` or `not_a_document` are not citations and are left out;
 * - "number right": among matched pairs, the attached number agrees (both empty counts as right).
 * `--variants` scores the same gold on the layout variants of eval/variants.ts (other encodings,
 * half-width punctuation, hard wrap, other city, no cover), lines carried over by each variant's map.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { compareKey } from '../src/core/text.js';
import { normalizeDocNumber } from '../src/core/docnumber.js';
import { parseIssue } from '../src/parse.js';
import type { Citation, ExtractContext } from '../src/model.js';
import { corpusFile, goldIssues, GOLD_DIR, readTsv } from './gold.js';
import { makeVariants, mapGoldRow, type Variant } from './variants.js';

export interface GoldDoc {
  /** Start line in the original sample (the key of the gold rows). */
  startLine: number;
  ctx: ExtractContext;
}

/**
 * One ExtractContext per gold document of an issue, from the gold docs.tsv ranges; with a layout
 * variant, from the variant's bytes and the ranges carried over to its line numbers.
 */
export function goldContexts(name: string, variant?: Variant): GoldDoc[] {
  const bytes = variant ? variant.bytes : readFileSync(corpusFile(name));
  const lines = toSourceLines(decode(bytes).lines);
  const issue = readTsv(join(GOLD_DIR, `${name}.issue.tsv`))[0];
  const issueYear = issue?.year ? Number(issue.year) : null;
  return readTsv(join(GOLD_DIR, `${name}.docs.tsv`)).map((row) => {
    const d = variant ? mapGoldRow(row, variant) : row;
    return {
      startLine: Number(row.start_line),
      ctx: {
        lines: lines.slice(Number(d.start_line) - 1, Number(d.end_line)),
        title: d.title ?? '',
        docNumber: d.doc_number ? normalizeDocNumber(d.doc_number) ?? d.doc_number : null,
        date: d.date || null,
        issueYear,
      },
    };
  });
}

/** Issues with a gold file of the given suffix (e.g. `citations`). */
export function issuesWith(suffix: string): string[] {
  return goldIssues().filter((n) => existsSync(join(GOLD_DIR, `${n}.${suffix}.tsv`)));
}

/** Old line → the range of lines it became in a variant (identity without one). */
export type LineMap = (line: number) => [number, number];
export const sameLines: LineMap = (l) => [l, l];

const titleKey = (s: string) => compareKey(s).replace(/["'《》〈〉‹›<>]/g, '');
export const numberKey = (s: string | null | undefined) => (s ? compareKey(normalizeDocNumber(s) ?? s) : '');

export interface Row {
  line: number;
  title: string | null;
  docNumber: string | null;
}

const refKey = (r: Row) => (r.title ? titleKey(r.title) : `#${numberKey(r.docNumber)}`);

export interface CitationScore {
  gold: number;
  predicted: number;
  matched: number;
  numberRight: number;
  missed: Row[];
  spurious: Row[];
  wrongNumber: Array<{ gold: Row; predicted: Row }>;
}

/**
 * Gold rows that are citations (self-enclosures and non-documents are left out); `rewrite` is a
 * variant's rewrite of names (other city).
 */
export function goldCitations(name: string, rewrite: (s: string) => string = (s) => s): Row[] {
  return readTsv(join(GOLD_DIR, `${name}.citations.tsv`))
    .filter((r) => !/self_enclosure|not_a_document/.test(r.note ?? ''))
    .map((r) => ({
      line: Number(r.line),
      title: r.cited_title ? rewrite(r.cited_title) : null,
      docNumber: r.cited_doc_number ? rewrite(r.cited_doc_number) : null,
    }));
}

/** Match predictions to gold rows: same title (or number), predicted line within the gold line's range. */
export function scoreCitations(gold: Row[], predicted: Row[], map: LineMap = sameLines): CitationScore {
  const open = [...gold];
  const score: CitationScore = {
    gold: gold.length, predicted: predicted.length, matched: 0, numberRight: 0, missed: [], spurious: [], wrongNumber: [],
  };
  for (const p of predicted) {
    const i = open.findIndex((g) => {
      const [a, b] = map(g.line);
      return refKey(g) === refKey(p) && p.line >= a && p.line <= b;
    });
    if (i < 0) {
      score.spurious.push(p);
      continue;
    }
    const [g] = open.splice(i, 1);
    score.matched++;
    if (numberKey(g!.docNumber) === numberKey(p.docNumber)) score.numberRight++;
    else score.wrongNumber.push({ gold: g!, predicted: p });
  }
  score.missed = open;
  return score;
}

/** End to end: citations of every document `parseIssue` finds (segmentation included). */
export function predictCitations(name: string, variant?: Variant): Citation[] {
  const bytes = variant ? variant.bytes : readFileSync(corpusFile(name));
  return parseIssue(bytes).documents.flatMap((d) => d.citations);
}

export interface Totals {
  gold: number;
  predicted: number;
  matched: number;
  numberRight: number;
}

export function summarize(s: Totals) {
  const p = s.predicted ? s.matched / s.predicted : 1;
  const r = s.gold ? s.matched / s.gold : 1;
  return { precision: p, recall: r, f1: p + r ? (2 * p * r) / (p + r) : 0, numberRight: s.matched ? s.numberRight / s.matched : 1 };
}

function add(total: Totals, s: Totals): void {
  for (const k of ['gold', 'predicted', 'matched', 'numberRight'] as const) total[k] += s[k];
}

function report(label: string, s: Totals): string {
  const m = summarize(s);
  return (
    `${label.padEnd(28)} gold ${String(s.gold).padStart(3)} predicted ${String(s.predicted).padStart(3)} matched ${String(s.matched).padStart(3)}  ` +
    `P ${m.precision.toFixed(3)} R ${m.recall.toFixed(3)} F1 ${m.f1.toFixed(3)}  number right ${m.numberRight.toFixed(3)}`
  );
}

function printErrors(s: CitationScore): void {
  for (const r of s.missed) console.log(`  missed   ${r.line}\t${r.title ?? ''}\t${r.docNumber ?? ''}`);
  for (const r of s.spurious) console.log(`  spurious ${r.line}\t${r.title ?? ''}\t${r.docNumber ?? ''}`);
  for (const w of s.wrongNumber) console.log(`  number   ${w.gold.line}\t${w.gold.title}\tgold ${w.gold.docNumber ?? '-'} got ${w.predicted.docNumber ?? '-'}`);
}

export function runCitationsEval(verbose: boolean, variants: boolean): Totals {
  const total: Totals = { gold: 0, predicted: 0, matched: 0, numberRight: 0 };
  console.log('Citations (match: line + title, or number for bare numbers; number right among matched)');
  for (const name of issuesWith('citations')) {
    const s = scoreCitations(goldCitations(name), predictCitations(name));
    add(total, s);
    console.log(report(name, s));
    if (verbose) printErrors(s);
  }
  console.log(report('citations overall', total));
  if (variants) {
    const byVariant = new Map<string, Totals>();
    for (const name of issuesWith('citations')) {
      for (const v of makeVariants(readFileSync(corpusFile(name), 'utf8'))) {
        const s = scoreCitations(goldCitations(name, v.rewrite), predictCitations(name, v), v.map);
        const acc = byVariant.get(v.name) ?? { gold: 0, predicted: 0, matched: 0, numberRight: 0 };
        add(acc, s);
        byVariant.set(v.name, acc);
        if (verbose && s.matched < Math.max(s.gold, s.predicted)) {
          console.log(`  ${name}/${v.name}`);
          printErrors(s);
        }
      }
    }
    for (const [name, s] of byVariant) console.log(report(`  variant ${name}`, s));
  }
  return total;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runCitationsEval(process.argv.includes('--verbose'), process.argv.includes('--variants'));
}
