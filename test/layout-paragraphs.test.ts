/** Layout construct: wrapped lines joined into paragraphs, alignment hints, table rows, blank lines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutPages } from '../src/layout/index.js';
import { centred, FRAME, furniture, item, page, paragraph, LOREM, right } from './layout-pages.js';

test('a paragraph wrapped over lines is one line; an indented line starts the next', () => {
  const a = paragraph(LOREM, 100);
  const b = paragraph('二是' + LOREM, a.y);
  const { lines } = layoutPages([page(1, [...a.items, ...b.items])]);
  assert.deepEqual(lines.map((l) => l.text), [LOREM, '二是' + LOREM]);
  assert.deepEqual(lines.map((l) => l.align), ['indent', 'indent']);
  assert.equal(lines[0]!.wraps, a.items.length);
});

test('a paragraph goes on over a page break, page furniture left out', () => {
  const text = LOREM + LOREM + LOREM;
  const p = paragraph(text, 700);
  const onFirst = p.items.filter((i) => i.y < 790);
  const rest = p.items.filter((i) => i.y >= 790).map((i, k) => ({ ...i, y: 100 + k * FRAME.pitch }));
  const pages = [page(1, [...furniture(1), ...paragraph(LOREM, 100).items, ...onFirst]), page(2, [...furniture(2), ...rest]), page(3, [...furniture(3), ...paragraph(LOREM, 100).items])];
  const { lines, pages: info } = layoutPages(pages);
  const joined = lines.find((l) => l.text === text);
  assert.ok(joined, lines.map((l) => l.text).join('\n'));
  assert.equal(joined.page, 1);
  assert.equal(joined.endPage, 2);
  assert.deepEqual(info.map((p) => p.printedPage), [1, 2, 3]);
  assert.ok(lines.every((l) => !l.text.includes('公报')));
});

test('alignment: centred title and number, flush-left recipients, right-aligned signature and date', () => {
  const items = [
    centred('阳泉市人民政府关于张冰任职的通知', 100, 20, FRAME, true),
    centred('阳政任字〔2021〕43号', 140, 15),
    item('各县（区）人民政府，市直各单位：', FRAME.x0, 180),
    ...paragraph(LOREM, 206).items,
    right('阳泉市人民政府', 400),
    right('2021年9月16日', 426),
  ];
  const { lines } = layoutPages([page(1, items)]);
  const align = Object.fromEntries(lines.filter((l) => l.text).map((l) => [l.text, l.align]));
  assert.equal(align['阳泉市人民政府关于张冰任职的通知'], 'center');
  assert.equal(align['阳政任字〔2021〕43号'], 'center');
  assert.equal(align['各县（区）人民政府，市直各单位：'], 'left');
  assert.equal(align[LOREM], 'indent');
  assert.equal(align['阳泉市人民政府'], 'right');
  assert.equal(align['2021年9月16日'], 'right');
});

test('a title line that fills the width is not joined with the body below it', () => {
  const long = '阳泉市人民政府办公室关于印发阳泉市消防站建设规划';
  const items = [item(long, FRAME.x0, 100, 18, true), centred('的通知', 130, 18, FRAME, true), ...paragraph(LOREM, 170).items];
  const { lines } = layoutPages([page(1, items)]);
  assert.deepEqual(lines.filter((l) => l.text).map((l) => l.text).slice(0, 2), [long, '的通知']);
});

test('table rows keep their cells, separated by tabs', () => {
  const items = [item('序号', 80, 100), item('名称', 200, 100), item('地址', 400, 100), item('1', 80, 126), item('普济寺', 200, 126), item('城区', 400, 126)];
  const { lines } = layoutPages([page(1, items)]);
  assert.deepEqual(lines.map((l) => l.text), ['序号\t名称\t地址', '1\t普济寺\t城区']);
  assert.ok(lines.every((l) => l.table));
});

test('more space than a line between two rows is a blank line', () => {
  const items = [item('附件：1.名单', FRAME.x0 + 30, 100), item('阳泉市人民政府', 400, 170)];
  const { lines } = layoutPages([page(1, items)]);
  assert.deepEqual(lines.map((l) => l.text), ['附件：1.名单', '', '阳泉市人民政府']);
});

test('a list item wrapped with a hanging indent goes on under its text', () => {
  const size = FRAME.size;
  const x = FRAME.x0 + 2 * size;
  const first = { ...item('附件：1.阳泉市普济寺等20处市级文物保护单位名单和保护范', x, 100), width: FRAME.x1 - x };
  const items = [
    first,
    item('围说明', x + 3 * size, 126),
    { ...item('2.阳泉市普济寺等20处市级文物保护单位保护范围及建设控制', x + 3 * size, 152), width: FRAME.x1 - x - 3 * size },
    item('地带', x + 3 * size + 1.1 * size, 178),
  ];
  const { lines } = layoutPages([page(1, items)]);
  assert.deepEqual(lines.map((l) => l.text), ['附件：1.阳泉市普济寺等20处市级文物保护单位名单和保护范围说明', '2.阳泉市普济寺等20处市级文物保护单位保护范围及建设控制地带']);
});

test('a paragraph set in from the margin goes on at its own edge; a new item at that edge does not', () => {
  const size = FRAME.size;
  const x = FRAME.x0 + 2 * size;
  const body = paragraph(LOREM, 20);
  const y = body.y;
  const full = (text: string, at: number) => ({ ...item(text, x, y + at * FRAME.pitch), width: FRAME.x1 - x });
  const at = (text: string, k: number) => item(text, x, y + k * FRAME.pitch);
  const items = [...body.items, full('附件：1.阳泉市普济寺等20处市级文物保护单位名单和保护', 0), at('范围说明', 1), full('2.阳泉市普济寺等20处市级文物保护单位保护范围及建设', 2), at('控制地带', 3), full('3.本通知自印发之日起施行，有效期为两年至二〇二三年。', 4), at('4.其他', 5)];
  const { lines } = layoutPages([page(1, items)]);
  assert.deepEqual(lines.slice(1).map((l) => l.text), [
    '附件：1.阳泉市普济寺等20处市级文物保护单位名单和保护范围说明',
    '2.阳泉市普济寺等20处市级文物保护单位保护范围及建设控制地带',
    '3.本通知自印发之日起施行，有效期为两年至二〇二三年。',
    '4.其他',
  ]);
});
