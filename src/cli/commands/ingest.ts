/**
 * `gongbao ingest PATH…`: parse gazette files (folders recursively) and store them in the archive.
 * A progress bar on a terminal, one line per file otherwise, then a summary. Unchanged files are
 * skipped; a changed file replaces its issue in one transaction; a bad file is reported and skipped.
 * A changed file whose parse has far fewer documents than its stored issue is refused (the stored
 * version stays, exit code 1) unless --force.
 */
import type { Command } from 'commander';
import { relative } from 'node:path';
import cliProgress from 'cli-progress';
import { parseIssueWithLines } from '../../parse.js';
import { PARSER_VERSION } from '../../version.js';
import { describeDb, openArchive, resolveDbPath } from '../../store/open.js';
import { collectFiles, fewerDocumentsMessage, ingestFiles, type FileOutcome } from '../../store/ingest-files.js';
import { UsageError } from '../errors.js';

interface IngestOptions {
  db?: string;
  json?: boolean;
  force?: boolean;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('parse gazette files (folders recursively) and store them in the archive')
    .argument('<paths...>', 'files or folders (folders: *.txt, *.text, *.md, *.markdown)')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('--json', 'print the summary as JSON')
    .option('--force', 'replace a stored issue even by a parse with far fewer documents')
    .action(async (paths: string[], opts: IngestOptions) => {
      let files: string[];
      try {
        files = await collectFiles(paths);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      if (!files.length) throw new UsageError(`no gazette files found in ${paths.join(', ')}`);
      const dbPath = resolveDbPath(opts.db);
      const archive = openArchive(dbPath);
      const tty = process.stderr.isTTY === true;
      const bar = tty
        ? new cliProgress.SingleBar(
            { format: 'ingest [{bar}] {value}/{total} files | {docs} documents | {file}', hideCursor: true, stream: process.stderr },
            cliProgress.Presets.shades_classic,
          )
        : null;
      let docs = 0;
      const show = (p: string) => {
        const rel = relative(process.cwd(), p);
        return rel && !rel.startsWith('..') ? rel : p;
      };
      const refusal = (o: FileOutcome) => fewerDocumentsMessage(show(o.path), o.refused!);
      bar?.start(files.length, 0, { docs: 0, file: '' });
      const onFile = (o: FileOutcome, done: number, total: number) => {
        if (o.result && (o.result.status === 'inserted' || o.result.status === 'replaced')) docs += o.result.documents;
        if (bar) {
          bar.update(done, { docs, file: show(o.path) });
          if (o.error) {
            bar.stop();
            process.stderr.write(o.refused ? `REFUSED ${refusal(o)}\n` : `failed  ${show(o.path)}: ${o.error}\n`);
            bar.start(total, done, { docs, file: '' });
          }
          return;
        }
        const what = o.refused
          ? `REFUSED   ${refusal(o)}`
          : o.error
          ? `failed    ${show(o.path)}: ${o.error}`
          : o.result!.status === 'duplicate'
            ? `duplicate ${show(o.path)} (same content as ${show(o.result!.duplicateOf ?? '?')})`
            : `${o.result!.status.padEnd(9)} ${show(o.path)} (${o.result!.documents} documents, ${o.result!.warnings} warnings)`;
        process.stderr.write(`[${done}/${total}] ${what}\n`);
      };
      let summary;
      try {
        summary = await ingestFiles(archive, files, parseIssueWithLines, PARSER_VERSION, onFile, { force: opts.force === true });
      } finally {
        bar?.stop();
        await archive.close();
      }
      if (opts.json) {
        const listed = (list: FileOutcome[]) => list.map((f) => ({ path: f.path, error: f.error, ...(f.refused ? { documents: f.refused } : {}) }));
        process.stdout.write(JSON.stringify({ db: describeDb(dbPath), ...summary, failed: listed(summary.failed), refused: listed(summary.refused) }) + '\n');
      } else {
        const parts = [
          `${summary.files} files`,
          `${summary.inserted} new`,
          `${summary.replaced} replaced`,
          `${summary.unchanged} unchanged`,
          ...(summary.duplicate ? [`${summary.duplicate} duplicate`] : []),
          ...(summary.refused.length ? [`${summary.refused.length} REFUSED (fewer documents than stored; --force replaces)`] : []),
          `${summary.failed.length} failed`,
        ];
        process.stdout.write(
          `${parts.join(', ')}; stored ${summary.documents} documents, ${summary.warnings} warnings in ${(summary.ms / 1000).toFixed(1)} s → ${describeDb(dbPath)}\n`,
        );
      }
      if (summary.failed.length || summary.refused.length) process.exitCode = 1;
    });
}
