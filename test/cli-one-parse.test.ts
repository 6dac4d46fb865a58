/**
 * How `gongbao parse` sets V8 for one text parse (src/cli/one-shot-jit.ts): the young generation
 * stays at the size it had (each MB it grew by was a page fault per 4 KB of memory touched for
 * the first time); a PDF's young generation is left to V8; and only flags V8 reads at each use are
 * changed while the process runs. Run in a child process: the flags are the process's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MODULE = fileURLToPath(new URL('../src/cli/one-shot-jit.ts', import.meta.url));

/** New-space size before and after allocating 400,000 objects that all survive, in a child tuned for `input` (or not). */
function newSpaceGrowth(input: 'text' | 'pdf' | null): { before: number; after: number } {
  const script = `
    import v8 from 'node:v8';
    import { tuneForOneParse } from ${JSON.stringify(MODULE)};
    const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
    const input = ${JSON.stringify(input)};
    if (input) tuneForOneParse(new TextEncoder().encode(input === 'pdf' ? '%PDF-1.7\\n' : '阳泉市人民政府公报\\n'));
    const before = newSpace();
    const keep = [];
    let after = 0;
    for (let i = 0; i < 400000; i++) {
      keep.push({ i, s: 'line ' + i });
      if (i % 10000 === 0) after = Math.max(after, newSpace());
    }
    console.log(JSON.stringify({ before, after }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { before: number; after: number };
}

test('a one-shot parse of text keeps the young generation at the size it had', () => {
  const plain = newSpaceGrowth(null);
  assert.ok(plain.after > plain.before, `untuned, the young generation grows (${plain.before} → ${plain.after})`);
  const tuned = newSpaceGrowth('text');
  assert.equal(tuned.after, tuned.before);
});

test('a PDF parse leaves the young generation to V8 (pdf.js is another workload)', () => {
  const pdf = newSpaceGrowth('pdf');
  assert.ok(pdf.after > pdf.before);
});

/** The V8 flags tuneForOneParse sets while the process runs, for an input of that kind. */
function flagsSetFor(input: 'text' | 'large text' | 'pdf'): string[] {
  const script = `
    import v8 from 'node:v8';
    import { syncBuiltinESMExports } from 'node:module';
    const set = [];
    const original = v8.setFlagsFromString;
    v8.setFlagsFromString = (flag) => { set.push(flag); original(flag); };
    syncBuiltinESMExports(); // the module's named import of setFlagsFromString sees the spy
    const { tuneForOneParse, ONE_SHOT_MAX_BYTES } = await import(${JSON.stringify(MODULE)});
    const input = ${JSON.stringify(input)};
    const bytes = input === 'pdf' ? new TextEncoder().encode('%PDF-1.7\\n')
      : input === 'large text' ? new Uint8Array(ONE_SHOT_MAX_BYTES + 1).fill(0x41)
      : new TextEncoder().encode('阳泉市人民政府公报\\n');
    tuneForOneParse(bytes);
    console.log(JSON.stringify(set));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[];
}

/**
 * Only flags V8 reads at each use may change while the process runs: `--no-regexp-tier-up`, set
 * so, made V8 crash (SIGSEGV: a pattern compiled before the change run as if compiled after it;
 * docs/performance.md, fifteenth round). A flag added to tuneForOneParse has to be shown safe to
 * flip at run time, and listed here.
 */
const READ_AT_EACH_USE = new Set(['--turbofan', '--no-turbofan', '--semi-space-growth-factor=1', '--no-parallel-scavenge']);

test('a one-shot parse changes only V8 flags that are read at each use', () => {
  for (const input of ['text', 'large text', 'pdf'] as const) {
    const flags = flagsSetFor(input);
    assert.ok(flags.length > 0, `${input}: the spy saw the flags set`);
    for (const flag of flags) assert.ok(READ_AT_EACH_USE.has(flag), `${input}: ${flag} is set while the process runs`);
  }
});
