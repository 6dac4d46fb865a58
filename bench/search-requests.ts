/**
 * The measured search requests of bench/search.ts, in a process of their own that holds the
 * archive and nothing else, as a server does. In the benchmark's own process the brute-force
 * scan's texts (≈ 1 GB of strings at 100,000 documents) made young-generation collections take
 * 7–40 ms instead of 3–4, and those pauses were most of the slow requests it reported.
 *
 *   node --import tsx bench/search-requests.ts JOB.json RESULT.json   (run by bench/search.ts)
 *
 * For each class: a recall pass (every hit, no facets or snippets; it also leaves the posting
 * rows cached, as on a server that answered the same words recently), a full garbage collection
 * and a pause while V8 finishes it in the background, then each query three times, each at its
 * own `asOf` (no ranking kept by the engine answers it), as a normal request: top 20 with total,
 * facets and snippets.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { SqliteArchive } from '../src/store/sqlite.js';
import { PgArchive } from '../src/store/pg/archive.js';

export interface RequestJob {
  /** An SQLite file or a PostgreSQL URL. */
  archive: { sqlite: string } | { pg: string };
  /** Requests sent before any class (not measured), as a running server has its code compiled. */
  warmUp: string[];
  classes: { name: string; queries: string[] }[];
  /** A CPU profile of each class's measured requests: written to `${cpuProfile}-<class>.cpuprofile`. */
  cpuProfile?: string;
}

export interface ClassRequests {
  /** Every hit's id, per query (the recall pass). */
  hits: number[][];
  /** Wall and CPU ms of each measured request, with the query's index and run. */
  requests: { query: number; run: number; ms: number; cpu: number; total: number }[];
}

async function run(job: RequestJob): Promise<ClassRequests[]> {
  const archive = 'pg' in job.archive ? PgArchive.open(job.archive.pg) : SqliteArchive.open(job.archive.sqlite);
  try {
    await archive.search('预热', { limit: 20 }); // load metadata once (as a running server has it)
    for (const q of job.warmUp) await archive.search(q, { limit: 20, asOf: '2098-12-31' });
    const out: ClassRequests[] = [];
    for (const cls of job.classes) {
      const hits: number[][] = [];
      for (const q of cls.queries) hits.push((await archive.search(q, { limit: 1e9, facets: false, snippets: false })).hits.map((h) => h.id));
      // The recall pass built every hit of up to 100,000 matches: collect that garbage now, or
      // the measured requests pay for it.
      collectGarbage();
      await afterCollection();
      const requests: ClassRequests['requests'] = [];
      const profiler = job.cpuProfile ? await startProfile() : null;
      for (let run = 0; run < 3; run++) {
        const asOf = `2099-01-${String(run + 1).padStart(2, '0')}`;
        for (let query = 0; query < cls.queries.length; query++) {
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          const res = await archive.search(cls.queries[query]!, { limit: 20, asOf });
          const ms = performance.now() - t0;
          const c = process.cpuUsage(c0);
          requests.push({ query, run, ms, cpu: (c.user + c.system) / 1000, total: res.total });
        }
      }
      if (profiler) await stopProfile(profiler, `${job.cpuProfile}-${cls.name.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '')}.cpuprofile`);
      out.push({ hits, requests });
    }
    return out;
  } finally {
    await archive.close();
  }
}

/** A full garbage collection (V8's gc(), reached without --expose-gc on the command line). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/**
 * Waits while the collection just forced finishes in the background. V8 sweeps the freed pages
 * on helper threads after it: a request sent at once ran beside that sweeping (its process's CPU
 * twice its wall time, no collection on its own thread), and the first run of every query of a
 * class came right after it — 2-character p95 9.9 ms against 4.6 with this pause (docs/search.md,
 * eleventh round). A server between requests has that moment; the benchmark's own forced
 * collection is not a request's cost. Collections that the measured requests cause still count.
 */
function afterCollection(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 500));
}

async function startProfile(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session: Session, file: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  console.log(`CPU profile: ${file}`);
}

const [jobPath, resultPath] = process.argv.slice(2);
if (jobPath && resultPath) writeFileSync(resultPath, JSON.stringify(await run(JSON.parse(readFileSync(jobPath, 'utf8')) as RequestJob)));
