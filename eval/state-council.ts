/**
 * Documents of another issuer: the State Council and General Office files of
 * fixtures/corpus-extra/state-council (one 公文 a file, text from the web pages, no masthead) against
 * the gold of fixtures/gold/state-council (one NAME.docs.tsv per file, the format of the issues').
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIssue } from '../src/parse.js';
import { addDocScore, DOC_FIELDS, emptyDocScore, scoreDocuments, type DocScore } from './docs.js';
import { f1, GOLD_DIR, pct, readTsv, ROOT } from './gold.js';

export const STATE_COUNCIL_GOLD = join(GOLD_DIR, 'state-council');
export const STATE_COUNCIL_CORPUS = process.env.GONGBAO_EXTRA_CORPUS_DIR ?? join(ROOT, 'fixtures', 'corpus-extra', 'state-council');

/** The files that have gold: NAME for every NAME.docs.tsv. */
export function stateCouncilFiles(): string[] {
  if (!existsSync(STATE_COUNCIL_GOLD)) return [];
  return readdirSync(STATE_COUNCIL_GOLD).filter((f) => f.endsWith('.docs.tsv')).map((f) => f.replace(/\.docs\.tsv$/, '')).sort();
}

/** Score every State Council file with gold; one total over them. */
export function scoreStateCouncil(): { files: number; score: DocScore } {
  const total = emptyDocScore();
  const files = stateCouncilFiles();
  for (const name of files) {
    const parsed = parseIssue(readFileSync(join(STATE_COUNCIL_CORPUS, `${name}.txt`)), { fileName: name });
    addDocScore(total, scoreDocuments(name, parsed, readTsv(join(STATE_COUNCIL_GOLD, `${name}.docs.tsv`)), undefined));
  }
  return { files: files.length, score: total };
}

export function runStateCouncilEval(verbose: boolean): void {
  const { files, score } = scoreStateCouncil();
  if (!files) return;
  console.log(`State Council documents (${files} files, one document each; fields over matched documents)`);
  console.log('                      seg-F1  ' + DOC_FIELDS.map((f) => f.padStart(9)).join(' ') + '  attach');
  const fields = DOC_FIELDS.map((f) => pct(score.fields[f].total ? score.fields[f].right / score.fields[f].total : 1).padStart(9)).join(' ');
  const att = score.attachments.total ? score.attachments.found / score.attachments.total : 1;
  console.log(`${'state-council'.padEnd(20)} ${pct(f1(score.segmentation).f1)}  ${fields}  ${pct(att)}`);
  if (verbose) for (const e of score.errors) console.log('  ' + e);
}
