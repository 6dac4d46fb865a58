import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, ROOT } from '../eval/gold.js';

function gongbao(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('parse prints one JSON object with the issue and its documents', () => {
  const r = gongbao('parse', corpusFile('yangquan-2021-05'));
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.issue.totalNumber, 11);
  assert.equal(out.documents.length, 19);
  assert.equal(out.documents[0].docNumber, '阳政函〔2021〕77号');
  assert.equal(out.documents[0].docNumberRaw, '阳政函〔2021〕77 号');
});

test('parse --format text prints one line per document with number, date, type, title, lines', () => {
  const r = gongbao('parse', '--format', 'text', corpusFile('yangquan-2020-01'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /阳政发〔2020〕2号\s+2020-01-20 通知\s+阳泉市人民政府关于印发阳泉市规范提升耐火材料产业行动方案的通知 \[65-212\]/);
});

test('unreadable input: one line on stderr and a non-zero exit, no stack trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongbao-cli-'));
  const binary = join(dir, 'scan.pdf');
  writeFileSync(binary, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256)));
  for (const [args, pattern] of [
    [['parse', join(dir, 'missing.txt')], /no such file/],
    [['parse', dir], /is a directory/],
    [['parse', binary], /does not look like text/],
    [['parse', '--format', 'xml', corpusFile('yangquan-2020-01')], /unknown format/],
  ] as const) {
    const r = gongbao(...args);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  }
});
