import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusFile, goldIssues, ROOT } from '../eval/gold.js';
import { gazette, tempDir } from './store-fixtures.js';

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

/** Terminal columns of a text: two for a Chinese (wide or fullwidth) character, one otherwise. */
const columns = (s: string) =>
  [...s].reduce((n, c) => n + (/[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);

test('parse --format text: columns aligned on the screen, Chinese characters counted two columns wide', () => {
  for (const name of goldIssues()) {
    const file = corpusFile(name);
    const titles = (JSON.parse(gongbao('parse', file).stdout) as { documents: { title: string }[] }).documents.map((d) => d.title);
    const lines = gongbao('parse', '--format', 'text', file).stdout.split('\n').slice(2, 2 + titles.length);
    const starts = lines.map((line, i) => columns(line.slice(0, line.indexOf(titles[i]!))));
    assert.equal(new Set(starts).size, 1, `${name}: titles start at columns ${[...new Set(starts)].join(', ')}`);
  }
});

test('counts in text output agree with their number: 1 document, 1 TOC entry, 1 warning', (t) => {
  const { dir, cleanup } = tempDir('gongbao-cli-');
  t.after(cleanup);
  const one = join(dir, 'one.txt');
  writeFileSync(one, gazette(2021, 3, [{ title: '阳泉市人民政府关于测试的通知', number: '阳政发〔2021〕9号', date: '2021年3月5日', body: ['一、做好工作。'] }]));
  assert.match(gongbao('parse', '--format', 'text', one).stdout, /\n1 document, 1 TOC entry, utf-8, \d+ lines\n/);
  const r = gongbao('ingest', corpusFile('yangquan-2020-01'), '--db', join(dir, 'g.db'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /\(20 documents, 1 warning\)\n/);
  assert.match(r.stdout, /^1 file, 1 new, 0 replaced, 0 unchanged, 0 failed; stored 20 documents, 1 warning in /);
});

test('unreadable input: one line on stderr and a non-zero exit, no stack trace', (t) => {
  const { dir, cleanup } = tempDir('gongbao-cli-');
  t.after(cleanup);
  const noise = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256));
  const binary = join(dir, 'scan.bin');
  writeFileSync(binary, noise);
  // Named .pdf, it is read as a PDF and refused as one.
  const fakePdf = join(dir, 'scan.pdf');
  writeFileSync(fakePdf, noise);
  for (const [args, pattern] of [
    [['parse', join(dir, 'missing.txt')], /no such file/],
    [['parse', dir], /is a directory/],
    [['parse', binary], /does not look like text/],
    [['parse', fakePdf], /is not a PDF file \(no %PDF- header\)/],
    [['parse', '--format', 'xml', corpusFile('yangquan-2020-01')], /unknown format/],
  ] as const) {
    const r = gongbao(...args);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
  }
});
