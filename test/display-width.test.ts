/**
 * plainWidth (src/cli/display-width.ts) gives string-width's answer for every character it
 * knows, and knows none it would get wrong; alignColumns pads by display width either way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import { plainWidth, widthFor } from '../src/cli/display-width.js';
import { alignColumns } from '../src/cli/format-text.js';

test('plainWidth agrees with string-width on every character it knows', () => {
  let known = 0;
  for (let c = 0; c <= 0xffff; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue; // lone surrogates: not text
    const ch = String.fromCharCode(c);
    const w = plainWidth(ch);
    if (w === undefined) continue;
    known++;
    assert.equal(w, stringWidth(ch), `U+${c.toString(16).toUpperCase()} ${ch}`);
  }
  // ASCII, the CJK blocks and full-width forms: tens of thousands, not a handful.
  assert.ok(known > 27_000, `${known} characters known`);
});

test('plainWidth of gazette cells, and undefined for what needs segmentation', () => {
  assert.equal(plainWidth('阳政办发〔2020〕3号'), 19);
  assert.equal(plainWidth('2020-01-07'), 10);
  assert.equal(plainWidth('—'), 1);
  assert.equal(plainWidth('（一）'), 6);
  assert.equal(plainWidth('e\u0301'), undefined); // combining accent: zero width
  assert.equal(plainWidth('👍🏽'), undefined); // emoji with a skin tone: one cluster
  assert.equal(plainWidth('\t'), undefined);
});

test('widthFor loads string-width only for cells plainWidth does not know', async () => {
  const plain = await widthFor(['阳政办发〔2020〕3号', 'abc']);
  assert.notEqual(plain, stringWidth);
  assert.equal(plain('通知'), 4);
  assert.equal(await widthFor(['通知', 'café\u0301']), stringWidth);
});

test('alignColumns pads by display width, with and without string-width', async () => {
  assert.deepEqual(await alignColumns([['通知', 'x', 'end'], ['a', 'bb', '尾']]), ['通知 x  end', 'a    bb 尾']);
  // A combined character is one column: string-width is needed, and padding still lines up.
  assert.deepEqual(await alignColumns([['e\u0301', 'x'], ['ab', 'y']]), ['e\u0301  x', 'ab y']);
});
