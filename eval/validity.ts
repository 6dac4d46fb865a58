/**
 * Validity scorer. Run: `npx tsx eval/validity.ts [--verbose] [--variants]` (GONGBAO_GOLD_DIR and
 * GONGBAO_CORPUS_DIR point it at held-out issues).
 *
 * End to end: parses each issue, takes the parsed document matching each gold document (IoU) and compares
 * with GOLD_DIR/NAME.validity.tsv (one row per document that states validity; a document
 * without a row must come out empty). Field accuracy over all documents: effective_from,
 * expires_on, line (effective_text_line), term_text (whitespace-insensitive) and repeals (the set
 * of repealed numbers, or titles where no number is printed, with their lines). `--variants` scores
 * the layout variants of eval/variants.ts with lines carried over by each variant's map.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareKey } from '../src/core/text.js';
import { parseIssue } from '../src/parse.js';
import { matchDocuments } from './docs.js';
import type { Repeal, Validity } from '../src/model.js';
import { issuesWith, numberKey, sameLines, type LineMap } from './citations.js';
import { corpusFile, GOLD_DIR, readTsv } from './gold.js';
import { makeVariants, mapGoldRow, type Variant } from './variants.js';

export const FIELDS = ['effectiveFrom', 'expiresOn', 'line', 'termText', 'repeals'] as const;
type Field = (typeof FIELDS)[number];

/** Gold validity of an issue: doc start line → Validity (effectiveText is not annotated). */
export function goldValidity(name: string, rewrite: (s: string) => string = (s) => s): Map<number, Validity> {
  const out = new Map<number, Validity>();
  for (const r of readTsv(join(GOLD_DIR, `${name}.validity.tsv`))) {
    const repeals = (r.repeals ?? '')
      .split(';')
      .filter(Boolean)
      .map((item) => {
        const [line, title, docNumber] = item.split('|');
        return { line: Number(line), title: title ? rewrite(title) : null, docNumber: docNumber ? rewrite(docNumber) : null };
      });
    out.set(Number(r.doc_start_line), {
      effectiveFrom: r.effective_from || null,
      expiresOn: r.expires_on || null,
      effectiveText: null,
      termText: r.term_text || null,
      repeals,
      line: r.effective_text_line ? Number(r.effective_text_line) : null,
    });
  }
  return out;
}

const EMPTY: Validity = { effectiveFrom: null, expiresOn: null, effectiveText: null, termText: null, repeals: [], line: null };

const within = (map: LineMap, gold: number | null, got: number | null) => {
  if (gold === null || got === null) return gold === got;
  const [a, b] = map(gold);
  return got >= a && got <= b;
};
const repealKey = (r: Repeal) => (r.docNumber ? numberKey(r.docNumber) : compareKey(r.title ?? ''));

function fieldRight(f: Field, g: Validity, p: Validity, map: LineMap): boolean {
  switch (f) {
    case 'line':
      return within(map, g.line, p.line);
    case 'termText':
      return compareKey(g.termText ?? '') === compareKey(p.termText ?? '');
    case 'repeals':
      return (
        g.repeals.length === p.repeals.length &&
        g.repeals.every((r) => p.repeals.some((q) => repealKey(q) === repealKey(r) && within(map, r.line, q.line)))
      );
    default:
      return g[f] === p[f];
  }
}

const show = (f: Field, v: Validity) =>
  f === 'repeals' ? v.repeals.map((r) => `${r.line}|${r.title ?? ''}|${r.docNumber ?? ''}`).join(';') : String(v[f] ?? '');

export interface ValidityScore {
  documents: number;
  stated: number;
  right: Record<Field, number>;
  wrong: string[];
}

const emptyScore = (): ValidityScore => ({
  documents: 0, stated: 0, right: Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>, wrong: [],
});

export function scoreValidity(name: string, variant?: Variant): ValidityScore {
  const gold = goldValidity(name, variant?.rewrite);
  const map = variant?.map ?? sameLines;
  const score = emptyScore();
  score.stated = gold.size;
  // End to end: each gold document is compared with the parsed document that overlaps it most.
  const parsed = parseIssue(variant ? variant.bytes : readFileSync(corpusFile(name)));
  const docsGold = readTsv(join(GOLD_DIR, `${name}.docs.tsv`));
  const rows = docsGold.map((r) => (variant ? mapGoldRow(r, variant) : r));
  const matched = matchDocuments(rows, parsed.documents);
  for (const [i, row] of docsGold.entries()) {
    score.documents++;
    const d = { startLine: Number(row.start_line) };
    const g = gold.get(d.startLine) ?? EMPTY;
    const p = matched.get(rows[i]!)?.validity ?? EMPTY;
    for (const f of FIELDS) {
      if (fieldRight(f, g, p, map)) score.right[f]++;
      else score.wrong.push(`doc ${d.startLine} ${f}: gold "${show(f, g)}" got "${show(f, p)}"`);
    }
  }
  return score;
}

function add(total: ValidityScore, s: ValidityScore): void {
  total.documents += s.documents;
  total.stated += s.stated;
  for (const f of FIELDS) total.right[f] += s.right[f];
  total.wrong.push(...s.wrong);
}

function report(label: string, s: ValidityScore): string {
  const all = FIELDS.reduce((n, f) => n + s.right[f], 0) / (FIELDS.length * s.documents || 1);
  return (
    `${label.padEnd(28)} ${String(s.documents).padStart(3)} docs (${s.stated} state validity)  ` +
    FIELDS.map((f) => `${f} ${(s.right[f] / (s.documents || 1)).toFixed(3)}`).join('  ') +
    `  all ${all.toFixed(3)}`
  );
}

export function runValidityEval(verbose: boolean, variants: boolean): ValidityScore {
  const total = emptyScore();
  console.log('Validity (field accuracy over all gold documents; a document without a gold row must come out empty)');
  for (const name of issuesWith('validity')) {
    const s = scoreValidity(name);
    add(total, s);
    console.log(report(name, s));
    if (verbose) for (const w of s.wrong) console.log('  ' + w);
  }
  console.log(report('validity overall', total));
  if (variants) {
    const byVariant = new Map<string, ValidityScore>();
    for (const name of issuesWith('validity')) {
      for (const v of makeVariants(readFileSync(corpusFile(name), 'utf8'))) {
        const s = scoreValidity(name, v);
        const acc = byVariant.get(v.name) ?? emptyScore();
        add(acc, s);
        byVariant.set(v.name, acc);
        if (verbose) for (const w of s.wrong) console.log(`  ${name}/${v.name} ${w}`);
      }
    }
    for (const [name, s] of byVariant) console.log(report(`  variant ${name}`, s));
  }
  return total;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runValidityEval(process.argv.includes('--verbose'), process.argv.includes('--variants'));
}
