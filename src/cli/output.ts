/** Writing to stdout and stderr when the reader may go away (`gongbao parse FILE | head`). */
import { forTerminal, jsonForTerminal } from './terminal.js';
import { reportFatal } from './errors.js';

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

/** JSON on stdout: exact (a JSON reader gets the same value) and safe on a terminal. */
export function printJson(value: unknown, indent = 2): void {
  // Two writes: appending the newline would copy the whole JSON text (tens of MB for a large issue) once more.
  process.stdout.write(jsonForTerminal(JSON.stringify(value, null, indent)));
  process.stdout.write('\n');
}

/** A warning on stderr (the archive is read in a degraded way, …), safe on a terminal. */
export function warnOnStderr(message: string): void {
  process.stderr.write(`gongbao: warning: ${forTerminal(message)}\n`);
}
