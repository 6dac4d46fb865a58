/**
 * `gongbao serve`: the JSON API and the web reader over an existing archive. Read-only unless
 * GONGBAO_TOKEN is set (then POST /api/issues with that token ingests an issue).
 */
import type { Command } from 'commander';
import { connectArchive, resolveDbPath } from '../../store/open.js';
import { closeOnSignals, resolvePort, startServer } from '../../server/start.js';
import { UsageError } from '../errors.js';

interface ServeOptions {
  db?: string;
  port?: string;
  host: string;
  log?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the JSON API (/api, OpenAPI at /api/openapi.json) and the web reader')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('-p, --port <port>', 'port (default: $PORT or 8080; 0 picks a free one)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--log', 'log every request (JSON lines on stdout)')
    .action(async (opts: ServeOptions) => {
      let port: number;
      try {
        port = resolvePort(opts.port);
      } catch (e) {
        throw new UsageError((e as Error).message);
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
      process.stdout.write(`Gongbao API and reader: ${started.url} (${token ? 'ingest enabled with GONGBAO_TOKEN' : 'read-only'})\n`);
    });
}
