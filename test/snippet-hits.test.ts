/**
 * Snippet hits are found on the printed lines as normalization reads them (normalize.ts): a hit
 * across a line break, with layout spaces inside, in full-width or capital letters, overlapping
 * another, and one the lines at hand cannot decide.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSnippet, snippetFromFirstLines } from '../src/search/snippet.js';
import { normalizeForSearch } from '../src/search/normalize.js';

const terms = (...t: string[]) => ({ texts: t.map(normalizeForSearch), docNumbers: [] });
/** The highlighted parts of a snippet. */
const marked = (s: { snippet: string; highlights: [number, number][] }) => s.highlights.map(([a, b]) => s.snippet.slice(a, b));

test('a hit broken across lines is marked on both lines', () => {
  const s = makeSnippet(['各县区人民', '政府，市直各单位：'], 10, terms('人民政府'));
  assert.equal(s.line, 10);
  assert.deepEqual(marked(s), ['人民 政府']);
});

test('layout spaces and an ideographic space inside a hit are part of it', () => {
  const s = makeSnippet(['任命程 鹏为阳泉市\u3000人民政府副秘书长。'], 1, terms('程鹏', '市人民'));
  assert.deepEqual(marked(s), ['程 鹏', '市\u3000人民']);
});

test('full-width and capital letters match a lower-case term; a near miss does not', () => {
  const s = makeSnippet(['推进ＡＩ应用和Ai+制造，不含a i-x。'], 1, terms('ai'));
  assert.deepEqual(marked(s), ['ＡＩ', 'Ai', 'a i']);
  assert.deepEqual(marked(makeSnippet(['推进ＡＢ应用'], 1, terms('ai'))), []);
});

test('overlapping hits merge into one mark', () => {
  assert.deepEqual(marked(makeSnippet(['的的的确如此'], 1, terms('的的'))), ['的的的']);
});

test('a hit the first lines cannot decide is left to the whole body', () => {
  const lines = ['第一行没有要找的词。', '第二行的末尾是人民', '政府的工作。'];
  // The term's first characters end the second line: the third line decides.
  assert.equal(snippetFromFirstLines(lines.slice(0, 2), 1, terms('人民政府')), null);
  const whole = makeSnippet(lines, 1, terms('人民政府'));
  assert.deepEqual(marked(whole), ['人民 政府']);
  const more = [...lines, ...Array.from({ length: 6 }, () => '这是一段足够长的正文文字，用来填满摘要窗口之后的部分。')];
  const fromFirst = snippetFromFirstLines(more, 1, terms('人民政府'));
  assert.deepEqual(fromFirst, makeSnippet(more, 1, terms('人民政府')));
  assert.deepEqual(marked(fromFirst!), ['人民 政府']);
  // A first character at the end whose next character already differs decides nothing more.
  const early = ['任命人民', '代表', ...Array.from({ length: 8 }, () => '这是一段足够长的正文文字，用来填满摘要窗口之后的部分。')];
  assert.deepEqual(snippetFromFirstLines(early, 1, terms('人民政府', '代表')), makeSnippet(early, 1, terms('人民政府', '代表')));
});
