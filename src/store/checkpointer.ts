/**
 * An SQLite archive's log checkpointed on a thread of its own during a bulk ingest
 * (checkpoint-thread.ts): after each batch the writer asks for a checkpoint and goes on writing
 * while the thread copies the log into the file and syncs it. Meanwhile the writer's own
 * checkpoints wait for a log four times longer — a safety net for a thread that cannot keep up,
 * or that failed (a failed checkpoint loses nothing: the log still holds it all). A single
 * ingest never starts the thread.
 */
import type Database from 'better-sqlite3';
import type { CheckpointRequest } from './checkpoint-thread.js';
import { ThreadClient } from './thread-client.js';

/** The writer's own checkpoints: every ~64 MiB of log (see sqlite.ts), ~256 MiB while the thread runs. */
export const AUTO_CHECKPOINT_PAGES = 16384;
const SAFETY_NET_PAGES = 4 * AUTO_CHECKPOINT_PAGES;

export class Checkpointer {
  private client: ThreadClient<CheckpointRequest> | null = null;

  constructor(
    private readonly db: Database.Database,
    /** The archive's file, absolute: the thread opens its own connection. */
    private readonly path: string,
  ) {}

  /** After a bulk transaction: a checkpoint on the thread (one more, if one is running). */
  nudge(): void {
    if (!this.client || this.client.dead) {
      this.client = new ThreadClient<CheckpointRequest>(import.meta.url, 'checkpoint-thread', 'checkpointing the log');
      this.db.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
    }
    this.client.post({ path: this.path });
  }

  /** Let the thread finish, close its connection and stop; the writer checkpoints again. */
  async stop(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.client = null;
    await client.request({ path: null }).catch(() => {});
    await client.stop();
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  }
}
