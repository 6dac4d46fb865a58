/**
 * `npm run eval -- --pdf`: the sample issues rendered as PDFs (fixtures/pdf: one column, two
 * columns, a 150 dpi scan) scored against the same gold. A PDF's lines are the layout stage's own,
 * so documents are matched by number or title, and the gold page of each document is the printed
 * page it starts on in that rendering (NAME.pages.tsv, written by the fixture generator).
 * `GONGBAO_PDF_DIR` points it at other renderings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../src/parse.js';
import type { Appointment, ParsedIssue } from '../src/model.js';
import { ocrProgressBar } from '../src/pdf/ocr.js';
import { f1, goldIssues, GOLD_DIR, pct, readTsv, ROOT } from './gold.js';
import { addDocScore, DOC_FIELDS, emptyDocScore, matchDocumentsByContent, scoreDocuments, type DocScore } from './docs.js';
import { loadPeopleGold, scorePeople, type GoldPersonRow } from './people.js';

/** `--only TEXT`: just the renderings whose file name contains TEXT. */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

export const PDF_DIR = process.env.GONGBAO_PDF_DIR ?? join(ROOT, 'fixtures', 'pdf');

/** The renderings of an issue: file suffix, its kind for the bars, and the page gold it shares. */
export const PDF_VARIANTS = [
  { suffix: '.pdf', kind: 'text', pages: '.pages.tsv' },
  { suffix: '.2col.pdf', kind: 'text', pages: '.2col.pages.tsv' },
  { suffix: '.scan.pdf', kind: 'scan', pages: '.scan.pages.tsv' },
] as const;

type Kind = (typeof PDF_VARIANTS)[number]['kind'];

interface Tally {
  docs: DocScore;
  people: { pred: Array<{ docStartLine: number; appointments: Appointment[] }>; gold: GoldPersonRow[] };
  pages: number;
  ms: number;
}

const emptyTally = (): Tally => ({ docs: emptyDocScore(), people: { pred: [], gold: [] }, pages: 0, ms: 0 });

export async function runPdfEval(verbose: boolean): Promise<void> {
  console.log(`PDF renderings (${PDF_DIR}); documents matched by number or title`);
  console.log('file                           pages   s    seg-F1  ' + DOC_FIELDS.map((f) => f.padStart(9)).join(' ') + '  attach  people-F1');
  const byKind = new Map<Kind, Tally>();
  let issueNo = 0;
  for (const name of goldIssues()) {
    for (const v of PDF_VARIANTS) {
      const file = join(PDF_DIR, name + v.suffix);
      if (!existsSync(file) || (ONLY && !(name + v.suffix).includes(ONLY))) continue;
      const t0 = performance.now();
      const parsed = await parseFile(new Uint8Array(readFileSync(file)), { fileName: name + v.suffix, onProgress: ocrProgressBar(`OCR ${name}${v.suffix}`) });
      const ms = performance.now() - t0;
      const tally = emptyTally();
      tally.ms = ms;
      tally.pages = parsed.source.pageCount ?? 0;
      scoreIssue(name, v.pages, parsed, tally, 1e6 * issueNo++);
      printRow(name + v.suffix, tally);
      const into = byKind.get(v.kind) ?? emptyTally();
      addDocScore(into.docs, tally.docs);
      into.people.pred.push(...tally.people.pred);
      into.people.gold.push(...tally.people.gold);
      into.pages += tally.pages;
      into.ms += tally.ms;
      byKind.set(v.kind, into);
      if (verbose) for (const e of tally.docs.errors) console.log('  ' + e);
    }
  }
  for (const [kind, t] of byKind) printRow(`ALL ${kind === 'text' ? 'text-layer' : 'scans'}`, t);
  if (!byKind.size) console.log(`(no PDF renderings in ${PDF_DIR}: make them with npm run fixtures:pdf)`);
}

function scoreIssue(name: string, pagesSuffix: string, parsed: ParsedIssue, tally: Tally, offset: number): void {
  // The page gold lists the documents the rendering holds (a scan of the first pages holds some).
  const pageRows = readTsv(join(PDF_DIR, name + pagesSuffix));
  const held = new Set(pageRows.map((r) => r.start_line!));
  const gold = readTsv(join(GOLD_DIR, `${name}.docs.tsv`));
  const issueGold = readTsv(join(GOLD_DIR, `${name}.issue.tsv`))[0];
  const tocPages = new Map(pageRows.map((r) => [r.start_line!, r.start_printed!]));
  tally.docs = scoreDocuments(name, parsed, gold, issueGold, { match: matchDocumentsByContent, tocPages, ...(pageRows.length ? { held } : {}) });
  const peoplePath = join(GOLD_DIR, `${name}.people.tsv`);
  if (!existsSync(peoplePath)) return;
  const matched = matchDocumentsByContent(gold, parsed.documents);
  const matchedDocs = new Set(matched.values());
  for (const [g, d] of matched) {
    if (!pageRows.length || held.has(g.start_line!)) tally.people.pred.push({ docStartLine: offset + Number(g.start_line), appointments: d.appointments });
  }
  for (const d of parsed.documents) if (!matchedDocs.has(d)) tally.people.pred.push({ docStartLine: -1, appointments: d.appointments });
  const people = loadPeopleGold(peoplePath).filter((r) => !pageRows.length || held.has(String(r.docStartLine)));
  tally.people.gold.push(...people.map((r) => ({ ...r, docStartLine: offset + r.docStartLine })));
}

function printRow(label: string, t: Tally): void {
  const s = t.docs;
  const fields = DOC_FIELDS.map((f) => pct(s.fields[f].total ? s.fields[f].right / s.fields[f].total : 1).padStart(9)).join(' ');
  const att = s.attachments.total ? s.attachments.found / s.attachments.total : 1;
  const people = t.people.gold.length ? scorePeople(t.people.pred, t.people.gold).full.f1.toFixed(3) : '  -  ';
  const secs = (t.ms / 1000).toFixed(1).padStart(5);
  console.log(`${label.padEnd(30)} ${String(t.pages).padStart(5)} ${secs}  ${pct(f1(s.segmentation).f1)}  ${fields}  ${pct(att)}  ${people}`);
}
