/** Layout construct: positioned items → fragments (one baseline, no wide gap inside). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fragmentsOf } from '../src/layout/fragments.js';
import { item } from './layout-pages.js';

test('items of one baseline split by font changes join into one fragment', () => {
  const f = fragmentsOf([item('阳泉市', 80, 100), item('人', 125, 100), item('民政府', 140, 100.4)]);
  assert.deepEqual(f.map((x) => x.text), ['阳泉市人民政府']);
  assert.equal(Math.round(f[0]!.box.x1), 185);
});

test('text printed twice at nearly the same place (fake bold) is kept once', () => {
  const f = fragmentsOf([item('关于印发', 80, 100), item('关于印发', 80.6, 100.3), item('方案的通知', 140, 100)]);
  assert.deepEqual(f.map((x) => x.text), ['关于印发方案的通知']);
});

test('a wide gap on one baseline separates columns and table cells; a small one is a space', () => {
  const f = fragmentsOf([item('序号', 80, 100), item('名称', 160, 100), item('Gongbao', 220, 200), item('archive', 281, 200)]);
  assert.deepEqual(f.map((x) => x.text), ['序号', '名称', 'Gongbao archive']);
});

test('lines are ordered top to bottom and items left to right whatever their order in the file', () => {
  const f = fragmentsOf([item('第二行', 80, 130), item('行', 110, 100), item('第一', 80, 100)]);
  assert.deepEqual(f.map((x) => x.text), ['第一行', '第二行']);
});

test('OCR specks standing apart are dropped; the same marks in a text layer are kept', () => {
  const ocr = (t: ReturnType<typeof item>) => ({ ...t, confidence: 40 });
  const read = fragmentsOf([ocr(item('阳泉市人民政府', 80, 100)), ocr(item('.', 300, 100)), ocr(item('”', 400, 130))]);
  assert.deepEqual(read.map((x) => x.text), ['阳泉市人民政府']);
  const layer = fragmentsOf([item('阳泉市人民政府', 80, 100), item('.', 300, 100)]);
  assert.deepEqual(layer.map((x) => x.text), ['阳泉市人民政府', '.']);
});
