/** `npm run eval -- --variants`: the document scores on layout variants of the samples. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIssue } from '../src/parse.js';
import { corpusFile, f1, goldIssues, GOLD_DIR, pct, readTsv } from './gold.js';
import { addDocScore, DOC_FIELDS, emptyDocScore, scoreDocuments } from './docs.js';
import { makeVariants, mapGoldRow } from './variants.js';

export function runVariants(verbose: boolean): void {
  const byVariant = new Map<string, ReturnType<typeof emptyDocScore>>();
  for (const name of goldIssues()) {
    const text = readFileSync(corpusFile(name), 'utf8');
    const gold = readTsv(join(GOLD_DIR, `${name}.docs.tsv`));
    const issueGold = readTsv(join(GOLD_DIR, `${name}.issue.tsv`))[0];
    for (const v of makeVariants(text)) {
      const p = parseIssue(v.bytes, { fileName: `${name}/${v.name}` });
      const issue = v.noMasthead ? undefined : issueGold && v.rewrite ? mapGoldRow(issueGold, v) : issueGold;
      const s = scoreDocuments(`${name}/${v.name}`, p, gold.map((g) => mapGoldRow(g, v)), issue);
      if (v.noMasthead && p.issue !== null) s.errors.push(`${name}/${v.name}: masthead found in a file without one`);
      const acc = byVariant.get(v.name) ?? emptyDocScore();
      addDocScore(acc, s);
      byVariant.set(v.name, acc);
    }
  }
  console.log('\nLayout variants of the samples (all three issues each)');
  console.log('variant               seg-F1  ' + DOC_FIELDS.map((f) => f.padStart(9)).join(' ') + '  attach  masthead');
  for (const [name, s] of byVariant) {
    const fields = DOC_FIELDS.map((f) => pct(s.fields[f].total ? s.fields[f].right / s.fields[f].total : 1).padStart(9)).join(' ');
    const att = s.attachments.total ? s.attachments.found / s.attachments.total : 1;
    console.log(`${name.padEnd(20)} ${pct(f1(s.segmentation).f1)}  ${fields}  ${pct(att)}  ${s.issue.right}/${s.issue.total}`);
    if (verbose) for (const e of s.errors.slice(0, 40)) console.log('  ' + e);
  }
}
