/**
 * The database port (port.ts) on PostgreSQL (pg): `?` parameters numbered, text without NUL
 * (rows.ts noNul), connection failures as ArchiveUnavailableError; a write transaction takes
 * the archive's write lock and bumps its generation (locks.ts).
 */
import type pg from 'pg';
import type { Db, DialectSql, Params, Queries, Row, Tx } from './port.js';
import { columnTypes, pgColumnType } from '../schema.js';
import { deflateColumn, inflateRow, packedColumns } from '../packed.js';
import { query, transaction, type Queryable } from '../pg/db.js';
import { bumpGeneration, takeWriteLock } from '../pg/locks.js';

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

export const SQL: DialectSql = {
  intList: '(SELECT unnest(?::int[]))',
  textList: '(SELECT unnest(?::text[]))',
  indexedBy: () => '',
  list: (values) => values,
  codePoint: (expr) => `${expr} COLLATE "C"`,
  bytesPrefix: (expr, n) => `substring(${expr} from 1 for ${n})`,
  unindexed: (alias) => `NOT ${alias}.indexed`,
  noLimit: null,
  // (The second parameter only keeps the count of parameters that of SQLite's range.)
  startsWith: (expr) => `(starts_with(${expr}, ?) AND ?::text IS NOT NULL)`,
  distinctList: (expr) => `array_agg(DISTINCT ${expr} COLLATE "C")`,
  orderedList: (expr, order) => `COALESCE(json_agg(${expr} ORDER BY ${order}), '[]')`,
};

const numbered = new Map<string, string>();

/** `?` → `$1, $2, …` (Gongbao's SQL has no `?` of its own: no jsonb operators, no strings with one). */
export function numberParams(source: string): string {
  let out = numbered.get(source);
  if (out === undefined) {
    let n = 0;
    out = source.replace(/\?/g, () => `$${++n}`);
    numbered.set(source, out);
  }
  return out;
}

const args = (params: Params = []) => params.map((v) => (typeof v === 'string' || (v && typeof v === 'object' && !(v instanceof Uint8Array)) ? noNul(v) : v));

class PgQueries implements Queries {
  constructor(protected readonly q: () => Queryable | Promise<Queryable>) {}

  async all(source: string, params?: Params): Promise<Row[]> {
    const res = await query<Row>(await this.q(), numberParams(source), args(params));
    // Compressed columns (packed.ts) read as text and JSON, as on SQLite.
    const packed = res.rows.length && res.fields ? packedColumns(res.fields.map((f) => f.name)) : [];
    if (packed.length) for (const r of res.rows) inflateRow(r, packed);
    return res.rows;
  }

  async get(source: string, params?: Params): Promise<Row | undefined> {
    return (await this.all(source, params))[0];
  }

  async run(source: string, params?: Params): Promise<number> {
    return (await query(await this.q(), numberParams(source), args(params))).rowCount ?? 0;
  }

  async insert(table: string, rows: readonly Row[], returning?: string): Promise<Row[]> {
    if (!rows.length) return [];
    const types = columnTypes(table);
    const columns = Object.keys(rows[0]!);
    const record = columns.map((c) => `${c} ${pgColumnType(types.get(c))}`).join(', ');
    // One statement per batch: the rows as one JSON parameter, taken apart by the server.
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM json_to_recordset($1::json) AS x(${record})${
      returning ? ` RETURNING ${returning}` : ''
    }`;
    // Bytes go as bytea's hex input; compressed columns deflated after NUL is replaced (as in any text).
    const binary = columns.flatMap((c) => {
      const type = types.get(c);
      return type === 'ztext' || type === 'zjson' || type === 'bytes' ? [[c, type] as const] : [];
    });
    const encode = (r: Row): Row => {
      if (!binary.length) return r;
      const out = { ...r };
      for (const [c, type] of binary) {
        const z = type === 'bytes' ? (r[c] as Buffer | null) : deflateColumn(type, r[c]);
        out[c] = z === null || z === undefined ? null : `\\x${Buffer.from(z).toString('hex')}`;
      }
      return out;
    };
    const out: Row[] = [];
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const batch = JSON.stringify(rows.slice(i, i + INSERT_BATCH).map((r) => encode(noNul(r))));
      const res = await query<Row>(await this.q(), sql, [batch]);
      if (returning) out.push(...res.rows);
    }
    return out;
  }
}

/** Rows per bulk insert statement. */
const INSERT_BATCH = 1000;

/** Queries on a held client (inside a transaction). */
export const pgQueries = (c: pg.PoolClient): Queries => new PgQueries(() => c);

class PgTx extends PgQueries implements Tx {
  wrote = false;
  changed(): void {
    this.wrote = true;
  }
}

export class PgDb extends PgQueries implements Db {
  readonly dialect = 'pg' as const;
  readonly sql = SQL;

  /** `ready` resolves to the pool once the schema is current. */
  constructor(private readonly pool: pg.Pool, ready: () => Promise<pg.Pool>) {
    super(ready);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return transaction(this.pool, async (c) => {
      await takeWriteLock(c);
      const tx = new PgTx(() => c);
      const out = await fn(tx);
      if (tx.wrote) await bumpGeneration(c);
      return out;
    });
  }
}
