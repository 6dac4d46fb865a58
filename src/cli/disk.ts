/** Telling a full disk from other write failures, for messages that say what to do. */
import { statfsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Less free space than this where a write failed: the disk is full (SQLite fails a page short). */
const NEARLY_FULL_BYTES = 1 << 20;

/** "the disk holding DB is full (12 KiB free)" when it is, else null (also for PostgreSQL URLs). */
export function fullDiskNote(dbPath: string): string | null {
  if (/^postgres(?:ql)?:\/\//i.test(dbPath)) return null;
  try {
    const st = statfsSync(dirname(resolve(dbPath)));
    const free = st.bavail * st.bsize;
    return free < NEARLY_FULL_BYTES ? `the disk holding ${dbPath} is full (${Math.floor(free / 1024)} KiB free)` : null;
  } catch {
    return null;
  }
}
