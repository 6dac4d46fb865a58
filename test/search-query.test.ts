/** The query parser and the normalization shared by index and queries (pure functions). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, QuerySyntaxError } from '../src/search/query.js';
import { normalizeForSearch, normalizeWithMap } from '../src/search/normalize.js';

const terms = (q: string) => parseQuery(q).terms.map((t) => `${t.negated ? '-' : ''}${t.kind === 'docnumber' ? '#' : ''}${t.text}`);

test('words, phrases, exclusions', () => {
  assert.deepEqual(terms('人口普查 领导小组'), ['人口普查', '领导小组']);
  assert.deepEqual(terms('"人口 普查" -领导小组'), ['人口普查', '-领导小组']);
  assert.deepEqual(terms('“全国 人口普查”'), ['全国人口普查']);
  assert.deepEqual(terms('-"领导 小组"'), ['-领导小组']);
  assert.equal(parseQuery('"人口普查').terms[0]!.text, '人口普查'); // unclosed quote: to the end
  assert.deepEqual(terms('   '), []);
});

test('field filters, English and Chinese names; unknown prefixes stay text', () => {
  const q = parseQuery('消防 issuer:阳泉市人民政府办公室 type:通知 year:2020-2021 section:"市政府 文件" status:in_force');
  assert.deepEqual(q.terms.map((t) => t.text), ['消防']);
  assert.deepEqual(q.filters.issuer, ['阳泉市人民政府办公室']);
  assert.deepEqual(q.filters.type, ['通知']);
  assert.deepEqual(q.filters.years, [[2020, 2021]]);
  assert.deepEqual(q.filters.section, ['市政府 文件']);
  assert.equal(q.filters.status, 'in_force');
  const zh = parseQuery('文种：意见 年份:2023 发文机关:阳泉市人民政府');
  assert.deepEqual(zh.filters.type, ['意见']);
  assert.deepEqual(zh.filters.years, [[2023, 2023]]);
  assert.deepEqual(zh.filters.issuer, ['阳泉市人民政府']);
  assert.deepEqual(terms('http:example'), ['http:example']);
  assert.throws(() => parseQuery('year:今年'), QuerySyntaxError);
  assert.throws(() => parseQuery('status:valid'), QuerySyntaxError);
});

test('document numbers in every common spelling become one number term', () => {
  for (const q of ['阳政发〔2020〕2号', '阳政发[2020]2号', '阳政发(2020)2号', '阳政发（2020）2号', '阳政发〔2020〕2 号', '阳政发2020年2号', '阳政发 〔2020〕 2 号']) {
    assert.deepEqual(terms(q), ['#阳政发〔2020〕2号'], q);
  }
  assert.deepEqual(terms('阳政发[2020]2号 普查 -晋政办发〔2023〕27号'), ['#阳政发〔2020〕2号', '-#晋政办发〔2023〕27号', '普查']);
  // Quoted: exact text, not a number.
  assert.deepEqual(terms('"阳政发〔2020〕2号"'), ['阳政发〔2020〕2号']);
  assert.equal(parseQuery('"阳政发〔2020〕2号"').terms[0]!.kind, 'text');
});

test('normalization: width, case, whitespace; offsets map back to the printed characters', () => {
  assert.equal(normalizeForSearch('程 鹏　为 ５Ｇ\tＡbc\n'), '程鹏为5gabc');
  const { text, map } = normalizeWithMap('阳政发〔2020〕2 号');
  assert.equal(text, '阳政发〔2020〕2号');
  assert.equal(map[text.indexOf('号')], '阳政发〔2020〕2 号'.indexOf('号'));
  // 〔〕《》 and other Chinese punctuation are kept as printed.
  assert.equal(normalizeForSearch('《办法》（试行）'), '《办法》(试行)');
});
