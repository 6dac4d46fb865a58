/**
 * Several ingest processes at once against one database (PostgreSQL, and SQLite alike): three
 * `gongbao ingest` processes started together over the same six files in different orders store
 * each file exactly once, link across issues stored by different processes, index everything, and
 * end in the same state as one process ingesting the files alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArchive, type OpenedArchive } from '../src/store/open.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import { corpusFile, goldIssues, ROOT } from '../eval/gold.js';
import { createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';

const LATER = `# 阳泉市人民政府公报

2024 年第 1 期

2024 年 2 月 20 日出版（双月刊）

# 阳泉市人民政府办公室关于废止阳泉市支持全市网络货运平台发展若干措施的通知

阳政办发〔2024〕3号

各县（区）人民政府，市直各单位：

根据《阳泉市人民政府关于应对新冠肺炎疫情支持中小微企业稳定发展的实施意见》（阳政发〔2020〕3号），经市人民政府同意，《阳泉市人民政府办公室关于印发阳泉市支持全市网络货运平台发展若干措施的通知》（阳政办发〔2021〕76号）自2024年3月1日起废止。

阳泉市人民政府办公室
2024年2月1日
`;

interface IngestJson {
  files: number;
  inserted: number;
  unchanged: number;
  duplicate: number;
  replaced: number;
  failed: { path: string; error: string }[];
}

/** Run `gongbao ingest --json` in a child process. */
export function runIngest(db: string, files: string[]): Promise<{ code: number | null; json: IngestJson | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'ingest', '--db', db, '--json', ...files], {
      cwd: ROOT,
      env: { ...process.env, GONGBAO_DB: '', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: IngestJson | null = null;
      try {
        json = JSON.parse(out.trim().split('\n').pop() ?? '');
      } catch {
        json = null;
      }
      resolve({ code, json, stderr: err });
    });
  });
}

const first = () => readFileSync(corpusFile(goldIssues()[0]!), 'utf8');

function makeFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of goldIssues()) {
    const text = readFileSync(corpusFile(name), 'utf8');
    files.push(join(dir, `${name}.txt`));
    writeFileSync(files[files.length - 1]!, text);
  }
  // Two more issues made from the first: moved to years of their own (the same masthead or the
  // same documents would make them duplicates of it).
  for (const k of [1, 2]) {
    files.push(join(dir, `copy-${k}.txt`));
    writeFileSync(files[files.length - 1]!, first().replaceAll('2020', String(2010 + k)) + `\n\n（翻印第${k}次）\n`);
  }
  files.push(join(dir, 'yangquan-2024-01.txt'));
  writeFileSync(files[files.length - 1]!, LATER);
  return files;
}

/** Everything that must come out the same, with ids replaced by stable names. */
async function state(a: OpenedArchive): Promise<unknown> {
  await a.flushIndex();
  const docs = await a.listDocuments();
  const key = new Map(docs.map((d) => [d.id, `${d.sourcePath}#${d.index}`]));
  // Copies hold the same documents: which copy a link picks depends on the order files were
  // stored in, so a target is named by what it is, not where it is.
  const what = new Map(docs.map((d) => [d.id, `${d.docNumber}|${d.title}`]));
  const links = [];
  for await (const r of a.exportRows('citations')) links.push([key.get(r.document_id as number), r.line, r.cited_doc_number, r.target_id === null ? null : what.get(r.target_id as number)]);
  links.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  const searches: unknown[] = [];
  for (const q of ['阳泉', '翻印', '网络货运', '阳政发〔2020〕3号', '"废止"']) {
    const res = await a.search(q, { limit: 1000, facets: true, snippets: false, asOf: '2024-06-01' });
    searches.push([res.total, res.facets, res.hits.map((h) => key.get(h.id)).sort()]);
  }
  const issues = (await a.listIssues()).map((i) => [i.sourcePath, i.sha256, i.documentCount]).sort();
  return { stats: await a.stats(), issues, links, searches };
}

async function exercise(label: string, db: () => string, baseline: () => string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `gongbao-conc-${label}-`));
  try {
    const files = makeFiles(dir);
    // Serial baseline.
    const one = await runIngest(baseline(), files);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(one.json?.inserted, files.length);

    // Three processes at once, each in its own order.
    const orders = [files, [...files].reverse(), [...files.slice(3), ...files.slice(0, 3)]];
    const runs = await Promise.all(orders.map((o) => runIngest(db(), o)));
    for (const r of runs) {
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(r.json?.failed, []);
    }
    const inserted = runs.reduce((n, r) => n + r.json!.inserted, 0);
    assert.equal(inserted, files.length, 'every file stored by exactly one process');
    for (const r of runs) assert.equal(r.json!.inserted + r.json!.unchanged, files.length, 'the others saw it stored');

    const a = openArchive(db());
    const b = openArchive(baseline());
    try {
      const sa = (await state(a)) as Record<string, unknown>;
      const sb = (await state(b)) as Record<string, unknown>;
      for (const k of Object.keys(sb)) assert.deepEqual(sa[k], sb[k], `${label}: concurrent ingest differs from serial in "${k}"`);
      // The cross-issue citation resolved although its target may have been stored by another process.
      const [repealer] = await a.findByDocNumber('阳政办发〔2024〕3号');
      const cs = await a.citations(repealer!.id);
      assert.ok(cs.every((c) => c.targetId !== null), 'citations of the later issue resolved');
      // The same issue in two files, ingested by two processes at once: stored once, the other
      // file reported as its duplicate (the check runs under the write lock).
      const same = [join(dir, 'same-a.txt'), join(dir, 'same-b.txt')];
      const moved = first().replaceAll('2020', '2009');
      writeFileSync(same[0]!, moved);
      writeFileSync(same[1]!, moved + '\n（校对稿）\n');
      const racing = await Promise.all([runIngest(db(), same), runIngest(db(), [...same].reverse())]);
      for (const r of racing) assert.equal(r.code, 0, r.stderr);
      assert.equal(racing.reduce((n, r) => n + r.json!.inserted, 0), 1, 'stored once');
      assert.equal(racing.reduce((n, r) => n + r.json!.duplicate, 0), 2, 'the other file is a duplicate, for both processes');
      assert.equal((await a.listIssues()).filter((i) => i.year === 2009).length, 1);
      // Search recall still equals a scan.
      const docs = await a.listDocuments();
      for (const d of docs.slice(0, 40)) {
        const text = normalizeForSearch((await a.documentLines(d.id)).map((l) => l.text).join(''));
        const q = text.slice(Math.floor(text.length / 3), Math.floor(text.length / 3) + 3);
        if (q.length === 3) assert.ok((await a.matchText(q)).docs.includes(d.id), `found "${q}"`);
      }
    } finally {
      await a.close();
      await b.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('concurrent ingest processes: SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongbao-conc-db-'));
  try {
    await exercise('sqlite', () => join(dir, 'shared.db'), () => join(dir, 'serial.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const pgMissing = pgUnavailableReason();
test('concurrent ingest processes: PostgreSQL', { skip: pgMissing && !underCi() ? pgMissing : false }, async () => {
  assert.equal(pgMissing, null, pgMissing ?? '');
  const shared = await createTestDatabase('concurrent');
  const serial = await createTestDatabase('serial');
  try {
    await exercise('postgres', () => shared.url, () => serial.url);
  } finally {
    await shared.drop();
    await serial.drop();
  }
});
