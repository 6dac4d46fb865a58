/** Layout construct: running headers, footers and page numbers kept aside; printed numbers checked. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fragmentsOf } from '../src/layout/fragments.js';
import { findFurniture } from '../src/layout/furniture.js';
import { A4, centred, item, paragraph, LOREM } from './layout-pages.js';

const pageOf = (n: number, items: ReturnType<typeof item>[]) => ({ page: n, height: A4.height, fragments: fragmentsOf(items) });
const body = (y = 100) => paragraph(LOREM, y).items;

test('page numbers in the forms gazettes print them', () => {
  for (const [text, n] of [['一12一', 12], ['—_8—', 8], ['— 12 —', 12], ['- 7 -', 7], ['·3·', 3], ['15', 15], ['第 4 页', 4], ['第9页 共40页', 9], ['5/40', 5]] as const) {
    const [r] = findFurniture([pageOf(1, [...body(), centred(text, 805, 10)])]);
    assert.equal(r!.printedPage, n, text);
    assert.deepEqual(r!.furniture.map((f) => f.role), ['page-number'], text);
    assert.ok(r!.body.every((f) => f.text !== text));
  }
});

test('a running header recurring on the pages is furniture; a body line at the top of one page is not', () => {
  // Odd pages carry the gazette's name, even pages the issue (with the page's own number in it).
  const pages = [1, 2, 3, 4, 5, 6].map((n) =>
    pageOf(n, [centred(n % 2 ? '阳泉市人民政府公报' : `2021年第5期 ${n}`, 40, 9), ...body(), centred(`— ${n} —`, 805, 10)]),
  );
  pages.push(pageOf(7, [centred('附件', 40, 15), ...body()]), pageOf(8, [centred('附件', 40, 15), ...body()]));
  const r = findFurniture(pages);
  for (const p of r.slice(0, 6)) assert.deepEqual(p.furniture.map((f) => f.role).sort(), ['header', 'page-number']);
  assert.equal(r[6]!.furniture.length, 0);
  assert.ok(r[6]!.body.some((f) => f.text === '附件'));
});

test('a number at the end of a running header is the page number', () => {
  const pages = [1, 2, 3].map((n) => pageOf(n, [item(`阳泉市人民政府公报  ${n + 10}`, 80, 40, 9), ...body()]));
  assert.deepEqual(findFurniture(pages).map((p) => p.printedPage), [11, 12, 13]);
});

test('printed numbers follow the pages: a misread number is corrected, a missing one inferred', () => {
  const numbers = ['— 1 —', '— 2 —', '— 8 —', null, '— 5 —', '— 6 —'];
  const pages = numbers.map((t, i) => pageOf(i + 3, [...body(), ...(t ? [centred(t, 805, 10)] : [])]));
  const r = findFurniture(pages);
  assert.deepEqual(r.map((p) => p.printedPage), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(r.map((p) => p.printedPageSeen), [true, true, false, false, true, true]);
});

test('unnumbered cover and contents pages keep no number', () => {
  const pages = [pageOf(1, [centred('阳泉市人民政府公报', 200, 30)]), pageOf(2, [...body()]), pageOf(3, [...body(), centred('— 1 —', 805, 10)]), pageOf(4, [...body(), centred('— 2 —', 805, 10)])];
  assert.deepEqual(findFurniture(pages).map((p) => p.printedPage), [null, null, 1, 2]);
});

test('a header OCR reads a little differently on each page is still a header', () => {
  const reads = ['阳泉市人民政府公报 2021年第5期', '”阳泉市人民政府公报 2021年第5期', '阳泉市人民政府公振 2021年第5期', '阳泉市人民政府公报”2021年第5朋'];
  const r = findFurniture(reads.map((h, i) => pageOf(i + 1, [item(h, 80, 40, 9), ...body()])));
  assert.deepEqual(r.map((p) => p.furniture.map((f) => f.role)), [['header'], ['header'], ['header'], ['header']]);
});

test('a number no nearby page agrees with is dropped (a year read at the foot of a page)', () => {
  const numbers = ['— 1 —', '— 2 —', null, null, null, '2020', null, null, null, null, null, null, '— 13 —', '— 14 —'];
  const r = findFurniture(numbers.map((t, i) => pageOf(i + 1, [...body(), ...(t ? [centred(t, 805, 10)] : [])])));
  // Dropped, then inferred from the pages on either side, which agree.
  assert.equal(r[5]!.printedPage, 6);
  assert.equal(r[5]!.printedPageSeen, false);
  assert.deepEqual([r[0]!.printedPage, r[1]!.printedPage, r[12]!.printedPage, r[13]!.printedPage], [1, 2, 13, 14]);
});
