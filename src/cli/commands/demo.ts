/**
 * `gongbao demo` (what `npm start` runs): ingest the bundled sample issues into the archive when
 * they are not there yet (ingest is idempotent), then serve the web reader and print its address.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { forTerminal } from '../terminal.js';

interface DemoOptions {
  db?: string;
  port?: string;
  host: string;
}

/** The files the demo ingests: fixtures/demo-files.txt, one path a line (# comments). */
export function demoFiles(root: string): string[] {
  return readFileSync(join(root, 'fixtures', 'demo-files.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => join(root, l));
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('ingest the bundled sample issues (if not already there) and serve the web reader')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('-p, --port <port>', 'port (default: $PORT or 8080)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (opts: DemoOptions) => {
      const [{ parseFileWithLines }, { PARSER_VERSION }, { describeDb, openArchive, resolveDbPath }, { ingestFiles }, { packageRoot }, { closeOnSignals, resolvePort, startServer }] =
        await Promise.all([
          import('../../parse.js'),
          import('../../version.js'),
          import('../../store/open.js'),
          import('../../store/ingest-files.js'),
          import('../../server/assets.js'),
          import('../../server/start.js'),
        ]);
      // The sample issues shipped with the package, whatever the working directory.
      const files = demoFiles(packageRoot());
      let port: number;
      try {
        port = resolvePort(opts.port);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const dbPath = resolveDbPath(opts.db);
      const archive = openArchive(dbPath);
      let started;
      try {
        const summary = await ingestFiles(archive, files, parseFileWithLines, PARSER_VERSION);
        const stored = summary.inserted + summary.replaced;
        process.stderr.write(
          stored
            ? `Ingested ${stored} sample issue(s) (${summary.documents} documents) into ${describeDb(dbPath)}\n`
            : `Sample issues already in ${describeDb(dbPath)}\n`,
        );
        for (const f of [...summary.failed, ...summary.refused]) process.stderr.write(forTerminal(`${f.refused ? 'REFUSED' : 'failed'} ${f.path}: ${f.error}`) + '\n');
        started = await startServer({ archive, port, host: opts.host, token: process.env.GONGBAO_TOKEN || undefined });
      } catch (e) {
        await archive.close();
        throw e;
      }
      closeOnSignals(started.app, archive);
      process.stdout.write(`Gongbao reader: ${started.url}\n`);
    });
}
