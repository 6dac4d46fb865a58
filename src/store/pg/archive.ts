/**
 * The Archive on PostgreSQL (driver `pg`, one connection pool per archive).
 *
 * Same schema (src/store/pg/migrations, versions in step with SQLite's), same linking, same search
 * engine (src/search/engine.ts over posting lists stored as bytea) as the SQLite backend, so the
 * two answer alike; test/conformance.test.ts holds them to it.
 *
 * Writes: one transaction per issue under the archive's write lock (locks.ts): several ingest
 * processes may run at once; their parsing runs in parallel, their writes one at a time, and a
 * file is never stored twice. A process killed mid-ingest leaves whole issues only; documents it
 * stored but had not indexed yet are scanned by search and indexed by the next writer.
 *
 * Opening is synchronous and lazy (like the SQLite archive's callers expect): the pool is created
 * at once, the schema is checked/migrated on first use, and retried on the next call if the
 * database was unreachable. Connection failures surface as ArchiveUnavailableError (HTTP 503).
 */
import { basename } from 'node:path';
import type pg from 'pg';
import type { IsoDate, OfficialDocument } from '../../model.js';
import type {
  AdjacentIssues,
  AgencySummary,
  AgencyTasks,
  Archive,
  ArchiveStats,
  CitationRecord,
  DocumentDetail,
  DocumentLine,
  DocumentSummary,
  ExportKind,
  ExportRow,
  IngestInput,
  IngestResult,
  IssueDetail,
  IssueSummary,
  ListOptions,
  OriginalFile,
  PersonSummary,
  PersonTimeline,
  RepealRecord,
  TaskCounts,
  TaskFilter,
  TaskRecord,
  ValidityInfo,
} from '../archive.js';
import type { SearchOptions, SearchResult } from '../../domain/search.js';
import { clusterPeople, type TimelineEntry } from '../../domain/people.js';
import { SearchEngine } from '../../search/engine.js';
import { normalizeForSearch } from '../../search/normalize.js';
import { normalizeDocNumber } from '../../core/docnumber.js';
import { squash } from '../../core/text.js';
import { titleKey, titleKeysOf } from '../../domain/link-keys.js';
import { UNKNOWN_DATE, statusAt, today } from '../../domain/validity.js';
import { createPool, query, transaction, type Queryable } from './db.js';
import { migrate } from './migrate.js';
import { bumpGeneration, takeWriteLock } from './locks.js';
import { PgIndexWriter } from './index-writer.js';
import { pgSearchBackend } from './search-backend.js';
import { noNul, type Row } from './rows.js';
import { documentOf } from '../facts.js';
import { PgDb, pgQueries } from '../db/pg.js';
import { StoreArchive, validId } from '../store.js';
import { citationRecord, docSummary, documentData, exportRow, issuePdfColumns, issueSource, issueSummary, linesOf, prepareDocument, taskRecord, taskUnits, agencyRows, type Orphaned, type PreparedDocument } from '../records.js';
import { GenerationMemo } from '../memo.js';
import { findSameIssue } from '../same-issue.js';
import { limitArg, offsetArg } from '../paging.js';
import { agencyTasksOf, taskCountSql, taskCountsOf, taskListSql, taskSql } from '../task-query.js';

export interface PgArchiveOptions {
  /** Refuse writes and schema changes (readers: search, export, serve). */
  readonly?: boolean;
  /** Fail when the database holds no Gongbao archive yet. */
  mustExist?: boolean;
  /** Characters of text collected before an index segment is written (default 8 million). */
  indexBatchChars?: number;
  /** Segments of one level merged into one of the next (default 10). */
  mergeFactor?: number;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Bytes of posting lists cached in memory (default 256 MiB). */
  postingCacheBytes?: number;
}

/** A connection URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  }
}

const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);



export class PgArchive extends StoreArchive implements Archive {
  readonly url: string;
  readonly pool: pg.Pool;
  protected readonly engine: SearchEngine;
  private readonly index: PgIndexWriter;
  private readonly readonly: boolean;
  private readonly mustExist: boolean;
  private readying: Promise<void> | null = null;
  private caughtUp = false;
  private closed = false;

  private constructor(url: string, opts: PgArchiveOptions) {
    super();
    this.url = url;
    this.readonly = !!opts.readonly;
    this.mustExist = !!opts.mustExist;
    this.pool = createPool(url, { max: opts.poolSize ?? 10 });
    const backend = pgSearchBackend(this.pool, { maxBytes: opts.postingCacheBytes });
    this.engine = new SearchEngine(backend);
    // Kept answers and the search engine follow the same generation, read once for both.
    this.memo = new GenerationMemo(async () => {
      await this.ensureReady();
      return backend.generation();
    });
    this.index = new PgIndexWriter(this.pool, opts, () => this.engine.invalidate());
    this.port = new PgDb(this.pool, () => this.db());
  }

  protected readonly port: PgDb;

  /** Open an archive at a postgres:// URL; the schema is checked on first use. */
  static open(url: string, opts: PgArchiveOptions = {}): PgArchive {
    return new PgArchive(url, opts);
  }

  /** Open and check the schema now (fails fast on a bad URL or a missing archive). */
  static async connect(url: string, opts: PgArchiveOptions = {}): Promise<PgArchive> {
    const a = new PgArchive(url, opts);
    try {
      await a.ensureReady();
    } catch (e) {
      await a.pool.end().catch(() => {});
      throw e;
    }
    return a;
  }

  /** The schema is current; retried on the next call after a failure (database down at start). */
  private ensureReady(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the archive is closed'));
    if (!this.readying) {
      this.readying = migrate(this.pool, redactUrl(this.url), { readOnly: this.readonly, mustExist: this.mustExist }).then(
        () => undefined,
        (e) => {
          this.readying = null;
          throw e;
        },
      );
    }
    return this.readying;
  }

  protected override ready(): Promise<void> {
    return this.ensureReady();
  }

  private async db(): Promise<pg.Pool> {
    await this.ensureReady();
    return this.pool;
  }

  private async rows(sql: string, values?: unknown[], db?: Queryable): Promise<Row[]> {
    return (await query<Row>(db ?? (await this.db()), sql, values)).rows;
  }

  private async one(sql: string, values?: unknown[], db?: Queryable): Promise<Row | undefined> {
    return (await this.rows(sql, values, db))[0];
  }

  // Stats, lists, task lists and counts, search results: kept until the archive changes (every
  // write transaction bumps archive_state.generation; one cheap query per answer checks it).
  protected readonly memo: GenerationMemo;

  private cached<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.memo.get(key, fn);
  }

  // ───────────────────────────── ingest ─────────────────────────────

  async ingestIssue(input: IngestInput): Promise<IngestResult> {
    if (this.readonly) throw new Error('the archive is open read-only');
    await this.ensureReady();
    if (!this.caughtUp) {
      this.caughtUp = true;
      await this.index.catchUp();
    }
    const { parsed, lines, sourcePath } = input;
    // Outside the transaction (and the write lock): normalizing text is the slow part.
    const prepared = parsed.documents.map((doc) => prepareDocument(doc, lines, parsed.region));
    let added: { id: number; text: string; title: string }[] = [];
    const result = await transaction(this.pool, async (c): Promise<IngestResult> => {
      await takeWriteLock(c);
      const state = await this.currentState(pgQueries(c), sourcePath, parsed.source.sha256, parsed.parserVersion);
      if (state) return state;
      if (input.reportSameIssue) {
        const same = await findSameIssue(parsed, sourcePath, (q, params) =>
          this.rows(q, params.map((v) => (typeof v === 'string' ? noNul(v) : v)), c),
        );
        if (same) {
          const n = await this.issueCounts(pgQueries(c), same.issueId);
          return { status: 'duplicate', issueId: same.issueId, documents: n.documents, warnings: n.warnings, duplicateOf: same.sourcePath, duplicateBy: same.by };
        }
      }
      const old = await this.one('SELECT id FROM issues WHERE source_path = $1', [noNul(sourcePath)], c);
      const orphaned = old ? await linksInto(c, old.id) : undefined;
      if (old) await c.query('DELETE FROM issues WHERE id = $1', [old.id]);
      const { issueId, docIds } = await insertIssue(c, input, prepared);
      if (old) await dropOrphanOriginals(c);
      await relink(c, docIds, !!old, orphaned);
      await bumpGeneration(c);
      added = prepared.map((p, i) => ({ id: docIds[i]!, text: p.searchText, title: normalizeForSearch(p.doc.title) }));
      const warnings = parsed.warnings.length + parsed.documents.reduce((n, d) => n + d.warnings.length, 0);
      return { status: old ? 'replaced' : 'inserted', issueId, documents: docIds.length, warnings };
    });
    if (result.status === 'inserted' || result.status === 'replaced') {
      this.engine.invalidate();
      await this.index.add(added);
    }
    return result;
  }

  async deleteIssue(id: number): Promise<boolean> {
    if (!validId(id)) return false;
    if (this.readonly) throw new Error('the archive is open read-only');
    await this.ensureReady();
    const done = await transaction(this.pool, async (c) => {
      await takeWriteLock(c);
      const orphaned = await linksInto(c, id);
      const n = (await c.query('DELETE FROM issues WHERE id = $1', [id])).rowCount ?? 0;
      if (n) {
        await relink(c, [], true, orphaned);
        await dropOrphanOriginals(c);
        await bumpGeneration(c);
      }
      return n > 0;
    });
    if (done) this.engine.invalidate();
    return done;
  }

  async flushIndex(): Promise<void> {
    if (this.readonly) return;
    await this.ensureReady();
    await this.index.flush();
    this.caughtUp = true;
    await this.index.catchUp();
  }

  /** Merge every index segment into one (after a bulk load; optional). */
  /** Merge the index segments, then VACUUM ANALYZE: statistics for the planner and index-only scans after a bulk load. */
  async optimize(): Promise<void> {
    if (this.readonly) return;
    await this.ensureReady();
    await this.index.optimize();
    // (VACUUM cannot run inside a transaction: a plain pool query.)
    await this.pool.query('VACUUM (ANALYZE)');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.readonly && this.index.pending && this.readying) await this.index.flush();
    } finally {
      this.closed = true;
      await this.pool.end().catch(() => {});
    }
  }
}

// ───────────────────────────── writing an issue ─────────────────────────────

/** Original files no stored issue points at any more. */
async function dropOrphanOriginals(c: pg.PoolClient): Promise<void> {
  await c.query('DELETE FROM originals o WHERE NOT EXISTS (SELECT 1 FROM issues i WHERE i.sha256 = o.sha256)');
}

async function insertIssue(c: pg.PoolClient, input: IngestInput, prepared: PreparedDocument[]): Promise<{ issueId: number; docIds: number[] }> {
  const { parsed, sourcePath } = input;
  const m = parsed.issue;
  const issueId = (
    await c.query<Row>(
      `INSERT INTO issues (source_path, file_name, sha256, bytes, encoding, line_ending, line_count, parser_version,
         title, year, number, total_number, published_on, masthead, ingested_at, format, page_count, ocr_pages)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::json, $15, $16, $17, $18::json) RETURNING id`,
      noNul([
        sourcePath,
        parsed.source.fileName ?? basename(sourcePath),
        parsed.source.sha256,
        parsed.source.bytes,
        parsed.source.encoding,
        parsed.source.lineEnding,
        parsed.source.lineCount,
        parsed.parserVersion,
        m?.title ?? null,
        m?.year ?? null,
        m?.number ?? null,
        m?.totalNumber ?? null,
        m?.publishedOn ?? null,
        m ? JSON.stringify(m) : null,
        new Date().toISOString(),
        ...Object.values(issuePdfColumns(parsed)),
      ]),
    )
  ).rows[0]!.id as number;
  if (parsed.pages.length) await c.query('INSERT INTO issue_pages (issue_id, pages) VALUES ($1, $2::json)', [issueId, JSON.stringify(noNul(parsed.pages))]);
  if (input.original) {
    await c.query('INSERT INTO originals (sha256, media_type, size, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [
      parsed.source.sha256, 'application/pdf', input.original.length, Buffer.from(input.original),
    ]);
  }

  const issueYear = m?.year ?? null;
  // Documents: one statement; ids come back with their index.
  const docRows = prepared.map((p) => {
    const d = p.doc;
    return {
      issue_id: issueId,
      idx: d.index,
      kind: d.kind,
      start_line: d.startLine,
      end_line: d.endLine,
      section: d.section,
      title: d.title,
      issuers: d.issuers,
      doc_number: d.docNumber,
      doc_type: d.docType,
      date: d.date,
      year: d.date ? Number(d.date.slice(0, 4)) : issueYear,
      effective_from: d.validity.effectiveFrom,
      expires_on: d.validity.expiresOn,
      body: p.body,
      search_length: p.searchText.length,
    };
  });
  const docIdByIndex = new Map<number, number>();
  for (let i = 0; i < docRows.length; i += 500) {
    const chunk = docRows.slice(i, i + 500).map((r, j) => ({
      ...r, raw_lines: prepared[i + j]!.rawLines, line_places: prepared[i + j]!.linePlaces, data: documentData(prepared[i + j]!.doc),
    }));
    const res = await c.query<Row>(
      `WITH x AS (SELECT * FROM json_to_recordset($1::json) AS x(issue_id int, idx int, kind text, start_line int, end_line int,
         section text, title text, issuers text[], doc_number text, doc_type text, date text, year int, effective_from text,
         expires_on text, body text, raw_lines json, line_places json, search_length int, data json)),
       d AS (INSERT INTO documents (issue_id, idx, kind, start_line, end_line, section, title, issuers, doc_number, doc_type, date, year,
         effective_from, expires_on, search_length, indexed)
       SELECT issue_id, idx, kind, start_line, end_line, section, title, issuers, doc_number, doc_type, date, year,
         effective_from, expires_on, search_length, false FROM x
       RETURNING id, idx),
       t AS (INSERT INTO document_texts (document_id, body, raw_lines, line_places, data)
         SELECT d.id, x.body, x.raw_lines, x.line_places, x.data FROM x JOIN d ON d.idx = x.idx)
       SELECT id, idx FROM d`,
      [JSON.stringify(noNul(chunk))],
    );
    for (const r of res.rows) docIdByIndex.set(r.idx, r.id);
  }
  const docIds = prepared.map((p) => docIdByIndex.get(p.doc.index)!);

  const warnings: object[] = [];
  const titleKeys: object[] = [];
  const refs: object[] = [];
  const appointments: object[] = [];
  const rosters: { document_id: number; ord: number; grp: string; line: number }[] = [];
  const tasks: object[] = [];
  const citations: object[] = [];
  const repeals: object[] = [];
  prepared.forEach((p, k) => {
    const d = p.doc;
    const id = docIds[k]!;
    for (const w of d.warnings) warnings.push({ issue_id: issueId, document_id: id, code: w.code, message: w.message, line: w.line });
    for (const t of titleKeysOf(d)) titleKeys.push({ key: t.key, document_id: id, doc_number: d.docNumber, kind: t.kind });
    if (d.docNumber) refs.push({ number: d.docNumber, document_id: id, line: d.docNumberLine, own: true });
    for (const [num, line] of p.mentions) if (num !== d.docNumber) refs.push({ number: num, document_id: id, line, own: false });
    d.appointments.forEach((a, i) =>
      appointments.push({ document_id: id, ord: i, action: a.action, person: a.person, post: a.post, qualifiers: a.qualifiers, line: a.line, span: a.span ?? null }),
    );
    d.rosters.forEach((r, i) => rosters.push({ document_id: id, ord: i, grp: r.group, line: r.line }));
    d.tasks.forEach((t, i) => {
      tasks.push({
        document_id: id,
        ord: i,
        text: t.text,
        leads: t.leads,
        cooperators: t.cooperators,
        lead_agencies: t.leadAgencies,
        cooperator_agencies: t.cooperatorAgencies,
        deadline: t.deadline,
        deadline_text: t.deadlineText,
        recurrence: t.recurrence,
        milestones: t.milestones,
        start_line: t.startLine,
        end_line: t.endLine,
        line: t.line,
        span: t.span ?? null,
      });
    });
    d.citations.forEach((ct, i) => {
      // Citations the parser resolved inside the issue keep that resolution.
      const target = ct.resolvedIndex !== null && ct.resolvedIndex !== d.index ? docIdByIndex.get(ct.resolvedIndex) ?? null : null;
      citations.push({
        document_id: id,
        ord: i,
        kind: ct.kind,
        title: ct.title,
        title_key: ct.title ? titleKey(ct.title) : null,
        doc_number: ct.docNumber,
        line: ct.line,
        resolved_index: ct.resolvedIndex,
        span: ct.span ?? null,
        target_id: target,
        resolved_by: target !== null ? (ct.docNumber ? 'number' : 'title') : null,
      });
    });
    d.validity.repeals.forEach((r, i) =>
      repeals.push({
        document_id: id,
        ord: i,
        title: r.title,
        title_key: r.title ? titleKey(r.title) : null,
        doc_number: r.docNumber,
        line: r.line,
        span: r.span ?? null,
      }),
    );
  });
  for (const w of parsed.warnings) warnings.push({ issue_id: issueId, document_id: null, code: w.code, message: w.message, line: w.line });

  const members: object[] = [];
  const unitRows: object[] = [];
  prepared.forEach((p, k) => {
    const id = docIds[k]!;
    p.doc.rosters.forEach((r, i) =>
      r.members.forEach((mb, j) =>
        members.push({ document_id: id, roster_ord: i, ord: j, role: mb.role, person: mb.person, post: mb.post, line: mb.line, span: mb.span ?? null }),
      ),
    );
    p.doc.tasks.forEach((t, i) => {
      for (const u of taskUnits(t, parsed.region)) unitRows.push({ document_id: id, task_ord: i, ...u });
    });
  });
  const toc = parsed.toc.map((t, i) => ({
    issue_id: issueId,
    ord: i,
    section: t.section,
    title: t.title,
    doc_number: t.docNumber,
    page: t.page,
    line: t.line,
    end_line: t.endLine,
    document_index: t.documentIndex,
  }));
  const agencies: object[] = [];
  const agencyNames: object[] = [];
  for (const a of agencyRows(parsed.agencies, parsed.region)) {
    agencies.push({ issue_id: issueId, name: a.name, aliases: a.aliases });
    for (const n of a.names) agencyNames.push({ issue_id: issueId, name: n, canonical: a.name });
  }

  // Everything else of the issue in one statement (one round trip): data-modifying CTEs, the
  // roster members and task agencies joined to the ids their rosters and tasks just got.
  const parts: { table: string; columns: string; types: string; rows: object[]; select?: string; returning?: string }[] = [
    { table: 'warnings', columns: 'issue_id, document_id, code, message, line', types: 'issue_id int, document_id int, code text, message text, line int', rows: warnings },
    { table: 'title_keys', columns: 'key, document_id, doc_number, kind', types: 'key text, document_id int, doc_number text, kind text', rows: titleKeys },
    { table: 'doc_number_refs', columns: 'number, document_id, line, own', types: 'number text, document_id int, line int, own boolean', rows: refs },
    {
      table: 'appointments',
      columns: 'document_id, ord, action, person, post, qualifiers, line, span',
      types: 'document_id int, ord int, action text, person text, post text, qualifiers text[], line int, span json',
      rows: appointments,
    },
    { table: 'rosters', columns: 'document_id, ord, grp, line', types: 'document_id int, ord int, grp text, line int', rows: rosters, returning: 'id, document_id, ord' },
    {
      table: 'roster_members',
      columns: 'roster_id, ord, role, person, post, line, span',
      types: 'document_id int, roster_ord int, ord int, role text, person text, post text, line int, span json',
      rows: members,
      select: 'SELECT r.id, x.ord, x.role, x.person, x.post, x.line, x.span FROM {x} JOIN ins_rosters r ON r.document_id = x.document_id AND r.ord = x.roster_ord',
    },
    {
      table: 'tasks',
      columns:
        'document_id, ord, text, leads, cooperators, lead_agencies, cooperator_agencies, deadline, deadline_text, recurrence, milestones, start_line, end_line, line, span',
      types:
        'document_id int, ord int, text text, leads text[], cooperators text[], lead_agencies text[], cooperator_agencies text[], deadline text, deadline_text text, recurrence text, milestones json, start_line int, end_line int, line int, span json',
      rows: tasks,
      returning: 'id, document_id, ord',
    },
    {
      table: 'task_agencies',
      columns: 'task_id, name, role, deadline_key',
      types: 'document_id int, task_ord int, name text, role text, deadline_key text',
      rows: unitRows,
      select: 'SELECT t.id, x.name, x.role, x.deadline_key FROM {x} JOIN ins_tasks t ON t.document_id = x.document_id AND t.ord = x.task_ord',
    },
    {
      table: 'citations',
      columns: 'document_id, ord, kind, title, title_key, doc_number, line, resolved_index, target_id, resolved_by, span',
      types: 'document_id int, ord int, kind text, title text, title_key text, doc_number text, line int, resolved_index int, target_id int, resolved_by text, span json',
      rows: citations,
    },
    {
      table: 'repeals',
      columns: 'document_id, ord, title, title_key, doc_number, line, span',
      types: 'document_id int, ord int, title text, title_key text, doc_number text, line int, span json',
      rows: repeals,
    },
    {
      table: 'toc_entries',
      columns: 'issue_id, ord, section, title, doc_number, page, line, end_line, document_index',
      types: 'issue_id int, ord int, section text, title text, doc_number text, page int, line int, end_line int, document_index int',
      rows: toc,
    },
    { table: 'agencies', columns: 'issue_id, name, aliases', types: 'issue_id int, name text, aliases text[]', rows: agencies },
    { table: 'agency_names', columns: 'issue_id, name, canonical', types: 'issue_id int, name text, canonical text', rows: agencyNames },
  ];
  const ctes = parts.map((x, i) => {
    const from = `json_to_recordset($${i + 1}::json) AS x(${x.types})`;
    const select = x.select ? x.select.replace('{x}', from) : `SELECT ${x.columns} FROM ${from}`;
    return `ins_${x.table} AS (INSERT INTO ${x.table} (${x.columns}) ${select}${x.returning ? ` RETURNING ${x.returning}` : ''})`;
  });
  await c.query(`WITH ${ctes.join(',\n')} SELECT 1`, parts.map((x) => JSON.stringify(noNul(x.rows))));
  return { issueId, docIds };
}

/**
 * Resolve citations and repeals (as the SQLite backend does): those of the new documents against
 * the whole archive, and the unresolved ones anywhere that the new documents answer (a cited
 * document arriving later); by number first, then by title key; the newest match wins. Then
 * recompute which documents stand repealed. Runs under the write lock, so it sees every document
 * committed before it, whichever process stored it.
 */
async function linksInto(c: pg.PoolClient, issueId: number): Promise<Orphaned> {
  const ids = async (table: string) =>
    (await c.query<Row>(`SELECT x.id FROM documents d JOIN ${table} x ON x.target_id = d.id WHERE d.issue_id = $1`, [issueId])).rows.map((r) => r.id as number);
  return { citations: await ids('citations'), repeals: await ids('repeals') };
}

async function relink(c: pg.PoolClient, newDocIds: number[], deleted: boolean, orphaned: Orphaned = { citations: [], repeals: [] }): Promise<void> {
  const repealTargets = new Set<number>();
  for (const table of ['citations', 'repeals'] as const) {
    // What may resolve now: links of the new documents, and unresolved links elsewhere that a new
    // document answers — by its number, or by a title key under the same number condition the
    // resolution applies (so a link whose only title match carries another number is not
    // looked at again on every ingest). Any other unresolved link had no target before and
    // gains none.
    const res = await c.query<Row>(
      `WITH new_docs AS (SELECT id, doc_number FROM documents WHERE id = ANY($1::int[])),
       new_keys AS (SELECT t.key, t.document_id, n.doc_number FROM title_keys t JOIN new_docs n ON n.id = t.document_id),
       found AS (
         SELECT x.id, x.document_id, x.title_key, x.doc_number, x.target_id FROM ${table} x WHERE x.document_id = ANY($1::int[])
         UNION
         -- links whose target was just deleted: whatever else answers them now
         SELECT x.id, x.document_id, x.title_key, x.doc_number, x.target_id FROM ${table} x WHERE x.id = ANY($2::int[])
         UNION
         SELECT x.id, x.document_id, x.title_key, x.doc_number, x.target_id FROM new_docs n
           JOIN ${table} x ON x.target_id IS NULL AND x.doc_number = n.doc_number AND x.document_id <> n.id
         UNION
         -- (LATERAL … OFFSET 0: one index probe per key, never a scan of every unresolved link)
         SELECT x.id, x.document_id, x.title_key, x.doc_number, x.target_id FROM new_keys k
           CROSS JOIN LATERAL (SELECT * FROM ${table} y WHERE y.target_id IS NULL AND y.title_key = k.key
             AND y.document_id <> k.document_id OFFSET 0) x
           WHERE k.doc_number IS NULL
         UNION
         SELECT x.id, x.document_id, x.title_key, x.doc_number, x.target_id FROM new_keys k
           CROSS JOIN LATERAL (SELECT * FROM ${table} y WHERE y.target_id IS NULL AND y.title_key = k.key AND y.doc_number IS NULL
             AND y.document_id <> k.document_id OFFSET 0) x
           WHERE k.doc_number IS NOT NULL
         UNION
         SELECT x.id, x.document_id, x.title_key, x.doc_number, x.target_id FROM new_keys k
           CROSS JOIN LATERAL (SELECT * FROM ${table} y WHERE y.target_id IS NULL AND y.title_key = k.key AND y.doc_number = k.doc_number
             AND y.document_id <> k.document_id OFFSET 0) x
       ), resolved AS (
         SELECT f.id, f.target_id AS already,
           (SELECT d.id FROM documents d WHERE f.doc_number IS NOT NULL AND d.doc_number = f.doc_number AND d.id <> f.document_id
             ORDER BY d.id DESC LIMIT 1) AS by_number,
           (SELECT t.document_id FROM title_keys t JOIN documents d ON d.id = t.document_id
             WHERE f.title_key IS NOT NULL AND t.key = f.title_key AND t.document_id <> f.document_id
               AND (f.doc_number IS NULL OR d.doc_number IS NULL OR d.doc_number = f.doc_number)
             ORDER BY t.document_id DESC LIMIT 1) AS by_title
         FROM found f
       )
       SELECT id, already, by_number, by_title FROM resolved`,
      [newDocIds, orphaned[table]],
    );
    // Then set the links that resolved (and collect the documents repeals now point at).
    const ids: number[] = [];
    const targets: number[] = [];
    const how: string[] = [];
    for (const r of res.rows) {
      const target = r.already ?? r.by_number ?? r.by_title;
      if (target === null || target === undefined) continue;
      if (table === 'repeals') repealTargets.add(target);
      if (r.already !== null) continue;
      ids.push(r.id);
      targets.push(target);
      how.push(r.by_number !== null ? 'number' : 'title');
    }
    if (ids.length) {
      await c.query(
        `UPDATE ${table} x SET target_id = v.t, resolved_by = v.h FROM unnest($1::int[], $2::int[], $3::text[]) AS v(id, t, h) WHERE x.id = v.id`,
        [ids, targets, how],
      );
    }
  }
  // Documents whose repeal status may have changed: new targets, and, after a delete, those whose
  // repealer is gone (repealed_by was set to NULL by the foreign key).
  if (deleted) {
    for (const r of (await c.query<Row>('SELECT id FROM documents WHERE repealed_on IS NOT NULL AND repealed_by IS NULL')).rows) {
      repealTargets.add(r.id);
    }
  }
  if (repealTargets.size) {
    await c.query(
      `UPDATE documents SET (repealed_on, repealed_by) = (
         SELECT COALESCE(p.effective_from, p.date, '${UNKNOWN_DATE}'), p.id FROM repeals r JOIN documents p ON p.id = r.document_id
         WHERE r.target_id = documents.id AND r.document_id <> documents.id
         ORDER BY COALESCE(p.effective_from, p.date, '${UNKNOWN_DATE}') COLLATE "C", p.id LIMIT 1)
       WHERE id = ANY($1::int[])`,
      [[...repealTargets]],
    );
  }
}
