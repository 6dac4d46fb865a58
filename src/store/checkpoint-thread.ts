/**
 * The thread that checkpoints an SQLite archive's write-ahead log during a bulk ingest
 * (checkpointer.ts starts it): copying the log's pages into the file and syncing it took a
 * quarter of the writing thread's time at 100,000 documents (issue 17), I/O that needs nothing
 * from the writer. SQLite lets another connection checkpoint while one writes: a PASSIVE
 * checkpoint copies what is committed without blocking anyone. The log starts again from its
 * beginning only once a checkpoint has copied all of it when the writer begins, which a busy
 * writer never lets happen; so once the log is long, a RESTART checkpoint follows, which waits
 * for the writer's transaction to end and holds the next one back only while it copies the
 * little written since.
 *
 * Messages: `{ path }` (no reply) asks for a checkpoint of that archive (a connection of its own,
 * kept); requests that arrive while one runs make one more. `{ seq, path: null }` closes the
 * connection, answered `{ seq }` or `{ seq, error }`.
 */
import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';

export type CheckpointRequest = { path: string } | { path: null; seq?: number };

export type CheckpointReply = { seq: number } | { seq: number; error: string };

/** A log of more frames than this after a passive checkpoint is restarted. */
const RESTART_FRAMES = 16384;

const port = parentPort;
if (!port) throw new Error('checkpoint-thread.ts runs as a worker thread (checkpointer.ts starts it)');

let db: Database.Database | null = null;
let wanted: string | null = null;

function checkpoint(): void {
  const path = wanted;
  wanted = null;
  if (!path) return;
  try {
    if (!db) {
      db = new Database(path, { fileMustExist: true });
      db.pragma('busy_timeout = 10000');
      db.pragma('synchronous = NORMAL');
    }
    const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    if (r!.log >= RESTART_FRAMES) db.pragma('wal_checkpoint(RESTART)');
  } catch (e) {
    // (Nothing is lost: the log keeps what was not copied, and the writer's own checkpoints remain.)
    if (process.env.GONGBAO_DEBUG) process.stderr.write(`gongbao: checkpoint failed: ${(e as Error).message}\n`);
  }
}

port.on('message', (m: CheckpointRequest & { seq?: number }) => {
  if (m.path !== null) {
    // Requests queued behind a running checkpoint make one more, not one each.
    if (!wanted) setImmediate(checkpoint);
    wanted = m.path;
    return;
  }
  checkpoint();
  let reply: CheckpointReply;
  try {
    db?.close();
    db = null;
    reply = { seq: m.seq! };
  } catch (e) {
    reply = { seq: m.seq!, error: (e as Error).message };
  }
  port.postMessage(reply);
});
