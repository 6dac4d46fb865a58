import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanLine, toSourceLines } from '../src/core/lines.js';

test('toSourceLines: the lines cleaned by searching their text are the lines cleaned one by one', () => {
  const raws = [
    '', '  一、总体要求  ', '# 标题', '- 要点', '| 单位 | 职责 |', '|---|---|', '**加粗**文字', '> 引用',
    '　　正文，没有标记。', '---', 'a_b', '\\', '末行-', '-首行', '  ', '2021-2025年',
  ];
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 200; round++) {
    const lines = Array.from({ length: 1 + Math.floor(random() * 12) }, () => raws[Math.floor(random() * raws.length)]!);
    const text = lines.join('\n');
    assert.deepEqual(toSourceLines(lines, text), toSourceLines(lines), JSON.stringify(text));
  }
  assert.deepEqual(toSourceLines(['# 一', '二'], '# 一\n二').map((l) => l.text), [cleanLine('# 一'), '二']);
});
