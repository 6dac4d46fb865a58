/**
 * `gongbao ingest` of several files parses the next ones on worker threads while it stores the
 * current one (ingestFiles' lookahead with the parse pool). The archive must come out the same as
 * one file at a time: same documents in the same order (ids), same facts, the same outcome for a
 * file that fails to parse and for one stored unchanged, reported in file order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArchive } from '../src/store/open.js';
import { ingestFiles, type FileOutcome } from '../src/store/ingest-files.js';
import { parseFileWithLines } from '../src/parse.js';
import { parsePool } from '../src/parallel/parse-pool.js';
import { PARSER_VERSION } from '../src/version.js';
import { corpusFile, goldIssues, ROOT } from '../eval/gold.js';

const dir = mkdtempSync(join(tmpdir(), 'gongbao-pipeline-'));
const files: string[] = [];
for (const name of goldIssues()) {
  const to = join(dir, `${name}.txt`);
  copyFileSync(corpusFile(name), to);
  files.push(to);
}
for (const name of ['govcn_03_国发_2019_4', 'govcn_58_国令第706']) {
  const to = join(dir, `${name}.txt`);
  copyFileSync(join(ROOT, 'fixtures', 'corpus-extra', 'state-council', `${name}.txt`), to);
  files.push(to);
}
const binary = join(dir, 'binary.txt');
writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 32)));
files.splice(2, 0, binary);

async function ingest(db: string, lookahead: number): Promise<{ order: string[]; summary: unknown; rows: unknown[] }> {
  const pool = lookahead ? parsePool(2) : null;
  const archive = openArchive(db);
  const order: string[] = [];
  const onFile = (o: FileOutcome) => order.push(`${o.path} ${o.result?.status ?? o.error ?? o.skipped}`);
  try {
    const parse = pool ? (bytes: Uint8Array, o: { fileName?: string }) => pool.prepare(bytes, o.fileName ?? null) : parseFileWithLines;
    const first = await ingestFiles(archive, files, parse, PARSER_VERSION, onFile, { lookahead });
    // Again: every file is stored unchanged (or fails again), still in order.
    const again = await ingestFiles(archive, files, parse, PARSER_VERSION, onFile, { lookahead });
    const strip = (s: typeof first) => ({ ...s, ms: 0, failed: s.failed.map((f) => f.error), refused: [], skipped: [] });
    const rows: unknown[] = [];
    for (const kind of ['documents', 'tasks', 'citations', 'appointments'] as const) for await (const row of archive.exportRows(kind)) rows.push(row);
    return { order, summary: [strip(first), strip(again)], rows };
  } finally {
    await archive.close();
    await pool?.close();
  }
}

test('files parsed ahead on threads are stored as one at a time stores them', async (t) => {
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const one = await ingest(join(dir, 'one.db'), 0);
  const ahead = await ingest(join(dir, 'ahead.db'), 2);
  assert.match(one.order[2]!, /binary\.txt .*not look like text/);
  assert.equal(one.order.filter((o) => / inserted$/.test(o)).length, files.length - 1);
  assert.deepEqual(ahead.order, one.order);
  assert.deepEqual(ahead.summary, one.summary);
  assert.deepEqual(ahead.rows, one.rows);
});
