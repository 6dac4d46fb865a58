/**
 * Merging index segments reuses the pages of the rows it has read (PostingRows.release): an
 * SQLite archive does not grow by the merged segment's whole size and keep the old one's pages
 * as free space. Searches give the same answers after the merges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteArchive } from '../src/store/sqlite.js';
import { CORPUS_FILES, ingestInput, tempDir } from './store-fixtures.js';

test('SQLite: after merging every segment into one, the file keeps few free pages; searches answer as before', async () => {
  const { dir, cleanup } = tempDir();
  const archive = SqliteArchive.open(join(dir, 'a.db'), { indexBatchChars: 100_000, mergeFactor: 4 });
  try {
    // Twelve issues (the corpus four times, each copy its own file), a segment every ~100,000 characters.
    for (let k = 0; k < 4; k++) {
      for (const f of CORPUS_FILES) await archive.ingestIssue(ingestInput(readFileSync(f, 'utf8') + '\n'.repeat(k + 1), `${f}.${k}`));
    }
    await archive.flushIndex();
    const queries = ['人民政府', '工作', '阳泉', '"关于印发"'];
    const before = await Promise.all(queries.map(async (q) => (await archive.search(q, { limit: 1e9 })).hits.map((h) => h.id)));
    const segments = () => (archive.db.prepare('SELECT COUNT(*) AS n FROM search_segments').get() as { n: number }).n;
    assert.ok(segments() > 1, 'several segments to merge');
    await archive.optimize();
    assert.equal(segments(), 1);
    const pages = (sql: string) => archive.db.pragma(sql, { simple: true }) as number;
    const indexPages = (archive.db.prepare("SELECT COUNT(*) AS n FROM dbstat WHERE name = 'search_postings'").get() as { n: number }).n;
    // Without release the old segments' pages (more than the merged one's) stay free (985 against
    // 758 when written); with it, what is left free is what merging saved (229).
    assert.ok(pages('freelist_count') < indexPages * 0.5, `${pages('freelist_count')} free pages, the index ${indexPages}`);
    const after = await Promise.all(queries.map(async (q) => (await archive.search(q, { limit: 1e9 })).hits.map((h) => h.id)));
    assert.deepEqual(after, before);
    assert.ok(before.every((ids) => ids.length > 0));
  } finally {
    await archive.close();
    cleanup();
  }
});
