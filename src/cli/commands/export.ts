/**
 * `gongbao export KIND`: documents, appointments, tasks or citations of the archive as JSON Lines,
 * CSV (UTF-8 with BOM, for spreadsheet programs) or a Markdown table, to stdout or a file.
 */
import type { Command } from 'commander';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { connectArchive } from '../../store/open.js';
import type { ExportKind } from '../../store/archive.js';
import { EXPORT_FORMATS, formatRows, type ExportFormat } from '../../archive/export.js';
import { UsageError } from '../errors.js';

const KINDS: readonly ExportKind[] = ['documents', 'appointments', 'tasks', 'citations'];

/** Column names of each kind, for an empty export's header. */
const EMPTY_COLUMNS: Record<ExportKind, string[]> = {
  documents: ['id', 'title', 'doc_number', 'date'],
  appointments: ['id', 'document_id', 'person', 'action', 'post'],
  tasks: ['id', 'document_id', 'text', 'leads', 'cooperators', 'deadline'],
  citations: ['id', 'document_id', 'kind', 'cited_title', 'cited_doc_number', 'target_id'],
};

interface ExportOptions {
  db?: string;
  format: string;
  out?: string;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export documents, appointments, tasks or citations as JSON Lines, CSV or Markdown')
    .argument('<kind>', KINDS.join(' | '))
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('-f, --format <format>', EXPORT_FORMATS.join(' | ') + ' (default: from --out extension, else jsonl)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action(async (kind: string, opts: ExportOptions) => {
      if (!KINDS.includes(kind as ExportKind)) throw new UsageError(`export: kind must be one of ${KINDS.join(', ')}, got "${kind}"`);
      const format = (opts.format ?? formatOfPath(opts.out) ?? 'jsonl').toLowerCase().replace(/^(json|ndjson)$/, 'jsonl').replace(/^markdown$/, 'md');
      if (!EXPORT_FORMATS.includes(format as ExportFormat)) {
        throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got "${opts.format}"`);
      }
      const archive = await connectArchive(opts.db, { mustExist: true });
      // A file is written under a temporary name and renamed at the end: never half a file.
      const tmp = opts.out ? `${opts.out}.${process.pid}.tmp` : null;
      const stream: Writable = tmp ? createWriteStream(tmp) : process.stdout;
      const write = async (chunk: string) => {
        if (!stream.write(chunk)) await once(stream, 'drain');
      };
      try {
        await formatRows(archive.exportRows(kind as ExportKind), format as ExportFormat, write, EMPTY_COLUMNS[kind as ExportKind]);
        if (tmp) {
          stream.end();
          await once(stream, 'finish');
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

function formatOfPath(p: string | undefined): string | null {
  const m = p ? /\.(jsonl|ndjson|json|csv|md|markdown)$/i.exec(p) : null;
  return m ? m[1]! : null;
}
