/**
 * `gongbao serve`: the JSON API and the web reader over an existing archive. Read-only unless
 * GONGBAO_TOKEN is set (then POST /api/issues with that token ingests an issue).
 */
import type { Command } from 'commander';
import type { OpenedArchive } from '../../store/open.js';
import { UsageError } from '../errors.js';
import { warnOnStderr } from '../output.js';

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

/**
 * The archive to serve: opened for writing, with what an interrupted ingest left indexed first (and
 * GONGBAO_TOKEN's ingest needs it). On a full disk neither can happen, but reading can: the archive
 * is then served read-only as it is, with a warning, and no token is passed on (the API takes no ingest).
 */
async function openForServing(db: string, token: string | undefined): Promise<{ archive: OpenedArchive; token: string | undefined }> {
  const [{ connectArchive, connectReader }, { fullDiskNote }] = await Promise.all([import('../../store/open.js'), import('../disk.js')]);
  let archive: OpenedArchive | null = null;
  try {
    archive = await connectArchive(db, { mustExist: true });
    await archive.flushIndex();
    return { archive, token };
  } catch (e) {
    await archive?.close().catch(() => {});
    const full = fullDiskNote(db);
    if (!full) throw e;
    warnOnStderr(`${full}: serving the archive read-only as it is${token ? ', without ingest (GONGBAO_TOKEN ignored)' : ''} (${(e as Error).message})`);
    return { archive: await connectReader(db, { onWarning: warnOnStderr }), token: undefined };
  }
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
      const [{ resolveDbPath }, { closeOnSignals, resolvePort, startServer }, { isClusterWorker, reportListening, runPrimary }] = await Promise.all([
        import('../../store/open.js'),
        import('../../server/start.js'),
        import('../../server/cluster.js'),
      ]);
      let port: number;
      try {
        port = resolvePort(opts.port);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const workers = resolveWorkers(opts.workers);
      if (workers > 1 && !isClusterWorker()) {
        // Check the archive and index what an interrupted ingest left, once, before forking.
        const { archive, token } = await openForServing(resolveDbPath(opts.db), process.env.GONGBAO_TOKEN || undefined);
        await archive.close();
        const url = await runPrimary(workers, (line) => process.stderr.write(line));
        process.stdout.write(`Gongbao API and reader: ${url} (${workers} workers, ${token ? 'ingest enabled with GONGBAO_TOKEN' : 'read-only'})\n`);
        return;
      }
      const { archive, token } = await openForServing(resolveDbPath(opts.db), process.env.GONGBAO_TOKEN || undefined);
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
