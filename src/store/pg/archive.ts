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
import { citationRecord, docSummary, exportRow, issuePdfColumns, issueSource, issueSummary, linesOf, prepareDocument, taskRecord, taskUnits, agencyRows, type Orphaned, type PreparedDocument } from '../records.js';
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

// Arguments reach SQL only as valid integers: a row id outside integer range, NaN or Infinity
// names no row (PostgreSQL would refuse it with an error); limits and offsets are clamped.
const MAX_ID = 2147483647;
const validId = (id: unknown): id is number => Number.isSafeInteger(id) && (id as number) >= 1 && (id as number) <= MAX_ID;

export class PgArchive implements Archive {
  readonly url: string;
  readonly pool: pg.Pool;
  private readonly engine: SearchEngine;
  private readonly index: PgIndexWriter;
  private readonly readonly: boolean;
  private readonly mustExist: boolean;
  private ready: Promise<void> | null = null;
  private caughtUp = false;
  private closed = false;

  private constructor(url: string, opts: PgArchiveOptions) {
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
  }

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
    if (!this.ready) {
      this.ready = migrate(this.pool, redactUrl(this.url), { readOnly: this.readonly, mustExist: this.mustExist }).then(
        () => undefined,
        (e) => {
          this.ready = null;
          throw e;
        },
      );
    }
    return this.ready;
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
  private readonly memo: GenerationMemo;

  private cached<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.memo.get(key, fn);
  }

  // ───────────────────────────── ingest ─────────────────────────────

  async isCurrent(sourcePath: string, sha256: string, parserVersion: string): Promise<IngestResult | null> {
    return this.currentState(await this.db(), sourcePath, sha256, parserVersion);
  }

  async storedDocumentCount(sourcePath: string): Promise<number | null> {
    const row = await this.one(
      'SELECT (SELECT COUNT(*) FROM documents d WHERE d.issue_id = i.id) AS documents FROM issues i WHERE i.source_path = $1',
      [noNul(sourcePath)],
    );
    return row ? row.documents : null;
  }

  /** Documents and warnings of a stored issue. */
  private async issueCounts(db: Queryable, id: number): Promise<{ documents: number; warnings: number }> {
    return (await this.one(
      `SELECT (SELECT COUNT(*) FROM documents WHERE issue_id = $1) AS documents,
              (SELECT COUNT(*) FROM warnings WHERE issue_id = $1) AS warnings`,
      [id],
      db,
    )) as { documents: number; warnings: number };
  }

  private async currentState(db: Queryable, sourcePath: string, sha256: string, parserVersion: string): Promise<IngestResult | null> {
    const counts = (id: number) => this.issueCounts(db, id);
    const same = await this.one('SELECT id, sha256, parser_version FROM issues WHERE source_path = $1', [noNul(sourcePath)], db);
    if (same) {
      if (same.sha256 !== sha256 || same.parser_version !== parserVersion) return null;
      const c = await counts(same.id);
      return { status: 'unchanged', issueId: same.id, documents: c.documents, warnings: c.warnings };
    }
    const dup = await this.one(
      'SELECT id, source_path FROM issues WHERE sha256 = $1 AND parser_version = $2 ORDER BY id LIMIT 1',
      [sha256, parserVersion],
      db,
    );
    if (dup) {
      const c = await counts(dup.id);
      return { status: 'duplicate', issueId: dup.id, documents: c.documents, warnings: c.warnings, duplicateOf: dup.source_path, duplicateBy: 'content' };
    }
    return null;
  }

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
      const state = await this.currentState(c, sourcePath, parsed.source.sha256, parsed.parserVersion);
      if (state) return state;
      if (input.reportSameIssue) {
        const same = await findSameIssue(parsed, sourcePath, (q, params) =>
          this.rows(q, params.map((v) => (typeof v === 'string' ? noNul(v) : v)), c),
        );
        if (same) {
          const n = await this.issueCounts(c, same.issueId);
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

  // ───────────────────────────── search ─────────────────────────────

  async search(q: string, opts?: SearchOptions): Promise<SearchResult> {
    await this.ensureReady();
    // A kept answer reports the time this request took, not the time it first took.
    const started = performance.now();
    const result = await this.cached(`search:${JSON.stringify([q, opts ?? {}, opts?.asOf ?? today()])}`, () => this.engine.search(q, opts));
    // (The date is in the key: statuses and their facet change at midnight without any write.)
    return { ...result, tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  /** Exact substring matches (ids ascending with counts): for tests and the benchmark. */
  async matchText(text: string): Promise<{ docs: Int32Array; tfs: Int32Array }> {
    await this.ensureReady();
    return this.engine.matchText(text);
  }

  // ───────────────────────────── reading ─────────────────────────────


  private static ISSUE_SELECT = `SELECT i.*,
      (SELECT COUNT(*) FROM documents d WHERE d.issue_id = i.id) AS document_count,
      (SELECT COUNT(*) FROM warnings w WHERE w.issue_id = i.id) AS warning_count
    FROM issues i`;

  async listIssues(opts: ListOptions = {}): Promise<IssueSummary[]> {
    const args = [limitArg(opts.limit), offsetArg(opts.offset)];
    const rows = await this.cached(`issues:${args}`, () =>
      this.rows(`${PgArchive.ISSUE_SELECT} ORDER BY i.year IS NULL, i.year, i.number NULLS FIRST, i.id LIMIT $1 OFFSET $2`, args),
    );
    return rows.map((r) => issueSummary(r));
  }

  async adjacentIssues(id: number): Promise<AdjacentIssues> {
    const none = { previous: null, next: null };
    if (!validId(id)) return none;
    const db = await this.db();
    const at = await this.one('SELECT title, year, number FROM issues WHERE id = $1', [id], db);
    if (!at || at.title === null || at.year === null || at.number === null) return none;
    // The nearest issue of the same gazette on either side of (year, number, id).
    const near = async (side: '<' | '>', dir: 'ASC' | 'DESC') => {
      const r = await this.one(
        `${PgArchive.ISSUE_SELECT} WHERE i.title = $1 AND i.year IS NOT NULL AND i.number IS NOT NULL
           AND (i.year, i.number, i.id) ${side} ($2, $3, $4)
         ORDER BY i.year ${dir}, i.number ${dir}, i.id ${dir} LIMIT 1`,
        [at.title, at.year, at.number, id],
        db,
      );
      return r ? issueSummary(r) : null;
    };
    const [previous, next] = await Promise.all([near('<', 'DESC'), near('>', 'ASC')]);
    return { previous, next };
  }

  async getOriginal(issueId: number): Promise<OriginalFile | null> {
    if (!validId(issueId)) return null;
    const r = await this.one('SELECT o.sha256, o.media_type, o.bytes FROM issues i JOIN originals o ON o.sha256 = i.sha256 WHERE i.id = $1', [issueId]);
    return r ? { sha256: r.sha256, mediaType: r.media_type, bytes: new Uint8Array(r.bytes) } : null;
  }

  async getIssue(id: number): Promise<IssueDetail | null> {
    if (!validId(id)) return null;
    const db = await this.db();
    const [r, toc, agencies, warnings, documents, pages, original] = await Promise.all([
      this.one(`${PgArchive.ISSUE_SELECT} WHERE i.id = $1`, [id], db),
      this.rows('SELECT * FROM toc_entries WHERE issue_id = $1 ORDER BY ord', [id], db),
      this.rows('SELECT name, aliases FROM agencies WHERE issue_id = $1 ORDER BY id', [id], db),
      this.rows('SELECT code, message, line FROM warnings WHERE issue_id = $1 AND document_id IS NULL ORDER BY id', [id], db),
      this.listDocuments({ issueId: id }),
      this.one('SELECT pages FROM issue_pages WHERE issue_id = $1', [id], db),
      this.one('SELECT 1 AS one FROM issues i JOIN originals o ON o.sha256 = i.sha256 WHERE i.id = $1', [id], db),
    ]);
    if (!r) return null;
    return {
      ...issueSummary(r),
      masthead: r.masthead ?? null,
      ...issueSource(r, pages?.pages),
      hasOriginal: !!original,
      toc: toc.map((t) => ({
        section: t.section,
        title: t.title,
        docNumber: t.doc_number,
        page: t.page,
        line: t.line,
        endLine: t.end_line,
        documentIndex: t.document_index,
      })),
      agencies: agencies.map((a) => ({ name: a.name as string, aliases: list(a.aliases) })),
      warnings: warnings.map((w) => ({ code: w.code, message: w.message, line: w.line })),
      documents,
    };
  }

  private static DOC_SELECT = `SELECT d.id, d.issue_id, d.idx, d.kind, d.title, d.doc_number, d.doc_type, d.issuers, d.section, d.date,
      d.start_line, d.end_line, i.source_path FROM documents d JOIN issues i ON i.id = d.issue_id`;


  async listDocuments(opts: ListOptions & { issueId?: number } = {}): Promise<DocumentSummary[]> {
    const rows = await this.rows(
      `${PgArchive.DOC_SELECT} WHERE ($1::int IS NULL OR d.issue_id = $1) ORDER BY d.issue_id, d.idx LIMIT $2 OFFSET $3`,
      [opts.issueId === undefined ? null : validId(opts.issueId) ? opts.issueId : 0, limitArg(opts.limit), offsetArg(opts.offset)],
    );
    return rows.map((r) => docSummary(r));
  }

  async findByDocNumber(docNumber: string): Promise<DocumentSummary[]> {
    const n = normalizeDocNumber(docNumber) ?? squash(docNumber);
    const rows = await this.rows(`${PgArchive.DOC_SELECT} WHERE d.doc_number = $1 ORDER BY d.id`, [noNul(n)]);
    return rows.map((r) => docSummary(r));
  }

  async documentLines(id: number, from?: number, to?: number): Promise<DocumentLine[]> {
    if (!validId(id)) return [];
    const r = await this.one('SELECT start_line, body, raw_lines, line_places FROM documents WHERE id = $1', [id]);
    if (!r) return [];
    return linesOf(r as never).filter((l) => (from === undefined || l.line >= from) && (to === undefined || l.line <= to));
  }

  async getDocument(id: number, opts: { asOf?: IsoDate } = {}): Promise<DocumentDetail | null> {
    if (!validId(id)) return null;
    const db = await this.db();
    const r = await this.one('SELECT d.*, i.source_path FROM documents d JOIN issues i ON i.id = d.issue_id WHERE d.id = $1', [id], db);
    if (!r) return null;
    const [issue, citations, citedBy, repeals, validity] = await Promise.all([
      this.one(`${PgArchive.ISSUE_SELECT} WHERE i.id = $1`, [r.issue_id], db),
      this.citations(id),
      this.citedBy(id),
      this.repealsOf(id),
      this.validityOf(r, opts.asOf ?? today()),
    ]);
    return {
      ...docSummary(r),
      document: r.data as OfficialDocument,
      issue: issueSummary(issue!),
      lines: linesOf(r as never),
      citations,
      citedBy,
      repeals,
      validity,
    };
  }

  private static CITATION_SELECT = `SELECT c.*, d.title AS document_title, d.doc_number AS document_doc_number,
      t.title AS target_title, t.doc_number AS target_doc_number
    FROM citations c JOIN documents d ON d.id = c.document_id LEFT JOIN documents t ON t.id = c.target_id`;


  async citations(documentId: number): Promise<CitationRecord[]> {
    if (!validId(documentId)) return [];
    const rows = await this.rows(`${PgArchive.CITATION_SELECT} WHERE c.document_id = $1 ORDER BY c.ord`, [documentId]);
    return rows.map((r) => citationRecord(r));
  }

  async citedBy(documentId: number): Promise<CitationRecord[]> {
    if (!validId(documentId)) return [];
    const rows = await this.rows(
      `${PgArchive.CITATION_SELECT} WHERE c.target_id = $1 ORDER BY d.date COLLATE "C" NULLS FIRST, c.document_id, c.ord`,
      [documentId],
    );
    return rows.map((r) => citationRecord(r));
  }

  private async repealsOf(documentId: number): Promise<RepealRecord[]> {
    const rows = await this.rows('SELECT * FROM repeals WHERE document_id = $1 ORDER BY ord', [documentId]);
    return rows.map((r) => ({
      id: r.id,
      documentId: r.document_id,
      title: r.title,
      docNumber: r.doc_number,
      line: r.line,
      targetId: r.target_id,
      resolvedBy: r.resolved_by,
    }));
  }

  private async validityOf(r: Row, asOf: IsoDate): Promise<ValidityInfo> {
    let repealedBy: ValidityInfo['repealedBy'] = null;
    if (r.repealed_by) {
      const p = await this.one(
        `SELECT p.id, p.title, p.doc_number, r.line FROM documents p JOIN repeals r ON r.document_id = p.id
         WHERE p.id = $1 AND r.target_id = $2 ORDER BY r.ord LIMIT 1`,
        [r.repealed_by, r.id],
      );
      if (p) {
        repealedBy = {
          byDocumentId: p.id,
          byTitle: p.title,
          byDocNumber: p.doc_number,
          on: r.repealed_on === UNKNOWN_DATE ? null : r.repealed_on,
          line: p.line,
        };
      }
    }
    const facts = { effectiveFrom: r.effective_from, expiresOn: r.expires_on, repealedOn: r.repealed_on };
    return { effectiveFrom: r.effective_from, expiresOn: r.expires_on, repealedBy, status: statusAt(facts, asOf), asOf };
  }

  async validity(documentId: number, asOf?: IsoDate): Promise<ValidityInfo | null> {
    if (!validId(documentId)) return null;
    const r = await this.one(
      'SELECT id, effective_from, expires_on, repealed_on, repealed_by FROM documents WHERE id = $1',
      [documentId],
    );
    return r ? this.validityOf(r, asOf ?? today()) : null;
  }

  // ───────────────────────────── people ─────────────────────────────

  async listPeople(opts: ListOptions & { prefix?: string } = {}): Promise<PersonSummary[]> {
    const args = [opts.prefix ? noNul(squash(opts.prefix)) : null, limitArg(opts.limit), offsetArg(opts.offset)];
    // (The list itself is kept, like SQLite's: one shared, frozen answer while the archive is unchanged.)
    return this.cached(`people:${JSON.stringify(args)}`, async () => (await this.rows(
      `SELECT a.person, COUNT(*) AS n,
              MIN(COALESCE(d.date, i.published_on) COLLATE "C") AS first, MAX(COALESCE(d.date, i.published_on) COLLATE "C") AS last
       FROM appointments a JOIN documents d ON d.id = a.document_id JOIN issues i ON i.id = d.issue_id
       WHERE ($1::text IS NULL OR starts_with(a.person, $1))
       GROUP BY a.person ORDER BY a.person COLLATE "C" LIMIT $2 OFFSET $3`,
      args,
    )).map((r): PersonSummary => ({ name: r.person, appointments: r.n, first: r.first, last: r.last })));
  }

  async personTimeline(name: string): Promise<PersonTimeline> {
    const person = squash(name);
    const rows = await this.rows(
      `SELECT a.*, COALESCE(d.date, i.published_on) AS when_, d.doc_number, d.title, d.issue_id
       FROM appointments a JOIN documents d ON d.id = a.document_id JOIN issues i ON i.id = d.issue_id
       WHERE a.person = $1
       ORDER BY COALESCE(d.date, i.published_on) IS NULL, COALESCE(d.date, i.published_on) COLLATE "C", d.id, a.line`,
      [noNul(person)],
    );
    const entries: TimelineEntry[] = rows.map((r) => ({
      appointmentId: r.id,
      person: r.person,
      action: r.action,
      post: r.post,
      qualifiers: list(r.qualifiers),
      date: r.when_,
      documentId: r.document_id,
      docNumber: r.doc_number,
      title: r.title,
      issueId: r.issue_id,
      line: r.line,
      identity: 0,
    }));
    const { identities, flags } = clusterPeople(entries);
    return { name: person, entries, identities, flags };
  }

  // ───────────────────────────── agencies & tasks ─────────────────────────────

  /** The canonical name(s) and aliases an agency name stands for. */
  private agencyNames(name: string): Promise<string[]> {
    return this.cached(`agencyNames:${squash(name)}`, () => this.lookUpAgencyNames(name));
  }

  private async lookUpAgencyNames(name: string): Promise<string[]> {
    const n = noNul(squash(name));
    const canon = (await this.rows('SELECT DISTINCT canonical FROM agency_names WHERE name = $1', [n])).map((r) => r.canonical as string);
    const names = new Set([n, ...canon]);
    if (canon.length) {
      for (const r of await this.rows('SELECT DISTINCT name FROM agency_names WHERE canonical = ANY($1::text[])', [canon])) names.add(r.name);
    }
    return [...names];
  }


  async tasks(filter: TaskFilter = {}): Promise<TaskRecord[]> {
    const asOf = filter.asOf ?? today();
    if (filter.documentId !== undefined && !validId(filter.documentId)) return [];
    return this.cached(`tasks:${JSON.stringify(filter)}:${asOf}`, async () => {
      const q = taskSql('pg', filter, filter.agency ? await this.agencyNames(filter.agency) : null, asOf);
      const { sql, idsOnly } = taskListSql(q, 'pg', filter);
      const rows = await this.rows(sql, q.args() as unknown[]);
      return idsOnly ? this.tasksByIds(rows.map((r) => r.id as number), asOf) : rows.map((r) => taskRecord(r, asOf));
    });
  }

  /** Tasks by id, in the order of `ids`. */
  private async tasksByIds(ids: number[], asOf: IsoDate): Promise<TaskRecord[]> {
    const rows = await this.rows('SELECT t.*, d.doc_number, d.title FROM tasks t JOIN documents d ON d.id = t.document_id WHERE t.id = ANY($1::int[])', [ids]);
    const byId = new Map(rows.map((r) => [r.id as number, r]));
    return ids.flatMap((id) => (byId.has(id) ? [taskRecord(byId.get(id)!, asOf)] : []));
  }

  async countTasks(filter: TaskFilter = {}): Promise<TaskCounts> {
    const asOf = filter.asOf ?? today();
    if (filter.documentId !== undefined && !validId(filter.documentId)) return taskCountsOf(undefined);
    return this.cached(`countTasks:${JSON.stringify(filter)}:${asOf}`, async () => {
      const q = taskSql('pg', filter, filter.agency ? await this.agencyNames(filter.agency) : null, asOf);
      return taskCountsOf(await this.one(taskCountSql(q, 'pg', asOf), q.args() as unknown[]));
    });
  }

  async agencyTasks(name: string, asOf: IsoDate = today()): Promise<AgencyTasks> {
    return agencyTasksOf(this, noNul(squash(name)), await this.agencyNames(name), asOf);
  }


  async isAgency(name: string): Promise<boolean> {
    const n = noNul(squash(name));
    return !!(await this.one('(SELECT 1 FROM agency_names WHERE name = $1 LIMIT 1) UNION ALL (SELECT 1 FROM task_agencies WHERE name = $1 LIMIT 1) LIMIT 1', [n]));
  }

  async listAgencies(opts: ListOptions = {}): Promise<AgencySummary[]> {
    const args = [limitArg(opts.limit), offsetArg(opts.offset)];
    // Every name an agency goes by (canonical, aliases, and names only tasks use), then the tasks
    // each canonical agency leads / cooperates on under any of its names.
    const rows = await this.cached(`agencies:${args}`, () =>
      this.rows(
        `WITH known AS (SELECT DISTINCT name, canonical FROM agency_names),
              used AS (SELECT DISTINCT name FROM task_agencies),
              names AS (SELECT name, canonical FROM known
                        UNION SELECT u.name, u.name FROM used u WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.name = u.name)),
              counts AS (
                SELECT n.canonical,
                  COUNT(DISTINCT t.task_id) FILTER (WHERE t.role = 'lead') AS leads,
                  COUNT(DISTINCT t.task_id) FILTER (WHERE t.role = 'cooperator') AS cooperates
                FROM names n JOIN task_agencies t ON t.name = n.name GROUP BY n.canonical),
              aliases AS (SELECT canonical, array_agg(DISTINCT name COLLATE "C") AS aliases FROM names GROUP BY canonical)
         SELECT a.canonical AS name, a.aliases, COALESCE(c.leads, 0) AS leads, COALESCE(c.cooperates, 0) AS cooperates
         FROM aliases a LEFT JOIN counts c ON c.canonical = a.canonical
         ORDER BY COALESCE(c.leads, 0) + COALESCE(c.cooperates, 0) DESC, a.canonical COLLATE "C" LIMIT $1 OFFSET $2`,
        args,
      ),
    );
    return rows.map((r) => ({
      name: r.name,
      aliases: list(r.aliases).filter((a) => a !== r.name),
      leads: r.leads,
      cooperates: r.cooperates,
    }));
  }

  // ───────────────────────────── export & stats ─────────────────────────────

  async *exportRows(kind: ExportKind): AsyncIterable<ExportRow> {
    const db = await this.db();
    const asOf = today();
    const page = 1000;
    let after = 0;
    const sql: Record<ExportKind, string> = {
      documents: `SELECT d.*, i.source_path, i.title AS issue_title, i.year AS issue_year, i.number AS issue_number,
                    (SELECT COUNT(*) FROM citations c WHERE c.target_id = d.id) AS cited_by
                  FROM documents d JOIN issues i ON i.id = d.issue_id WHERE d.id > $1 ORDER BY d.id LIMIT ${page}`,
      appointments: `SELECT a.*, d.doc_number, d.title, COALESCE(d.date, i.published_on) AS date, i.source_path
                  FROM appointments a JOIN documents d ON d.id = a.document_id JOIN issues i ON i.id = d.issue_id
                  WHERE a.id > $1 ORDER BY a.id LIMIT ${page}`,
      tasks: `SELECT t.*, d.doc_number, d.title, i.source_path FROM tasks t JOIN documents d ON d.id = t.document_id
                  JOIN issues i ON i.id = d.issue_id WHERE t.id > $1 ORDER BY t.id LIMIT ${page}`,
      citations: `SELECT c.*, d.doc_number AS citing_doc_number, d.title AS citing_title, t.doc_number AS target_doc_number,
                    t.title AS target_title, i.source_path
                  FROM citations c JOIN documents d ON d.id = c.document_id JOIN issues i ON i.id = d.issue_id
                  LEFT JOIN documents t ON t.id = c.target_id WHERE c.id > $1 ORDER BY c.id LIMIT ${page}`,
    };
    for (;;) {
      const rows = await this.rows(sql[kind], [after], db);
      if (!rows.length) return;
      for (const r of rows) {
        after = r.id;
        yield exportRow(kind, r, asOf);
      }
    }
  }

  async stats(): Promise<ArchiveStats> {
    return { ...(await this.cached('stats', () => this.countAll())) };
  }

  private async countAll(): Promise<ArchiveStats> {
    const r = (await this.one(
      `SELECT (SELECT COUNT(*) FROM issues) AS issues,
              (SELECT COUNT(*) FROM documents) AS documents,
              (SELECT COALESCE(SUM(end_line - start_line + 1), 0) FROM documents) AS lines,
              (SELECT COUNT(*) FROM appointments) AS appointments,
              (SELECT COUNT(DISTINCT person) FROM appointments) AS people,
              (SELECT COUNT(*) FROM rosters) AS rosters,
              (SELECT COUNT(*) FROM tasks) AS tasks,
              (SELECT COUNT(*) FROM citations) AS citations,
              (SELECT COUNT(*) FROM citations WHERE target_id IS NOT NULL) AS resolved_citations,
              (SELECT COUNT(*) FROM repeals) AS repeals,
              (SELECT COUNT(*) FROM warnings) AS warnings,
              (SELECT COUNT(DISTINCT canonical) FROM agency_names) AS agencies,
              (SELECT MAX(version) FROM schema_version) AS schema_version`,
    ))!;
    return {
      issues: r.issues,
      documents: r.documents,
      lines: r.lines,
      appointments: r.appointments,
      people: r.people,
      rosters: r.rosters,
      tasks: r.tasks,
      citations: r.citations,
      resolvedCitations: r.resolved_citations,
      repeals: r.repeals,
      warnings: r.warnings,
      agencies: r.agencies,
      schemaVersion: r.schema_version,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.readonly && this.index.pending && this.ready) await this.index.flush();
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
      ...r, raw_lines: prepared[i + j]!.rawLines, line_places: prepared[i + j]!.linePlaces, data: prepared[i + j]!.doc,
    }));
    const res = await c.query<Row>(
      `INSERT INTO documents (issue_id, idx, kind, start_line, end_line, section, title, issuers, doc_number, doc_type, date, year,
         effective_from, expires_on, body, raw_lines, line_places, search_length, indexed, data)
       SELECT issue_id, idx, kind, start_line, end_line, section, title, issuers, doc_number, doc_type, date, year,
         effective_from, expires_on, body, raw_lines, line_places, search_length, false, data
       FROM json_to_recordset($1::json) AS x(issue_id int, idx int, kind text, start_line int, end_line int,
         section text, title text, issuers text[], doc_number text, doc_type text, date text, year int, effective_from text,
         expires_on text, body text, raw_lines json, line_places json, search_length int, data json)
       RETURNING id, idx`,
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
    for (const t of titleKeysOf(d)) titleKeys.push({ key: t.key, document_id: id, kind: t.kind });
    if (d.docNumber) refs.push({ number: d.docNumber, document_id: id, line: d.docNumberLine, own: true });
    for (const [num, line] of p.mentions) if (num !== d.docNumber) refs.push({ number: num, document_id: id, line, own: false });
    d.appointments.forEach((a, i) =>
      appointments.push({ document_id: id, ord: i, action: a.action, person: squash(a.person), post: a.post, qualifiers: a.qualifiers, line: a.line }),
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
        doc_number: ct.docNumber ? normalizeDocNumber(ct.docNumber) ?? ct.docNumber : null,
        line: ct.line,
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
        doc_number: r.docNumber ? normalizeDocNumber(r.docNumber) ?? r.docNumber : null,
        line: r.line,
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
        members.push({ document_id: id, roster_ord: i, ord: j, role: mb.role, person: squash(mb.person), post: mb.post, line: mb.line }),
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
    { table: 'title_keys', columns: 'key, document_id, kind', types: 'key text, document_id int, kind text', rows: titleKeys },
    { table: 'doc_number_refs', columns: 'number, document_id, line, own', types: 'number text, document_id int, line int, own boolean', rows: refs },
    {
      table: 'appointments',
      columns: 'document_id, ord, action, person, post, qualifiers, line',
      types: 'document_id int, ord int, action text, person text, post text, qualifiers text[], line int',
      rows: appointments,
    },
    { table: 'rosters', columns: 'document_id, ord, grp, line', types: 'document_id int, ord int, grp text, line int', rows: rosters, returning: 'id, document_id, ord' },
    {
      table: 'roster_members',
      columns: 'roster_id, ord, role, person, post, line',
      types: 'document_id int, roster_ord int, ord int, role text, person text, post text, line int',
      rows: members,
      select: 'SELECT r.id, x.ord, x.role, x.person, x.post, x.line FROM {x} JOIN ins_rosters r ON r.document_id = x.document_id AND r.ord = x.roster_ord',
    },
    {
      table: 'tasks',
      columns:
        'document_id, ord, text, leads, cooperators, lead_agencies, cooperator_agencies, deadline, deadline_text, recurrence, milestones, start_line, end_line, line',
      types:
        'document_id int, ord int, text text, leads text[], cooperators text[], lead_agencies text[], cooperator_agencies text[], deadline text, deadline_text text, recurrence text, milestones json, start_line int, end_line int, line int',
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
      columns: 'document_id, ord, kind, title, title_key, doc_number, line, target_id, resolved_by',
      types: 'document_id int, ord int, kind text, title text, title_key text, doc_number text, line int, target_id int, resolved_by text',
      rows: citations,
    },
    {
      table: 'repeals',
      columns: 'document_id, ord, title, title_key, doc_number, line',
      types: 'document_id int, ord int, title text, title_key text, doc_number text, line int',
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
