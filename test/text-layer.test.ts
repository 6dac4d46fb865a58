import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { toSourceLines } from '../src/core/lines.js';
import { decode } from '../src/core/decode.js';
import { squash } from '../src/core/text.js';
import { buildDocText, lineAt, lineChangesDown, LineMap, tidySpaces, viewColumns } from '../src/text/index.js';
import { columnOf } from '../src/text/views.js';
import type { TextSpan } from '../src/model.js';

/** The characters of `lines` under a span (line texts from column to endColumn, joined). */
function under(lines: { line: number; text: string }[], s: TextSpan): string {
  const byNo = new Map(lines.map((l) => [l.line, l.text]));
  let out = '';
  for (let n = s.line; n <= s.endLine; n++) {
    const t = byNo.get(n) ?? '';
    out += t.slice(n === s.line ? s.column : 0, n === s.endLine ? s.endColumn : t.length);
  }
  return out;
}

test('buildDocText joins the lines without whitespace and knows the line of every character', () => {
  const dt = buildDocText(toSourceLines(['第一条 根据<<某法>>', '', '', '制定 本办法。', '\t（二）２０２３年']));
  assert.equal(dt.text, '第一条根据《某法》制定本办法。（二）２０２３年');
  assert.equal(dt.folded, '第一条根据《某法》制定本办法。(二)2023年');
  assert.deepEqual(dt.paragraphBreaks, [9]);
  assert.deepEqual([0, 8, 9, 14, 15, 22].map((i) => lineAt(dt, i)), [1, 1, 4, 4, 5, 5]);
  assert.deepEqual([-1, 23].map((i) => lineAt(dt, i)), [undefined, undefined]);
  // Offsets where the line changes, from the last down: (after, upTo].
  assert.deepEqual(lineChangesDown(dt, 0, 22), [15, 9]);
  assert.deepEqual(lineChangesDown(dt, 9, 14), []);
  assert.deepEqual(lineChangesDown(dt, 8, 30), [23, 15, 9]);
});

test('buildDocText reads a line that holds a line break of its own like any other line', () => {
  const dt = buildDocText([
    { line: 7, raw: '', text: '现将《某办法》\n印发给你们' },
    { line: 8, raw: '', text: '请 遵照执行' },
  ]);
  assert.equal(dt.text, '现将《某办法》印发给你们请遵照执行');
  assert.deepEqual([0, 11, 12].map((i) => lineAt(dt, i)), [7, 7, 8]);
});

test('spanOf gives the printed columns of joined-text offsets: spaces skipped, << counted as two units, across lines', () => {
  const lines = toSourceLines(['第一条 根据<<某 法>>', '', '制定 本办法。']);
  const dt = buildDocText(lines);
  const open = dt.text.indexOf('《');
  const close = dt.text.indexOf('》') + 1;
  const span = dt.map.spanOf(open, close)!;
  assert.deepEqual(span, { line: 1, column: 6, endLine: 1, endColumn: 13 });
  assert.equal(under(lines, span), '<<某 法>>');
  const across = dt.map.spanOf(dt.text.indexOf('法'), dt.text.indexOf('本') + 1)!;
  assert.deepEqual(across, { line: 1, column: 10, endLine: 3, endColumn: 4 });
  assert.equal(under(lines, across), '法>>制定 本');
  assert.equal(dt.map.spanOf(3, 3), undefined);
});

test('positionAt gives the page of a PDF line', () => {
  const map = new LineMap('trim');
  map.add(0, { line: 4, text: '  第一行', page: 2 });
  map.add(3, { line: 5, text: '第二行', page: 3 });
  assert.deepEqual(map.positionAt(1), { line: 4, column: 3, page: 2 });
  assert.deepEqual(map.positionAt(5), { line: 5, column: 2, page: 3 });
});

test('the trim view of a long line gives the columns of its column map, within the view and past its end', () => {
  const text = '\u3000 ' + '各部门按职责分工负责'.repeat(50) + ' \u3000';
  const map = new LineMap('trim');
  map.add(0, { line: 1, text });
  const cols = viewColumns('trim', text);
  assert.ok(text.length > 400);
  for (const at of [0, 1, 250, cols.starts.length - 1, cols.starts.length, cols.starts.length + 3]) {
    const start = at < cols.starts.length ? cols.starts[at]! : text.length;
    const end = at < cols.starts.length ? cols.ends[at]! : text.length;
    assert.equal(map.positionAt(at).column, start);
    assert.deepEqual(map.spanOf(at, at + 1), { line: 1, column: start, endLine: 1, endColumn: end });
  }
});

test('the views of every corpus line read exactly as the stages read them, with a column for every character', () => {
  const dir = 'fixtures/corpus';
  for (const f of readdirSync(dir)) {
    for (const l of toSourceLines(decode(readFileSync(`${dir}/${f}`)).lines)) {
      const t = l.text;
      const sq = viewColumns('squash', t);
      assert.equal(sq.text, t.replace(/<<|>>|\s+/g, (m) => (m === '<<' ? '《' : m === '>>' ? '》' : '')), `line ${l.line} of ${f}`);
      const tr = viewColumns('trim', t);
      assert.equal(tr.text, t.trim());
      for (const [view, v] of [['squash', sq], ['trim', tr]] as const) {
        assert.equal(v.starts.length, v.text.length);
        // The walk the extractors use gives the same columns as the map.
        for (let k = 0; k < v.text.length; k++) {
          if (columnOf(view, t, k, false) !== v.starts[k] || columnOf(view, t, k, true) !== v.ends[k]) assert.fail(`${view} column ${k} of line ${l.line} of ${f}`);
        }
        v.text.split('').forEach((ch, i) => {
          if (ch !== '《' && ch !== '》') assert.equal(t.slice(v.starts[i], v.ends[i]), ch);
        });
      }
      assert.equal(squash(tidySpaces(t)), squash(t));
    }
  }
});

test('tidySpaces removes layout spaces in Chinese text and keeps them between Latin words and numbers', () => {
  assert.equal(tidySpaces('2020 年 2 月　程 鹏'), '2020年2月程鹏');
  assert.equal(tidySpaces(' GB T 12 345 '), 'GB T 12 345');
  assert.equal(tidySpaces('序号\t任务'), '序号\t任务');
  const v = viewColumns('tidy', '程 鹏 同志 A  B');
  assert.equal(v.text, '程鹏同志A B');
  assert.deepEqual(v.starts, [0, 2, 4, 5, 7, 8, 10]);
  assert.deepEqual(viewColumns('squash', ' a<<b >>').starts, [1, 2, 4, 6]);
  assert.deepEqual([0, 1, 2, 3].map((k) => columnOf('squash', ' a<<b >>', k, true)), [2, 4, 5, 8]);
});

test('spans of many facts on one long line take linear time', () => {
  const cpuMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const timeOf = (n: number): number => {
    const dt = buildDocText(toSourceLines(['前言', ' 《某 法》'.repeat(n), '后记']));
    const t0 = cpuMs();
    for (let i = dt.text.indexOf('《'); i >= 0; i = dt.text.indexOf('《', i + 1)) dt.map.spanOf(i, i + 4);
    return cpuMs() - t0;
  };
  timeOf(2000); // warm-up
  const small = Math.min(timeOf(4000), timeOf(4000));
  const big = Math.min(timeOf(40000), timeOf(40000));
  assert.ok(big <= 20 * small + 50, `4000 facts: ${small.toFixed(0)} ms, 40000: ${big.toFixed(0)} ms`);
  const dt = buildDocText(toSourceLines(['前言', ' 《某 法》'.repeat(1000)]));
  const last = dt.text.lastIndexOf('《');
  const t = dt.map.lines[1]!.text; // a long line: its columns come from the map, not the walk
  assert.ok(t.length > 400);
  assert.deepEqual(dt.map.spanOf(last, last + 4), { line: 2, column: t.lastIndexOf('《'), endLine: 2, endColumn: t.length });
});

test('LineMap.pieceAt and pieceFromLine given a hint answer as without one, near and far, and a hint past the answer is not taken', () => {
  // Pieces of lines with gaps (blank lines have none) and two pieces on one line number: as a
  // document's joined text and a block's trimmed lines make them.
  const map = new LineMap('trim');
  const lineNumbers = [1, 2, 2, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 31, 32];
  lineNumbers.forEach((line, k) => map.add(k * 5, { line, text: 'x'.repeat(5) }));
  const length = lineNumbers.length * 5;
  for (let hint = 0; hint <= map.size; hint++) {
    for (let i = 0; i < length; i++) assert.equal(map.pieceAt(i, hint), map.pieceAt(i), `offset ${i}, hint ${hint}`);
    for (let n = 0; n <= 33; n++) assert.equal(map.pieceFromLine(n, hint), map.pieceFromLine(n), `line ${n}, hint ${hint}`);
  }
});
