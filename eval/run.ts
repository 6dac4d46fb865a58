/**
 * `npm run eval` — accuracy of the parser and extractors against the gold annotations in
 * fixtures/gold (or GONGBAO_GOLD_DIR / GONGBAO_CORPUS_DIR for held-out issues).
 * `--verbose` lists every disagreement.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIssue } from '../src/parse.js';
import type { ParsedIssue } from '../src/model.js';
import { corpusFile, f1, goldIssues, GOLD_DIR, pct, readTsv } from './gold.js';
import { addDocScore, DOC_FIELDS, emptyDocScore, scoreDocuments } from './docs.js';

const verbose = process.argv.includes('--verbose');
const parsed = new Map<string, ParsedIssue>();
const total = emptyDocScore();

console.log('Documents (segmentation: IoU ≥ 0.5; fields over matched documents)');
console.log('issue                 seg-F1  ' + DOC_FIELDS.map((f) => f.padStart(9)).join(' ') + '  attach  masthead');
for (const name of goldIssues()) {
  const p = parseIssue(readFileSync(corpusFile(name)), { fileName: name });
  parsed.set(name, p);
  const gold = readTsv(join(GOLD_DIR, `${name}.docs.tsv`));
  const issueGold = readTsv(join(GOLD_DIR, `${name}.issue.tsv`))[0];
  const s = scoreDocuments(name, p, gold, issueGold);
  addDocScore(total, s);
  printRow(name, s);
}
printRow('ALL', total);
if (verbose) for (const e of total.errors) console.log('  ' + e);

function printRow(name: string, s: typeof total): void {
  const fields = DOC_FIELDS.map((f) => pct(s.fields[f].total ? s.fields[f].right / s.fields[f].total : 1).padStart(9)).join(' ');
  const att = s.attachments.total ? s.attachments.found / s.attachments.total : 1;
  console.log(
    `${name.padEnd(20)} ${pct(f1(s.segmentation).f1)}  ${fields}  ${pct(att)}  ${s.issue.right}/${s.issue.total}`,
  );
}

export { parsed };

if (process.argv.includes('--variants')) {
  const { runVariants } = await import('./run-variants.js');
  runVariants(verbose);
}
