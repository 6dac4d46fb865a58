/** Read construct: spaces pdfjs puts between the spread-out characters of a justified line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropJustificationSpaces } from '../src/layout/justified.js';

const SIZE = 10.5;
/** Width of a run whose characters stand `gap` ems apart where the text has spaces. */
function widthOf(text: string, gap: number): number {
  let ems = 0;
  for (const c of text) ems += c === ' ' ? gap : /[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]/u.test(c) ? 1 : 0.55;
  return ems * SIZE;
}

test('a justified line spread by a tenth to a third of an em: the spaces beside Chinese characters go', () => {
  const seen = '附 件 ： 1. 市 级火灾 事 故 应 急 响 应 流 程 图';
  assert.equal(dropJustificationSpaces(seen, widthOf(seen, 0.11), SIZE), '附件：1.市级火灾事故应急响应流程图');
  const narrow = '设 交 通 综 合 运';
  assert.equal(dropJustificationSpaces(narrow, widthOf(narrow, 0.3), SIZE), '设交通综合运');
});

test('typed spaces stay: names set apart by a full-width space, a word space in Latin text', () => {
  const names = '张 三 李 四 王 五';
  assert.equal(dropJustificationSpaces(names, widthOf(names, 1), SIZE), names);
  const padded = '王　昀 张 冰';
  assert.equal(dropJustificationSpaces(padded, widthOf(padded, 1.05), SIZE), padded);
  const latin = 'NB-IoT 物联网 and PUE';
  assert.equal(dropJustificationSpaces(latin, widthOf(latin, 0.05), SIZE), latin);
});

test('between Latin words the space stays even in a justified run; no space, no change', () => {
  const seen = '大 力 推 广 NB IoT 物 联 网 平 台';
  assert.equal(dropJustificationSpaces(seen, widthOf(seen, 0.1), SIZE), '大力推广NB IoT物联网平台');
  assert.equal(dropJustificationSpaces('阳泉市人民政府', 73.5, SIZE), '阳泉市人民政府');
});
