/**
 * `gongbao export KIND`: documents, appointments, tasks or citations of the archive as JSON Lines,
 * CSV (UTF-8 with BOM, for spreadsheet programs), a Markdown table or an .xlsx spreadsheet, to
 * stdout or a file. The format comes from --format, else from the --out file's extension; an
 * extension that names no format (or another one than --format) is a usage error, never a
 * silently mislabelled file.
 */
import type { Command } from 'commander';
import type { Writable } from 'node:stream';
import type { ExportKind } from '../../store/archive.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../exports/formats.js';
import { UsageError } from '../errors.js';
import { warnOnStderr } from '../output.js';
import { forTerminalLines, jsonForTerminal } from '../terminal.js';

const KINDS: readonly ExportKind[] = ['documents', 'appointments', 'tasks', 'citations'];

/** Column names of each kind, for an empty export's header. */
const EMPTY_COLUMNS: Record<ExportKind, string[]> = {
  documents: ['id', 'title', 'doc_number', 'date'],
  appointments: ['id', 'document_id', 'person', 'action', 'post'],
  tasks: ['id', 'document_id', 'text', 'leads', 'cooperators', 'deadline'],
  citations: ['id', 'document_id', 'kind', 'cited_title', 'cited_doc_number', 'target_id'],
};

/** Names a format goes by, in --format and as a file extension. */
const FORMAT_NAMES: Record<string, ExportFormat> = {
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'jsonl',
  csv: 'csv',
  md: 'md',
  markdown: 'md',
  xlsx: 'xlsx',
};

interface ExportOptions {
  db?: string;
  format?: string;
  out?: string;
}

/** The format to write, from --format and the --out file's extension; a UsageError when they do not say one. */
export function exportFormat(format: string | undefined, out: string | undefined): ExportFormat {
  const named = format === undefined ? undefined : FORMAT_NAMES[format.toLowerCase()];
  if (format !== undefined && !named) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${format}"`);
  const ext = out ? /\.([^./\\]+)$/.exec(out)?.[1]?.toLowerCase() : undefined;
  const byExt = ext === undefined ? undefined : FORMAT_NAMES[ext];
  if (out && !named && !byExt) {
    throw new UsageError(`cannot tell the format of ${out}: name it .jsonl, .csv, .md or .xlsx, or pass --format`);
  }
  if (named && byExt && named !== byExt) throw new UsageError(`--format ${format} does not match the extension of ${out}`);
  return named ?? byExt ?? 'jsonl';
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export documents, appointments, tasks or citations as JSON Lines, CSV, Markdown or .xlsx')
    .argument('<kind>', KINDS.join(' | '))
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('-f, --format <format>', EXPORT_FORMATS.join(' | ') + ' (default: from --out extension, else jsonl)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (kind: string, opts: ExportOptions) => {
      if (!KINDS.includes(kind as ExportKind)) throw new UsageError(`export: kind must be one of ${KINDS.join(', ')}, got "${kind}"`);
      const format = exportFormat(opts.format, opts.out);
      const toTerminal = !opts.out && process.stdout.isTTY === true;
      if (format === 'xlsx' && toTerminal) throw new UsageError('an .xlsx spreadsheet is not for a terminal: pass --out FILE.xlsx (or redirect stdout)');
      const [{ createWriteStream, renameSync, rmSync }, { EventEmitter: { once } }, { connectReader }, { formatRows }, { writeXlsx }] = await Promise.all([
        import('node:fs'),
        import('node:events'),
        import('../../store/open.js'),
        import('../../exports/formats.js'),
        import('../../exports/xlsx.js'),
      ]);
      const archive = await connectReader(opts.db, { onWarning: warnOnStderr });
      // A file is written under a temporary name and renamed at the end: never half a file.
      const tmp = opts.out ? `${opts.out}.${process.pid}.tmp` : null;
      const stream: Writable = tmp ? createWriteStream(tmp) : process.stdout;
      // On stdout: JSON stays the same value with terminal-unsafe characters escaped; a table
      // printed on a terminal gets them shown (a file or a pipe gets the text exactly).
      const shown = format === 'jsonl' && !tmp ? jsonForTerminal : toTerminal ? forTerminalLines : (s: string) => s;
      const write = async (chunk: string) => {
        if (!stream.write(shown(chunk))) await once(stream, 'drain');
      };
      try {
        const rows = archive.exportRows(kind as ExportKind);
        if (format === 'xlsx') await writeXlsx(rows, stream, kind, EMPTY_COLUMNS[kind as ExportKind]);
        else await formatRows(rows, format, write, EMPTY_COLUMNS[kind as ExportKind]);
        if (tmp) {
          if (!stream.writableEnded) stream.end();
          if (!stream.writableFinished) await once(stream, 'finish');
          renameSync(tmp, opts.out!);
        }
      } catch (e) {
        if (tmp) {
          stream.destroy();
          rmSync(tmp, { force: true });
        }
        throw e;
      } finally {
        await archive.close();
      }
    });
}
