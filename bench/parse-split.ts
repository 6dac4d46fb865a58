/**
 * What each extractor costs `gongbao parse` as a whole process: the CPU of the process with every
 * extractor, with each left out in turn, and with all left out — the difference is the extractor's
 * whole cost, its share of the collections and page faults included (which a profile of the main
 * thread splits off into "garbage collection" and does not see at all). It says which part of the
 * parse the 10 MB/s of issue 17 has to come from.
 *
 * The extractors are left out in a copy of the built CLI made for the run (a temporary folder:
 * bin/, the bundle, links to dist/cli and node_modules), whose `extractAll` returns an extractor's
 * empty result, as it does when one fails, for each name in GONGBAO_BENCH_SKIP; the copy gets its
 * own code cache, as the build makes one. Nothing of it is in the CLI itself. The joined document
 * texts the extractors share are still built.
 *
 *   npx tsx bench/parse-split.ts          # BENCH_ROUNDS (default 5) rounds, alternating
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { samplesRepeated } from './parse.js';
import { cpuMsPerRun } from './startup.js';
import { corpusFile, goldIssues } from '../eval/gold.js';
import { median } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** The names src/extract/index.ts gives its extractors (in its `guarded` calls), and what each finds. */
const EXTRACTORS: Array<[name: string, finds: string]> = [
  ['task', 'tasks'],
  ['roster', 'rosters'],
  ['appointment', 'appointments'],
  ['citation', 'citations'],
  ['validity', 'validity clauses'],
];
const ALL = EXTRACTORS.map(([name]) => name).join(',');

/** The CLI's guard around each extractor, as bundled: `const guarded = (name, run, fallback) => {`. */
const GUARD = /const guarded = \((\w+), (\w+), (\w+)\) => \{/;

/** A copy of the built CLI in `dir` whose extractAll leaves out the extractors GONGBAO_BENCH_SKIP names. */
function makeSkippingCli(dir: string): string {
  const source = readFileSync(join(ROOT, 'dist', 'bundle', 'main.cjs'), 'utf8');
  const guards = source.match(new RegExp(GUARD.source, 'g')) ?? [];
  if (guards.length !== 1) throw new Error(`expected one extractor guard in the bundle, found ${guards.length}: has src/extract/index.ts changed?`);
  const patched = source.replace(
    GUARD,
    (head, name: string, _run: string, fallback: string) =>
      `${head} if ((process.env.GONGBAO_BENCH_SKIP ?? '').split(',').includes(${name})) return ${fallback};`,
  );
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
  for (const f of ['gongbao.js', 'package.json']) copyFileSync(join(ROOT, 'bin', f), join(dir, 'bin', f));
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  // The launcher runs the bundle when it is not older than dist/cli/main.js: linked, that one is.
  symlinkSync(join(ROOT, 'dist', 'cli'), join(dir, 'dist', 'cli'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'dist', 'bundle', 'main.cjs'), patched);
  const bin = join(dir, 'bin', 'gongbao.js');
  // The code cache, written as scripts/bundle-cli.mjs has the build write it.
  const env: NodeJS.ProcessEnv = { ...process.env, GONGBAO_WRITE_CODE_CACHE: '1' };
  delete env.NODE_OPTIONS;
  const run = spawnSync(process.execPath, [bin, 'parse', corpusFile(goldIssues()[0]!), '--format', 'json'], { env, stdio: 'ignore' });
  if (run.status !== 0) throw new Error('the copy of the CLI did not run');
  // A refused cache would add the compiling to every case (~0.08 s), unlike the installed CLI.
  const check = spawnSync(process.execPath, [bin, '--version'], { env: { ...process.env, GONGBAO_DEBUG: '1' }, encoding: 'utf8' });
  if (!check.stderr.includes('code cache used')) throw new Error(`the copy of the CLI does not use its code cache: ${check.stderr}`);
  return bin;
}

/** How many facts a parse printed (to check that the copy leaves out what it is told to). */
function factCount(bin: string, file: string, skip: string): number {
  const r = spawnSync(process.execPath, [bin, 'parse', file, '--format', 'json'], {
    env: { ...process.env, GONGBAO_BENCH_SKIP: skip },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`gongbao parse failed: ${r.stderr}`);
  const docs = (JSON.parse(r.stdout) as { documents: Array<Record<string, unknown>> }).documents;
  return docs.reduce((n, d) => n + (['tasks', 'rosters', 'appointments', 'citations'] as const).reduce((m, k) => m + (d[k] as unknown[]).length, 0), 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = mkdtempSync(join(tmpdir(), 'gongbao-split-'));
  try {
    const bin = makeSkippingCli(join(dir, 'cli'));
    const big = join(dir, 'big.txt');
    const text = samplesRepeated(8);
    writeFileSync(big, text);
    const mb = Buffer.byteLength(text) / 1e6;
    const cases: Array<[label: string, skip: string]> = [
      ['every extractor', ''],
      ...EXTRACTORS.map(([name, finds]): [string, string] => [`without ${finds}`, name]),
      ['no extractor', ALL],
    ];
    const sample = corpusFile(goldIssues()[0]!);
    if (factCount(bin, sample, '') === 0 || factCount(bin, sample, ALL) !== 0) {
      throw new Error('the copy of the CLI does not leave out the extractors it is told to');
    }
    const ms = cases.map(() => [] as number[]);
    for (let r = 0; r < ROUNDS; r++) {
      cases.forEach(([, skip], i) => {
        ms[i]!.push(cpuMsPerRun(['env', `GONGBAO_BENCH_SKIP=${skip}`, process.execPath, bin, 'parse', big, '--format', 'json'], 1));
      });
    }
    const all = median(ms[0]!);
    console.log(`gongbao parse (${mb.toFixed(1)} MB) --format json, CPU (user + system), medians of ${ROUNDS} rounds alternating:`);
    console.log('case                      CPU s    MB/s   what is left out costs (median of the rounds\' differences)');
    cases.forEach(([label], i) => {
      const m = median(ms[i]!);
      // Paired by round: the machine's speed drifts between rounds, less within one.
      const saved = median(ms[i]!.map((x, r) => ms[0]![r]! - x));
      const cost = i === 0 ? '' : `${(saved / 1000).toFixed(2)} s (${((100 * saved) / all).toFixed(0)} %)`;
      console.log(`${label.padEnd(24)} ${(m / 1000).toFixed(2).padStart(6)}  ${(mb / (m / 1000)).toFixed(2).padStart(6)}   ${cost}`);
    });
    console.log(`target (issue 17): ${(mb / 10).toFixed(2)} s = 10 MB/s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
