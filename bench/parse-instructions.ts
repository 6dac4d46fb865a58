/**
 * Instructions a whole `gongbao parse` executes, counted by valgrind (callgrind): the one parse
 * figure that does not move with the machine. CPU time on the 2-core benchmark machine varies by
 * ±30 % between identical runs, so a 3 % change of the parser could not be told from noise in
 * fewer than dozens of alternating runs; the instruction count of the same run repeats within
 * ~0.001 % with the settings of STEADY (within 1–5 % without them). It is a proxy (a cache miss
 * costs more than an add), so bench/parse.ts stays the figure the bar is judged by; this one says
 * whether a change made the parser do less.
 *
 * Counted: `node STEADY bin/gongbao.js parse FILE --format json > /dev/null` (dist/, one-shot
 * compiler settings as installed; STEADY below) on the three sample issues joined (distinct text,
 * no repetition a cache could exploit) and on a tiny issue (start-up); the parse's own count is
 * the difference.
 *
 *   npx tsx bench/parse-instructions.ts
 *   GONGBAO_BENCH_BASELINE=/path/to/other/checkout npx tsx bench/parse-instructions.ts  # before/after
 *
 * Needs valgrind (Debian package `valgrind`); without it the script says so and exits 0, so that
 * `npm run bench` still runs the other benchmarks. A run takes ~30 s per checkout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { samplesJoined, tinyIssue } from './parse.js';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Node settings that make the count repeat: V8's predictable mode (garbage collection and
 * compiling on the main thread, so that when and how much they run does not depend on timing) and
 * a fixed random seed. Without them two runs of the same code differed by up to 1 % on an idle
 * machine and 5 % on a busy one; with them by ~0.001 %. They change what is counted slightly (no
 * collector threads), which a before/after does not mind. Flags that change V8's flag hash
 * (heap sizes, --single-threaded, --hash-seed: the settings used here before) would make V8 refuse
 * the code cache the CLI is run with (bin/gongbao.js), and count a start-up no user has.
 */
const STEADY = ['--predictable', '--random-seed=42'];

/** Instructions callgrind counted for one run of `args` (node …), or an error message. */
export function instructionsOf(args: string[]): number {
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const m = /Collected\s*:\s*(\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 || !m) throw new Error(`valgrind ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr ?? '').slice(-400)}`);
  return Number(m[1]);
}

function hasValgrind(): boolean {
  return spawnSync('valgrind', ['--version'], { stdio: 'ignore' }).status === 0;
}

interface Counts {
  root: string;
  samples: number;
  tiny: number;
}

function main(): void {
  if (!hasValgrind()) {
    console.log('parse instructions: valgrind not installed (apt-get install valgrind); skipped');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gongbao-ir-'));
  try {
    const samples = join(dir, 'samples.txt');
    const text = samplesJoined();
    writeFileSync(samples, text);
    const tiny = join(dir, 'tiny.txt');
    writeFileSync(tiny, tinyIssue());
    const mb = Buffer.byteLength(text) / 1e6;
    const roots = [ROOT, ...(process.env.GONGBAO_BENCH_BASELINE ? [resolve(process.env.GONGBAO_BENCH_BASELINE)] : [])];
    const counts: Counts[] = roots.map((root) => {
      const bin = join(root, 'bin', 'gongbao.js');
      return {
        root,
        samples: instructionsOf([process.execPath, ...STEADY, bin, 'parse', samples, '--format', 'json']),
        tiny: instructionsOf([process.execPath, ...STEADY, bin, 'parse', tiny, '--format', 'json']),
      };
    });
    const g = (n: number) => (n / 1e9).toFixed(3);
    for (const c of counts) {
      const label = c.root === ROOT ? 'this checkout' : c.root;
      console.log(
        `parse instructions (${label}): samples (${mb.toFixed(2)} MB) ${g(c.samples)} G; tiny issue (start-up) ${g(c.tiny)} G; ` +
          `the parse itself ${g(c.samples - c.tiny)} G = ${((c.samples - c.tiny) / 1e6 / mb).toFixed(0)} M instructions per MB`,
      );
    }
    if (counts.length === 2) {
      const [now, base] = counts as [Counts, Counts];
      const change = (a: number, b: number) => `${(((a - b) / b) * 100).toFixed(1)} %`;
      console.log(`change against the baseline: whole run ${change(now.samples, base.samples)}, the parse itself ${change(now.samples - now.tiny, base.samples - base.tiny)}, start-up ${change(now.tiny, base.tiny)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
