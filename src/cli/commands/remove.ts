/**
 * `gongbao remove ISSUE…`: remove stored issues and everything that came from them — documents,
 * facts, search index entries, pages, the original file when no other issue uses it. Citations in
 * other issues that pointed at their documents are resolved again (to another stored document, or
 * left unresolved until the issue is ingested again).
 *
 * An ISSUE is an id (as `gongbao list` shows it, `#` optional), the path of the stored file (as
 * given to ingest, relative or absolute; uploads as `upload:NAME`), or the masthead: 刊名, 年 and
 * 期 as `刊名:2024:3` or `刊名2024年第3期`. Every ISSUE is looked up first; if one matches no
 * stored issue, or a masthead matches several, nothing is removed (exit 1).
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { IssueSummary } from '../../store/archive.js';
import { printJson } from '../output.js';
import { forTerminal } from '../terminal.js';
import { UsageError } from '../errors.js';

interface RemoveOptions {
  db?: string;
  json?: boolean;
}

const MASTHEAD = /^(.+?)\s*(?:[:：]\s*(\d{4})\s*[:：]\s*|(\d{4})\s*年\s*第?\s*)(\d{1,4})\s*期?$/;

/** The stored issues an ISSUE argument names (an empty list: none). */
export function issuesNamed(ref: string, issues: IssueSummary[]): IssueSummary[] {
  const id = /^#?(\d+)$/.exec(ref.trim());
  if (id) return issues.filter((i) => i.id === Number(id[1]));
  const paths = new Set([ref, resolve(ref), `upload:${ref}`]);
  const byPath = issues.filter((i) => paths.has(i.sourcePath));
  if (byPath.length) return byPath;
  const m = MASTHEAD.exec(ref.trim());
  if (!m) return [];
  const [title, year, number] = [m[1]!.trim(), Number(m[2] ?? m[3]), Number(m[4])];
  return issues.filter((i) => i.title === title && i.year === year && i.number === number);
}

export function registerRemove(program: Command): void {
  program
    .command('remove')
    .description('remove stored issues and everything that came from them (by id, path, or 刊名:年:期)')
    .argument('<issues...>', 'ids (see `gongbao list`), stored file paths, or mastheads as 刊名:2024:3 or 刊名2024年第3期')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('--json', 'print the removed issues as JSON')
    .action(async (refs: string[], opts: RemoveOptions) => {
      const [{ connectArchive }, { alignColumns }, { issueCells }] = await Promise.all([
        import('../../store/open.js'),
        import('../format-text.js'),
        import('./list.js'),
      ]);
      if (refs.some((r) => !r.trim())) throw new UsageError('remove: an ISSUE is empty');
      const archive = await connectArchive(opts.db, { mustExist: true });
      try {
        const stored = await archive.listIssues();
        const chosen = new Map<number, IssueSummary>();
        for (const ref of refs) {
          const found = issuesNamed(ref, stored);
          if (!found.length) throw new Error(`no stored issue is ${JSON.stringify(ref)} (an id, a stored file path, or 刊名:年:期; see \`gongbao list\`): nothing removed`);
          if (found.length > 1) {
            throw new Error(`${JSON.stringify(ref)} names ${found.length} issues (${found.map((i) => `#${i.id}`).join(', ')}): give the id; nothing removed`);
          }
          chosen.set(found[0]!.id, found[0]!);
        }
        const removed: IssueSummary[] = [];
        for (const issue of chosen.values()) if (await archive.deleteIssue(issue.id)) removed.push(issue);
        if (opts.json) return printJson(removed);
        process.stdout.write((await alignColumns(removed.map((i) => ['removed', ...issueCells(i)]))).join('\n') + '\n');
      } finally {
        await archive.close();
      }
    });
}
