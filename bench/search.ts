/**
 * Search benchmark: synthetic archives built from the sample issues (numbers, dates, names and
 * text varied per copy) at 10,000 and 100,000 documents; for each, side by side with an SQLite
 * FTS5 trigram index over the same normalized text:
 * - ingest rate (documents/s) and database size per document;
 * - search latency p50/p95/p99 for 1-, 2-, 4-character queries, phrases and document numbers
 *   (spelled five ways), one core, warm cache;
 * - recall (and false hits) against a brute-force substring scan of the stored text.
 *
 *   npx tsx bench/search.ts                 # 10k and 100k
 *   BENCH_SIZES=2000 npx tsx bench/search.ts  # quick run
 *   BENCH_QUERIES=30 (per class) BENCH_DIR=.bench (work folder, deleted afterwards unless BENCH_KEEP=1)
 *   BENCH_PHASES=ingest (ingest only, with CPU time)
 *   BENCH_FTS=0: gongbao only, no FTS5 index (quicker at 100,000 documents)
 *   BENCH_OLD_PLAN=1: also the plan before (GONGBAO_SEARCH_PLAN=all-positions), side by side
 *   BENCH_CPU_PROF=prefix: a CPU profile of the measured queries of each class (gongbao only),
 *     written to prefix-<class>.cpuprofile (open in Chrome DevTools or speedscope)
 *   BENCH_NODE_FLAGS='--trace-gc': flags for the process that sends the measured requests
 *     (bench/search-requests.ts: it holds the archive and nothing else, as a server does)
 *   BENCH_PG=1: also the same issues in a PostgreSQL archive, the same queries measured on it
 *     (run through scripts/with-postgres.sh, which sets GONGBAO_TEST_PG_URL)
 */
import { mkdirSync, readFileSync, rmSync, statSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import os from 'node:os';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { parseIssue } from '../src/parse.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { findDocNumbers } from '../src/core/docnumber.js';
import { SqliteArchive } from '../src/store/sqlite.js';
import { inflateText } from '../src/store/packed.js';
import { PgArchive } from '../src/store/pg/archive.js';
import { createTestDatabase, testPgUrl, type TestDatabase } from '../src/store/pg/testing.js';
import type { OpenedArchive } from '../src/store/open.js';
import type { ClassRequests, RequestJob } from './search-requests.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import type { ParsedIssue, SourceLine } from '../src/model.js';
import { randomName, rng } from './random.js';
import { INGEST_BATCH } from '../src/store/ingest-files.js';

const ROOT = resolve(import.meta.dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
/** Queries per class: 30 up to 10,000 documents, 20 above (the brute-force scan dominates). */
const queriesFor = (size: number) => Number(process.env.BENCH_QUERIES ?? (size > 10_000 ? 20 : 30));
const DIR = resolve(process.env.BENCH_DIR ?? join(ROOT, '.bench'));
const KEEP = process.env.BENCH_KEEP === '1';


interface Sample {
  parsed: ParsedIssue;
  lines: SourceLine[];
  /** People named in the issue, and a pattern finding them. */
  names: string[];
  namePattern: RegExp | null;
}


function loadSamples(): Sample[] {
  const dir = join(ROOT, 'fixtures/corpus');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      const parsed = parseIssue(bytes, { fileName: f });
      const names = [
        ...new Set(
          parsed.documents.flatMap((d) => [...d.appointments.map((a) => a.person), ...d.rosters.flatMap((r) => r.members.map((m) => m.person))]),
        ),
      ].filter((n) => n.length >= 2);
      const namePattern = names.length ? new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : null;
      return { parsed, lines: toSourceLines(decode(bytes).lines), names, namePattern };
    });
}

/** Characters of the corpus, as often as they occur: replacement text keeps realistic frequencies. */
function charPool(samples: Sample[]): string {
  let s = '';
  for (const x of samples) for (const l of x.lines) s += l.text.replace(/[^\u4e00-\u9fff]/g, '');
  return s;
}

/**
 * Copy k of a sample issue: years shifted, document numbers renumbered, person names replaced,
 * and about 1 character in 60 replaced by another corpus character (new words, new bigrams).
 */
function synthesize(sample: Sample, k: number, pool: string): { parsed: ParsedIssue; lines: SourceLine[]; path: string } {
  const r = rng(k * 7919 + 17);
  const yearShift = (k % 24) - 12;
  const serialShift = Math.floor(k / 3) * 100;
  const renumber = (s: string) =>
    s
      .replace(/(〔|\[|［|\(|（)\s*(\d{4})\s*(〕|\]|］|\)|）)\s*(\d{1,5})\s*号/g, (_m, o, y, c, n) => `${o}${Number(y) + yearShift}${c}${Number(n) + serialShift}号`)
      .replace(/(\d{4})(\s*)年/g, (_m, y, sp) => `${Number(y) + yearShift}${sp}年`);
  const names = new Map<string, string>();
  for (const n of sample.names) {
    names.set(n, randomName(r));
  }
  const pattern = sample.namePattern;
  const mutate = (t: string): string => {
    if (!t) return t;
    let s = /[0-9]/.test(t) ? renumber(t) : t;
    if (pattern) {
      pattern.lastIndex = 0;
      if (pattern.test(s)) s = s.replace(pattern, (m) => names.get(m) ?? m);
    }
    const n = Math.floor(s.length / 60 + r());
    for (let i = 0; i < n; i++) {
      const at = Math.floor(r() * s.length);
      const c = s.charCodeAt(at);
      if (c >= 0x4e00 && c <= 0x9fff) s = s.slice(0, at) + pool[Math.floor(r() * pool.length)]! + s.slice(at + 1);
    }
    return s;
  };
  const lines = sample.lines.map((l) => {
    const text = mutate(l.text);
    return { line: l.line, raw: text, text };
  });
  const shiftDate = (d: string | null) => (d ? `${Number(d.slice(0, 4)) + yearShift}${d.slice(4)}` : null);
  const parsed: ParsedIssue = structuredClone(sample.parsed);
  parsed.source.sha256 = createHash('sha256').update(`synthetic ${k}`).digest('hex');
  if (parsed.issue) {
    parsed.issue.year = (parsed.issue.year ?? 2020) + yearShift;
    parsed.issue.publishedOn = shiftDate(parsed.issue.publishedOn);
  }
  for (const d of parsed.documents) {
    d.title = normalizeTitle(lines, d.startLine, d.title, mutate);
    if (d.docNumber) d.docNumber = findDocNumbers(renumber(d.docNumber))[0]?.normalized ?? d.docNumber;
    d.date = shiftDate(d.date);
    d.validity.effectiveFrom = shiftDate(d.validity.effectiveFrom);
    d.validity.expiresOn = shiftDate(d.validity.expiresOn);
    for (const a of d.appointments) a.person = names.get(a.person) ?? a.person;
    for (const t of d.tasks) t.deadline = shiftDate(t.deadline);
  }
  return { parsed, lines, path: `synthetic/${String(k).padStart(6, '0')}.txt` };
}

/** The title as the mutated body prints it when it is there, else the title mutated alike. */
function normalizeTitle(lines: SourceLine[], start: number, title: string, mutate: (s: string) => string): string {
  const l = lines[start - 1];
  return l && l.text.replace(/\s+/g, '') === title ? title : mutate(title);
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Wall-clock and CPU p50/p95/p99 of one query class (sorts both arrays in place). */
function latencyPercentiles(times: number[], cpus: number[]) {
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99),
    cpu50: percentile(cpus, 50), cpu95: percentile(cpus, 95), cpu99: percentile(cpus, 99),
  };
}

function fileSize(p: string): number {
  let n = 0;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(p + suffix)) n += statSync(p + suffix).size;
  return n;
}

interface QueryClass {
  name: string;
  queries: string[];
  /** Brute-force answer for each query: ids of the documents containing it. */
  truth: Set<number>[];
}

interface Measured {
  p50: number;
  p95: number;
  p99: number;
  /** The same from the process's CPU time (user + system): what one uncontended core would see. */
  cpu50: number;
  cpu95: number;
  cpu99: number;
  recall: number;
  falseHits: number;
  n: number;
  /**
   * CPU p50/p95/max over the queries of each one's cheapest run: what the query costs once the
   * machine's noise is taken out (on 2 shared cores at load 8–10 a 1 ms query sometimes took
   * 50 ms of CPU), where the first run also pays for reading its postings.
   */
  best?: [number, number, number];
}

function measure(fn: (q: string) => number[], cls: QueryClass, repeat = 1): Measured {
  const times: number[] = [];
  const cpus: number[] = [];
  let recallSum = 0;
  let falseHits = 0;
  cls.queries.forEach((q, i) => {
    let ids: number[] = [];
    for (let k = 0; k < repeat; k++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      ids = fn(q);
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpus.push((c.user + c.system) / 1000);
    }
    const truth = cls.truth[i]!;
    const got = new Set(ids);
    let hit = 0;
    for (const id of truth) if (got.has(id)) hit++;
    for (const id of got) if (!truth.has(id)) falseHits++;
    if (hit < truth.size && process.env.BENCH_DEBUG) console.log(`  miss: ${JSON.stringify(q)} found ${hit} of ${truth.size}`);
    recallSum += truth.size ? hit / truth.size : got.size ? 0 : 1;
  });
  return {
    ...latencyPercentiles(times, cpus),
    recall: recallSum / cls.queries.length,
    falseHits,
    n: times.length,
  };
}

async function runSize(target: number, samples: Sample[], pool: string): Promise<void> {
  const QUERIES = queriesFor(target);
  const dir = join(DIR, String(target));
  const dbPath = join(dir, 'gongbao.db');
  const ftsPath = join(dir, 'fts5.db');
  // BENCH_REUSE=1 (with archives kept by BENCH_KEEP=1): measure the queries again, no ingest.
  const withFts = process.env.BENCH_FTS !== '0';
  const reuse = process.env.BENCH_REUSE === '1' && existsSync(dbPath) && (existsSync(ftsPath) || !withFts);
  if (!reuse) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  console.log(`\n=== ${target.toLocaleString('en')} documents ===${reuse ? ' (archives reused: no ingest figures)' : ''}`);

  // 1. Generate synthetic issues one by one and ingest them into the Gongbao archive; only the
  //    archive's work (ingestIssue, the final index flush) is timed.
  const archive = SqliteArchive.open(dbPath);
  let t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const stored = reuse ? (archive.db.prepare('SELECT COUNT(*) AS n FROM documents').get() as { n: number }).n : 0;
  const storedIssues = reuse ? (archive.db.prepare('SELECT COUNT(*) AS n FROM issues').get() as { n: number }).n : 0;
  const { docs, issues, ingestMs } = await fill(archive, stored, target, samples, pool, storedIssues);
  await archive.close();
  // (A reused archive filled up to the size: the rate of the documents added, at that size.)
  const ingestS = docs > stored ? ingestMs / 1000 : NaN;
  if (!reuse) console.log(`generated and stored ${issues} issues, ${docs} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  if (process.env.BENCH_PHASES === 'ingest') {
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `ingest ${Math.round((docs - stored) / ingestS)} docs/s (${docs - stored} documents in ${ingestS.toFixed(1)} s), CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s ` +
        `(generation included), ${(fileSize(dbPath) / docs / 1024).toFixed(1)} KiB/document`,
    );
    return;
  }

  // The stored text of every document as search sees it, and the numbers each mentions: the scan.
  const texts: string[] = [];
  const numbers = new Map<string, Set<number>>();
  const ids: number[] = [];
  const ourSize = fileSize(dbPath);

  // 3. Ingest the same normalized text into an FTS5 trigram table, 1,000 documents per
  //    transaction (its fast path; one issue per transaction, as the archive does, is slower).
  const fts = new Database(withFts ? ftsPath : ':memory:');
  fts.pragma('journal_mode = WAL');
  fts.pragma('synchronous = NORMAL');
  fts.pragma('cache_size = -262144'); // as the archive's connection
  if (!reuse || !withFts) fts.exec("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'trigram')");
  const ins = fts.prepare('INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)');
  const reader = SqliteArchive.open(dbPath);
  // Bodies are read one at a time (100,000 of them do not fit in memory twice).
  const rows: { id: number; title: string; doc_number: string | null }[] = [];
  for (const r of reader.db.prepare('SELECT d.id, d.title, t.body, d.doc_number FROM documents d JOIN document_texts t ON t.document_id = d.id ORDER BY d.id').iterate() as Iterable<{
    id: number;
    title: string;
    body: Uint8Array;
    doc_number: string | null;
  }>) {
    // (Stored compressed: read through the store's decoding.)
    const body = inflateText(r.body);
    rows.push({ id: r.id, title: r.title, doc_number: r.doc_number });
    ids.push(r.id);
    texts.push(normalizeForSearch(body));
    const add = (n: string) => {
      let set = numbers.get(n);
      if (!set) numbers.set(n, (set = new Set()));
      set.add(r.id);
    };
    if (r.doc_number) add(r.doc_number);
    for (const line of body.split('\n')) if (line.includes('号')) for (const f of findDocNumbers(line)) add(f.normalized);
  }
  t0 = performance.now();
  for (let i = 0; i < rows.length && !reuse && withFts; i += 1000) {
    fts.transaction(() => {
      for (let j = i; j < Math.min(rows.length, i + 1000); j++) ins.run(rows[j]!.id, normalizeForSearch(rows[j]!.title), texts[j]!);
    })();
  }
  const ftsIngestS = reuse || !withFts ? NaN : (performance.now() - t0) / 1000;
  fts.pragma('wal_checkpoint(TRUNCATE)');
  const ftsSize = withFts ? fileSize(ftsPath) : NaN;

  // 4. Queries sampled from the stored text, and their brute-force answers.
  const r = rng(target);
  const sampleSubstring = (len: number): string => {
    for (;;) {
      const t = texts[Math.floor(r() * texts.length)]!;
      if (t.length < len) continue;
      const at = Math.floor(r() * (t.length - len));
      const s = t.slice(at, at + len);
      // Chinese characters only for the 1/2/4-character classes.
      if (len <= 4 && !/^[\u4e00-\u9fff]+$/.test(s)) continue;
      if (len > 4 && !/^[\u4e00-\u9fff]/.test(s)) continue;
      return s;
    }
  };
  const scan = (q: string): Set<number> => {
    const out = new Set<number>();
    for (let i = 0; i < texts.length; i++) if (texts[i]!.includes(q)) out.add(ids[i]!);
    return out;
  };
  const spellings = (n: string): string[] => {
    const m = /^(.*)〔(\d{4})〕(\d+)号$/.exec(n)!;
    return [`${m[1]}〔${m[2]}〕${m[3]}号`, `${m[1]}[${m[2]}]${m[3]}号`, `${m[1]}(${m[2]})${m[3]}号`, `${m[1]}〔${m[2]}〕${m[3]} 号`, `${m[1]}${m[2]}年${m[3]}号`];
  };
  const storedNumbers = rows.map((x) => x.doc_number).filter((n): n is string => !!n && /〔\d{4}〕\d+号$/.test(n));
  t0 = performance.now();
  const classes: QueryClass[] = [];
  for (const [name, len] of [
    ['1 char', 1],
    ['2 chars', 2],
    ['4 chars', 4],
    ['phrase (8-12)', 10],
  ] as const) {
    const queries = Array.from({ length: QUERIES }, () => sampleSubstring(len === 10 ? 8 + Math.floor(r() * 5) : len));
    classes.push({ name, queries, truth: queries.map(scan) });
  }
  const numberQueries = Array.from({ length: QUERIES }, (_, i) => spellings(storedNumbers[Math.floor(r() * storedNumbers.length)]!)[i % 5]!);
  classes.push({
    name: 'doc number (5 spellings)',
    queries: numberQueries,
    truth: numberQueries.map((q) => numbers.get(findDocNumbers(q)[0]!.normalized) ?? new Set()),
  });
  const scanS = (performance.now() - t0) / 1000;
  // Warm-up requests (3 per class, not measured, from their own random stream): V8 compiles the
  // engine's code as a running server has it compiled — without them the first measured class
  // paid for compiling every loop of the request (up to 200 ms of CPU per request under load).
  const rw = rng(target + 1);
  const warmUp = [1, 1, 1, 2, 2, 2, 4, 4, 4].map((len) => {
    for (;;) {
      const t = texts[Math.floor(rw() * texts.length)]!;
      const at = Math.floor(rw() * Math.max(1, t.length - len));
      const q = t.slice(at, at + len);
      if (q.length === len && /^[\u4e00-\u9fff]+$/.test(q)) return `"${q}"`;
    }
  });
  reader.db.close();

  // 5. Latency and recall, for the current plan and (BENCH_OLD_PLAN=1) the plan before it
  //    (GONGBAO_SEARCH_PLAN=all-positions, see src/search/engine.ts), each on a fresh connection.
  // (In one process the plan measured second pays for the first one's garbage: for figures to
  //  compare, run the bench once per plan, GONGBAO_SEARCH_PLAN=all-positions for the old one.)
  const plans = process.env.BENCH_OLD_PLAN === '1' ? ['all-positions', 'cover'] : [process.env.GONGBAO_SEARCH_PLAN ?? 'cover'];
  const planResults = new Map<string, Measured[]>();
  // BENCH_PG=1: the same issues in PostgreSQL, measured last (as the label 'postgres').
  let pgDb: TestDatabase | null = null;
  if (process.env.BENCH_PG === '1') {
    if (!testPgUrl()) throw new Error('BENCH_PG=1 needs GONGBAO_TEST_PG_URL: run through scripts/with-postgres.sh');
    pgDb = await createTestDatabase('bench');
    const pgArchive = PgArchive.open(pgDb.url);
    const t = performance.now();
    const filled = await fill(pgArchive, 0, target, samples, pool);
    await pgArchive.close();
    console.log(`PostgreSQL: stored ${filled.docs} documents in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  for (const plan of pgDb ? [...plans, 'postgres'] : plans) {
    const label = `${plans.length > 1 || plan === 'postgres' ? `-${plan}` : ''}`;
    const measured = runRequests(
      {
        archive: plan === 'postgres' ? { pg: pgDb!.url } : { sqlite: dbPath },
        warmUp,
        classes: classes.map((cls) => ({ name: `${cls.name}${label}`, queries: cls.queries.map((q) => quote(q, cls)) })),
        cpuProfile: process.env.BENCH_CPU_PROF,
      },
      { GONGBAO_SEARCH_PLAN: plan === 'postgres' ? plans[plans.length - 1]! : plan },
      dir,
    );
    planResults.set(
      plan,
      classes.map((cls, i) => {
        const { hits, requests } = measured[i]!;
        if (process.env.BENCH_DEBUG) {
          for (const s of [...requests].sort((a, b) => b.ms - a.ms).slice(0, 4)) {
            console.log(`  slowest ${cls.name}: ${JSON.stringify(cls.queries[s.query])} run ${s.run + 1}, ${s.ms.toFixed(1)} ms (cpu ${s.cpu.toFixed(1)}), ${s.total} hits`);
          }
        }
        const m = measure((q) => hits[cls.queries.indexOf(q)]!, cls);
        const best = new Map<number, number>();
        for (const x of requests) best.set(x.query, Math.min(best.get(x.query) ?? Infinity, x.cpu));
        const bests = [...best.values()].sort((a, b) => a - b);
        const lat = latencyPercentiles(requests.map((x) => x.ms), requests.map((x) => x.cpu));
        return { ...m, ...lat, n: requests.length, best: [percentile(bests, 50), percentile(bests, 95), bests[bests.length - 1]!] as [number, number, number] };
      }),
    );
  }
  const oursResults = planResults.get(plans[plans.length - 1]!)!;
  const oldPlan = plans.length > 1 ? planResults.get('all-positions') : undefined;
  const onPg = planResults.get('postgres');
  await pgDb?.drop();

  const ftsCount = fts.prepare('SELECT COUNT(*) AS n FROM docs WHERE body MATCH ?');
  const ftsTop = fts.prepare('SELECT rowid FROM docs WHERE body MATCH ? ORDER BY rank LIMIT 20');
  const ftsAll = fts.prepare('SELECT rowid FROM docs WHERE body MATCH ?');
  const likeCount = fts.prepare('SELECT COUNT(*) AS n FROM docs WHERE body LIKE ?');
  const likeTop = fts.prepare('SELECT rowid FROM docs WHERE body LIKE ? LIMIT 20');
  const likeAll = fts.prepare('SELECT rowid FROM docs WHERE body LIKE ?');
  const ftsResults: Measured[] = [];
  for (const cls of withFts ? classes : []) {
    // Trigrams cannot answer 1-2 characters: FTS5 falls back to LIKE, a full scan (fewer runs).
    const short = cls.queries.map((q) => normalizeForSearch(q)).every((q) => q.length < 3);
    const queries = short ? cls.queries.slice(0, target > 20_000 ? 3 : 5) : cls.queries;
    const sub: QueryClass = { ...cls, queries, truth: cls.truth.slice(0, queries.length) };
    const phrase = (q: string) => `"${normalizeForSearch(q).replace(/"/g, '""')}"`;
    const like = (q: string) => `%${normalizeForSearch(q)}%`;
    const m = measure((q) => {
      if (short) {
        likeCount.get(like(q));
        likeTop.all(like(q));
        return [];
      }
      ftsCount.get(phrase(q));
      ftsTop.all(phrase(q));
      return [];
    }, { ...sub, truth: sub.queries.map(() => new Set()) });
    const recall = measure(
      (q) => ((short ? likeAll.all(like(q)) : ftsAll.all(phrase(q))) as { rowid: number }[]).map((x) => x.rowid),
      sub,
    );
    ftsResults.push({ ...m, recall: recall.recall, falseHits: recall.falseHits });
  }
  fts.close();

  // 6. Report.
  const perDoc = (bytes: number) => `${(bytes / docs / 1024).toFixed(1)} KiB`;
  console.log(`scan answers computed in ${scanS.toFixed(1)} s (${QUERIES} queries per class; latency: 3 runs each, top 20 with count, facets, snippets)`);
  console.log('');
  const W = 54;
  console.log(pad('', 26) + pad('gongbao (bigram index)', W) + 'sqlite fts5 trigram');
  const rate = (s: number, what: string, n = docs) => (Number.isNaN(s) ? '(reused archive)' : `${Math.round(n / s)} docs/s (${s.toFixed(1)} s, ${what})`);
  console.log(pad('ingest rate', 26) + pad(rate(ingestS, stored ? `the last ${docs - stored}` : 'full archive', docs - stored), W) + rate(ftsIngestS, 'text only'));
  console.log(pad('database size / document', 26) + pad(`${perDoc(ourSize)} (${(ourSize / 2 ** 20).toFixed(0)} MiB, all data)`, W) + `${perDoc(ftsSize)} (${(ftsSize / 2 ** 20).toFixed(0)} MiB)`);
  console.log('');
  console.log(pad('ms: wall p50/p95/p99', 26) + pad('[cpu p50/p95/p99]  recall', W) + '[cpu p50/p95/p99]  recall');
  classes.forEach((cls, i) => {
    const a = oursResults[i]!;
    const b = ftsResults[i];
    const fmt = (m: Measured) =>
      `${m.p50.toFixed(1)}/${m.p95.toFixed(1)}/${m.p99.toFixed(1)} [${m.cpu50.toFixed(1)}/${m.cpu95.toFixed(1)}/${m.cpu99.toFixed(1)}]  ` +
      `recall ${m.recall.toFixed(3)}${m.falseHits ? ` (+${m.falseHits} false)` : ''}`;
    console.log(pad(cls.name, 26) + pad(fmt(a), W) + (b ? fmt(b) + (b.n < a.n / 3 ? ` [LIKE scan, ${b.n} runs]` : '') : '(no FTS5: BENCH_FTS=0)'));
    if (oldPlan) console.log(pad('  plan before (all pos.)', 26) + fmt(oldPlan[i]!));
    if (onPg) console.log(pad('  on PostgreSQL', 26) + fmt(onPg[i]!));
    const best = (label: string, m: Measured | undefined) =>
      m?.best && console.log(pad(`  ${label}`, 26) + `[cpu ${m.best.map((x) => x.toFixed(1)).join('/')}] p50/p95/max of each query's best run`);
    best('best of 3 runs', a);
    if (oldPlan) best('  plan before', oldPlan[i]);
    if (onPg) best('  on PostgreSQL', onPg[i]);
  });
  console.log(`machine load average now ${os.loadavg()[0]!.toFixed(1)} (${os.cpus().length} cores)`);
  if (!KEEP) rmSync(dir, { recursive: true, force: true });
}

/**
 * Generate synthetic issues and ingest them until the archive holds `target` documents (it holds
 * `stored` documents of `firstIssue` issues), as bulk ingest does (`gongbao ingest FOLDER`):
 * batches of the archive's `ingestBatch` issues (INGEST_BATCH documents at most), one
 * transaction each; BENCH_INGEST_BATCH=1: one issue a transaction (ingestIssue), as before batches. Only the archive's work (storing, the final
 * index flush) is timed. The same issues every time, so two archives filled alike hold the same
 * documents.
 */
async function fill(archive: OpenedArchive, stored: number, target: number, samples: Sample[], pool: string, firstIssue = 0) {
  const perBatch = Number(process.env.BENCH_INGEST_BATCH ?? archive.ingestBatch);
  let ingestMs = 0;
  let docs = stored;
  let issues = 0;
  let batch: { parsed: ParsedIssue; lines: SourceLine[]; sourcePath: string }[] = [];
  let batchDocs = 0;
  const store = async () => {
    if (!batch.length) return;
    const t1 = performance.now();
    const res = perBatch === 1 ? [await archive.ingestIssue(batch[0]!)] : await archive.ingestIssues(batch);
    ingestMs += performance.now() - t1;
    for (const r of res) if (r.status !== 'inserted') throw new Error(`unexpected ${r.status}`);
    batch = [];
    batchDocs = 0;
  };
  for (let k = firstIssue; docs < target; k++) {
    const s = synthesize(samples[k % samples.length]!, k, pool);
    const room = target - docs;
    if (s.parsed.documents.length > room) s.parsed.documents = s.parsed.documents.slice(0, room);
    docs += s.parsed.documents.length;
    issues++;
    batch.push({ parsed: s.parsed, lines: s.lines, sourcePath: s.path });
    batchDocs += s.parsed.documents.length;
    if (batch.length >= perBatch || batchDocs >= INGEST_BATCH.documents) await store();
    if (process.stderr.isTTY && issues % 100 === 0) process.stderr.write(`\r${docs} documents…`);
  }
  await store();
  const t2 = performance.now();
  await archive.flushIndex();
  ingestMs += performance.now() - t2;
  return { docs, issues, ingestMs };
}

/**
 * The measured requests, in a child process holding the archive and nothing else (see
 * bench/search-requests.ts); its job and answers go through files in the work folder.
 */
function runRequests(job: RequestJob, env: Record<string, string>, dir: string): ClassRequests[] {
  const jobPath = join(dir, 'requests-job.json');
  const resultPath = join(dir, 'requests-result.json');
  writeFileSync(jobPath, JSON.stringify(job));
  // BENCH_NODE_FLAGS: V8 or Node flags for that process (e.g. --trace-gc).
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawnSync(process.execPath, [...flags, '--import', 'tsx', join(ROOT, 'bench/search-requests.ts'), jobPath, resultPath], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: 'inherit',
  });
  if (child.status !== 0) throw new Error(`the request process failed (${child.signal ?? `exit ${child.status}`})`);
  const out = JSON.parse(readFileSync(resultPath, 'utf8')) as ClassRequests[];
  rmSync(jobPath);
  rmSync(resultPath);
  return out;
}

/** Queries are run as exact phrases; document numbers as typed. */
function quote(q: string, cls: QueryClass): string {
  return cls.name.startsWith('doc number') ? q : `"${q}"`;
}

function pad(s: string, n: number): string {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return s + ' '.repeat(Math.max(1, n - w));
}

const started = performance.now();
const samples = loadSamples();
const pool = charPool(samples);
console.log(`search benchmark: ${samples.length} sample issues, sizes ${SIZES.join(', ')}, node ${process.version}, ${os.cpus()[0]?.model ?? '?'}, load ${os.loadavg()[0]!.toFixed(1)}`);
for (const size of SIZES) await runSize(size, samples, pool);
console.log(`\ntotal time ${((performance.now() - started) / 1000).toFixed(0)} s`);
