/**
 * `gongbao ingest PATH…`: parse gazette files (folders recursively) and store them in the archive.
 * A progress bar on a terminal, one line per file otherwise, then a summary. Unchanged files are
 * skipped; a changed file replaces its issue in one transaction; a bad file is reported and skipped.
 * A changed file whose parse has far fewer documents than its stored issue is refused (the stored
 * version stays, exit code 1) unless --force. When the disk fills up the files stored so far stay
 * stored: the summary says what was stored, and one line says that the disk is full.
 * A file in which nothing of a gazette is found is skipped (one line says why); when every file
 * was skipped, nothing was stored and the exit code is 1. The same issue from another file (same
 * masthead or same documents) is reported as a duplicate of the stored one and not stored.
 */
import type { Command } from 'commander';
import { relative } from 'node:path';
import type { OpenedArchive } from '../../store/open.js';
import type { FileOutcome } from '../../store/ingest-files.js';
import type { IngestResult } from '../../store/archive.js';
import { UsageError } from '../errors.js';
import { printJson } from '../output.js';
import { forTerminal } from '../terminal.js';
import { addOcrOptions, ocrParseOptions, type OcrCliOptions } from '../ocr-options.js';

interface IngestOptions extends OcrCliOptions {
  db?: string;
  json?: boolean;
  force?: boolean;
}

/**
 * The archive with a failed index flush kept aside instead of thrown: the search index is derived
 * data (documents not yet indexed are scanned by search and indexed by the next writer), so a
 * flush that fails — on a full disk — must not cost the summary of what was stored.
 */
function keepFlushFailure(archive: OpenedArchive, failed: (e: unknown) => void): OpenedArchive {
  return new Proxy(archive, {
    get(target, key) {
      if (key === 'flushIndex') {
        return async () => {
          try {
            await target.flushIndex();
          } catch (e) {
            failed(e);
          }
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Why a file was not stored as a new issue: the stored issue it duplicates, and what matched. */
function duplicateNote(r: IngestResult, show: (path: string) => string): string {
  const of = `#${r.issueId} ${show(r.duplicateOf ?? '?')}`;
  switch (r.duplicateBy) {
    case 'masthead':
      return `the same issue (刊名, 年, 期) as ${of}; kept the stored one (\`gongbao remove ${r.issueId}\` first to store this file instead)`;
    case 'documents':
      return `the same documents as ${of}; kept the stored one (\`gongbao remove ${r.issueId}\` first to store this file instead)`;
    default:
      return `same content as ${show(r.duplicateOf ?? '?')}`;
  }
}

export function registerIngest(program: Command): void {
  const command = program
    .command('ingest')
    .description('parse gazette files (folders recursively) and store them in the archive')
    .argument('<paths...>', 'files or folders (folders: *.pdf, *.txt, *.text, *.md, *.markdown)')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('--json', 'print the summary as JSON')
    .option('--force', 'replace a stored issue even by a parse with far fewer documents');
  addOcrOptions(command).action(async (paths: string[], opts: IngestOptions) => {
      const ocr = await ocrParseOptions(opts);
      const [{ parseFileWithLines }, { PARSER_VERSION }, { describeDb, openArchive, resolveDbPath }, { collectFiles, fewerDocumentsMessage, ingestFiles }, { default: cliProgress }, { plural }, { fullDiskNote }] =
        await Promise.all([
          import('../../parse.js'),
          import('../../version.js'),
          import('../../store/open.js'),
          import('../../store/ingest-files.js'),
          import('cli-progress'),
          import('../plural.js'),
          import('../disk.js'),
        ]);
      let files: string[];
      try {
        files = await collectFiles(paths);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      if (!files.length) throw new UsageError(`no gazette files found in ${paths.join(', ')}`);
      const dbPath = resolveDbPath(opts.db);
      let archive: OpenedArchive;
      try {
        archive = openArchive(dbPath);
      } catch (e) {
        const full = fullDiskNote(dbPath);
        throw full ? new Error(`${full}: nothing ingested (${(e as Error).message})`) : e;
      }
      const tty = process.stderr.isTTY === true;
      const bar = tty
        ? new cliProgress.SingleBar(
            { format: 'ingest [{bar}] {value}/{total} files | {docs} documents | {file}', hideCursor: true, stream: process.stderr },
            cliProgress.Presets.shades_classic,
          )
        : null;
      let docs = 0;
      // File names and messages go to the terminal: made safe there (the archive keeps them as they are).
      const show = (p: string) => {
        const rel = relative(process.cwd(), p);
        return forTerminal(rel && !rel.startsWith('..') ? rel : p);
      };
      const refusal = (o: FileOutcome) => fewerDocumentsMessage(show(o.path), o.refused!);
      bar?.start(files.length, 0, { docs: 0, file: '' });
      const onFile = (o: FileOutcome, done: number, total: number) => {
        if (o.result && (o.result.status === 'inserted' || o.result.status === 'replaced')) docs += o.result.documents;
        if (bar) {
          bar.update(done, { docs, file: show(o.path) });
          const note = o.refused
            ? `REFUSED ${refusal(o)}`
            : o.error
              ? `failed  ${show(o.path)}: ${forTerminal(o.error)}`
              : o.skipped
                ? `skipped ${show(o.path)}: ${o.skipped}`
                : o.result?.status === 'duplicate' && o.result.duplicateBy !== 'content'
                  ? `duplicate ${show(o.path)}: ${duplicateNote(o.result, show)}`
                  : null;
          if (note) {
            bar.stop();
            process.stderr.write(`${note}\n`);
            bar.start(total, done, { docs, file: '' });
          }
          return;
        }
        const what = o.refused
          ? `REFUSED   ${refusal(o)}`
          : o.error
          ? `failed    ${show(o.path)}: ${forTerminal(o.error)}`
          : o.skipped
            ? `skipped   ${show(o.path)}: ${o.skipped}`
            : o.result!.status === 'duplicate'
              ? `duplicate ${show(o.path)}: ${duplicateNote(o.result!, show)}`
              : `${o.result!.status.padEnd(9)} ${show(o.path)} (${plural(o.result!.documents, 'document')}, ${plural(o.result!.warnings, 'warning')})`;
        process.stderr.write(`[${done}/${total}] ${what}\n`);
      };
      let indexError: unknown = null;
      let closeError: unknown = null;
      let summary;
      try {
        const parse = (bytes: Uint8Array, o: { fileName?: string }) => parseFileWithLines(bytes, { ...o, ...ocr });
        summary = await ingestFiles(keepFlushFailure(archive, (e) => (indexError = e)), files, parse, PARSER_VERSION, onFile, { force: opts.force === true });
      } finally {
        bar?.stop();
        try {
          await archive.close();
        } catch (e) {
          closeError = e;
        }
      }
      if (opts.json) {
        // One line, as scripts read it.
        const listed = (list: FileOutcome[]) => list.map((f) => ({ path: f.path, error: f.error, ...(f.refused ? { documents: f.refused } : {}) }));
        printJson(
          {
            db: describeDb(dbPath),
            ...summary,
            failed: listed(summary.failed),
            refused: listed(summary.refused),
            skipped: summary.skipped.map((f) => ({ path: f.path, reason: f.skipped })),
          },
          0,
        );
      } else {
        const parts = [
          plural(summary.files, 'file'),
          `${summary.inserted} new`,
          `${summary.replaced} replaced`,
          `${summary.unchanged} unchanged`,
          ...(summary.duplicate ? [`${summary.duplicate} duplicate`] : []),
          ...(summary.skipped.length ? [`${summary.skipped.length} skipped (not a gazette)`] : []),
          ...(summary.refused.length ? [`${summary.refused.length} REFUSED (fewer documents than stored; --force replaces)`] : []),
          `${summary.failed.length} failed`,
        ];
        process.stdout.write(
          forTerminal(
            `${parts.join(', ')}; stored ${plural(summary.documents, 'document')}, ${plural(summary.warnings, 'warning')} in ${(summary.ms / 1000).toFixed(1)} s → ${describeDb(dbPath)}`,
          ) + '\n',
        );
      }
      const trouble = summary.failed.length > 0 || indexError !== null || closeError !== null;
      const full = trouble ? fullDiskNote(dbPath) : null;
      if (full) {
        const notStored = summary.failed.length ? `${plural(summary.failed.length, 'file')} not stored` : 'every file stored';
        process.stderr.write(`gongbao: ${forTerminal(full)}: ${notStored}; free some space and run the same ingest again (stored files are skipped)\n`);
      } else {
        for (const [what, e] of [['the search index could not be written', indexError], ['the archive did not close cleanly', closeError]] as const) {
          if (e) process.stderr.write(`gongbao: ${what}: ${forTerminal((e as Error).message)}\n`);
        }
      }
      // Every file skipped: nothing of a gazette anywhere in what was named — most likely the wrong
      // paths, so say so and fail (a folder with a README beside its issues is fine).
      const nothing = summary.skipped.length > 0 && summary.skipped.length === summary.files;
      if (nothing && !opts.json) process.stderr.write(`gongbao: nothing stored: no gazette found in ${plural(summary.files, 'file')}\n`);
      if (trouble || summary.refused.length || nothing) process.exitCode = 1;
    });
}
