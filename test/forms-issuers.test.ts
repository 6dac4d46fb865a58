/**
 * Forms of other issuers: who issued a document (joint issuers, 转发 notices, 国务院令) and its
 * kind, on invented documents of the same shape as the State Council's and other governments'.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIssue } from '../src/parse.js';

const one = (text: string) => {
  const docs = parseIssue(text).documents;
  assert.equal(docs.length, 1, 'one document');
  return docs[0]!;
};

test('joint issuers separated by 、 in the title are two issuers', () => {
  const d = one(['甲市财政局、甲市教育局关于做好课本费减免的通知', '甲财教〔2021〕3号', '', '各县区财政局：', '请按此办理。', '甲市财政局　甲市教育局', '2021年3月1日'].join('\n'));
  assert.deepEqual(d.issuers, ['甲市财政局', '甲市教育局']);
});

test('joint issuers separated by a full-width space in the title are two issuers', () => {
  const d = one(['甲市财政局　甲市教育局关于做好课本费减免的通知', '甲财教〔2021〕3号', '', '各县区财政局：', '请按此办理。', '2021年3月1日'].join('\n'));
  assert.deepEqual(d.issuers, ['甲市财政局', '甲市教育局']);
});

test('in "A转发B关于…" the issuer is A, not B', () => {
  const d = one(['乙省人民政府办公厅转发省交通厅关于加强农村公路养护意见的通知', '乙政办发〔1999〕8号', '', '各市人民政府：', '省交通厅《关于加强农村公路养护的意见》已经省政府同意，现转发给你们。', '二〇〇〇年一月五日'].join('\n'));
  assert.deepEqual(d.issuers, ['乙省人民政府办公厅']);
  assert.equal(d.docType, '通知');
});

test('转发 with the forwarded issuer on its own title line still gives the forwarding body', () => {
  const d = one(['国务院办公厅转发农业部', '关于加快发展草原畜牧业意见的通知', '国办发〔2001〕9号', '', '各省、自治区、直辖市人民政府：', '农业部《关于加快发展草原畜牧业的意见》已经国务院同意，现转发给你们。', '国务院办公厅', '二〇〇一年二月一日'].join('\n'));
  assert.deepEqual(d.issuers, ['国务院办公厅']);
});

test('a State Council order: 国务院令第N号, issuer 国务院, kind 令, title of the promulgated instrument', () => {
  const d = one([
    '中华人民共和国国务院令', '第812号', '', '《测绘成果管理条例》已经2024年1月5日国务院第9次常务会议通过，现予公布，自2024年3月1日起施行。',
    '总理　张三', '2024年1月20日', '', '测绘成果管理条例', '', '第一章　总　　则', '第一条　为了加强测绘成果管理，制定本条例。',
  ].join('\n'));
  assert.equal(d.docNumber, '国务院令第812号');
  assert.deepEqual(d.issuers, ['国务院']);
  assert.equal(d.docType, '令');
  assert.equal(d.title, '测绘成果管理条例');
  assert.equal(d.date, '2024-01-20');
  assert.deepEqual(d.enclosures.map((e) => [e.title, e.startLine]), [['测绘成果管理条例', 8]]);
});

test('a city government order keeps its own prefix as number and issuer', () => {
  const d = one(['丙市人民政府令', '第 7 号', '', '《丙市养犬管理办法》已经市人民政府常务会议通过，现予公布。', '市长　李四', '2022年5月6日', '', '丙市养犬管理办法', '第一条　为了规范养犬行为，制定本办法。'].join('\n'));
  assert.equal(d.docNumber, '丙市人民政府令第7号');
  assert.deepEqual(d.issuers, ['丙市人民政府']);
  assert.equal(d.docType, '令');
});

test('a reply (答复) whose title has no 关于 is a document of its kind', () => {
  const d = one([
    '国务院办公厅对全国政协某次会议', '第1234号提案的答复', '国办函〔2007〕12号', '', '张三委员：', '您提出的《关于改进某项工作的提案》收悉。经研究，答复如下：',
    '有关部门将继续改进这项工作。', '国务院办公厅', '二〇〇七年五月八日',
  ].join('\n'));
  assert.equal(d.title, '国务院办公厅对全国政协某次会议第1234号提案的答复');
  assert.equal(d.docNumber, '国办函〔2007〕12号');
  assert.equal(d.docType, '答复');
  assert.deepEqual(d.issuers, ['国务院办公厅']);
  assert.equal(d.date, '2007-05-08');
});

test('a signer line with an HTML entity left from a web page still signs the notice', () => {
  const d = one(['国务院办公厅转发某部关于某事项请示的通知', '国办发〔1996〕40号', '', '各省人民政府：', '某部《关于某事项的请示》已经国务院同意，现转发给你们。', '国务院办公厅 &sp;', '一九九六年七月十七日', '', '关于某事项的请示', '国务院：', '请批转执行。', '某部', '一九九六年五月十三日'].join('\n'));
  assert.equal(d.date, '1996-07-17');
  assert.equal(d.signedBy, '国务院办公厅');
});
