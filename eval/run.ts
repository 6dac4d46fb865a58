/**
 * `npm run eval` — accuracy of the parser and extractors against the gold annotations in
 * fixtures/gold (or GONGBAO_GOLD_DIR / GONGBAO_CORPUS_DIR for held-out issues).
 * `--verbose` lists every disagreement.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIssue } from '../src/parse.js';
import { existsSync } from 'node:fs';
import type { Appointment, ParsedIssue } from '../src/model.js';
import { loadPeopleGold, scorePeople, type GoldPersonRow } from './people.js';
import { runCitationsEval } from './citations.js';
import { runValidityEval } from './validity.js';
import { addTaskScore, emptyTaskScore, readGoldTasks, scoreTasks } from './tasks.js';
import { normalizeDocNumber } from '../src/core/docnumber.js';
import { corpusFile, f1, goldIssues, GOLD_DIR, pct, readTsv } from './gold.js';
import { addDocScore, DOC_FIELDS, emptyDocScore, matchDocuments, scoreDocuments } from './docs.js';
import { runStateCouncilEval } from './state-council.js';

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
console.log('');
runStateCouncilEval(verbose);

function printRow(name: string, s: typeof total): void {
  const fields = DOC_FIELDS.map((f) => pct(s.fields[f].total ? s.fields[f].right / s.fields[f].total : 1).padStart(9)).join(' ');
  const att = s.attachments.total ? s.attachments.found / s.attachments.total : 1;
  console.log(
    `${name.padEnd(20)} ${pct(f1(s.segmentation).f1)}  ${fields}  ${pct(att)}  ${s.issue.right}/${s.issue.total}`,
  );
}

// ── Personnel actions, end to end: appointments of the parsed document matching each gold document.
{
  const pred: Array<{ docStartLine: number; appointments: Appointment[] }> = [];
  const goldRows: GoldPersonRow[] = [];
  let issueNo = 0;
  for (const [name, p] of parsed) {
    const peoplePath = join(GOLD_DIR, `${name}.people.tsv`);
    if (!existsSync(peoplePath)) continue;
    // Keys are made unique per issue so two issues' documents never collide.
    const offset = 1e6 * issueNo++;
    const docsGold = readTsv(join(GOLD_DIR, `${name}.docs.tsv`));
    const matched = matchDocuments(docsGold, p.documents);
    const matchedDocs = new Set(matched.values());
    for (const [g, d] of matched) pred.push({ docStartLine: offset + Number(g.start_line), appointments: d.appointments });
    for (const d of p.documents) if (!matchedDocs.has(d)) pred.push({ docStartLine: -1, appointments: d.appointments });
    goldRows.push(...loadPeopleGold(peoplePath).map((r) => ({ ...r, docStartLine: offset + r.docStartLine })));
  }
  const s = scorePeople(pred, goldRows);
  console.log('\nPersonnel actions (end to end)');
  console.log(`(action, person, post)  P ${s.full.precision.toFixed(3)} R ${s.full.recall.toFixed(3)} F1 ${s.full.f1.toFixed(3)}`);
  console.log(`(action, person)        P ${s.person.precision.toFixed(3)} R ${s.person.recall.toFixed(3)} F1 ${s.person.f1.toFixed(3)}`);
  if (verbose) for (const m of [...s.missed.map((x) => 'missed ' + x), ...s.extra.map((x) => 'extra ' + x)]) console.log('  ' + m);
}

// ── Tasks, end to end: tasks of the parsed document that matches each gold task's document.
{
  const gold = readGoldTasks();
  const total = emptyTaskScore();
  for (const name of [...new Set(gold.map((g) => g.file))].sort()) {
    const p = parsed.get(name);
    if (!p) continue;
    const docsGold = readTsv(join(GOLD_DIR, `${name}.docs.tsv`));
    const matched = matchDocuments(docsGold, p.documents);
    for (const [g, d] of matched) {
      const own = gold.filter((t) => t.file === name && t.docNumber && normalizeDocNumber(t.docNumber) === normalizeDocNumber(g.doc_number ?? ''));
      if (own.length) addTaskScore(total, scoreTasks(own, d.tasks));
    }
  }
  const r = (n: number) => pct(total.gold ? n / total.gold : 1);
  console.log('\nTasks (end to end; found / leads / cooperators / deadline among gold tasks)');
  console.log(`gold ${total.gold}  found ${r(total.found)}  leads ${r(total.leads)}  cooperators ${r(total.cooperators)}  deadline ${r(total.deadline)}`);
  if (verbose) for (const e of total.errors) console.log('  ' + e);
}

console.log('');
runCitationsEval(verbose, false);
console.log('');
runValidityEval(verbose, false);

export { parsed };

if (process.argv.includes('--pdf')) {
  const { runPdfEval } = await import('./pdf.js');
  console.log('');
  await runPdfEval(verbose);
}

if (process.argv.includes('--variants')) {
  const { runVariants } = await import('./run-variants.js');
  runVariants(verbose);
}
