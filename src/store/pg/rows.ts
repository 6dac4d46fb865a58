/**
 * PostgreSQL specifics of row shaping; the mapping itself is shared with SQLite (src/store/records.ts).
 */
export type { Row } from '../records.js';

/**
 * PostgreSQL text cannot hold U+0000 (SQLite can), nor can JSON that is turned into text. The
 * parser keeps control characters of the input in line text, so everything stored on PostgreSQL
 * has NUL replaced by U+FFFD (the replacement character).
 */
export function noNul<T>(v: T): T {
  if (typeof v === 'string') return (v.includes('\u0000') ? v.replace(/\u0000/g, '\uFFFD') : v) as T;
  if (Array.isArray(v)) return v.map(noNul) as T;
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = noNul(x);
    return out as T;
  }
  return v;
}
