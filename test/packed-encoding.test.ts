/**
 * Stored texts' encodings (src/store/packed.ts): Chinese text is deflated from UTF-16LE behind a
 * marker byte (smaller, and faster to read), mostly-ASCII text from UTF-8 as before; both, and
 * texts stored before the marker existed, read back exactly — whole, as first lines, and as the
 * UTF-8 bytes task texts are packed against.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { deflateText, inflateBytes, inflateLinesPrefix, inflateText, UTF16_MARK } from '../src/store/packed.js';
import { CORPUS_FILES, ingestInput } from './store-fixtures.js';

const bodies = CORPUS_FILES.flatMap((f) => {
  const input = ingestInput(f);
  return input.parsed.documents.map((d) => input.lines.slice(d.startLine - 1, d.endLine).map((l) => l.text).join('\n'));
});

test('a Chinese body is stored from UTF-16LE, marked, and smaller than from UTF-8', () => {
  let wide = 0;
  let narrow = 0;
  for (const body of bodies) {
    const stored = deflateText(body);
    assert.equal(stored[0], UTF16_MARK);
    assert.equal(inflateText(stored), body);
    assert.equal(inflateRawSync(stored.subarray(1)).toString('utf16le'), body, 'plain DEFLATE after the marker');
    wide += stored.length;
    narrow += deflateRawSync(body).length;
  }
  assert.ok(wide < narrow * 0.95, `${wide} bytes from UTF-16 against ${narrow} from UTF-8`);
});

test('mostly-ASCII text stays plain DEFLATE of UTF-8', () => {
  for (const text of ['', 'a', JSON.stringify([[1, 0, 12], [2, 0, 30]]), '{"kind":"notice","title":"关于"}']) {
    const stored = deflateText(text);
    assert.notEqual(stored[0], UTF16_MARK, JSON.stringify(text));
    assert.equal(inflateRawSync(stored).toString('utf8'), text);
    assert.equal(inflateText(stored), text);
  }
});

test('characters outside the BMP and lone surrogates come back as they went in', () => {
  for (const text of ['𠀀𪚥中文\n第二行', '中文\ud800中文', '中文中文\udc00']) assert.equal(inflateText(deflateText(text)), text);
});

test('texts stored before the marker read as they always did', () => {
  for (const body of bodies.slice(0, 20)) {
    const old = deflateRawSync(body);
    assert.notEqual(old[0], UTF16_MARK);
    assert.equal(inflateText(old), body);
    assert.deepEqual(inflateBytes(old), Buffer.from(body));
  }
});

test('the UTF-8 bytes of a body, whichever way it was stored', () => {
  for (const body of bodies.slice(0, 20)) assert.deepEqual(inflateBytes(deflateText(body)), Buffer.from(body));
});

test('the first bytes of a body stored from UTF-16 decode to its first whole lines', () => {
  const text = bodies.join('\n').slice(0, 60_000);
  for (const stored of [deflateText(text), deflateRawSync(text)]) {
    // Every cut, odd ones included (a cut inside a UTF-16 code unit).
    for (let n = 1; n < stored.length; n += 97) {
      const lines = inflateLinesPrefix(stored.subarray(0, n));
      assert.ok(text.startsWith(lines), `${n} bytes`);
      assert.ok(lines === '' || text[lines.length] === '\n', `${n} bytes end at a line break`);
    }
    assert.ok(inflateLinesPrefix(stored.subarray(0, 2048)).length > 1000, 'a prefix holds a useful start');
  }
});
