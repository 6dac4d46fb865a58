/** `gongbao parse FILE`: one issue as JSON (the whole ParsedIssue) or a one-line-per-document summary. */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { printJson } from '../output.js';
import { addOcrOptions, ocrParseOptions, type OcrCliOptions } from '../ocr-options.js';

export function registerParse(program: Command): void {
  const command = program
    .command('parse')
    .description('parse one gazette issue file and print its documents as JSON (or a text summary)')
    .argument('<file>', 'gazette issue: a PDF (text layer or scan), or text (UTF-8, UTF-16 or GB18030; LF, CRLF or CR)')
    .option('-f, --format <format>', 'json or text', 'json')
    .option('--compact', 'print JSON on one line');
  addOcrOptions(command).action(async (file: string, opts: { format: string; compact?: boolean } & OcrCliOptions) => {
      if (opts.format !== 'json' && opts.format !== 'text') throw new UsageError(`unknown format "${opts.format}" (json or text)`);
      const ocr = await ocrParseOptions(opts);
      const [{ parseFile }, { readInputFile }, { tuneForOneParse }] = await Promise.all([
        import('../../parse.js'), import('../read-input.js'), import('../one-shot-jit.js'),
      ]);
      const bytes = readInputFile(file);
      tuneForOneParse(bytes);
      const parsed = await parseFile(bytes, { fileName: file, ...ocr });
      if (opts.format === 'json') return printJson(parsed, opts.compact ? 0 : 2);
      const { formatIssueText } = await import('../format-text.js');
      process.stdout.write((await formatIssueText(parsed)) + '\n');
    });
}
