/** Writing to stdout and stderr when the reader may go away (`gongbao parse FILE | head`). */
import { forTerminal, jsonForTerminal } from './terminal.js';
import { reportFatal } from './errors.js';
import { jsonChunks } from './json-chunks.js';

/**
 * A reader that closes the pipe early (head, less quitting) makes the next write fail with EPIPE:
 * that is the reader saying it has enough, so the command ends quietly — nothing on stderr, and
 * the exit code it had so far (0 unless something already failed). Every command writes to stdout,
 * so listening on it costs nothing; stderr is created only when something is written there, so
 * its EPIPE (`2>&1 | head`) arrives as an uncaught exception instead. Anything else uncaught
 * becomes the CLI's one-line error.
 */
export function endQuietlyOnClosedPipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit();
    reportFatal(new Error(`cannot write the output: ${e.message}`));
  });
  process.on('uncaughtException', (e: NodeJS.ErrnoException) => {
    if (e?.code === 'EPIPE' && e.syscall === 'write') process.exit();
    reportFatal(e);
  });
}

/** Pieces of JSON are written in batches of about this many characters. */
const JSON_BATCH = 1 << 19;

/**
 * JSON on stdout: exact (a JSON reader gets the same value) and safe on a terminal. Written in
 * batches of pieces (see json-chunks.ts): a large issue is never one string of tens of MB, and
 * each piece is checked as the flat string JSON.stringify made — appending them to one string
 * would build a rope that the check then has to copy.
 */
export function printJson(value: unknown, indent = 2): void {
  let batch: string[] = [];
  let length = 0;
  for (const piece of jsonChunks(value, indent)) {
    batch.push(jsonForTerminal(piece));
    length += piece.length;
    if (length >= JSON_BATCH) {
      process.stdout.write(batch.join(''));
      batch = [];
      length = 0;
    }
  }
  batch.push('\n');
  process.stdout.write(batch.join(''));
}

/** A warning on stderr (the archive is read in a degraded way, …), safe on a terminal. */
export function warnOnStderr(message: string): void {
  process.stderr.write(`gongbao: warning: ${forTerminal(message)}\n`);
}
