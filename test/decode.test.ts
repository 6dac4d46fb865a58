import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, InputError } from '../src/core/decode.js';

const sample = '阳泉市人民政府公报\n2020 年第 1 期\n（此件公开发布）';

function gb18030Bytes(): Uint8Array {
  // 阳 = D1 F4, 泉 = C8 AA in GB2312/GBK/GB18030
  return Uint8Array.from([0xd1, 0xf4, 0xc8, 0xaa, 0x0d, 0x0a, 0x41]);
}

test('UTF-8 with and without BOM', () => {
  const plain = decode(new TextEncoder().encode(sample));
  assert.equal(plain.encoding, 'utf-8');
  assert.equal(plain.lines.length, 3);
  const bom = decode(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(sample)]));
  assert.equal(bom.lines[0], '阳泉市人民政府公报', 'BOM is not part of the first line');
});

test('UTF-8 decoded as the WHATWG decoder does: a doubled BOM at the start goes, one inside the text stays', () => {
  const bom = [0xef, 0xbb, 0xbf];
  const text = [...new TextEncoder().encode(sample)];
  for (const bytes of [[...bom, ...bom, ...text], [...text.slice(0, 3), ...bom, ...text.slice(3)], text]) {
    const u8 = new Uint8Array(bytes);
    const expected = new TextDecoder('utf-8').decode(bytes[0] === 0xef ? u8.subarray(3) : u8);
    assert.equal(decode(u8).text, expected);
  }
  assert.equal(decode(new Uint8Array([...bom, ...bom, ...text])).lines[0], '阳泉市人民政府公报');
});

test('UTF-16 LE and BE with BOM', () => {
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample, 'utf16le')]);
  assert.equal(decode(le).lines[1], '2020 年第 1 期');
  const be = Buffer.from(Buffer.from(sample, 'utf16le')).swap16();
  assert.equal(decode(Buffer.concat([Buffer.from([0xfe, 0xff]), be])).lines[2], '（此件公开发布）');
});

test('GB18030 input is detected when it is not valid UTF-8', () => {
  const d = decode(gb18030Bytes());
  assert.equal(d.encoding, 'gb18030');
  assert.deepEqual(d.lines, ['阳泉', 'A']);
  assert.equal(d.lineEnding, 'crlf');
});

test('LF, CRLF and lone CR all end a line, as an editor shows them', () => {
  assert.deepEqual(decode(new TextEncoder().encode('a\r\nb\rc\nd')).lines, ['a', 'b', 'c', 'd']);
  assert.equal(decode(new TextEncoder().encode('a\r\nb\rc\nd')).lineEnding, 'mixed');
  assert.equal(decode(new TextEncoder().encode('a\rb\r')).lineEnding, 'cr');
});

test('binary input is refused with an InputError', () => {
  const bin = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
  assert.throws(() => decode(bin), InputError);
});

test('empty input decodes to one empty line', () => {
  assert.deepEqual(decode(new Uint8Array()).lines, ['']);
});
