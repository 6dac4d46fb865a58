import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSourceLines } from '../src/core/lines.js';
import { parseToc } from '../src/core/toc.js';

function toc(text: string) {
  const lines = toSourceLines(text.split('\n'));
  return parseToc(lines, 0, lines.length);
}

test('markdown bullets with dot leaders, page in brackets, entry wrapped over two lines', () => {
  const [e] = toc(['【政府文件】', '- 阳泉市人民政府关于印发阳泉市规范', '提升耐火材料产业行动方案的通知 (阳政发〔2020〕2 号) (1)'].join('\n'));
  assert.equal(e?.section, '政府文件');
  assert.equal(e?.title, '阳泉市人民政府关于印发阳泉市规范提升耐火材料产业行动方案的通知');
  assert.equal(e?.docNumber, '阳政发〔2020〕2号');
  assert.equal(e?.page, 1);
  assert.equal(e?.line, 2);
  assert.equal(e?.endLine, 3);
});

test('a line with a tab before the page: （ 23 ）', () => {
  const [e] = toc('阳泉市人民政府办公室关于印发阳泉市城镇污水处理提质增效三年行动方案（2019—2021年）的通知（阳政办发〔2020〕3号）...\t（ 23 ）');
  assert.equal(e?.page, 23);
  assert.equal(e?.docNumber, '阳政办发〔2020〕3号');
  assert.equal(e?.title, '阳泉市人民政府办公室关于印发阳泉市城镇污水处理提质增效三年行动方案（2019—2021年）的通知');
});

test('markdown headings for sections, ……… leaders, number on the wrapped line', () => {
  const entries = toc(['### 【人事任免】', '- 阳泉市人民政府关于张冰任职的通知  ', '（阳政任字〔2021〕43 号）……………（7）'].join('\n'));
  assert.equal(entries.length, 1);
  assert.equal(entries[0]?.section, '人事任免');
  assert.equal(entries[0]?.page, 7);
  assert.equal(entries[0]?.title, '阳泉市人民政府关于张冰任职的通知');
});

test('markdown table TOC', () => {
  const entries = toc(['| 标题 | 页码 |', '| --- | --- |', '| 阳泉市人民政府关于余桂英免职的通知（阳政任字〔2020〕2号） | 17 |'].join('\n'));
  assert.equal(entries.length, 1);
  assert.equal(entries[0]?.page, 17);
  assert.equal(entries[0]?.docNumber, '阳政任字〔2020〕2号');
});

test('TOC split by --- and a page mark split by hard wrapping', () => {
  const entries = toc(
    ['- 阳泉市人民政府关于余桂英免职的通知（阳政任字〔2020〕2号）……（1', '）', '---', '阳泉市人民政府关于杜平华免职的通知（阳政任字〔2020〕3号）.....\t（17）'].join('\n'),
  );
  assert.deepEqual(entries.map((e) => e.page), [1, 17]);
});

test('reconcile: a body number that cannot be read, or whose year was misread, takes the TOC entry\'s', async () => {
  const { reconcile } = await import('../src/core/reconcile.js');
  const doc = (docNumber: string | null, date: string) =>
    ({ index: 0, kind: 'document', title: '阳泉市人民政府关于张冰任职的通知', docNumber, docNumberLine: 10, date, startLine: 9, tocPage: null, section: null, warnings: [] }) as never;
  const entry = (docNumber: string) => ({ section: null, title: '阳泉市人民政府关于张冰任职的通知', docNumber, page: 7, line: 3, endLine: 3, documentIndex: null });
  const unread = doc(null, '2021-09-16');
  reconcile([entry('阳政任字〔2021〕43号')], [unread]);
  assert.equal((unread as { docNumber: string }).docNumber, '阳政任字〔2021〕43号');
  const misread = doc('阳政任字〔2020〕43号', '2021-09-16');
  reconcile([entry('阳政任字〔2021〕43号')], [misread]);
  assert.equal((misread as { docNumber: string }).docNumber, '阳政任字〔2021〕43号');
  // Another serial, or a TOC year that is not the document's: the body stays, with a warning.
  const other = doc('阳政任字〔2020〕44号', '2021-09-16');
  reconcile([entry('阳政任字〔2021〕43号')], [other]);
  assert.equal((other as { docNumber: string }).docNumber, '阳政任字〔2020〕44号');
  const oldDate = doc('阳政任字〔2020〕43号', '2020-12-30');
  reconcile([entry('阳政任字〔2021〕43号')], [oldDate]);
  assert.equal((oldDate as { docNumber: string }).docNumber, '阳政任字〔2020〕43号');
});

test('a TOC entry whose page OCR could not read is kept, without a page', () => {
  const lines = toSourceLines(['目 录', '阳泉市人民政府关于公布普济寺等20处市级文物保护单位保护范围及建设控', '制地带的通知（阳政函〔2021〕77号）\t（GD）', '阳泉市人民政府关于张冰任职的通知（阳政任字〔2021〕43号）………\t（10）']);
  const toc = parseToc(lines, 1, 4);
  assert.deepEqual(toc.map((e) => [e.docNumber, e.page]), [['阳政函〔2021〕77号', null], ['阳政任字〔2021〕43号', 10]]);
});

test('a TOC without its 目录 heading is found by its entries', async () => {
  const { findTocStart } = await import('../src/core/toc.js');
  const lines = toSourceLines(['阳泉市人民政府公报', '2023年第5期', '【市政府办公室文件】', '阳泉市人民政府办公室关于印发方案的通知（阳政办发〔2023〕65号）……（1）', '阳泉市人民政府办公室关于印发办法的通知（阳政办发〔2023〕66号）……（7）', '阳泉市人民政府办公室关于加强管理的意见（阳政办发〔2023〕67号）……（17）', '']);
  assert.equal(findTocStart(lines, 7), 2);
  assert.deepEqual(parseToc(lines, 2, 7).map((e) => [e.section, e.page]), [['市政府办公室文件', 1], ['市政府办公室文件', 7], ['市政府办公室文件', 17]]);
  // One entry-like line is no TOC.
  assert.equal(findTocStart(toSourceLines(['阳泉市人民政府公报', '某某的通知……（1）', '正文']), 3), null);
});
