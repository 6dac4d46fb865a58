/**
 * Answers that only change when the archive does — counts, agency lists, task lists, search
 * results — kept per archive generation. Before each answer one cheap check of the generation
 * (SQLite: `PRAGMA data_version` plus this process's writes; PostgreSQL: a counter every write
 * transaction bumps) tells whether what is kept is still current; any write anywhere drops it all.
 *
 * Bounded: at most `maxEntries` answers (least recently used go first), and lists longer than
 * `maxListLength` are not kept — an answer that is not itself a list says how long it is (a
 * search answer: its hits; one asking for every hit of a frequent word holds 100,000 of them).
 *
 * Kept answers are shared by every caller, so they are frozen — deeply, once, when kept: a caller
 * that sorts or reverses one in place gets a TypeError (ES modules are strict) instead of quietly
 * changing the answer every later caller sees. Copy before changing (`[...list].reverse()`).
 */
export interface MemoOptions {
  maxEntries?: number;
  maxListLength?: number;
}

export class GenerationMemo {
  private generation: string | null = null;
  private readonly entries = new Map<string, unknown>();
  private readonly maxEntries: number;
  private readonly maxListLength: number;

  constructor(
    private readonly currentGeneration: () => string | Promise<string>,
    opts: MemoOptions = {},
  ) {
    this.maxEntries = opts.maxEntries ?? 2000;
    this.maxListLength = opts.maxListLength ?? 20_000;
  }

  async get<T>(key: string, compute: () => T | Promise<T>, lengthOf: (value: T) => number = listLength): Promise<T> {
    // The generation is read before computing, so an answer is never kept under a generation
    // newer than the data it was computed from.
    const gen = await this.currentGeneration();
    if (gen !== this.generation) {
      this.entries.clear();
      this.generation = gen;
    }
    if (this.entries.has(key)) {
      const hit = this.entries.get(key);
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as T;
    }
    const value = await compute();
    const tooLong = lengthOf(value) > this.maxListLength;
    if (this.generation === gen && !tooLong) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, deepFreeze(value));
    }
    return value;
  }

  /** Drop everything (after a write of this process). */
  clear(): void {
    this.entries.clear();
    this.generation = null;
  }
}

const listLength = (value: unknown): number => (Array.isArray(value) ? value.length : 0);

/**
 * Freeze a value and everything reachable from it (objects and arrays; already frozen parts are
 * not walked again). Typed arrays cannot be frozen and are left as they are; Maps and Sets are
 * frozen as objects only (their entries stay changeable) — answers are plain data.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  // (Elements of an array by index: listing an array's keys makes a string of every index.)
  if (Array.isArray(value)) for (const v of value) deepFreeze(v);
  else for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return value;
}
