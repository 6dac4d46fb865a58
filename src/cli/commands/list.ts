/**
 * `gongbao list`: the issues stored in the archive, one a line — id, 刊名, 年, 期, documents,
 * source file, when it was ingested — by year and number; `--json` prints them for scripts.
 */
import type { Command } from 'commander';
import { relative } from 'node:path';
import type { IssueSummary } from '../../store/archive.js';
import { printJson, warnOnStderr } from '../output.js';
import { forTerminal } from '../terminal.js';

interface ListOptions {
  db?: string;
  json?: boolean;
}

/** A stored path as the user typed it: relative to the working folder when inside it. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !path.startsWith('upload:') ? rel : path;
}

/** The cells of one issue's line (terminal-safe). */
export function issueCells(i: IssueSummary): string[] {
  return [
    `#${i.id}`,
    i.title ?? '(no masthead)',
    i.year === null ? '-' : `${i.year}年`,
    i.number === null ? '-' : `第${i.number}期`,
    `${i.documentCount} doc${i.documentCount === 1 ? '' : 's'}`,
    // (ISO time to the minute, UTC as stored)
    i.ingestedAt.slice(0, 16).replace('T', ' '),
    shownPath(i.sourcePath),
  ].map(forTerminal);
}

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list the stored issues: id, 刊名, 年, 期, documents, ingested at, source file')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('--json', 'print the issues as JSON')
    .action(async (opts: ListOptions) => {
      const [{ connectReader, describeDb, resolveDbPath }, { alignColumns }] = await Promise.all([import('../../store/open.js'), import('../format-text.js')]);
      const archive = await connectReader(opts.db, { onWarning: warnOnStderr });
      try {
        const issues = await archive.listIssues();
        if (opts.json) return printJson(issues);
        if (!issues.length) {
          process.stderr.write(`no issues stored in ${forTerminal(describeDb(resolveDbPath(opts.db)))}\n`);
          return;
        }
        process.stdout.write((await alignColumns(issues.map(issueCells))).join('\n') + '\n');
      } finally {
        await archive.close();
      }
    });
}
