import type { Command } from 'commander';
import { parseIssue } from '../../parse.js';
import { readInputFile } from '../read-input.js';
import { UsageError } from '../errors.js';
import { formatIssueText } from '../format-text.js';

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('parse one gazette issue file and print its documents as JSON (or a text summary)')
    .argument('<file>', 'gazette issue text (UTF-8, UTF-16 with BOM or GB18030; LF, CRLF or CR)')
    .option('-f, --format <format>', 'json or text', 'json')
    .option('--compact', 'print JSON on one line')
    .action((file: string, opts: { format: string; compact?: boolean }) => {
      if (opts.format !== 'json' && opts.format !== 'text') throw new UsageError(`unknown format "${opts.format}" (json or text)`);
      const parsed = parseIssue(readInputFile(file), { fileName: file });
      const out = opts.format === 'text' ? formatIssueText(parsed) : JSON.stringify(parsed, null, opts.compact ? 0 : 2);
      process.stdout.write(out + '\n');
    });
}
