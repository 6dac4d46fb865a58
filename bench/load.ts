/**
 * Load benchmark: the HTTP server (`gongbao serve`, a child process) on a synthetic archive of
 * 100,000 documents, once on SQLite and once on PostgreSQL, driven from this process by autocannon
 * with a mix of searches, document pages and API calls. Prints throughput, latency p50/p99 and
 * errors per backend. Target on a 2-core machine: ≥ 300 requests/s at p99 ≤ 100 ms, zero errors.
 *
 *   npm run bench:load        (scripts/with-postgres.sh provides a throw-away PostgreSQL)
 *
 * Settings (environment): BENCH_WORKERS (2: `serve --workers`), BENCH_DOCS (100000), BENCH_BACKENDS (sqlite,postgres), BENCH_SECONDS
 * (30 per backend, after a 60 s warm-up: the measured window is a server that has been answering
 * for a minute, with what it keeps between requests filled; the first request of each route class
 * on a freshly started server is timed and printed apart), BENCH_CONNECTIONS (16), BENCH_DIR (.bench/load),
 * BENCH_LOG=FILE appends the server's request log (JSON lines with responseTime) to FILE.
 * BENCH_KEEP=1 keeps the built archives for the next run (SQLite file, PostgreSQL database
 * gongbao_load_<docs>) and reuses them when they hold the right number of documents.
 * PostgreSQL comes from GONGBAO_TEST_PG_URL (or DATABASE_URL); without it that backend is skipped.
 *
 * The archive: copies of the three sample issues with document numbers, dates and person names
 * changed per copy and about one Chinese character in forty replaced by another from the corpus,
 * so that the index holds many distinct words and bigrams, as a real archive does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { parseIssue } from '../src/parse.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { findDocNumbers } from '../src/core/docnumber.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import { openArchive, type OpenedArchive } from '../src/store/open.js';
import type { IngestInput } from '../src/store/archive.js';
import type { ParsedIssue, SourceLine } from '../src/model.js';
import { corpusFile, goldIssues, ROOT } from '../eval/gold.js';
import { randomName, rng } from './random.js';

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',').map((s) => s.trim());
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 60);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DIR = resolve(process.env.BENCH_DIR ?? join(ROOT, '.bench', 'load'));
const KEEP = process.env.BENCH_KEEP === '1';
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const LOG = process.env.BENCH_LOG ?? '';
const PG_BASE = process.env.GONGBAO_TEST_PG_URL || (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : '');

// ───────────────────────────── synthetic archive ─────────────────────────────


export interface Sample {
  name: string;
  parsed: ParsedIssue;
  lines: SourceLine[];
}


/** Copy k of a sample: numbers, dates, names and some characters changed. */
export function synthesize(s: Sample, k: number, pool: string): IngestInput {
  const r = rng(k * 7919 + 17);
  const yearShift = (k % 16) - 8;
  const serial = Math.floor(k / 3) * 1000;
  const renumber = (t: string) =>
    t
      .replace(/(〔|\[|［|\(|（)\s*(\d{4})\s*(〕|\]|］|\)|）)\s*(\d{1,5})\s*号/g, (_m, o, y, c, n) => `${o}${Number(y) + yearShift}${c}${Number(n) + serial}号`)
      .replace(/(\d{4})(\s*)年/g, (_m, y, sp) => `${Number(y) + yearShift}${sp}年`);
  const names = new Map<string, string>();
  for (const d of s.parsed.documents) {
    for (const a of d.appointments) if (!names.has(a.person) && a.person.length >= 2) names.set(a.person, randomName(r));
  }
  const mutate = (t: string): string => {
    if (!t) return t;
    let x = /\d/.test(t) ? renumber(t) : t;
    for (const [from, to] of names) if (x.includes(from)) x = x.split(from).join(to);
    const n = Math.floor(x.length / 40 + r());
    for (let i = 0; i < n; i++) {
      const at = Math.floor(r() * x.length);
      const c = x.charCodeAt(at);
      if (c >= 0x4e00 && c <= 0x9fff) x = x.slice(0, at) + pool[Math.floor(r() * pool.length)]! + x.slice(at + 1);
    }
    return x;
  };
  const lines = s.lines.map((l) => {
    const text = mutate(l.text);
    return { line: l.line, raw: text, text };
  });
  const shift = (d: string | null) => (d ? `${Number(d.slice(0, 4)) + yearShift}${d.slice(4)}` : null);
  const parsed: ParsedIssue = structuredClone(s.parsed);
  parsed.source.sha256 = createHash('sha256').update(`load ${s.name} ${k}`).digest('hex');
  if (parsed.issue) {
    parsed.issue.year = (parsed.issue.year ?? 2020) + yearShift;
    parsed.issue.publishedOn = shift(parsed.issue.publishedOn);
  }
  const renum = (n: string | null) => (n ? findDocNumbers(renumber(n))[0]?.normalized ?? n : null);
  // Titles differ from copy to copy (as the titles of 100,000 real documents do): one character
  // in eight replaced, and the title line of the text changed alike.
  const retitle = (t: string): string => {
    let x = renumber(t);
    const n = Math.max(1, Math.floor(x.length / 8));
    for (let i = 0; i < n; i++) {
      const at = Math.floor(r() * x.length);
      const c = x.charCodeAt(at);
      if (c >= 0x4e00 && c <= 0x9fff) x = x.slice(0, at) + pool[Math.floor(r() * pool.length)]! + x.slice(at + 1);
    }
    return x;
  };
  for (const d of parsed.documents) {
    const first = lines[d.startLine - 1];
    const title = retitle(d.title);
    if (first && first.text.replace(/\s+/g, '') === first.text && first.text.includes(d.title)) {
      lines[d.startLine - 1] = { ...first, text: first.text.replace(d.title, title), raw: first.raw.replace(d.title, title) };
    }
    d.title = title;
    for (const e of d.enclosures) e.title = retitle(e.title);
    d.docNumber = renum(d.docNumber);
    d.date = shift(d.date);
    d.validity.effectiveFrom = shift(d.validity.effectiveFrom);
    d.validity.expiresOn = shift(d.validity.expiresOn);
    for (const a of d.appointments) a.person = names.get(a.person) ?? a.person;
    for (const c of d.citations) c.docNumber = renum(c.docNumber);
    for (const rp of d.validity.repeals) rp.docNumber = renum(rp.docNumber);
    for (const t of d.tasks) t.deadline = shift(t.deadline);
  }
  return { parsed, lines, sourcePath: `/synthetic/${s.name}-${String(k).padStart(6, '0')}.txt` };
}

export function loadSamples(): Sample[] {
  return goldIssues().map((name) => {
    const bytes = readFileSync(corpusFile(name));
    return { name, parsed: parseIssue(bytes, { fileName: `${name}.txt` }), lines: toSourceLines(decode(bytes).lines) };
  });
}

async function build(a: OpenedArchive, samples: Sample[], label: string): Promise<void> {
  const pool = samples.flatMap((s) => s.lines.map((l) => l.text.replace(/[^\u4e00-\u9fff]/g, ''))).join('');
  const t0 = performance.now();
  let docs = 0;
  let issues = 0;
  let lastReport = t0;
  // Two ingests in flight: one prepares its rows while the other waits on the database.
  const inflight = new Set<Promise<void>>();
  for (let k = 0; docs < DOCS; k++) {
    const inp = synthesize(samples[k % samples.length]!, k, pool);
    const room = DOCS - docs;
    if (inp.parsed.documents.length > room) inp.parsed.documents = inp.parsed.documents.slice(0, room);
    docs += inp.parsed.documents.length;
    issues++;
    const p: Promise<void> = a.ingestIssue(inp).then((res) => {
      if (res.status !== 'inserted') throw new Error(`unexpected ${res.status} for ${inp.sourcePath}`);
      inflight.delete(p);
    });
    inflight.add(p);
    if (inflight.size >= 2) await Promise.race(inflight);
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      const s = (lastReport - t0) / 1000;
      console.log(`  ${label}: ${docs.toLocaleString('en')} documents in ${s.toFixed(0)} s (${(docs / s).toFixed(0)}/s)`);
    }
  }
  await Promise.all(inflight);
  await a.flushIndex();
  const ingestS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await a.optimize();
  console.log(
    `  ${label}: built ${issues.toLocaleString('en')} issues, ${docs.toLocaleString('en')} documents: ingest ${ingestS.toFixed(0)} s ` +
      `(${(docs / ingestS).toFixed(0)} documents/s), index merge ${((performance.now() - t1) / 1000).toFixed(0)} s`,
  );
}

// ───────────────────────────── the request mix ─────────────────────────────

interface Targets {
  docIds: number[];
  issueIds: number[];
  people: string[];
  agencies: string[];
  queries: string[];
}

async function targets(a: OpenedArchive): Promise<Targets> {
  const r = rng(4242);
  const docs = await a.listDocuments({ limit: 1_000_000 });
  const docIds = docs.map((d) => d.id);
  const sample = <T>(xs: T[], n: number) => Array.from({ length: Math.min(n, xs.length) }, () => xs[Math.floor(r() * xs.length)]!);
  const queries: string[] = [];
  for (const id of sample(docIds, 60)) {
    const text = normalizeForSearch((await a.documentLines(id)).map((l) => l.text).join('')).replace(/[^\u4e00-\u9fff]/g, '');
    if (text.length < 12) continue;
    for (const len of [1, 2, 2, 3, 4, 6]) {
      const at = Math.floor(r() * (text.length - len));
      queries.push(text.slice(at, at + len));
    }
  }
  const numbers = docs.map((d) => d.docNumber).filter((n): n is string => !!n && /〔\d{4}〕\d+号$/.test(n));
  for (const n of sample(numbers, 40)) {
    const m = /^(.*)〔(\d{4})〕(\d+)号$/.exec(n)!;
    queries.push([n, `${m[1]}[${m[2]}]${m[3]}号`, `${m[1]}${m[2]}年${m[3]}号`][Math.floor(r() * 3)]!);
  }
  queries.push('阳泉 通知', '"实施方案"', '文种:通知 应急', 'year:2018-2020 煤炭', '任命 -免去', 'status:in_force 办法', '人民政府办公室');
  const people = (await a.listPeople({ limit: 2000 })).map((p) => p.name);
  const agencies = (await a.listAgencies({ limit: 200 })).filter((x) => x.leads + x.cooperates > 0).map((x) => x.name);
  const issueIds = (await a.listIssues({ limit: 5000 })).map((i) => i.id);
  return { docIds, issueIds, people: sample(people, 300), agencies, queries };
}

/**
 * The request mix: route classes with weights in percent (searches 32%, document pages and their
 * links 37%, people, issues, agencies, tasks, stats and the home page 31%). Queries and documents
 * are drawn at random from the archive; list offsets go a page at a time.
 */
function routes(t: Targets, r: () => number): [string, number, () => string][] {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const e = encodeURIComponent;
  const textQueries = t.queries.filter((q) => !/号$/.test(q));
  return [
    ['api search', 18, () => `/api/search?q=${e(pick(t.queries))}`],
    ['api search, page 2', 7, () => `/api/search?q=${e(pick(t.queries))}&offset=20&facets=false`],
    ['web search page', 7, () => `/search?q=${e(pick(textQueries))}`],
    ['web document page', 16, () => `/documents/${pick(t.docIds)}`],
    ['api document', 16, () => `/api/documents/${pick(t.docIds)}`],
    ['api cited-by', 5, () => `/api/documents/${pick(t.docIds)}/cited-by`],
    ['api person', 6, () => `/api/people/${e(pick(t.people))}`],
    ['api issue', 6, () => `/api/issues/${pick(t.issueIds)}`],
    ['api issues list', 4, () => '/api/issues?limit=20'],
    ['api stats', 3, () => '/api/stats'],
    ['api agency', 3, () => (t.agencies.length ? `/api/agencies/${e(pick(t.agencies))}` : '/api/agencies')],
    // Clients page through lists a page at a time.
    ['api tasks', 4, () => `/api/tasks?limit=20&offset=${20 * Math.floor(r() * 6)}${r() < 0.3 ? `&unit=${e(pick(t.agencies))}` : ''}`],
    ['api agencies list', 2, () => '/api/agencies?limit=20'],
    ['web home page', 3, () => '/'],
  ];
}

function pathMaker(t: Targets): () => string {
  const r = rng(99);
  const mix = routes(t, r);
  const total = mix.reduce((n, [, w]) => n + w, 0);
  return () => {
    let x = r() * total;
    for (const [, w, f] of mix) if (w > 0 && (x -= w) < 0) return f();
    return mix[0]![2]();
  };
}

/**
 * Latency of each route class alone (sequential requests): where time goes. `times` 1 on a fresh
 * server gives the cost of a first request, before anything is kept.
 */
async function probeRoutes(url: string, t: Targets, times_ = 9): Promise<void> {
  const r = rng(7);
  const lines: string[] = [];
  for (const [name, , make] of routes(t, r)) {
    const times: number[] = [];
    let failed = '';
    for (let i = 0; i < times_ && !failed; i++) {
      const t0 = performance.now();
      try {
        const res = await fetch(url + make(), { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        if (res.status >= 400) failed = `HTTP ${res.status}`;
      } catch (e) {
        failed = (e as Error).name === 'TimeoutError' ? 'over 10 s' : (e as Error).message;
      }
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const med = times[Math.floor(times.length / 2)]!;
    lines.push(
      (times_ === 1 ? `${name.padEnd(20)} ${med.toFixed(1).padStart(8)} ms` : `${name.padEnd(20)} median ${med.toFixed(1).padStart(8)} ms   max ${times[times.length - 1]!.toFixed(1).padStart(8)} ms`) +
        `${failed ? `   ${failed}` : ''}`,
    );
  }
  console.log(
    (times_ === 1 ? '  first request of each route class on the fresh server:\n    ' : `  route classes alone after the run (${times_} sequential requests each):\n    `) +
      lines.join('\n    '),
  );
}

// ───────────────────────────── server and driver ─────────────────────────────

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  statusCodeStats?: Record<string, { count: number }>;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function startServer(db: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'serve', '--db', db, '--port', '0', '--host', '127.0.0.1', '--workers', String(WORKERS), ...(LOG ? ['--log'] : [])], {
      cwd: ROOT,
      env: { ...process.env, GONGBAO_TOKEN: '', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60_000);
    child.stdout!.on('data', (d) => {
      if (LOG) appendFileSync(LOG, d);
      out += d;
      const m = /(http:\/\/[^\s/]+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveStart({ child, url: m[1]!.replace('localhost', '127.0.0.1') });
      }
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}): ${err}`));
    });
  });
}

async function drive(url: string, next: () => string, seconds: number): Promise<AutocannonResult> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: next() }) }],
  });
}

interface Row {
  backend: string;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  requests: number;
}

async function runBackend(backend: string, samples: Sample[]): Promise<Row | null> {
  let db: string;
  let dropDb: (() => Promise<void>) | null = null;
  if (backend === 'sqlite') {
    mkdirSync(DIR, { recursive: true });
    db = join(DIR, `load-${DOCS}.db`);
  } else if (backend === 'postgres') {
    if (!PG_BASE) {
      console.log('postgres: skipped (set GONGBAO_TEST_PG_URL, or run `npm run bench:load`, which starts a throw-away PostgreSQL)');
      return null;
    }
    const name = `gongbao_load_${DOCS}`;
    const admin = new pg.Client({ connectionString: PG_BASE });
    await admin.connect();
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
    if (!exists) await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(PG_BASE);
    u.pathname = '/' + name;
    db = u.toString();
    if (!KEEP) {
      dropDb = async () => {
        const c = new pg.Client({ connectionString: PG_BASE });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      };
    }
  } else {
    throw new Error(`unknown backend ${backend}`);
  }

  try {
    console.log(`\n=== ${backend}: ${DOCS.toLocaleString('en')} documents ===`);
    let a = openArchive(db, { indexBatchChars: 32_000_000 });
    const have = (await a.stats()).documents;
    if (have !== DOCS) {
      if (have) {
        await a.close();
        if (backend === 'sqlite') for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
        else {
          const c = new pg.Client({ connectionString: db });
          await c.connect();
          await c.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
          await c.end();
        }
        a = openArchive(db, { indexBatchChars: 32_000_000 });
      }
      await build(a, samples, backend);
    } else console.log(`  ${backend}: reusing the archive built before (${have.toLocaleString('en')} documents)`);
    const t = await targets(a);
    await a.close();

    const { child, url } = await startServer(db);
    try {
      await probeRoutes(url, t, 1);
      const next = pathMaker(t);
      await drive(url, next, WARMUP); // metadata, caches, JIT
      const res = await drive(url, next, SECONDS);
      const errors = res.errors + res.timeouts + res.non2xx;
      const row: Row = {
        backend,
        rps: res.requests.average,
        p50: res.latency.p50,
        p99: res.latency.p99,
        max: res.latency.max,
        errors,
        requests: res.requests.total,
      };
      console.log(
        `  ${backend}: ${row.requests.toLocaleString('en')} requests in ${SECONDS} s: ${row.rps.toFixed(0)} requests/s, ` +
          `latency p50 ${row.p50} ms, p99 ${row.p99} ms, max ${row.max} ms; errors ${errors} ` +
          `(${res.errors} connection, ${res.timeouts} timeouts, ${res.non2xx} non-2xx)`,
      );
      if (res.non2xx && res.statusCodeStats) console.log(`  status codes: ${JSON.stringify(res.statusCodeStats)}`);
      await probeRoutes(url, t);
      try {
        const rssOf = (pid: string | number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
        const workers = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
        console.log(
          `  server memory (RSS) after the run: ${rssOf(child.pid!).toFixed(0)} MB` +
            (workers.length ? ` primary, ${workers.map((w) => rssOf(w).toFixed(0)).join(' + ')} MB workers` : ''),
        );
      } catch {
        // not Linux
      }
      return row;
    } finally {
      // A server busy with a long request may not get to its SIGTERM handler: SIGKILL after 5 s.
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  } finally {
    if (!KEEP) {
      if (backend === 'sqlite') for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
      await dropDb?.();
    }
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`load benchmark: ${DOCS.toLocaleString('en')} documents, ${CONNECTIONS} connections, ${SECONDS} s per backend (after ${WARMUP} s warm-up)`);
  const samples = loadSamples();
  const rows: Row[] = [];
  for (const b of BACKENDS) {
    const row = await runBackend(b, samples);
    if (row) rows.push(row);
  }
  console.log('\nbackend     requests/s   p50 ms   p99 ms   errors   target (≥300/s, p99 ≤100 ms, 0 errors)');
  for (const r of rows) {
    const ok = r.rps >= 300 && r.p99 <= 100 && r.errors === 0;
    console.log(
      `${r.backend.padEnd(10)} ${r.rps.toFixed(0).padStart(11)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.errors).padStart(8)}   ${ok ? 'met' : 'NOT met'}`,
    );
  }
  console.log(`(whole run ${((performance.now() - started) / 60000).toFixed(1)} min)`);
  // Only what this run wrote (BENCH_DIR may name a folder that holds other things).
  if (!KEEP) for (const s of ['', '-wal', '-shm']) rmSync(join(DIR, `load-${DOCS}.db${s}`), { force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
