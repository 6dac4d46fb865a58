/**
 * `gongbao serve --workers N`: N server processes sharing one port (node:cluster), so that a
 * server with several cores answers several requests at once and one slow request does not hold
 * up the others. The primary process prepares the archive once (indexing what an interrupted
 * ingest left), forks the workers, prints the address when they all listen, replaces a worker
 * that dies, and stops them all on Ctrl-C / SIGTERM. Each worker opens the archive itself;
 * answers kept in memory (src/store/memo.ts) follow writes made by any process.
 */
import cluster, { type Worker } from 'node:cluster';

export interface WorkerReady {
  type: 'gongbao-listening';
  url: string;
}

const isReady = (m: unknown): m is WorkerReady => typeof m === 'object' && m !== null && (m as WorkerReady).type === 'gongbao-listening';

/** In a worker: tell the primary the server listens. */
export function reportListening(url: string): void {
  process.send?.({ type: 'gongbao-listening', url } satisfies WorkerReady);
}

export const isClusterWorker = (): boolean => cluster.isWorker;

/** In the primary: fork `n` workers; resolves with the URL once all of them listen. */
export function runPrimary(n: number, log: (line: string) => void): Promise<string> {
  let stopping = false;
  let started = 0;
  return new Promise((resolve, reject) => {
    const fork = (): Worker => {
      const w = cluster.fork();
      w.on('message', (m) => {
        if (!isReady(m)) return;
        started++;
        if (started === n) resolve(m.url);
      });
      return w;
    };
    cluster.on('exit', (w, code, signal) => {
      if (stopping) return;
      if (started < n) {
        // A worker that could not start (port taken, archive missing) will not start on a retry.
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.kill();
        reject(new Error(`a server worker exited while starting (${signal ?? `exit code ${code}`})`));
        return;
      }
      log(`gongbao serve: worker ${w.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another\n`);
      fork();
    });
    const stop = () => {
      stopping = true;
      const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
      let left = live.length;
      if (!left) process.exit(0);
      for (const w of live) {
        w.once('exit', () => {
          if (--left === 0) process.exit(0);
        });
        w.process.kill('SIGTERM');
      }
      // A worker busy with a long request may not get to its handler.
      setTimeout(() => process.exit(0), 10_000).unref();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    for (let i = 0; i < n; i++) fork();
  });
}
