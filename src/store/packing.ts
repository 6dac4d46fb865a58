/**
 * Compressing a bulk ingest's texts on a thread (pack-thread.ts) while the store writes: the
 * issues of a batch after the first are sent there before the transaction begins, and each is
 * awaited just before it is stored — by then the thread has had the previous issues' writing
 * time to pack it. The first issue is compressed as it is written (nothing to overlap with), and
 * so is every single ingest: an archive that takes an issue now and then never starts the thread.
 */
import { documentData, type PreparedDocument } from './records.js';
import type { PackReply, PackRequest } from './pack-thread.js';
import type { TextsToPack } from './packed.js';
import { ThreadClient } from './thread-client.js';

const textsOf = (p: PreparedDocument): TextsToPack => ({
  body: p.body,
  rawLines: p.rawLines,
  linePlaces: p.linePlaces,
  data: documentData(p.doc),
  tasks: p.doc.tasks.map((t) => t.text),
});

export class TextPacker {
  private client: ThreadClient<PackRequest> | null = null;

  /**
   * One promise per issue, settled when its documents have `packed` (the first issue's at once:
   * it is left to the driver). A failure is its issue's promise's, awaited or not.
   */
  pack(issues: PreparedDocument[][]): Promise<void>[] {
    if (!this.client || this.client.dead) this.client = new ThreadClient<PackRequest>(import.meta.url, 'pack-thread', 'compressing texts');
    const client = this.client;
    return issues.map((docs, i) => {
      if (i === 0 || !docs.length) return Promise.resolve();
      const done = client.request<Extract<PackReply, { packed: unknown }>>({ docs: docs.map(textsOf) }).then((r) => {
        docs.forEach((d, k) => (d.packed = r.packed[k]));
      });
      done.catch(() => {});
      return done;
    });
  }

  async stop(): Promise<void> {
    await this.client?.stop();
    this.client = null;
  }
}
