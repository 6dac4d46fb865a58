/**
 * `gongbao search` through the CLI against a real database: --json hit fields, filters, number
 * spellings, the plain-text listing, and one-line errors.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CORPUS_FILES, cli, tempDir } from './store-fixtures.js';

let dir: string;
let cleanup: () => void;

before(() => {
  ({ dir, cleanup } = tempDir());
  const r = cli(['ingest', ...CORPUS_FILES, '--db', 'g.db'], dir);
  assert.equal(r.status, 0, r.stderr);
});
after(() => cleanup());

test('--json prints the hits with id, docNumber, title, date, issue, source file, lines, score and snippet', () => {
  const r = cli(['search', '人口普查', '--db', 'g.db', '--json', '--limit', '3'], dir);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.query, '人口普查');
  assert.ok(out.total >= 1);
  assert.ok(out.hits.length <= 3);
  const h = out.hits[0];
  for (const k of ['id', 'docNumber', 'title', 'date', 'issue', 'sourceFile', 'startLine', 'endLine', 'score', 'snippet', 'highlights']) {
    assert.ok(k in h, k);
  }
  assert.equal(h.docNumber, '阳政发〔2020〕4号');
  assert.equal(h.issue.title, '阳泉市人民政府公报');
  assert.match(h.sourceFile, /yangquan-2020-01\.txt$/);
  assert.equal(h.startLine, 283);
  assert.ok(h.snippet.includes('人口普查'));
  assert.ok(out.facets.type.length >= 1);
});

test('filters and number spellings on the command line', () => {
  const a = JSON.parse(cli(['search', '阳政办发[2021]74号', '--db', 'g.db', '--json'], dir).stdout);
  const b = JSON.parse(cli(['search', '阳政办发2021年74号', '--db', 'g.db', '--json'], dir).stdout);
  const c = JSON.parse(cli(['search', '阳政办发〔2021〕74', '号', '--db', 'g.db', '--json'], dir).stdout);
  assert.equal(a.hits[0].docNumber, '阳政办发〔2021〕74号');
  assert.deepEqual(b.hits.map((h: { id: number }) => h.id), a.hits.map((h: { id: number }) => h.id));
  assert.deepEqual(c.hits.map((h: { id: number }) => h.id), a.hits.map((h: { id: number }) => h.id));
  const typed = JSON.parse(cli(['search', '工作', '--type', '意见', '--from', '2020', '--to', '2021-12-31', '--db', 'g.db', '--json'], dir).stdout);
  assert.ok(typed.total >= 1);
  for (const h of typed.hits) {
    assert.equal(h.docType, '意见');
    assert.ok(h.date >= '2020-01-01' && h.date <= '2021-12-31');
  }
  const section = JSON.parse(cli(['search', '免去', '--section', '人事任免', '--db', 'g.db', '--json'], dir).stdout);
  assert.ok(section.total >= 3);
});

test('plain listing: numbered hits with file:lines and the hit marked', () => {
  const r = cli(['search', '耐火材料', '--db', 'g.db', '--limit', '2', '--facets'], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\d+ documents?, showing 1–\d/);
  assert.match(r.stdout, /\n {2}1\. 阳政发〔2020〕2号 {2}阳泉市人民政府关于印发阳泉市规范提升耐火材料产业行动方案的通知 {2}2020-01-20/);
  assert.match(r.stdout, /yangquan-2020-01\.txt:65-212 {2}line \d+/);
  assert.match(r.stdout, /«耐火材料»/);
  assert.match(r.stdout, /\ntype: 通知 \(\d+\)/);
});

test('--sort newest / oldest orders by document date; a title field and a status in Chinese', () => {
  const dates = (sort: string) => {
    const r = cli(['search', '通知', '--db', 'g.db', '--json', '--limit', '100', '--sort', sort], dir);
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(r.stdout).hits as { date: string | null }[]).map((h) => h.date).filter((d): d is string => !!d);
  };
  const newest = dates('newest');
  assert.ok(newest.length > 20);
  assert.deepEqual(newest, [...newest].sort().reverse());
  assert.deepEqual(dates('oldest'), [...newest].sort());
  assert.notDeepEqual(dates('relevance'), newest);
  const titled = JSON.parse(cli(['search', '标题:实施方案', '--db', 'g.db', '--json', '--limit', '100'], dir).stdout);
  assert.ok(titled.total >= 3 && titled.hits.every((h: { title: string }) => h.title.includes('实施方案')));
  const valid = cli(['search', '状态:现行有效', '--as-of', '2024-06-01', '--db', 'g.db', '--json'], dir);
  assert.equal(valid.status, 0, valid.stderr);
});

test('errors: one line on stderr with a non-zero exit', () => {
  for (const [args, code, re] of [
    [['search', '工作', '--db', 'g.db', '--limit', '0'], 2, /--limit/],
    [['search', '工作', '--db', 'g.db', '--status', 'valid'], 2, /--status expects one of/],
    [['search', '工作', '--db', 'g.db', '--sort', 'date'], 2, /--sort expects one of relevance, newest, oldest/],
    [['search', '工作 status:valid', '--db', 'g.db'], 2, /status: expects one of/],
    [['search', '工作', '--db', 'g.db', '--from', '2020/01/01'], 2, /--from expects a date/],
    [['search', '工作', '--db', 'missing.db'], 1, /no archive at/],
  ] as const) {
    const r = cli([...args], dir);
    assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});
