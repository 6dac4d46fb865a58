/** Layout construct: reading order of one column, two columns, and a full-width title above two columns. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagesFragments, readingOrder } from '../src/layout/columns.js';
import { centred, FRAME, item, paragraph, LOREM, right } from './layout-pages.js';

const LEFT = { x0: FRAME.x0, x1: 285 };
const RIGHT = { x0: 310, x1: FRAME.x1 };
const orderOf = (items: Parameters<typeof pagesFragments>[0][number]) => {
  const { fragments, gutter } = pagesFragments([items], [FRAME])[0]!;
  return readingOrder(fragments, gutter, FRAME);
};
const texts = (rows: ReturnType<typeof readingOrder>['rows']) => rows.map((r) => r.cells.map((c) => c.text).join('|'));

test('one column: top to bottom', () => {
  const p = paragraph(LOREM, 100);
  const order = orderOf([...p.items, right('阳泉市人民政府', p.y)]);
  assert.equal(order.columns, 1);
  assert.equal(texts(order.rows).at(-1), '阳泉市人民政府');
  assert.equal(texts(order.rows).join(''), LOREM + '阳泉市人民政府');
});

test('two columns under a full-width title: the title, the left column, then the right column', () => {
  const title = centred('阳泉市人民政府关于加强文物保护工作的通知', 80, 20);
  const a = paragraph('左栏' + LOREM, 130, LEFT);
  const b = paragraph('右栏' + LOREM, 130, RIGHT);
  const order = orderOf([...b.items, title, ...a.items]);
  assert.equal(order.columns, 2);
  const t = texts(order.rows);
  assert.equal(t[0], title.text);
  assert.equal(t.slice(1, a.items.length + 1).join(''), '左栏' + LOREM);
  assert.equal(t.slice(a.items.length + 1).join(''), '右栏' + LOREM);
});

test('a title centred in one column stays in that column', () => {
  const a = paragraph(LOREM + LOREM, 100, LEFT);
  const title = centred('关于印发方案的通知', 100, 15, RIGHT, true);
  const b = paragraph(LOREM, 130, RIGHT);
  const t = texts(orderOf([...a.items, title, ...b.items]).rows);
  assert.equal(t.indexOf(title.text), a.items.length);
});

test('two-column stretches between full-width lines are read stretch by stretch', () => {
  const a1 = paragraph('甲' + LOREM, 100, LEFT);
  const b1 = paragraph('乙' + LOREM, 100, RIGHT);
  const mid = centred('二、工作任务和责任分工的具体安排如下所列各项', Math.max(a1.y, b1.y) + 10, 15);
  const a2 = paragraph('丙' + LOREM, mid.y + 40, LEFT);
  const b2 = paragraph('丁' + LOREM, mid.y + 40, RIGHT);
  const t = texts(orderOf([...a1.items, ...b1.items, mid, ...a2.items, ...b2.items]).rows).join('');
  const at = (s: string) => t.indexOf(s);
  assert.ok(at('甲') < at('乙') && at('乙') < at(mid.text) && at(mid.text) < at('丙') && at('丙') < at('丁'), t);
});

test('a table whose middle happens to be empty is not two columns', () => {
  const rows = ['组长：张三', '副组长：李四', '成员：王五', '成员：赵六', '成员：钱七', '成员：孙八', '成员：周九', '成员：吴十'];
  const items = rows.flatMap((r, i) => [item(r, FRAME.x0, 100 + i * 26), item(['市长', '副市长', '市财政局局长', '市教育局局长'][i % 4]!, 330, 100 + i * 26)]);
  const o = orderOf(items);
  assert.equal(o.columns, 1);
  assert.deepEqual(texts(o.rows).slice(0, 2), ['组长：张三|市长', '副组长：李四|副市长']);
});

test('a white band across both columns (a section break) is read through: all above it, then all below', () => {
  const a1 = paragraph('甲' + LOREM, 100, LEFT);
  const b1 = paragraph('乙' + LOREM, 100, RIGHT);
  const below = Math.max(a1.y, b1.y) + 60;
  const heading = item('【市政府办公室文件】', LEFT.x0, below);
  const a2 = paragraph('丙' + LOREM, below + 40, LEFT);
  const b2 = paragraph('丁' + LOREM, below + 40, RIGHT);
  const t = texts(orderOf([...a1.items, ...b1.items, heading, ...a2.items, ...b2.items]).rows).join('');
  const at = (s: string) => t.indexOf(s);
  assert.ok(at('甲') < at('乙') && at('乙') < at('【') && at('【') < at('丙') && at('丙') < at('丁'), t);
});

test('a gap in the left column where the right column has already ended is not a section break', () => {
  const a1 = paragraph('甲' + LOREM + LOREM, 100, LEFT);
  const b1 = paragraph('乙' + LOREM, 100, RIGHT);
  const a2 = paragraph('丙' + LOREM, a1.y + 60, LEFT);
  const t = texts(orderOf([...a1.items, ...b1.items, ...a2.items]).rows).join('');
  const at = (s: string) => t.indexOf(s);
  assert.ok(at('甲') < at('丙') && at('丙') < at('乙'), t);
});

test('balanced columns ending together, then a heading in the left column alone under a band: read after both columns', () => {
  // CSS-balanced columns end at the same height; a section heading after them sits in the left
  // column only, and a full-width title follows (yangquan-2021-05 two-column page 10).
  const a1 = paragraph('甲' + LOREM, 100, LEFT);
  const b1 = paragraph('乙' + LOREM, 100, RIGHT);
  const below = Math.max(a1.y, b1.y) + 30;
  const heading = item('【市政府办公室文件】', LEFT.x0, below);
  const title = centred('阳泉市人民政府办公室关于印发方案的通知', below + 40, 15);
  const t = texts(orderOf([...a1.items, ...b1.items, heading, title]).rows).join('');
  const at = (s: string) => t.indexOf(s);
  assert.ok(at('甲') < at('乙') && at('乙') < at('【') && at('【') < at('阳泉市人民政府办公室'), t);
});
