/**
 * `gongbao serve`: the JSON API and the web reader over an existing archive. Read-only unless
 * GONGBAO_TOKEN is set (then POST /api/issues with that token ingests an issue).
 */
import type { Command } from 'commander';
import { connectArchive, resolveDbPath } from '../../store/open.js';
import { closeOnSignals, resolvePort, startServer } from '../../server/start.js';
import { isClusterWorker, reportListening, runPrimary } from '../../server/cluster.js';
import { UsageError } from '../errors.js';

interface ServeOptions {
  db?: string;
  port?: string;
  host: string;
  log?: boolean;
  workers?: string;
}

/** --workers: a whole number from 1 to 64 (default 1). */
function resolveWorkers(option: string | undefined): number {
  const raw = option ?? process.env.GONGBAO_WORKERS ?? '1';
  if (!/^\d{1,2}$/.test(raw.trim()) || Number(raw) < 1 || Number(raw) > 64) throw new UsageError(`--workers must be a whole number from 1 to 64, got "${raw}"`);
  return Number(raw);
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the JSON API (/api, OpenAPI at /api/openapi.json) and the web reader')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('-p, --port <port>', 'port (default: $PORT or 8080; 0 picks a free one)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--log', 'log every request (JSON lines on stdout)')
    .option('-w, --workers <n>', 'server processes sharing the port (default: $GONGBAO_WORKERS or 1; about one per core)')
    .action(async (opts: ServeOptions) => {
      let port: number;
      try {
        port = resolvePort(opts.port);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const workers = resolveWorkers(opts.workers);
      if (workers > 1 && !isClusterWorker()) {
        // Check the archive and index what an interrupted ingest left, once, before forking.
        const archive = await connectArchive(resolveDbPath(opts.db), { mustExist: true });
        try {
          await archive.flushIndex();
        } finally {
          await archive.close();
        }
        const url = await runPrimary(workers, (line) => process.stderr.write(line));
        const token = process.env.GONGBAO_TOKEN || undefined;
        process.stdout.write(`Gongbao API and reader: ${url} (${workers} workers, ${token ? 'ingest enabled with GONGBAO_TOKEN' : 'read-only'})\n`);
        return;
      }
      const archive = await connectArchive(resolveDbPath(opts.db), { mustExist: true });
      const token = process.env.GONGBAO_TOKEN || undefined;
      let started;
      try {
        started = await startServer({ archive, port, host: opts.host, token, logger: !!opts.log });
      } catch (e) {
        await archive.close();
        throw e;
      }
      closeOnSignals(started.app, archive);
      if (isClusterWorker()) return reportListening(started.url);
      process.stdout.write(`Gongbao API and reader: ${started.url} (${token ? 'ingest enabled with GONGBAO_TOKEN' : 'read-only'})\n`);
    });
}
