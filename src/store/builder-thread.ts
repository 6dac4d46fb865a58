/**
 * The thread that builds index segments for segment-thread.ts: a bulk ingest hands each committed
 * document's text here and goes on storing the next issues while this thread fills the
 * SegmentBuilder and encodes it (≈ a third of the ingest's work at 100,000 documents, issue 17).
 *
 * Messages in, handled in order: `{ type: 'add', docs }` adds to the current segment;
 * `{ type: 'encode', seq }` encodes it, starts the next, and answers `{ seq, rows }` (a RowBatch,
 * its buffers moved) or `{ seq, error }`. An add that fails poisons its segment: the error is the
 * encode's answer.
 */
import { parentPort } from 'node:worker_threads';
import { SegmentBuilder } from '../search/builder.js';
import { packRows, rowBatchBuffers, type RowBatch } from '../search/row-batch.js';

export interface ThreadDoc {
  id: number;
  text: string;
  title: string;
}

export type BuilderRequest = { type: 'add'; docs: ThreadDoc[] } | { type: 'encode' };
export type BuilderReply = { seq: number; rows: RowBatch } | { seq: number; error: string };

const port = parentPort;
if (!port) throw new Error('builder-thread.ts runs as a worker thread (segment-thread.ts starts it)');

// One builder for every segment, emptied after each encode: it keeps its arrays (SegmentBuilder.reset).
const builder = new SegmentBuilder();
let failed: string | null = null;

port.on('message', (m: BuilderRequest & { seq: number }) => {
  if (m.type === 'add') {
    if (failed) return;
    try {
      for (const d of m.docs) builder.add(d.id, d.text, d.title);
    } catch (e) {
      failed = (e as Error).message;
    }
    return;
  }
  const error = failed;
  failed = null;
  let reply: BuilderReply;
  try {
    // packRows reads every row before the builder is emptied; the batch's buffers are its own.
    reply = error ? { seq: m.seq, error } : { seq: m.seq, rows: packRows(builder.rows()) };
  } catch (e) {
    reply = { seq: m.seq, error: (e as Error).message };
  } finally {
    builder.reset();
  }
  port.postMessage(reply, 'rows' in reply ? rowBatchBuffers(reply.rows) : []);
});
