/**
 * `gongbao backup FILE`: a consistent copy of an SQLite archive, safe while a server or an ingest
 * writes to it (SQLite's online backup; copying the file itself misses what is still in the
 * write-ahead log). A PostgreSQL archive is backed up with pg_dump: the command says so and exits
 * 1, since it wrote nothing.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { printJson, warnOnStderr } from '../output.js';
import { forTerminal } from '../terminal.js';

interface BackupOptions {
  db?: string;
  json?: boolean;
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('write a consistent copy of the SQLite archive to FILE, also while a server writes to it (PostgreSQL: use pg_dump)')
    .argument('<file>', 'the copy to write (must not exist)')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('--json', 'print what was copied as JSON')
    .action(async (file: string, opts: BackupOptions) => {
      const [{ connectReader, describeDb, isPostgresUrl, resolveDbPath }, { plural }] = await Promise.all([import('../../store/open.js'), import('../plural.js')]);
      const db = resolveDbPath(opts.db);
      if (isPostgresUrl(db)) {
        throw new Error(`a PostgreSQL archive is backed up with pg_dump, not gongbao: pg_dump --format=custom --file=${file} '${describeDb(db)}' (restore with pg_restore); nothing written`);
      }
      if (existsSync(file)) throw new Error(`${file} exists: give a new file name (a backup never overwrites)`);
      const started = performance.now();
      const archive = await connectReader(db, { onWarning: warnOnStderr });
      try {
        if (!archive.backupTo) throw new Error('this archive cannot be backed up by gongbao');
        const copied = await archive.backupTo(file);
        if (opts.json) return printJson({ db: describeDb(db), file, ...copied });
        const mib = (copied.bytes / 1024 / 1024).toFixed(1);
        process.stdout.write(
          forTerminal(`backed up ${describeDb(db)} → ${file}: ${plural(copied.issues, 'issue')}, ${plural(copied.documents, 'document')}, ${mib} MiB in ${((performance.now() - started) / 1000).toFixed(1)} s`) + '\n',
        );
      } finally {
        await archive.close();
      }
    });
}
