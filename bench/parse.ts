/**
 * Parse throughput: MB/s over the sample issues (median of several runs, extraction on, process
 * start excluded) and peak memory (RSS high-water mark). Target ≥ 5 MB/s on one core.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseIssue } from '../src/parse.js';
import { corpusFile, goldIssues } from '../eval/gold.js';

export function benchParse(runs = 9): { mbPerSec: number; coldMbPerSec: number; bytes: number; peakRssMb: number; docs: number } {
  const files = goldIssues().map((n) => readFileSync(corpusFile(n)));
  const bytes = files.reduce((n, f) => n + f.length, 0);
  let docs = 0;
  const t0 = performance.now();
  for (const f of files) docs += parseIssue(f).documents.length; // first pass: includes JIT compilation
  const coldMs = performance.now() - t0;
  for (let w = 0; w < 3; w++) for (const f of files) parseIssue(f); // warm-up
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (const f of files) parseIssue(f);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return {
    mbPerSec: bytes / 1e6 / (median / 1000),
    coldMbPerSec: bytes / 1e6 / (coldMs / 1000),
    bytes,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    docs,
  };
}

/** One large synthetic issue (the samples repeated) to show memory stays bounded by input size. */
export function benchLargeInput(targetMb = 20): { mb: number; seconds: number; peakRssMb: number; docs: number } {
  const base = goldIssues().map((n) => readFileSync(corpusFile(n), 'utf8')).join('\n');
  const reps = Math.max(1, Math.round((targetMb * 1e6) / Buffer.byteLength(base)));
  const big = Array.from({ length: reps }, () => base).join('\n');
  const t0 = performance.now();
  const p = parseIssue(big);
  return {
    mb: Buffer.byteLength(big) / 1e6,
    seconds: (performance.now() - t0) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    docs: p.documents.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = benchParse();
  console.log(`parse: ${r.mbPerSec.toFixed(2)} MB/s (median of 9 warm runs over ${(r.bytes / 1e6).toFixed(2)} MB, ${r.docs} documents, extraction on; first cold pass ${r.coldMbPerSec.toFixed(2)} MB/s); peak RSS ${r.peakRssMb.toFixed(0)} MB`);
  const l = benchLargeInput();
  console.log(`large input: ${l.mb.toFixed(1)} MB in ${l.seconds.toFixed(2)} s (${(l.mb / l.seconds).toFixed(2)} MB/s, ${l.docs} documents); peak RSS ${l.peakRssMb.toFixed(0)} MB`);
}
