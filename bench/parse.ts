/**
 * Parse throughput, all figures CPU time (user + system), not wall clock, so that other processes
 * on a shared machine do not count:
 *
 * - in-process: MB/s of parseIssue over the sample issues (median of several warm runs, extraction
 *   on, process start excluded), the first cold pass, and one large input (the samples repeated);
 * - whole process: `gongbao parse FILE --format json > /dev/null` (dist/, as installed) on an ~8 MB
 *   file (the samples joined and repeated), and the same on a tiny issue — the per-issue start-up
 *   cost (loading the parser), next to a bare `node -e 0`, and the peak memory of the large parse
 *   (one more run, the child reporting its own maxRSS). Target (issue 17) ≥ 10 MB/s.
 *
 *   npx tsx bench/parse.ts
 *   GONGBAO_BENCH_BASELINE=/path/to/other/checkout npx tsx bench/parse.ts   # before/after in one run
 *   npx tsx bench/parse.ts --in-process-only     # or --whole-process-only
 *
 * With a baseline (another checkout of gongbao, built), the whole-process figures are measured for
 * both, alternating, and printed side by side. BENCH_ROUNDS sets the rounds (default 5).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseIssue } from '../src/parse.js';
import { corpusFile, goldIssues } from '../eval/gold.js';
import { cpuMsPerRun } from './startup.js';
import { spawnSync } from 'node:child_process';
import { median } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function benchParse(runs = 9): { mbPerSec: number; coldMbPerSec: number; bytes: number; peakRssMb: number; docs: number } {
  const files = goldIssues().map((n) => readFileSync(corpusFile(n)));
  const bytes = files.reduce((n, f) => n + f.length, 0);
  let docs = 0;
  const t0 = cpuMs();
  for (const f of files) docs += parseIssue(f).documents.length; // first pass: includes JIT compilation
  const coldMs = cpuMs() - t0;
  for (let w = 0; w < 3; w++) for (const f of files) parseIssue(f); // warm-up
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = cpuMs();
    for (const f of files) parseIssue(f);
    times.push(cpuMs() - t0);
  }
  return {
    mbPerSec: bytes / 1e6 / (median(times) / 1000),
    coldMbPerSec: bytes / 1e6 / (coldMs / 1000),
    bytes,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    docs,
  };
}

/** The sample issues joined: distinct text, no repetition. */
export function samplesJoined(): string {
  return goldIssues().map((n) => readFileSync(corpusFile(n), 'utf8')).join('\n');
}

/** A tiny issue: the masthead, TOC and first document of a sample — start-up is what it costs. */
export function tinyIssue(): string {
  return readFileSync(corpusFile(goldIssues()[0]!), 'utf8').split('\n').slice(0, 150).join('\n');
}

/** The sample issues joined, repeated to about `targetMb` MB: one large synthetic issue. */
export function samplesRepeated(targetMb: number): string {
  const base = samplesJoined();
  const reps = Math.max(1, Math.round((targetMb * 1e6) / Buffer.byteLength(base)));
  return Array.from({ length: reps }, () => base).join('\n');
}

/** One large synthetic issue (the samples repeated) to show memory stays bounded by input size. */
export function benchLargeInput(targetMb = 20): { mb: number; seconds: number; peakRssMb: number; docs: number } {
  const big = samplesRepeated(targetMb);
  const t0 = cpuMs();
  const p = parseIssue(big);
  return {
    mb: Buffer.byteLength(big) / 1e6,
    seconds: (cpuMs() - t0) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    docs: p.documents.length,
  };
}

export interface WholeProcess {
  /** CPU ms of `gongbao parse BIG --format json`, of `gongbao parse TINY`, of `node -e 0`. */
  bigMs: number;
  /** Wall-clock ms of `gongbao parse BIG --format json` (meaningful on an otherwise idle machine). */
  bigWallMs: number;
  /** Peak resident memory (MB) of `gongbao parse BIG --format json`, one run. */
  bigPeakRssMb: number;
  tinyMs: number;
  nodeMs: number;
  mb: number;
  mbPerSec: number;
}

/**
 * `gongbao parse FILE --format json > /dev/null` as a whole process, for each checkout given (its
 * root, with bin/ and a built dist/), rounds alternating between them; medians.
 */
export function benchWholeProcess(roots: string[], targetMb = 8, rounds = ROUNDS): WholeProcess[] {
  const dir = mkdtempSync(join(tmpdir(), 'gongbao-bench-'));
  try {
    const big = join(dir, 'big.txt');
    const text = samplesRepeated(targetMb);
    writeFileSync(big, text);
    const tiny = join(dir, 'tiny.txt');
    writeFileSync(tiny, tinyIssue());
    const mb = Buffer.byteLength(text) / 1e6;
    const node = process.execPath;
    const samples = roots.map(() => ({ big: [] as number[], tiny: [] as number[], wall: [] as number[] }));
    const bare: number[] = [];
    for (let r = 0; r < rounds; r++) {
      bare.push(cpuMsPerRun([node, '-e', '0'], 5));
      roots.forEach((root, i) => {
        const bin = join(root, 'bin', 'gongbao.js');
        samples[i]!.big.push(cpuMsPerRun([node, bin, 'parse', big, '--format', 'json'], 1));
        samples[i]!.tiny.push(cpuMsPerRun([node, bin, 'parse', tiny, '--format', 'json'], 5));
        samples[i]!.wall.push(wallMs([node, bin, 'parse', big, '--format', 'json']));
      });
    }
    return samples.map((s, i) => ({
      bigMs: median(s.big),
      bigWallMs: median(s.wall),
      bigPeakRssMb: peakRssMb([node, join(roots[i]!, 'bin', 'gongbao.js'), 'parse', big, '--format', 'json']),
      tinyMs: median(s.tiny),
      nodeMs: median(bare),
      mb,
      mbPerSec: mb / (median(s.big) / 1000),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Peak resident memory (MB) of one run of `command` (argv, a node command), output to /dev/null:
 * the child reports its own maxRSS on fd 3 as it exits (a preloaded one-line module).
 */
function peakRssMb(command: string[]): number {
  const report = `import { writeSync } from 'node:fs'; process.on('exit', () => writeSync(3, String(process.resourceUsage().maxRSS)));`;
  const preload = `data:text/javascript,${encodeURIComponent(report)}`;
  const r = spawnSync(command[0]!, ['--import', preload, ...command.slice(1)], { stdio: ['ignore', 'ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command.join(' ')} failed`);
  return Number(r.output[3]) / 1024;
}

/** Wall-clock ms of one run of `command` (argv), output to /dev/null. */
function wallMs(command: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(command[0]!, command.slice(1), { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${command.join(' ')} failed`);
  return performance.now() - t0;
}

if (import.meta.url === `file://${process.argv[1]}` && !process.argv.includes('--whole-process-only')) {
  const r = benchParse();
  console.log(`parse: ${r.mbPerSec.toFixed(2)} MB/s CPU (median of 9 warm runs over ${(r.bytes / 1e6).toFixed(2)} MB, ${r.docs} documents, extraction on; first cold pass ${r.coldMbPerSec.toFixed(2)} MB/s); peak RSS ${r.peakRssMb.toFixed(0)} MB`);
  const l = benchLargeInput();
  console.log(`large input: ${l.mb.toFixed(1)} MB in ${l.seconds.toFixed(2)} s CPU (${(l.mb / l.seconds).toFixed(2)} MB/s, ${l.docs} documents); peak RSS ${l.peakRssMb.toFixed(0)} MB`);
}

if (import.meta.url === `file://${process.argv[1]}` && !process.argv.includes('--in-process-only')) {
  const baseline = process.env.GONGBAO_BENCH_BASELINE;
  const roots = baseline ? [resolve(baseline), ROOT] : [ROOT];
  const results = benchWholeProcess(roots);
  results.forEach((w, i) => {
    const label = roots.length > 1 ? (i === 0 ? 'before (baseline)' : 'after (this checkout)') : 'this checkout';
    console.log(`whole process, ${label}: gongbao parse (${w.mb.toFixed(1)} MB) --format json: ${(w.bigMs / 1000).toFixed(2)} s CPU = ${w.mbPerSec.toFixed(2)} MB/s; tiny issue ${w.tinyMs.toFixed(0)} ms CPU (start-up; node -e 0: ${w.nodeMs.toFixed(0)} ms)`);
    console.log(`whole process, ${label}: wall clock ${(w.bigWallMs / 1000).toFixed(2)} s = ${(w.mb / (w.bigWallMs / 1000)).toFixed(2)} MB/s; peak RSS ${w.bigPeakRssMb.toFixed(0)} MB`);
  });
  console.log(`whole process: CPU time (user+sys) of the child and wall clock, medians of ${ROUNDS} rounds; target ≥ 10 MB/s (wall clock is only meaningful on an otherwise idle machine)`);
}
