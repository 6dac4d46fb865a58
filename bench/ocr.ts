/**
 * OCR speed and memory: pages per minute of ocrPages on all cores (one single-threaded tesseract per
 * core) next to plain `tesseract` run on the same pages one after another (its own default threads),
 * with CPU seconds per page, the peak memory of the process tree (this process and its children,
 * sampled from /proc), and the character accuracy against the known text where there is one (raw OCR
 * and after fixOcrLine with the issue's known prefixes and place names).
 *
 *   npx tsx bench/ocr.ts                         # the scans under fixtures/pdf (first 8 pages of each)
 *   npx tsx bench/ocr.ts FILE.pdf[:1-8] …        # other files and pages
 *
 * Known text of a page: FILE.txt beside FILE.scan.pdf (pages split by form feeds), or the text layer
 * (pdftotext -layout) of FILE.pdf beside FILE.scan.pdf, or of the file itself.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { fixOcrLine, knownDocNumberPrefixes } from '../src/core/ocr-fixes.js';
import { correctPlaceNames, placeContext } from '../src/core/places.js';
import { runTool } from '../src/pdf/exec.js';
import { defaultOcrModel, OCR_DEFAULTS, ocrAvailable, ocrPages } from '../src/pdf/ocr.js';
import { resolveOcrModel } from '../src/pdf/ocr-model.js';
import { pageCount, rasterizePage } from '../src/pdf/raster.js';
import type { PageText } from '../src/layout/positioned.js';
import { characterAccuracy, rowsOf } from '../test/ocr-fixture.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/pdf/', import.meta.url));
const DEFAULT_PAGES = 8;

interface Input {
  pdf: string;
  pages: number[];
}

/** Resident memory in kB of a process and all its descendants, from /proc. */
function treeRssKb(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      rss.set(Number(name), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    total += rss.get(pid) ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** CPU seconds of this process's finished children (user + system), from /proc/self/stat. */
function childCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // cutime and cstime are fields 16 and 17 of stat, 14 and 15 after "pid (comm) ".
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Wall time, children's CPU time and the peak RSS of the process tree while `fn` runs. */
async function measure<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; cpuSeconds: number; peakMb: number }> {
  let peak = treeRssKb(process.pid);
  const timer = setInterval(() => (peak = Math.max(peak, treeRssKb(process.pid))), 50);
  const cpu0 = childCpuSeconds();
  const t0 = performance.now();
  try {
    const result = await fn();
    return { result, seconds: (performance.now() - t0) / 1000, cpuSeconds: childCpuSeconds() - cpu0, peakMb: peak / 1024 };
  } finally {
    clearInterval(timer);
  }
}

async function knownText(pdf: string, page: number): Promise<string | null> {
  const base = pdf.replace(/\.scan\.pdf$/, '');
  if (base !== pdf && existsSync(`${base}.txt`)) return readFileSync(`${base}.txt`, 'utf8').split('\f')[page - 1] ?? null;
  const source = base !== pdf && existsSync(`${base}.pdf`) ? `${base}.pdf` : pdf;
  const { stdout } = await runTool('pdftotext', ['-layout', '-f', String(page), '-l', String(page), source, '-'], { timeoutMs: 30_000, install: 'poppler-utils' });
  const text = stdout.toString('utf8');
  return text.trim() ? text : null;
}

function parseInputs(args: string[]): Promise<Input[]> {
  const specs = args.length
    ? args
    : readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.scan.pdf'))
        .sort()
        .map((f) => join(FIXTURES, f));
  return Promise.all(
    specs.map(async (spec) => {
      const m = /^(.*?)(?::(\d+)-(\d+))?$/.exec(spec)!;
      const pdf = m[1]!;
      const count = await pageCount(pdf);
      const from = m[2] ? Number(m[2]) : 1;
      const to = Math.min(count, m[3] ? Number(m[3]) : DEFAULT_PAGES);
      return { pdf, pages: Array.from({ length: to - from + 1 }, (_, i) => from + i) };
    }),
  );
}

/** Mean character accuracy per file over its pages with known text: raw OCR and after fixOcrLine. */
async function accuracy(inputs: Input[], results: PageText[][]): Promise<{ file: string; raw: number; fixed: number; pages: number }[]> {
  const out = [];
  const squash = (s: string) => s.replace(/\s+/g, '');
  for (const [i, input] of inputs.entries()) {
    const lines = results[i]!.map((p) => rowsOf(p.items).map((r) => r.map((it) => it.text).join('')));
    const ctx = { knownPrefixes: knownDocNumberPrefixes(lines.flat()) };
    const places = placeContext(lines.flat());
    let raw = 0;
    let fixed = 0;
    let pages = 0;
    for (const [j, page] of input.pages.entries()) {
      const known = await knownText(input.pdf, page);
      if (!known) continue;
      raw += characterAccuracy(squash(lines[j]!.join('')), squash(known));
      fixed += characterAccuracy(squash(lines[j]!.map((l) => correctPlaceNames(fixOcrLine(l, ctx).text, places).text).join('')), squash(known));
      pages++;
    }
    if (pages) out.push({ file: input.pdf, raw: raw / pages, fixed: fixed / pages, pages });
  }
  return out;
}

export async function benchOcr(args: string[] = []): Promise<void> {
  const avail = await ocrAvailable();
  if (!avail.ok) throw new Error(avail.message);
  const inputs = await parseInputs(args);
  const total = inputs.reduce((n, i) => n + i.pages.length, 0);
  const jobs = availableParallelism();
  const { dpi, lang, psm } = OCR_DEFAULTS;
  // The model ocrPages reads with (GONGBAO_OCR_MODEL=system for Debian's); plain tesseract gets the same.
  const model = await resolveOcrModel(lang, defaultOcrModel());

  const ours = await measure(async () => {
    const out: PageText[][] = [];
    for (const i of inputs) out.push(await ocrPages(i.pdf, i.pages, { cacheDir: null, jobs }));
    return out;
  });
  // Plain tesseract: the same rendering, then one page after another with tesseract's own threads.
  const work = mkdtempSync(join(tmpdir(), 'gongbao-bench-ocr-'));
  const plain = await measure(async () => {
    for (const input of inputs) {
      for (const page of input.pages) {
        const png = join(work, 'page.png');
        writeFileSync(png, await rasterizePage(input.pdf, page, { dpi, gray: true, format: 'png' }));
        const env = { ...process.env };
        delete env.OMP_THREAD_LIMIT;
        await runTool('tesseract', [png, '-', ...model.args, '-l', lang, '--psm', String(psm), '--dpi', String(dpi)], { timeoutMs: 600_000, env, install: 'tesseract-ocr' });
      }
    }
  }).finally(() => rmSync(work, { recursive: true, force: true }));
  const acc = await accuracy(inputs, ours.result);

  console.log(`OCR: ${total} pages (${inputs.map((i) => `${i.pdf.replace(FIXTURES, 'fixtures/pdf/')} ${i.pages[0]}-${i.pages.at(-1)}`).join(', ')}), files one after another`);
  console.log(`tesseract ${avail.version}, ${lang} (model ${model.id}), psm ${psm}, ${dpi} dpi grey, ${jobs} cores`);
  console.log('');
  const row = (name: string, m: { seconds: number; cpuSeconds: number; peakMb: number }) =>
    `| ${name} | ${((total / m.seconds) * 60).toFixed(1)} | ${(m.seconds / total).toFixed(2)} | ${(m.cpuSeconds / total).toFixed(2)} | ${m.peakMb.toFixed(0)} |`;
  console.log('| run | pages/min | wall s/page | CPU s/page | peak RSS MB (tree) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  console.log(row(`gongbao ocrPages, ${jobs} single-threaded tesseracts`, ours));
  console.log(row('plain tesseract, one page after another', plain));
  if (acc.length) {
    console.log('\n| character accuracy | pages | raw OCR | after fixOcrLine |\n| --- | ---: | ---: | ---: |');
    for (const a of acc) console.log(`| ${a.file.replace(FIXTURES, 'fixtures/pdf/')} | ${a.pages} | ${a.raw.toFixed(3)} | ${a.fixed.toFixed(3)} |`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchOcr(process.argv.slice(2));
}
