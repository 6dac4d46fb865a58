/**
 * Index segments being built, in this thread or on a thread of their own (builder-thread.ts).
 *
 * The index writer adds each committed document to the segment in progress and, once it holds
 * enough text, seals it: a sealed segment's rows are encoded while the writer goes on (on the
 * thread), and written when they are ready. Building in this thread costs nothing to start, so
 * an archive that takes an issue now and then never starts a thread; a bulk ingest, which fills
 * segments, builds them on one (index-writer.ts decides).
 */
import { ThreadClient } from './thread-client.js';
import { SegmentBuilder, type EncodedRow } from '../search/builder.js';
import { mergeRows } from '../search/postings.js';
import { unpackRows, type RowBatch } from '../search/row-batch.js';
import type { BuilderReply, BuilderRequest, ThreadDoc } from './builder-thread.js';

/** A segment whose documents are all added: its rows, once encoded. */
export interface SealedSegment {
  /** Document ids, ascending. */
  readonly ids: number[];
  /** True once `rows` answers without waiting. */
  readonly ready: boolean;
  /** Settles when ready (rejects when the rows cannot be had: `rows` would throw the same). */
  wait(): Promise<void>;
  /** The rows in key order, without the documents `keep` refuses. */
  rows(keep: (id: number) => boolean): Promise<Iterable<EncodedRow>>;
}

/** The segment documents are being added to. */
export interface SegmentInProgress {
  /** Ids added, ascending. */
  readonly docIds: number[];
  /** Characters added: the writer seals at a size. */
  readonly positions: number;
  add(id: number, text: string, title: string): void;
  /** Hand what was added so far on (the thread starts on it); nothing in this thread. */
  send(): void;
  seal(): SealedSegment;
}

/** A segment built in this thread. */
export class LocalSegment implements SegmentInProgress {
  private readonly builder = new SegmentBuilder();

  get docIds(): number[] {
    return this.builder.docIds;
  }

  get positions(): number {
    return this.builder.positions;
  }

  add(id: number, text: string, title: string): void {
    this.builder.add(id, text, title);
  }

  send(): void {}

  seal(): SealedSegment {
    const builder = this.builder;
    return { ids: builder.docIds, ready: true, wait: async () => {}, rows: async (keep) => builder.rows(keep) };
  }
}

/** A segment built on a SegmentThread. */
export class ThreadSegment implements SegmentInProgress {
  readonly docIds: number[] = [];
  positions = 0;
  private unsent: ThreadDoc[] = [];

  constructor(private readonly thread: SegmentThread) {}

  add(id: number, text: string, title: string): void {
    this.docIds.push(id);
    this.positions += text.length;
    this.unsent.push({ id, text, title });
  }

  send(): void {
    if (!this.unsent.length) return;
    this.thread.add(this.unsent);
    this.unsent = [];
  }

  seal(): SealedSegment {
    this.send();
    const ids = this.docIds;
    let ready = false;
    const encoded = this.thread.encode().finally(() => (ready = true));
    // (Awaited by `rows`; a failure is that call's, not an unhandled rejection meanwhile.)
    encoded.catch(() => {});
    return {
      ids,
      get ready() {
        return ready;
      },
      wait: async () => {
        await encoded;
      },
      rows: async (keep) => keepRows(unpackRows(await encoded), ids, keep),
    };
  }
}

/**
 * Rows without the documents `keep` refuses (deleted, or indexed by another writer, after the
 * segment was sealed): rare, so the rows are encoded for every document and rewritten only then.
 */
function keepRows(rows: EncodedRow[], ids: number[], keep: (id: number) => boolean): EncodedRow[] {
  if (ids.every(keep)) return rows;
  const out: EncodedRow[] = [];
  for (const r of rows) {
    const m = mergeRows([r], r.pos !== null, keep);
    if (m) out.push({ key: r.key, ...m });
  }
  return out;
}

/**
 * One builder thread (an archive's index writer starts it at its first bulk segment and stops it
 * when it closes). If it dies, what it held fails at its encode — those documents stay
 * unindexed, scanned by searches and indexed by the next catch-up — and `dead` tells the writer
 * to start another.
 */
export class SegmentThread {
  private readonly client = new ThreadClient<BuilderRequest>(import.meta.url, 'builder-thread', 'building an index segment');

  get dead(): Error | null {
    return this.client.dead;
  }

  add(docs: ThreadDoc[]): void {
    this.client.post({ type: 'add', docs });
  }

  /** The rows of everything added since the last encode. */
  async encode(): Promise<RowBatch> {
    return (await this.client.request<{ rows: RowBatch }>({ type: 'encode' })).rows;
  }

  stop(): Promise<void> {
    return this.client.stop();
  }
}
