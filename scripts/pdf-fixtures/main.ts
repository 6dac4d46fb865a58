/**
 * Gazette-like PDF fixtures rendered from the sample issues (see fixtures/pdf/README.md).
 *
 *   npm run fixtures:pdf                          # the committed set in fixtures/pdf/
 *   npm run fixtures:pdf -- yangquan-2021-05      # only that issue of fixtures/corpus
 *   npm run fixtures:pdf -- --full-scans          # + a scan of every page of every issue in fixtures/pdf/cache/
 *   npm run fixtures:pdf -- --text X.txt [--docs X.docs.tsv] [--masthead X.issue.tsv] [--out DIR]
 *                                                 # any issue in the same shape: all four versions
 *
 * Needs Debian's chromium, fonts-noto-cjk, poppler-utils and qpdf.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { breakTextLayer } from './broken.js';
import { PdfPrinter } from './chromium.js';
import {
  checkTextPdf, issueBlocks, pagesTsv, renderIssue, type RenderedIssue,
} from './render-issue.js';
import { scanPdf } from './scan.js';
import { loadIssue, type SourceIssue } from './source.js';
import { joinPdfs } from './tools.js';

const CORPUS = 'fixtures/corpus';
const GOLD = 'fixtures/gold';
const OUT = 'fixtures/pdf';
const CACHE = 'fixtures/pdf/cache';
/** The committed scan: the first pages of one issue (a whole issue's scan is ~10 MB). */
const COMMITTED_SCAN = { issue: 'yangquan-2021-05', pages: 20 };
/** The committed PDF without ToUnicode maps: the first pages of one issue. */
const COMMITTED_BROKEN = { issue: 'yangquan-2023-05', pages: 6 };

interface Job {
  issue: SourceIssue;
  out: string;
  /** Pages of the one-column PDF to scan (0: none, Infinity: all), and where. */
  scan: { pages: number; out: string } | null;
  broken: number;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      text: { type: 'string' },
      docs: { type: 'string' },
      masthead: { type: 'string' },
      out: { type: 'string' },
      'full-scans': { type: 'boolean', default: false },
    },
  });
  const jobs: Job[] = [];
  if (values.text) {
    const name = basename(values.text).replace(/\.txt$/, '');
    const out = values.out ?? CACHE;
    const issue = loadIssue(name, { text: values.text, docs: values.docs ?? null, masthead: values.masthead ?? null });
    jobs.push({ issue, out, scan: { pages: Infinity, out }, broken: COMMITTED_BROKEN.pages });
  } else {
    const names = positionals.length
      ? positionals
      : readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4)).sort();
    for (const name of names) {
      const text = join(CORPUS, `${name}.txt`);
      if (!existsSync(text)) throw new Error(`${text} not found`);
      const issue = loadIssue(name, { text, docs: join(GOLD, `${name}.docs.tsv`), masthead: join(GOLD, `${name}.issue.tsv`) });
      const out = values.out ?? OUT;
      const scan = values['full-scans']
        ? { pages: Infinity, out: values.out ?? CACHE }
        : name === COMMITTED_SCAN.issue ? { pages: COMMITTED_SCAN.pages, out } : null;
      jobs.push({ issue, out, scan, broken: name === COMMITTED_BROKEN.issue ? COMMITTED_BROKEN.pages : 0 });
    }
  }

  const printer = await PdfPrinter.launch();
  const problems: string[] = [];
  try {
    for (const job of jobs) problems.push(...await makeIssue(printer, job));
  } finally {
    await printer.close();
  }
  for (const p of problems) console.error(p);
  if (problems.length) process.exit(1);
}

async function makeIssue(printer: PdfPrinter, job: Job): Promise<string[]> {
  const { issue, out } = job;
  mkdirSync(out, { recursive: true });
  // A gold title the text does not hold is an error; a parser's title is only warned about.
  const docs = issueBlocks(issue, issue.docsFrom === 'gold');
  const problems: string[] = [];
  let oneColumn: RenderedIssue | null = null;
  for (const [layout, suffix] of [['one', ''], ['two', '.2col']] as const) {
    const file = join(out, `${issue.name}${suffix}.pdf`);
    const rendered = await renderIssue(printer, issue, docs, layout, file);
    writeFileSync(join(out, `${issue.name}${suffix}.pages.tsv`), pagesTsv(rendered));
    problems.push(...checkTextPdf(rendered, docs, layout, issue.docsFrom === 'gold').map((p) => `${file}: ${p}`));
    report(file, `${rendered.pages} pages (${rendered.frontPages} before page 1)`);
    if (layout === 'one') oneColumn = rendered;
  }
  if (job.scan && oneColumn) {
    mkdirSync(job.scan.out, { recursive: true });
    const file = join(job.scan.out, `${issue.name}.scan.pdf`);
    const pages = Math.min(job.scan.pages, oneColumn.pages);
    const work = mkdtempSync(join(tmpdir(), 'gongbao-first-'));
    try {
      const source = join(work, 'first.pdf');
      joinPdfs([{ file: oneColumn.file, pages: `1-${pages}` }], source);
      await scanPdf(source, file, { seed: issue.name });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    // The scan's pages are those of the one-column PDF: its gold is the documents wholly inside them.
    const inside = { ...oneColumn, pages, placements: oneColumn.placements.filter((p) => p.endPhysical <= pages) };
    writeFileSync(join(job.scan.out, `${issue.name}.scan.pages.tsv`), pagesTsv(inside));
    report(file, `${pages} pages of ${oneColumn.pages} scanned at 150 dpi grey, ${inside.placements.length} whole documents`);
  }
  if (job.broken && oneColumn) {
    const file = join(out, `${issue.name}.broken.pdf`);
    const removed = breakTextLayer(oneColumn.file, file, Math.min(job.broken, oneColumn.pages));
    report(file, `first ${job.broken} pages, ${removed} /ToUnicode maps removed`);
  }
  return problems;
}

function report(file: string, what: string): void {
  console.log(`${file}: ${what}, ${(statSync(file).size / 1024 / 1024).toFixed(2)} MB`);
}

main().catch((err: unknown) => {
  console.error(`fixtures:pdf: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
