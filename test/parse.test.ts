/** Golden tests: the three sample issues and their layout variants against the gold annotations. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIssue } from '../src/parse.js';
import { corpusFile, f1, goldIssues, GOLD_DIR, readTsv } from '../eval/gold.js';
import { scoreDocuments, DOC_FIELDS } from '../eval/docs.js';
import { makeVariants, mapGoldRow } from '../eval/variants.js';

for (const name of goldIssues()) {
  const bytes = readFileSync(corpusFile(name));
  const gold = readTsv(join(GOLD_DIR, `${name}.docs.tsv`));
  const issueGold = readTsv(join(GOLD_DIR, `${name}.issue.tsv`))[0];

  test(`${name}: documents and masthead match the gold`, () => {
    const parsed = parseIssue(bytes, { fileName: name });
    const s = scoreDocuments(name, parsed, gold, issueGold);
    assert.deepEqual(s.errors.filter((e) => !e.includes('attachment')), []);
    assert.equal(f1(s.segmentation).f1, 1);
    assert.ok(s.attachments.found / s.attachments.total >= 0.9, 'attachment recall ≥ 0.9');
    assert.equal(s.issue.right, s.issue.total);
  });

  test(`${name}: every span lies inside the file and documents do not overlap`, () => {
    const parsed = parseIssue(bytes);
    let prevEnd = 0;
    for (const d of parsed.documents) {
      assert.ok(d.startLine > prevEnd && d.startLine <= d.endLine && d.endLine <= parsed.source.lineCount);
      for (const a of d.attachments) assert.ok(a.line >= d.startLine && a.line <= d.endLine);
      for (const e of d.enclosures) assert.ok(e.startLine > d.startLine && e.startLine <= d.endLine);
      prevEnd = d.endLine;
    }
    for (const e of parsed.toc) assert.ok(e.line >= 1 && e.endLine < parsed.documents[0]!.startLine);
  });

  const text = bytes.toString('utf8');
  for (const v of makeVariants(text)) {
    test(`${name}: variant ${v.name} keeps segmentation and fields`, () => {
      const parsed = parseIssue(v.bytes);
      const issue = v.noMasthead ? undefined : issueGold && v.rewrite ? mapGoldRow(issueGold, v) : issueGold;
      const s = scoreDocuments(name, parsed, gold.map((g) => mapGoldRow(g, v)), issue);
      assert.equal(f1(s.segmentation).f1, 1, s.errors.join('\n'));
      for (const f of DOC_FIELDS) assert.equal(s.fields[f].right, s.fields[f].total, `${f}: ${s.errors.join('\n')}`);
      if (v.noMasthead) assert.equal(parsed.issue, null);
    });
  }
}

test('enclosures: the instrument a 印发 notice issues is part of the same document', () => {
  const parsed = parseIssue(readFileSync(corpusFile('yangquan-2020-01')));
  const doc = parsed.documents.find((d) => d.docNumber === '阳政发〔2020〕5号')!;
  assert.deepEqual(
    doc.enclosures.map((e) => [e.title, e.docType]),
    [['阳泉市加快5G产业发展的实施意见', '意见'], ['阳泉市加快5G产业发展的若干措施', '措施']],
  );
  assert.equal(doc.enclosures[0]?.startLine, 400);
  assert.deepEqual(doc.recipients, ['各县（区）人民政府', '市直各单位', '省属以上企业']);
  assert.equal(doc.signedBy, '阳泉市人民政府');
});

test('enclosures: a notice issuing an instrument and its implementing rules keeps both (one title contains the other)', () => {
  const text = [
    '乌鲁木齐市人民政府关于印发乌鲁木齐市物业管理办法和乌鲁木齐市物业管理办法实施细则的通知',
    '',
    '乌政发〔2024〕7号',
    '',
    '各区（县）人民政府，市直各单位：',
    '现将《乌鲁木齐市物业管理办法》和《乌鲁木齐市物业管理办法实施细则》印发给你们，请认真贯彻执行。',
    '',
    '乌鲁木齐市人民政府',
    '2024年3月1日',
    '',
    '乌鲁木齐市物业管理办法',
    '',
    '第一条　为了规范物业管理活动，制定本办法。',
    '',
    '乌鲁木齐市物业管理办法实施细则',
    '',
    '第一条　根据《乌鲁木齐市物业管理办法》，制定本细则。',
  ].join('\n');
  const doc = parseIssue(text).documents[0]!;
  assert.deepEqual(doc.enclosures.map((e) => e.title), ['乌鲁木齐市物业管理办法', '乌鲁木齐市物业管理办法实施细则']);
});

test('TOC title that differs beyond layout is flagged (等四人 vs 等4人)', () => {
  const parsed = parseIssue(readFileSync(corpusFile('yangquan-2023-05')));
  const doc = parsed.documents.find((d) => d.docNumber === '阳政任字〔2023〕9号')!;
  assert.ok(doc.warnings.some((w) => w.code === 'toc-title-mismatch'));
  assert.equal(doc.tocPage, 83);
});

test('a missing signature date is a warning, not a failure', () => {
  const parsed = parseIssue(readFileSync(corpusFile('yangquan-2021-05')));
  const doc = parsed.documents.find((d) => d.docNumber === '阳政办函〔2021〕151号')!;
  assert.equal(doc.date, null);
  assert.ok(doc.warnings.some((w) => w.code === 'missing-date'));
});

test('two documents with the same printed number are both kept, with a warning', () => {
  const one = ['阳泉市人民政府', '关于甲事项的通知', '', '阳政发〔2020〕9号', '', '各县（区）人民政府：', '正文。', '', '阳泉市人民政府', '2020年1月2日'];
  const two = ['阳泉市人民政府关于乙事项的通知', '', '阳政发〔2020〕9号', '', '市直各单位：', '正文。', '', '阳泉市人民政府', '2020年1月3日'];
  const parsed = parseIssue([...one, '', ...two].join('\n'));
  assert.equal(parsed.documents.length, 2);
  assert.ok(parsed.documents.every((d) => d.warnings.some((w) => w.code === 'duplicate-doc-number')));
  assert.equal(parsed.documents[1]?.date, '2020-01-03');
});

test('number-first layout, chronicle items and documents without a number', () => {
  const text = [
    '晋市政发〔2022〕7号',
    '晋城市人民政府关于加强某项工作的意见',
    '各县（市、区）人民政府：',
    '为了……，提出如下意见。',
    '晋城市人民政府',
    '二〇二二年三月一日',
    '',
    '晋城市人民政府办公室关于开展某项检查的通知',
    '市直各有关单位：',
    '现就有关事项通知如下。',
    '晋城市人民政府办公室',
    '2022年3月5日',
    '',
    '2022年3月大事记',
    '3月1日 市政府召开常务会议。',
  ].join('\n');
  const parsed = parseIssue(text);
  assert.deepEqual(
    parsed.documents.map((d) => [d.kind, d.docNumber, d.docType, d.date, d.startLine, d.endLine]),
    [
      ['document', '晋市政发〔2022〕7号', '意见', '2022-03-01', 1, 6],
      ['document', null, '通知', '2022-03-05', 8, 12],
      ['chronicle', null, '大事记', null, 14, 15],
    ],
  );
  assert.equal(parsed.issue, null);
});

test('government orders (令 over 第N号), signer beside the number, and policy interpretations', () => {
  const text = [
    '晋城市人民政府令',
    '第 12 号',
    '《晋城市某某管理办法》已经市人民政府常务会议通过，现予公布，自2022年5月1日起施行。',
    '市长 张三',
    '2022年4月1日',
    '',
    '晋城市人民政府关于某事项的请示',
    '晋市政字〔2022〕3号 签发人：李四',
    '省人民政府：',
    '现将有关情况报告如下。',
    '晋城市人民政府',
    '2022年4月2日',
    '',
    '《晋城市某某管理办法》政策解读',
    '一、出台背景',
  ].join('\n');
  const parsed = parseIssue(text);
  assert.deepEqual(
    parsed.documents.map((d) => [d.kind, d.docNumber, d.docType, d.date, d.startLine, d.endLine]),
    [
      ['document', '晋城市人民政府令第12号', '令', '2022-04-01', 1, 5],
      ['document', '晋市政字〔2022〕3号', '请示', '2022-04-02', 7, 12],
      ['other', null, '解读', null, 14, 15],
    ],
  );
});

test('an enclosure heading printed a little differently from the notice is still found', () => {
  // 2021-05: 《阳泉市火灾事故应急预案》 in the notice, "# 阳泉火灾事故应急预案" as the heading (line 591).
  const parsed = parseIssue(readFileSync(corpusFile('yangquan-2021-05')));
  const doc = parsed.documents.find((d) => d.docNumber === '阳政办发〔2021〕75号')!;
  assert.deepEqual(doc.enclosures, [{ title: '阳泉市火灾事故应急预案', docType: '预案', startLine: 591 }]);
});
