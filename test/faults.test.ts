/**
 * Faults.
 * 1. An ingest killed (SIGKILL) at a random moment — storing issues, writing or merging index
 *    segments — leaves the database consistent on both backends: every stored issue whole, search
 *    still equal to a scan; running the ingest again completes it, ending where an uninterrupted
 *    ingest ends.
 * 2. The API server survives its PostgreSQL database restarting: requests fail cleanly (a 5xx JSON
 *    error, no hang, no crash) while the database is down, and succeed again once it is back,
 *    without restarting the server.
 *
 * The ingest runs in a child process: this file started with GONGBAO_FAULT_CHILD=1 (see the end).
 * It goes through the ingest command's own loop (ingestFiles) over real files; parsing is replaced
 * by a lookup of parse results prepared beforehand so that the run is short and most of it is
 * spent writing — where a kill can do harm.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIssue } from '../src/parse.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { PARSER_VERSION } from '../src/version.js';
import type { ParsedIssue, SourceLine } from '../src/model.js';
import { openArchive, type OpenedArchive } from '../src/store/open.js';
import { ingestFiles } from '../src/store/ingest-files.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import { corpusFile, goldIssues, ROOT } from '../eval/gold.js';
import { clusterControl, createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';

const SELF = fileURLToPath(import.meta.url);
const COPIES = Number(process.env.GONGBAO_FAULT_COPIES ?? 4);

// ───────────────────────────── the child: one ingest run ─────────────────────────────

async function childMain(): Promise<void> {
  const dir = process.env.GONGBAO_FAULT_DIR!;
  const db = process.env.GONGBAO_FAULT_DB!;
  const parsedBase = JSON.parse(readFileSync(join(dir, 'parsed.json'), 'utf8')) as Record<string, ParsedIssue>;
  const files = JSON.parse(readFileSync(join(dir, 'files.json'), 'utf8')) as string[];
  const parse = (bytes: Uint8Array, opts: { fileName?: string }): { parsed: ParsedIssue; lines: SourceLine[] } => {
    const base = parsedBase[opts.fileName!.replace(/-copy\d+\.txt$/, '')]!;
    const d = decode(bytes);
    // Each copy an issue of its own (another number, its documents' titles marked): the same
    // masthead or the same documents would make it a duplicate of the first copy, not stored.
    const k = Number(/-copy(\d+)\.txt$/.exec(opts.fileName!)![1]);
    const issue = base.issue && { ...base.issue, number: (base.issue.number ?? 0) * 100 + k };
    const documents = base.documents.map((doc) => ({ ...doc, title: `${doc.title}（第${k}份）` }));
    const parsed = { ...base, issue, documents, source: { ...base.source, fileName: opts.fileName ?? null, sha256: d.sha256, bytes: d.bytes, lineCount: d.lines.length } };
    return { parsed, lines: toSourceLines(d.lines) };
  };
  // Small index batches and merges of three: segment writes and merges happen all through the run.
  const archive = openArchive(db, { indexBatchChars: 150_000, mergeFactor: 3 });
  process.stdout.write('ready\n');
  const summary = await ingestFiles(archive, files, parse, PARSER_VERSION);
  await archive.close();
  process.stdout.write(JSON.stringify(summary) + '\n');
}

// ───────────────────────────── the parent ─────────────────────────────

interface Prepared {
  dir: string;
  files: string[];
  /** Documents and appointments each file holds. */
  expect: Map<string, { documents: number; appointments: number }>;
}

function prepare(): Prepared {
  const dir = mkdtempSync(join(tmpdir(), 'gongbao-faults-'));
  const parsed: Record<string, ParsedIssue> = {};
  const files: string[] = [];
  const expect = new Map<string, { documents: number; appointments: number }>();
  for (const name of goldIssues()) {
    const bytes = readFileSync(corpusFile(name));
    const p = parseIssue(bytes, { fileName: name });
    parsed[name] = p;
    const text = bytes.toString('utf8');
    for (let k = 1; k <= COPIES; k++) {
      const f = join(dir, `${name}-copy${k}.txt`);
      writeFileSync(f, `${text}\n\n（第${k}份）\n`);
      files.push(f);
      expect.set(f, { documents: p.documents.length, appointments: p.documents.reduce((n, d) => n + d.appointments.length, 0) });
    }
  }
  // Interleave the issues so that consecutive files differ.
  files.sort((a, b) => basename(a).replace(/.*copy/, '').localeCompare(basename(b).replace(/.*copy/, ''), 'en', { numeric: true }) || a.localeCompare(b));
  writeFileSync(join(dir, 'parsed.json'), JSON.stringify(parsed));
  writeFileSync(join(dir, 'files.json'), JSON.stringify(files));
  return { dir, files, expect };
}

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  summary: { inserted: number; unchanged: number; failed: unknown[] } | null;
  stderr: string;
}

/** Run the ingest child; kill it `killAfterMs` after it is ready (never, when null). */
function runChild(p: Prepared, db: string, killAfterMs: number | null): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF], {
      cwd: ROOT,
      env: { ...process.env, GONGBAO_FAULT_CHILD: '1', GONGBAO_FAULT_DIR: p.dir, GONGBAO_FAULT_DB: db },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let readyAt = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (!readyAt && out.includes('ready\n')) {
        readyAt = performance.now();
        if (killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      let summary = null;
      const last = out.trim().split('\n').pop() ?? '';
      if (last.startsWith('{')) summary = JSON.parse(last);
      resolve({ code, signal, ms: readyAt ? performance.now() - readyAt : 0, summary, stderr: err });
    });
  });
}

/** What must hold at any moment, killed or not. */
async function assertConsistent(a: OpenedArchive, p: Prepared, label: string): Promise<number> {
  const issues = await a.listIssues();
  let appointments = 0;
  for (const i of issues) {
    const e = p.expect.get(i.sourcePath);
    assert.ok(e, `${label}: unexpected issue ${i.sourcePath}`);
    assert.equal(i.documentCount, e.documents, `${label}: ${basename(i.sourcePath)} stored whole`);
    appointments += e.appointments;
  }
  const stats = await a.stats();
  assert.equal(stats.appointments, appointments, `${label}: no stray or missing appointments`);
  // Search equals a scan over what is stored, indexed or not.
  const docs = await a.listDocuments();
  const texts = new Map<number, string>();
  for (const d of docs) texts.set(d.id, normalizeForSearch((await a.documentLines(d.id)).map((l) => l.text).join('')));
  const all = [...texts.values()];
  let seed = issues.length * 7919 + 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let k = 0; k < 25 && all.length; k++) {
    const t = all[Math.floor(rand() * all.length)]!;
    const len = 1 + Math.floor(rand() * 5);
    const at = Math.floor(rand() * Math.max(1, t.length - len));
    const q = t.slice(at, at + len);
    if (!q) continue;
    const got = await a.matchText(q);
    const want = [...texts].filter(([, x]) => x.includes(q)).map(([id]) => id).sort((x, y) => x - y);
    assert.deepEqual([...got.docs], want, `${label}: matchText(${JSON.stringify(q)}) equals a scan`);
    const counts = want.map((id) => {
      const x = texts.get(id)!;
      let n = 0;
      for (let i = x.indexOf(q); i >= 0; i = x.indexOf(q, i + 1)) n++;
      return n;
    });
    assert.deepEqual([...got.tfs], counts, `${label}: counts of ${JSON.stringify(q)} (no document indexed twice)`);
  }
  return issues.length;
}

async function finalState(a: OpenedArchive): Promise<unknown> {
  const issues = (await a.listIssues()).map((i) => [i.sourcePath, i.sha256, i.documentCount, i.warningCount]).sort();
  const searches = [];
  for (const q of ['阳泉', '第3份', '"人民政府"', '阳政办发〔2021〕76号']) {
    const r = await a.search(q, { limit: 5, facets: true, snippets: true, asOf: '2024-06-01' });
    searches.push([r.total, r.facets, r.hits.map((h) => [h.sourcePath, h.startLine, h.score, h.snippet])]);
  }
  return { stats: await a.stats(), issues, searches };
}

async function killAndResume(label: string, newDb: () => Promise<{ url: string; drop(): Promise<void> }>, unindexed: (db: string) => Promise<number>): Promise<void> {
  const p = prepare();
  try {
    // An uninterrupted run: the reference, and how long a run takes.
    const ref = await newDb();
    const clean = await runChild(p, ref.url, null);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(clean.summary?.inserted, p.files.length);
    const refArchive = openArchive(ref.url);
    const want = await finalState(refArchive);
    await refArchive.close();
    await ref.drop();

    const kills = [0.15, 0.5, 0.85].map((f) => Math.round(clean.ms * (f + (Math.random() - 0.5) * 0.2)));
    for (const killAt of kills) {
      const db = await newDb();
      try {
        const killed = await runChild(p, db.url, killAt);
        const what = `${label}, killed after ${killAt} of ~${Math.round(clean.ms)} ms`;
        let a = openArchive(db.url);
        let stored = 0;
        try {
          // Killed before the schema existed: nothing to check.
          stored = (await a.stats().then(() => true, () => false)) ? await assertConsistent(a, p, what) : 0;
        } finally {
          await a.close();
        }
        const resumed = await runChild(p, db.url, null);
        assert.equal(resumed.code, 0, `${what}: resumed run: ${resumed.stderr}`);
        assert.equal(resumed.summary!.unchanged, stored, `${what}: issues stored before the kill are kept`);
        assert.equal(resumed.summary!.inserted, p.files.length - stored, `${what}: the rest is stored now`);
        assert.equal(await unindexed(db.url), 0, `${what}: everything indexed after the resumed run`);
        a = openArchive(db.url);
        try {
          await assertConsistent(a, p, `${what}, resumed`);
          assert.deepEqual(await finalState(a), want, `${what}: resumed run ends like an uninterrupted one`);
        } finally {
          await a.close();
        }
        if (killed.signal !== 'SIGKILL') assert.equal(killed.code, 0, killed.stderr);
      } finally {
        await db.drop();
      }
    }
  } finally {
    rmSync(p.dir, { recursive: true, force: true });
  }
}

if (process.env.GONGBAO_FAULT_CHILD === '1') {
  await childMain();
} else {
  test('an ingest killed at random moments leaves SQLite consistent; re-running completes it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gongbao-faults-db-'));
    let n = 0;
    try {
      const Database = (await import('better-sqlite3')).default;
      await killAndResume(
        'SQLite',
        async () => {
          const file = join(root, `archive-${++n}.db`);
          return { url: file, drop: async () => rmSync(file, { force: true }) };
        },
        async (file) => {
          const db = new Database(file, { readonly: true });
          try {
            return (db.prepare('SELECT COUNT(*) AS n FROM documents WHERE indexed = 0').get() as { n: number }).n;
          } finally {
            db.close();
          }
        },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  const pgMissing = pgUnavailableReason();
  const pgSkip = pgMissing && !underCi() ? pgMissing : false;

  test('an ingest killed at random moments leaves PostgreSQL consistent; re-running completes it', { skip: pgSkip }, async () => {
    assert.equal(pgMissing, null, pgMissing ?? '');
    const pg = (await import('pg')).default;
    await killAndResume(
      'PostgreSQL',
      () => createTestDatabase('faults'),
      async (url) => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          return Number((await c.query('SELECT COUNT(*) AS n FROM documents WHERE NOT indexed')).rows[0].n);
        } finally {
          await c.end();
        }
      },
    );
  });

  test('the API server survives PostgreSQL restarting: clean 5xx errors, then recovery', { skip: pgSkip }, async (t) => {
    assert.equal(pgMissing, null, pgMissing ?? '');
    const ctl = clusterControl();
    if (!ctl) {
      // A server given from outside (GONGBAO_TEST_PG_URL without scripts/with-postgres.sh) is not
      // ours to restart; under CI the cluster is always the throw-away one, so this must not skip.
      assert.ok(!underCi(), 'under CI the tests run on the throw-away cluster of scripts/with-postgres.sh');
      t.skip('GONGBAO_TEST_PG_DIR not set: the database server is not a throw-away cluster this test may restart');
      return;
    }
    const { buildServer } = await import('../src/server/app.js');
    const db = await createTestDatabase('restart');
    const archive = openArchive(db.url);
    const name = goldIssues()[0]!;
    const bytes = readFileSync(corpusFile(name));
    await archive.ingestIssue({ parsed: parseIssue(bytes, { fileName: name }), lines: toSourceLines(decode(bytes).lines), sourcePath: `/archive/${name}.txt` });
    await archive.flushIndex();
    const app = await buildServer({ archive });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const [doc] = await archive.listDocuments({ limit: 1 });
    const paths = ['/api/search?q=阳泉', `/api/documents/${doc!.id}`, '/api/stats', '/api/issues', '/api/people?limit=5'];
    const get = async (path: string) => {
      const res = await fetch(`http://127.0.0.1:${port}${encodeURI(path)}`, { signal: AbortSignal.timeout(15_000) });
      const body = await res.text();
      return {
        status: res.status,
        body,
        retryAfter: res.headers.get('retry-after'),
        json: res.headers.get('content-type')?.includes('json') ? JSON.parse(body) : null,
      };
    };
    const restart = (what: string) => execFileSync(ctl, [what], { stdio: 'ignore' });
    try {
      for (const path of paths) assert.equal((await get(path)).status, 200, path);

      restart('stop');
      try {
        for (const path of paths) {
          const r = await get(path);
          assert.equal(r.status, 503, `${path} while the database is down: ${r.status} ${r.body}`);
          assert.equal(r.json?.error?.code, 'archive_unavailable', `${path}: a JSON error body`);
          assert.equal(r.retryAfter, '1', `${path}: Retry-After`);
          assert.ok(!/at .*\.(ts|js):\d+/.test(r.body), 'no stack trace in the answer');
        }
      } finally {
        restart('start');
      }
      for (const path of paths) assert.equal((await get(path)).status, 200, `${path} after the database came back`);

      // A restart under load: every request is answered (200 or a clean 503), none hangs.
      let stop = false;
      const statuses: number[] = [];
      const load = Promise.all(
        Array.from({ length: 4 }, async (_, w) => {
          for (let i = 0; !stop; i++) {
            const r = await get(paths[(i + w) % paths.length]!);
            statuses.push(r.status);
            if (r.status !== 200) assert.equal(typeof r.json?.error?.code, 'string');
          }
        }),
      );
      await new Promise((r) => setTimeout(r, 300));
      restart('restart');
      await new Promise((r) => setTimeout(r, 500));
      stop = true;
      await load;
      assert.ok(statuses.every((s) => s === 200 || s === 503), `statuses: ${[...new Set(statuses)]}`);
      for (const path of paths) assert.equal((await get(path)).status, 200, `${path} after a restart under load`);
    } finally {
      await app.close();
      await archive.close();
      await db.drop();
    }
  });
}
