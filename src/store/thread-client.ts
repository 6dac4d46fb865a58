/**
 * The store's side of a worker thread that answers requests in order (builder-thread.ts,
 * pack-thread.ts): requests numbered, replies `{ seq, … }` or `{ seq, error }`. The thread holds
 * the process open only while a reply is awaited. If it dies, what is awaited fails and `dead`
 * says so (its owner starts another for later work).
 */
import type { Worker } from 'node:worker_threads';
import { startThread } from '../thread-module.js';

interface Pending {
  resolve: (reply: unknown) => void;
  reject: (err: Error) => void;
}

export class ThreadClient<Request extends object> {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  dead: Error | null = null;

  /** `module`: the thread's module name beside the `starter` module (thread-module.ts). */
  constructor(starter: string, module: string, private readonly what: string) {
    this.worker = startThread(starter, module);
    this.worker.unref();
    this.worker.on('message', (reply: { seq: number; error?: string }) => {
      const p = this.pending.get(reply.seq);
      this.pending.delete(reply.seq);
      if (!this.pending.size) this.worker.unref();
      if (!p) return;
      if (reply.error !== undefined) p.reject(new Error(`${what} failed: ${reply.error}`));
      else p.resolve(reply);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`the thread for ${what} stopped (exit code ${code})`)));
  }

  /** A message that gets no reply. */
  post(message: Request): void {
    if (!this.dead) this.worker.postMessage(message);
  }

  /** A message numbered `seq`, and its reply. */
  request<Reply>(message: Request, transfer: ArrayBuffer[] = []): Promise<Reply> {
    if (this.dead) return Promise.reject(this.dead);
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      if (!this.pending.size) this.worker.ref();
      this.pending.set(seq, { resolve: resolve as (r: unknown) => void, reject });
      this.worker.postMessage({ ...message, seq }, transfer);
    });
  }

  async stop(): Promise<void> {
    this.dead ??= new Error(`the thread for ${this.what} was stopped`);
    await this.worker.terminate();
  }

  private fail(err: Error): void {
    this.dead ??= err;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
  }
}
