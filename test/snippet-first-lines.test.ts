/**
 * Snippets from a body's first lines (search answers decode only the start of a long body): a
 * snippet made from the first lines is exactly the whole body's, or none is given and the whole
 * body decides; the stored bytes' prefix decodes to whole first lines; an archive's answers are
 * the same as snippets made from whole bodies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { makeSnippet, snippetFromFirstLines } from '../src/search/snippet.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import { inflateLinesPrefix } from '../src/store/packed.js';
import { openArchive } from '../src/store/open.js';
import { CORPUS_FILES, gazette, ingestInput, tempDir } from './store-fixtures.js';

const docs = CORPUS_FILES.flatMap((f) => {
  const input = ingestInput(f);
  return input.parsed.documents.map((d) => ({
    title: normalizeForSearch(d.title ?? ''),
    lines: input.lines.slice(d.startLine - 1, d.endLine).map((l) => l.text),
    startLine: d.startLine,
  }));
});

test('a snippet from the first lines is the whole body\'s, or none', () => {
  // Terms: frequent and rare words, one that only the title holds, a document number.
  const terms = ['工作', '人民政府', '的', '各县', '附件', '。', '联系电话', '实施方案'].map((t) => normalizeForSearch(t));
  let given = 0;
  let withheld = 0;
  for (const d of docs) {
    for (const t of terms) {
      const st = { texts: [t], docNumbers: [] };
      const whole = makeSnippet(d.lines, d.startLine, st, d.title);
      for (const k of [0, 1, 2, 3, 5, 8, 13, 21, 34, 55]) {
        if (k >= d.lines.length) break;
        const s = snippetFromFirstLines(d.lines.slice(0, k), d.startLine, st, d.title);
        if (s === null) withheld++;
        else {
          given++;
          assert.deepEqual(s, whole, `${d.title} «${t}» from ${k} lines`);
        }
      }
    }
  }
  // Both ways are exercised: most snippets come from the first lines.
  assert.ok(given > 500 && withheld > 100, `given ${given}, withheld ${withheld}`);
});

test('the first bytes of a stored body decode to its first whole lines', () => {
  const text = docs.map((d) => d.lines.join('\n')).join('\n').slice(0, 60_000);
  const stored = deflateRawSync(text);
  for (const n of [1, 10, 100, 1000, 2048, 5000, stored.length - 1]) {
    const lines = inflateLinesPrefix(stored.subarray(0, n));
    assert.ok(text.startsWith(lines), `${n} bytes`);
    assert.ok(lines === '' || text[lines.length] === '\n', `${n} bytes end at a line break`);
  }
  assert.ok(inflateLinesPrefix(stored.subarray(0, 2048)).length > 1000, 'a prefix holds a useful start');
});

test('search answers: snippets as made from whole bodies, long bodies read in part', async () => {
  const { dir, cleanup } = tempDir();
  const archive = openArchive(join(dir, 'a.db'));
  try {
    for (const f of CORPUS_FILES) await archive.ingestIssue(ingestInput(f));
    // Long documents (of the samples' own paragraphs): words near their start, words only at their end.
    const paragraphs = docs.flatMap((d) => d.lines).filter((l) => l.length > 30);
    const longDoc = (k: number) => ({
      title: `阳泉市人民政府关于长篇文件第${k}号的通知`,
      number: `阳政发〔2022〕${k}号`,
      date: '2022年3月5日',
      body: [...paragraphs.slice(k * 200, k * 200 + 400), k % 2 ? '联系电话：0353-1234567' : '本通知自印发之日起施行。'],
    });
    await archive.ingestIssue(ingestInput(gazette(2022, 9, [longDoc(1), longDoc(2), longDoc(3)]), 'long.txt'));
    await archive.flushIndex();
    const byId = new Map<number, { lines: string[]; startLine: number; title: string }>();
    for (const s of await archive.listDocuments({ limit: Infinity })) {
      const d = (await archive.getDocument(s.id))!;
      byId.set(s.id, { lines: d.lines.map((l) => l.text), startLine: d.document.startLine, title: normalizeForSearch(d.document.title ?? '') });
    }
    const long = [...byId.values()].filter((d) => d.lines.join('\n').length > 20000).length;
    assert.ok(long >= 3, `long documents exercised: ${long}`);
    for (const q of ['工作', '实施方案', '阳泉市人民政府', '组织实施', '附件', '联系电话', '自印发之日起施行', '的']) {
      const res = await archive.search(q, { limit: 60 });
      assert.ok(res.hits.length > 0, q);
      for (const h of res.hits) {
        const d = byId.get(h.id)!;
        const want = makeSnippet(d.lines, d.startLine, { texts: [normalizeForSearch(q)], docNumbers: [] }, d.title);
        assert.deepEqual({ line: h.line, snippet: h.snippet, highlights: h.highlights }, want, `${q} in ${h.id}`);
      }
    }
  } finally {
    await archive.close();
    cleanup();
  }
});
