/**
 * The thread that compresses a bulk ingest's texts (packing.ts starts it): deflating a document's
 * body, JSON and task texts was a fifth of storing it at 100,000 documents (issue 17), work that
 * needs nothing from the database, so it runs here while the store writes the issue before.
 *
 * Messages: `{ seq, docs: TextsToPack[] }` in; `{ seq, packed: PackedTexts[] }` or
 * `{ seq, error }` out.
 */
import { parentPort } from 'node:worker_threads';
import { packTexts, type PackedTexts, type TextsToPack } from './packed.js';

export interface PackRequest {
  docs: TextsToPack[];
}

export type PackReply = { seq: number; packed: PackedTexts[] } | { seq: number; error: string };

const port = parentPort;
if (!port) throw new Error('pack-thread.ts runs as a worker thread (packing.ts starts it)');

port.on('message', (m: PackRequest & { seq: number }) => {
  let reply: PackReply;
  try {
    reply = { seq: m.seq, packed: m.docs.map(packTexts) };
  } catch (e) {
    reply = { seq: m.seq, error: (e as Error).message };
  }
  port.postMessage(reply);
});
