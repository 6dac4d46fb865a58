/**
 * CLI start-up cost: CPU time (user + system) of `gongbao --help`, `--version`, `parse --help` and
 * `parse FILE` next to a bare `node -e 0`. Target: `gongbao --help` ≤ 1.5× a bare Node start.
 *
 * The CLI runs as installed (bin/gongbao.js → dist/, built by `npm ci` / `npm run build`). Each
 * figure is the CPU time of the child processes as bash's `times` reports it, over a batch of runs,
 * divided by the runs; batches of the commands alternate (so that a busy moment of the machine
 * falls on all of them), and the median batch is printed.
 *
 *   npx tsx bench/startup.ts                   # 7 rounds of 10 runs
 *   BENCH_ROUNDS=3 BENCH_RUNS=5 npx tsx bench/startup.ts
 *   npx tsx bench/startup.ts --ratio-only      # just the --help ratio (scripts/check-new-user.sh)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusFile } from '../eval/gold.js';
import { median } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'gongbao.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** CPU milliseconds per run of `command` (argv), over `runs` runs, from bash's `times`. */
export function cpuMsPerRun(command: string[], runs: number): number {
  const line = command.map(quote).join(' ');
  const r = spawnSync('bash', ['-c', `for i in $(seq ${runs}); do ${line} >/dev/null 2>&1; done; times`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bash failed: ${r.stderr}`);
  // `times`: the shell's user and system time, then its children's: "0m1.234s 0m0.056s".
  const children = r.stdout.trim().split('\n')[1]!;
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
  return (seconds * 1000) / runs;
}

export function benchStartup(rounds = ROUNDS, runs = RUNS, only?: string[]): { name: string; ms: number; ratio: number }[] {
  const node = process.execPath;
  const cases = ([
    ['node -e 0', [node, '-e', '0']],
    ['gongbao --help', [node, BIN, '--help']],
    ['gongbao --version', [node, BIN, '--version']],
    ['gongbao parse --help', [node, BIN, 'parse', '--help']],
    ['gongbao parse FILE', [node, BIN, 'parse', corpusFile('yangquan-2020-01')]],
  ] as [string, string[]][]).filter(([name]) => !only || name === 'node -e 0' || only.includes(name));
  const samples = cases.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) cases.forEach(([, argv], i) => samples[i]!.push(cpuMsPerRun(argv, runs)));
  const bare = median(samples[0]!);
  return cases.map(([name], i) => ({ name, ms: median(samples[i]!), ratio: median(samples[i]!) / bare }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const main = join(ROOT, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) throw new Error('dist/ is not built: run `npm run build` first');
  if (statSync(main).mtimeMs < statSync(join(ROOT, 'src', 'cli', 'main.ts')).mtimeMs) {
    console.log('startup: warning: dist/ is older than src/ (run `npm run build` for current figures)');
  }
  if (process.argv.includes('--ratio-only')) {
    // For scripts (scripts/check-new-user.sh): the --help ratio alone.
    console.log(benchStartup(ROUNDS, RUNS, ['gongbao --help']).find((r) => r.name === 'gongbao --help')!.ratio.toFixed(2));
    process.exit(0);
  }
  for (const r of benchStartup()) {
    console.log(`startup: ${r.name.padEnd(22)} ${r.ms.toFixed(0).padStart(5)} ms CPU (user+sys)  ${r.ratio.toFixed(2)}× bare node`);
  }
  console.log(`startup: median of ${ROUNDS} batches of ${RUNS} runs each; target gongbao --help ≤ 1.50× bare node`);
}
