/**
 * Where the time of `gongbao parse` goes, by stage, and how fast the parser could go at best — the
 * table docs/performance.md keeps, made by a command instead of by reading profiles by hand:
 *
 * 1. `gongbao parse FILE --format json > /dev/null` on the ~8 MB file of bench/parse.ts, under
 *    `node --cpu-prof` (the compiled CLI, dist/cli/main.js, with the one-shot compiler settings in
 *    use: the code bin/gongbao.js runs bundled, unbundled here so that the profile names each
 *    function's module; only module loading differs, ~50 ms); the main thread's samples are summed by stage — inclusive time of each stage's entry function, so a share says
 *    what removing the stage would save. Sampling adds a few % to every share alike.
 * 2. The ceiling: parseIssue on the same text in this process, warm and with V8's optimizing
 *    compiler (repeat runs, nothing printed, no start-up): what the parser costs once compiling is
 *    paid, against the 10 MB/s of issue 17 for the whole process.
 *
 *   npx tsx bench/parse-profile.ts
 *   BENCH_PROFILES=3 npx tsx bench/parse-profile.ts     # median share over three profiled runs
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { samplesRepeated } from './parse.js';
import { parseIssue } from '../src/parse.js';
import { median } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const PROFILES = Number(process.env.BENCH_PROFILES ?? 1);

/**
 * Stages by their entry functions (`name@end of the file's URL`, as compiled to dist/), in pipeline
 * order; parts of a stage indented.
 */
const STAGES: Array<[label: string, functions: string[]]> = [
  ['decode (encoding, UTF-8 check, lines)', ['decode@core/decode.js']],
  ['source lines (width folding, cleaning)', ['toSourceLines@core/lines.js']],
  ['segmentation', ['segmentItems@core/segment.js']],
  ['印发/转发 notices joined with what they forward', ['mergeForwardedDocuments@dist/parse.js']],
  ['per-document metadata (parseItem)', ['parseItem@dist/parse.js']],
  ['  of it: outline', ['parseOutline@core/outline.js']],
  ['extraction (extractAll)', ['extractAll@extract/index.js']],
  ['  tasks', ['extractTasks@tasks/index.js']],
  ['  rosters', ['extractRosters@extract/rosters.js']],
  ['  citations', ['extractCitations@extract/citations.js']],
  ['  validity', ['extractValidity@extract/validity.js']],
  ['  appointments', ['extractAppointments@extract/appointments.js']],
  ['  joined document texts (built once, shared)', ['buildDocText@text/doc-text.js']],
  ['links within the issue', ['linkWithinIssue@dist/link-within-issue.js']],
  ['JSON output (stringify, terminal check, UTF-8, write)', ['printJson@cli/output.js']],
  ['garbage collection', ['(garbage collector)']],
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Inclusive share of each stage in one profile, and the profile's length in ms. */
function stageShares(profileFile: string): { shares: number[]; ms: number; parseMs: number } {
  const p = JSON.parse(readFileSync(profileFile, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; startTime: number; endTime: number };
  const parent = new Map<number, number>();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = STAGES.map(() => 0);
  let parsing = 0;
  for (const sample of p.samples) {
    const names = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const { functionName, url } = byId.get(id)!.callFrame;
      names.add(functionName);
      names.add(`${functionName}@${url.split('/').slice(-2).join('/')}`);
    }
    STAGES.forEach(([, fns], i) => {
      if (fns.some((f) => names.has(f))) hits[i]!++;
    });
    if (names.has('parseFile@dist/parse.js')) parsing++;
  }
  const ms = (p.endTime - p.startTime) / 1000;
  return { shares: hits.map((h) => h / p.samples.length), ms, parseMs: (parsing / p.samples.length) * ms };
}

const dir = mkdtempSync(join(tmpdir(), 'gongbao-bench-'));
try {
  const text = samplesRepeated(8);
  const file = join(dir, 'big.txt');
  writeFileSync(file, text);
  const mb = Buffer.byteLength(text) / 1e6;
  const runs: Array<ReturnType<typeof stageShares>> = [];
  for (let r = 0; r < PROFILES; r++) {
    const profDir = join(dir, `prof-${r}`);
    const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, join(ROOT, 'dist', 'cli', 'main.js'), 'parse', file, '--format', 'json'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (child.status !== 0) throw new Error('gongbao parse failed');
    const run = stageShares(join(profDir, readdirSync(profDir)[0]!));
    // A profile whose functions the stages do not name (a bundle, renamed modules) would print a
    // table of zeros: say so instead.
    if (run.parseMs === 0) throw new Error('the profile names no parseFile in dist/parse.js: STAGES no longer match the compiled modules');
    runs.push(run);
  }
  const ms = median(runs.map((r) => r.ms));
  console.log(`gongbao parse (${mb.toFixed(1)} MB) --format json under the profiler: main thread ${ms.toFixed(0)} ms, of it parseFile ${median(runs.map((r) => r.parseMs)).toFixed(0)} ms (median of ${runs.length})`);
  console.log('| share | ms | stage |\n| ---: | ---: | --- |');
  STAGES.forEach(([label], i) => {
    const share = median(runs.map((r) => r.shares[i]!));
    console.log(`| ${(100 * share).toFixed(1)} % | ${(share * ms).toFixed(0)} | ${label} |`);
  });

  const bytes = Buffer.from(text);
  for (let w = 0; w < 3; w++) parseIssue(bytes);
  const times: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = process.cpuUsage();
    parseIssue(bytes);
    const u = process.cpuUsage(t0);
    times.push((u.user + u.system) / 1000);
  }
  const best = median(times);
  console.log(`ceiling: parseIssue warm, optimizing compiler on, nothing printed: ${(best / 1000).toFixed(2)} s CPU = ${(mb / (best / 1000)).toFixed(2)} MB/s (median of 3 after 3 warm-up runs)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
