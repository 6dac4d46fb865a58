/**
 * How `gongbao parse` sets V8 for one text parse (src/cli/one-shot-jit.ts): the young generation
 * stays at the size it had (each MB it grew by was a page fault per 4 KB of memory touched for
 * the first time); a PDF's young generation is left to V8. Run in a child process:
 * the flags are the process's.
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
