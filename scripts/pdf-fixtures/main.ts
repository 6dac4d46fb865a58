/**
 * Gazette-like PDF fixtures rendered from the sample issues (see fixtures/pdf/README.md).
 *
 *   npm run fixtures:pdf                         # the committed set in fixtures/pdf/
 *   npm run fixtures:pdf -- yangquan-2021-05     # one issue of fixtures/corpus
 *   npm run fixtures:pdf -- --text X.txt [--docs X.docs.tsv] [--masthead X.issue.tsv] [--out DIR]
 *
 * Needs Debian's chromium, fonts-noto-cjk, poppler-utils and qpdf.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { PdfPrinter } from './chromium.js';
import { checkTextPdf, issueBlocks, pagesTsv, renderIssue } from './render-issue.js';
import { loadIssue, type SourceIssue } from './source.js';

const CORPUS = 'fixtures/corpus';
const GOLD = 'fixtures/gold';
const OUT = 'fixtures/pdf';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      text: { type: 'string' },
      docs: { type: 'string' },
      masthead: { type: 'string' },
      out: { type: 'string' },
      only: { type: 'string' },
    },
  });
  const issues: SourceIssue[] = values.text
    ? [loadIssue(basename(values.text).replace(/\.txt$/, ''), { text: values.text, docs: values.docs ?? null, masthead: values.masthead ?? null })]
    : (positionals.length ? positionals : readdirSync(CORPUS).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4)).sort())
      .map((name) => {
        const text = join(CORPUS, `${name}.txt`);
        if (!existsSync(text)) throw new Error(`${text} not found`);
        return loadIssue(name, { text, docs: join(GOLD, `${name}.docs.tsv`), masthead: join(GOLD, `${name}.issue.tsv`) });
      });
  const out = values.out ?? OUT;
  mkdirSync(out, { recursive: true });
  const versions = new Set((values.only ?? 'one,2col').split(','));

  const printer = await PdfPrinter.launch();
  let failed = false;
  try {
    for (const issue of issues) {
      const docs = issueBlocks(issue, !values.text);
      for (const [version, layout, suffix] of [['one', 'one', ''], ['2col', 'two', '.2col']] as const) {
        if (!versions.has(version)) continue;
        const file = join(out, `${issue.name}${suffix}.pdf`);
        const rendered = await renderIssue(printer, issue, docs, layout, file);
        writeFileSync(join(out, `${issue.name}${suffix}.pages.tsv`), pagesTsv(rendered));
        const problems = checkTextPdf(rendered, docs, layout);
        for (const p of problems) console.error(`${file}: ${p}`);
        failed ||= problems.length > 0;
        console.log(`${file}: ${rendered.pages} pages (${rendered.frontPages} before page 1), ${issue.docs.length} documents`);
      }
    }
  } finally {
    await printer.close();
  }
  if (failed) process.exit(1);
}

main().catch((err: unknown) => {
  console.error(`fixtures:pdf: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
