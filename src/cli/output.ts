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

/** Pieces of JSON are encoded into buffers of this many bytes, each written when full. */
const JSON_BATCH_BYTES = 1 << 20;

/**
 * JSON on stdout: exact (a JSON reader gets the same value) and safe on a terminal. Written in
 * batches of pieces (see json-chunks.ts): a large issue is never one string of tens of MB, and
 * each piece is checked as the flat string JSON.stringify made — appending them to one string
 * would build a rope that the check then has to copy. Each piece is encoded as UTF-8 straight into
 * the batch's buffer: joining the pieces into one string first copied every character once more
 * (a twentieth of `gongbao parse` on a large issue).
 */
export function printJson(value: unknown, indent = 2): void {
  let batch = Buffer.allocUnsafe(JSON_BATCH_BYTES);
  let used = 0;
  const flush = () => {
    if (used === 0) return;
    process.stdout.write(batch.subarray(0, used));
    // A write that finished at once (a file, or a pipe with room: stdout writes them synchronously
    // on Linux) holds nothing of the batch, which is then filled again: a fresh MB per batch was
    // ~11 % of the page faults of a large parse. One still queued (a full pipe, a terminal
    // elsewhere) keeps its batch, and the next is a new one.
    if (process.stdout.writableLength !== 0) batch = Buffer.allocUnsafe(JSON_BATCH_BYTES);
    used = 0;
  };
  for (const piece of jsonChunks(value, indent)) {
    const safe = jsonForTerminal(piece);
    // A UTF-16 code unit takes at most 3 bytes of UTF-8 (a surrogate pair 4 for two units).
    if (safe.length * 3 > JSON_BATCH_BYTES - used) {
      flush();
      if (safe.length * 3 > JSON_BATCH_BYTES) {
        process.stdout.write(safe);
        continue;
      }
    }
    used += batch.write(safe, used);
  }
  if (JSON_BATCH_BYTES - used < 1) flush();
  used += batch.write('\n', used);
  flush();
}

/** A warning on stderr (the archive is read in a degraded way, …), safe on a terminal. */
export function warnOnStderr(message: string): void {
  process.stderr.write(`gongbao: warning: ${forTerminal(message)}\n`);
}
