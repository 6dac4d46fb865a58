/**
 * The one archive implementation, for SQLite and PostgreSQL alike: every query written once over
 * the database port (db/port.ts), with `?` parameters and the few dialect fragments the port
 * gives. A backend (sqlite.ts, pg/archive.ts) opens its database, supplies the port, the search
 * engine's storage and the archive generation, and keeps what only it has (SQLite's backup,
 * PostgreSQL's pool and VACUUM).
 */
import type { IsoDate } from '../model.js';
import type {
  AdjacentIssues,
  AgencySummary,
  AgencyTasks,
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
} from './archive.js';
import { IndexNotWrittenError } from './archive.js';
import type { SearchOptions, SearchResult } from '../domain/search.js';
import type { SearchEngine } from '../search/engine.js';
import type { Db, Queries, Row, Tx } from './db/port.js';
import { clusterPeople, type TimelineEntry } from '../domain/people.js';
import { normalizeDocNumber } from '../core/docnumber.js';
import { squash } from '../core/text.js';
import { UNKNOWN_DATE, statusAt, today } from '../domain/validity.js';
import { GenerationMemo } from './memo.js';
import { limitArg, offsetArg } from './paging.js';
import { agencyTasksOf, ROLE_CODE, TASK_BODY, taskCountSql, taskCountsOf, taskListSql, taskSql } from './task-query.js';
import { citationRecord, docSummary, exportRow, issueSource, issueSummary, linesOf, taskRecord as taskRecordOf, unpackTaskRows } from './records.js';
import { documentOf } from './facts.js';
import { prepareDocument, type PreparedDocument } from './records.js';
import type { TextPacker } from './packing.js';
import { findSameIssue } from './same-issue.js';
import { dropOrphanOriginals, insertIssue, linksInto, relink } from './write.js';
import { normalizeForSearch } from '../search/normalize.js';

/** A document's normalized text and title, for the index writer. */
export interface IndexedText {
  id: number;
  text: string;
  title: string;
}

// Arguments reach SQL only as valid integers: a row id outside integer range, NaN or Infinity
// names no row (PostgreSQL would refuse it with an error).
const MAX_ID = 2147483647;
export const validId = (id: unknown): id is number => Number.isSafeInteger(id) && (id as number) >= 1 && (id as number) <= MAX_ID;

const ISSUE_SELECT = `SELECT i.*,
    (SELECT COUNT(*) FROM documents d WHERE d.issue_id = i.id) AS document_count,
    (SELECT COUNT(*) FROM warnings w WHERE w.issue_id = i.id) AS warning_count
  FROM issues i`;

const DOC_SELECT = `SELECT d.id, d.issue_id, d.idx, d.kind, d.title, d.doc_number, d.doc_type, d.issuers, d.section, d.date,
    d.start_line, d.end_line, i.source_path FROM documents d JOIN issues i ON i.id = d.issue_id`;

const CITATION_SELECT = `SELECT c.*, d.title AS document_title, d.doc_number AS document_doc_number,
    t.title AS target_title, t.doc_number AS target_doc_number
  FROM citations c JOIN documents d ON d.id = c.document_id LEFT JOIN documents t ON t.id = c.target_id`;

export abstract class StoreArchive {
  protected abstract readonly port: Db;
  protected abstract readonly engine: SearchEngine;
  /** Stats, lists, task lists and counts, search results: kept until the archive changes. */
  protected abstract readonly memo: GenerationMemo;

  /** Refuse writes (readers: search, export, a server without ingest). */
  protected abstract readonly readonly: boolean;
  /** Before a write: the archive is ready, and what earlier sessions left unindexed is indexed. */
  protected abstract beforeWrite(): Promise<void>;
  /** After a committed write: caches dropped; `added` (stored documents) go to the index. */
  protected abstract afterWrite(added: IndexedText[]): Promise<void>;

  /**
   * Compresses the texts of a batch's later issues on a thread while the earlier ones are written
   * (SQLite; PostgreSQL's driver makes its text NUL-free before compressing, and takes no batches).
   */
  protected readonly packer: TextPacker | null = null;

  /** After a transaction of several issues (a bulk ingest) committed. */
  protected afterBulkWrite(): void {}

  /** The database is open and its schema current (PostgreSQL connects lazily). */
  protected async ready(): Promise<void> {}

  /** Queries, once ready. */
  protected async q(): Promise<Db> {
    await this.ready();
    return this.port;
  }

  private noLimit(n: number | undefined): number | null {
    return limitArg(n) ?? this.port.sql.noLimit;
  }

  // ───────────────────────────── ingest state ─────────────────────────────

  async isCurrent(sourcePath: string, sha256: string, parserVersion: string): Promise<IngestResult | null> {
    return this.currentState(await this.q(), sourcePath, sha256, parserVersion);
  }

  async storedDocumentCount(sourcePath: string): Promise<number | null> {
    const row = await (await this.q()).get(
      'SELECT (SELECT COUNT(*) FROM documents d WHERE d.issue_id = i.id) AS documents FROM issues i WHERE i.source_path = ?',
      [sourcePath],
    );
    return row ? row.documents : null;
  }

  /** Documents and warnings of a stored issue. */
  protected async issueCounts(q: Queries, id: number): Promise<{ documents: number; warnings: number }> {
    return (await q.get(
      'SELECT (SELECT COUNT(*) FROM documents WHERE issue_id = ?) AS documents, (SELECT COUNT(*) FROM warnings WHERE issue_id = ?) AS warnings',
      [id, id],
    )) as { documents: number; warnings: number };
  }

  /** Whether this file is stored already: unchanged at its path, or its content under another. */
  protected async currentState(q: Queries, sourcePath: string, sha256: string, parserVersion: string): Promise<IngestResult | null> {
    const same = await q.get('SELECT id, sha256, parser_version FROM issues WHERE source_path = ?', [sourcePath]);
    if (same) {
      if (same.sha256 !== sha256 || same.parser_version !== parserVersion) return null;
      const c = await this.issueCounts(q, same.id);
      return { status: 'unchanged', issueId: same.id, documents: c.documents, warnings: c.warnings };
    }
    const dup = await q.get('SELECT id, source_path FROM issues WHERE sha256 = ? AND parser_version = ? ORDER BY id LIMIT 1', [sha256, parserVersion]);
    if (dup) {
      const c = await this.issueCounts(q, dup.id);
      return { status: 'duplicate', issueId: dup.id, documents: c.documents, warnings: c.warnings, duplicateOf: dup.source_path, duplicateBy: 'content' };
    }
    return null;
  }

  // ───────────────────────────── writing ─────────────────────────────

  async ingestIssue(input: IngestInput): Promise<IngestResult> {
    return (await this.ingestIssues([input]))[0]!;
  }

  /**
   * Several issues in one transaction: all of them or none. Each is stored as `ingestIssue` would
   * store it, in order (a later one sees the earlier ones: duplicates among them are found).
   * Bulk loads take this: a transaction's pages are written to the log once, and at 100,000
   * documents an issue dirties a thousand pages of indexes whose keys scatter (names, titles) —
   * pages the next issues of the batch dirty again for free.
   */
  async ingestIssues(inputs: readonly IngestInput[]): Promise<IngestResult[]> {
    if (this.readonly) throw new Error('the archive is open read-only');
    if (!inputs.length) return [];
    await this.beforeWrite();
    // Prepared outside the transaction (and the write lock): normalizing text is the slow part.
    const prepared = inputs.map((input) => input.parsed.documents.map((doc) => prepareDocument(doc, input.lines, input.parsed.region)));
    // A batch of several issues is a bulk ingest: its texts are compressed on a thread, and the
    // log is checkpointed after it (a single issue has nothing to overlap with).
    const bulk = inputs.length > 1;
    const packing = this.packer && bulk ? this.packer.pack(prepared) : null;
    const added: IndexedText[] = [];
    const results = await this.port.transaction(async (tx): Promise<IngestResult[]> => {
      const out: IngestResult[] = [];
      for (let i = 0; i < inputs.length; i++) {
        await packing?.[i];
        out.push(await this.storeIssue(tx, inputs[i]!, prepared[i]!, added));
      }
      return out;
    });
    if (bulk) this.afterBulkWrite();
    try {
      if (results.some((r) => r.status === 'inserted' || r.status === 'replaced')) await this.afterWrite(added);
    } catch (e) {
      throw new IndexNotWrittenError(results, e);
    }
    return results;
  }

  /** One issue inside a write transaction; its documents for the search index go to `added`. */
  private async storeIssue(tx: Tx, input: IngestInput, prepared: PreparedDocument[], added: IndexedText[]): Promise<IngestResult> {
    const { parsed, sourcePath } = input;
    const state = await this.currentState(tx, sourcePath, parsed.source.sha256, parsed.parserVersion);
    if (state) return state;
    if (input.reportSameIssue) {
      const same = await findSameIssue(tx, parsed, sourcePath);
      if (same) {
        const n = await this.issueCounts(tx, same.issueId);
        return { status: 'duplicate', issueId: same.issueId, documents: n.documents, warnings: n.warnings, duplicateOf: same.sourcePath, duplicateBy: same.by };
      }
    }
    // A changed file replaces its issue in the same transaction.
    const old = await tx.get('SELECT id FROM issues WHERE source_path = ?', [sourcePath]);
    const orphaned = old ? await linksInto(tx, old.id) : undefined;
    if (old) await tx.run('DELETE FROM issues WHERE id = ?', [old.id]);
    const { issueId, docIds } = await insertIssue(tx, input, prepared);
    if (old) await dropOrphanOriginals(tx);
    await relink(this.port, tx, docIds, !!old, orphaned);
    tx.changed();
    prepared.forEach((p, i) => added.push({ id: docIds[i]!, text: p.searchText, title: normalizeForSearch(p.doc.title) }));
    const warnings = parsed.warnings.length + parsed.documents.reduce((n, d) => n + d.warnings.length, 0);
    return { status: old ? 'replaced' : 'inserted', issueId, documents: docIds.length, warnings };
  }

  async deleteIssue(id: number): Promise<boolean> {
    if (!validId(id)) return false;
    if (this.readonly) throw new Error('the archive is open read-only');
    await this.ready();
    const done = await this.port.transaction(async (tx) => {
      const orphaned = await linksInto(tx, id);
      const n = await tx.run('DELETE FROM issues WHERE id = ?', [id]);
      if (!n) return false;
      await relink(this.port, tx, [], true, orphaned);
      await dropOrphanOriginals(tx);
      tx.changed();
      return true;
    });
    if (done) await this.afterWrite([]);
    return done;
  }

  // ───────────────────────────── search ─────────────────────────────

  async search(query: string, opts?: SearchOptions): Promise<SearchResult> {
    await this.ready();
    // A kept answer reports the time this request took, not the time it first took.
    const started = performance.now();
    // (The date is in the key: statuses and their facet change at midnight without any write.)
    const result = await this.memo.get(
      `search:${JSON.stringify([query, opts ?? {}, opts?.asOf ?? today()])}`,
      () => this.engine.search(query, opts),
      (r) => r.hits.length,
    );
    return { ...result, tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  /** Exact substring matches (ids ascending with counts): for tests and the benchmark. */
  async matchText(text: string): Promise<{ docs: Int32Array; tfs: Int32Array }> {
    await this.ready();
    return this.engine.matchText(text);
  }

  // ───────────────────────────── issues & documents ─────────────────────────────

  async listIssues(opts: ListOptions = {}): Promise<IssueSummary[]> {
    const args = [this.noLimit(opts.limit), offsetArg(opts.offset)];
    const db = await this.q();
    return this.memo.get(`issues:${args}`, async () =>
      (await db.all(`${ISSUE_SELECT} ORDER BY i.year IS NULL, i.year, i.number IS NOT NULL, i.number, i.id LIMIT ? OFFSET ?`, args)).map(issueSummary),
    );
  }

  async adjacentIssues(id: number): Promise<AdjacentIssues> {
    const none = { previous: null, next: null };
    if (!validId(id)) return none;
    const db = await this.q();
    const at = await db.get('SELECT title, year, number FROM issues WHERE id = ?', [id]);
    if (!at || at.title === null || at.year === null || at.number === null) return none;
    // The nearest issue of the same gazette on either side of (year, number, id).
    const near = async (side: '<' | '>', dir: 'ASC' | 'DESC') => {
      const r = await db.get(
        `${ISSUE_SELECT} WHERE i.title = ? AND i.year IS NOT NULL AND i.number IS NOT NULL AND (i.year, i.number, i.id) ${side} (?, ?, ?)
         ORDER BY i.year ${dir}, i.number ${dir}, i.id ${dir} LIMIT 1`,
        [at.title, at.year, at.number, id],
      );
      return r ? issueSummary(r) : null;
    };
    const [previous, next] = await Promise.all([near('<', 'DESC'), near('>', 'ASC')]);
    return { previous, next };
  }

  async getOriginal(issueId: number): Promise<OriginalFile | null> {
    if (!validId(issueId)) return null;
    const r = await (await this.q()).get('SELECT o.sha256, o.media_type, o.bytes FROM issues i JOIN originals o ON o.sha256 = i.sha256 WHERE i.id = ?', [issueId]);
    return r ? { sha256: r.sha256, mediaType: r.media_type, bytes: new Uint8Array(r.bytes) } : null;
  }

  async getIssue(id: number): Promise<IssueDetail | null> {
    if (!validId(id)) return null;
    const db = await this.q();
    const [r, toc, agencies, warnings, documents, pages, original] = await Promise.all([
      db.get(`${ISSUE_SELECT} WHERE i.id = ?`, [id]),
      db.all('SELECT * FROM toc_entries WHERE issue_id = ? ORDER BY ord', [id]),
      db.all('SELECT name, aliases FROM agencies WHERE issue_id = ? ORDER BY id', [id]),
      db.all('SELECT code, message, line FROM warnings WHERE issue_id = ? AND document_id IS NULL ORDER BY id', [id]),
      this.listDocuments({ issueId: id }),
      db.get('SELECT pages FROM issue_pages WHERE issue_id = ?', [id]),
      db.get('SELECT 1 AS one FROM issues i JOIN originals o ON o.sha256 = i.sha256 WHERE i.id = ?', [id]),
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
      agencies: agencies.map((a) => ({ name: a.name as string, aliases: a.aliases as string[] })),
      warnings: warnings.map((w) => ({ code: w.code, message: w.message, line: w.line })),
      documents,
    };
  }

  async listDocuments(opts: ListOptions & { issueId?: number } = {}): Promise<DocumentSummary[]> {
    if (opts.issueId !== undefined && !validId(opts.issueId)) return [];
    const where = opts.issueId !== undefined ? 'WHERE d.issue_id = ?' : '';
    const args = [...(opts.issueId !== undefined ? [opts.issueId] : []), this.noLimit(opts.limit), offsetArg(opts.offset)];
    const rows = await (await this.q()).all(`${DOC_SELECT} ${where} ORDER BY d.issue_id, d.idx LIMIT ? OFFSET ?`, args);
    return rows.map(docSummary);
  }

  async findByDocNumber(docNumber: string): Promise<DocumentSummary[]> {
    const n = normalizeDocNumber(docNumber) ?? squash(docNumber);
    return (await (await this.q()).all(`${DOC_SELECT} WHERE d.doc_number = ? ORDER BY d.id`, [n])).map(docSummary);
  }

  async documentLines(id: number, from?: number, to?: number): Promise<DocumentLine[]> {
    if (!validId(id)) return [];
    const r = await (await this.q()).get(
      'SELECT d.start_line, t.body, t.raw_lines, t.line_places FROM documents d JOIN document_texts t ON t.document_id = d.id WHERE d.id = ?',
      [id],
    );
    if (!r) return [];
    return linesOf(r).filter((l) => (from === undefined || l.line >= from) && (to === undefined || l.line <= to));
  }

  async getDocument(id: number, opts: { asOf?: IsoDate } = {}): Promise<DocumentDetail | null> {
    if (!validId(id)) return null;
    const db = await this.q();
    const r = await db.get(
      `SELECT d.*, t.body, t.raw_lines, t.line_places, t.data, i.source_path FROM documents d JOIN document_texts t ON t.document_id = d.id
       JOIN issues i ON i.id = d.issue_id WHERE d.id = ?`,
      [id],
    );
    if (!r) return null;
    const [issue, citations, citedBy, repeals, validity, document] = await Promise.all([
      db.get(`${ISSUE_SELECT} WHERE i.id = ?`, [r.issue_id]),
      this.citations(id),
      this.citedBy(id),
      this.repealsOf(id),
      this.validityOf(r, opts.asOf ?? today()),
      documentOf(db, id, r.data),
    ]);
    return { ...docSummary(r), document, issue: issueSummary(issue!), lines: linesOf(r), citations, citedBy, repeals, validity };
  }

  // ───────────────────────────── links ─────────────────────────────

  async citations(documentId: number): Promise<CitationRecord[]> {
    if (!validId(documentId)) return [];
    return (await (await this.q()).all(`${CITATION_SELECT} WHERE c.document_id = ? ORDER BY c.ord`, [documentId])).map(citationRecord);
  }

  async citedBy(documentId: number): Promise<CitationRecord[]> {
    if (!validId(documentId)) return [];
    const db = await this.q();
    const rows = await db.all(
      `${CITATION_SELECT} WHERE c.target_id = ? ORDER BY d.date IS NOT NULL, ${db.sql.codePoint('d.date')}, c.document_id, c.ord`,
      [documentId],
    );
    return rows.map(citationRecord);
  }

  private async repealsOf(documentId: number): Promise<RepealRecord[]> {
    const rows = await (await this.q()).all('SELECT * FROM repeals WHERE document_id = ? ORDER BY ord', [documentId]);
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
      const p = await (await this.q()).get(
        `SELECT p.id, p.title, p.doc_number, r.line FROM documents p JOIN repeals r ON r.document_id = p.id
         WHERE p.id = ? AND r.target_id = ? ORDER BY r.ord LIMIT 1`,
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
    const r = await (await this.q()).get('SELECT id, effective_from, expires_on, repealed_on, repealed_by FROM documents WHERE id = ?', [documentId]);
    return r ? this.validityOf(r, asOf ?? today()) : null;
  }

  // ───────────────────────────── people ─────────────────────────────

  async listPeople(opts: ListOptions & { prefix?: string } = {}): Promise<PersonSummary[]> {
    const prefix = opts.prefix ? squash(opts.prefix) : null;
    const args = [this.noLimit(opts.limit), offsetArg(opts.offset)];
    const db = await this.q();
    const when = db.sql.codePoint('COALESCE(d.date, i.published_on)');
    return this.memo.get(`people:${JSON.stringify([prefix, ...args])}`, async () =>
      (await db.all(
        `SELECT a.person, COUNT(*) AS n, MIN(${when}) AS first, MAX(${when}) AS last
         FROM appointments a JOIN documents d ON d.id = a.document_id JOIN issues i ON i.id = d.issue_id
         ${prefix ? `WHERE ${db.sql.startsWith('a.person')}` : ''}
         GROUP BY a.person ORDER BY ${db.sql.codePoint('a.person')} LIMIT ? OFFSET ?`,
        prefix ? [prefix, prefix, ...args] : args,
      )).map((r): PersonSummary => ({ name: r.person, appointments: r.n, first: r.first, last: r.last })),
    );
  }

  async personTimeline(name: string): Promise<PersonTimeline> {
    const person = squash(name);
    const db = await this.q();
    const when = 'COALESCE(d.date, i.published_on)';
    const rows = await db.all(
      `SELECT a.*, ${when} AS when_, d.doc_number, d.title, d.issue_id
       FROM appointments a JOIN documents d ON d.id = a.document_id JOIN issues i ON i.id = d.issue_id
       WHERE a.person = ? ORDER BY ${when} IS NULL, ${db.sql.codePoint(when)}, d.id, a.line`,
      [person],
    );
    const entries: TimelineEntry[] = rows.map((r) => ({
      appointmentId: r.id,
      person: r.person,
      action: r.action,
      post: r.post,
      qualifiers: r.qualifiers,
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
    return this.memo.get(`agencyNames:${squash(name)}`, async () => {
      const db = await this.q();
      const n = squash(name);
      // In code-point order on both backends: without ORDER BY, PostgreSQL's order of DISTINCT
      // rows follows its plan, which can change when rows are rewritten (a migration).
      const canon = (await db.all(`SELECT DISTINCT ${db.sql.codePoint('canonical')} AS canonical FROM agency_names WHERE name = ? ORDER BY 1`, [n])).map(
        (r) => r.canonical as string,
      );
      const names = new Set([n, ...canon]);
      if (canon.length) {
        // (One query for every canonical name: the rest in one code-point order, as documented.)
        const rest = await db.all(`SELECT DISTINCT ${db.sql.codePoint('name')} AS name FROM agency_names WHERE canonical IN ${db.sql.textList} ORDER BY 1`, [
          db.sql.list(canon),
        ]);
        for (const r of rest) names.add(r.name);
      }
      return [...names];
    });
  }

  async tasks(filter: TaskFilter = {}): Promise<TaskRecord[]> {
    const asOf = filter.asOf ?? today();
    if (filter.documentId !== undefined && !validId(filter.documentId)) return [];
    const db = await this.q();
    return this.memo.get(`tasks:${JSON.stringify(filter)}:${asOf}`, async () => {
      const q = taskSql(db.dialect, filter, filter.agency ? await this.agencyNames(filter.agency) : null, asOf);
      const { sql, idsOnly } = taskListSql(q, db.dialect, filter);
      const rows = await db.all(sql, q.args());
      return idsOnly ? this.tasksByIds(rows.map((r) => r.id as number), asOf) : unpackTaskRows(rows).map((r) => taskRecordOf(r, asOf));
    });
  }

  /** Tasks by id, in the order of `ids`. */
  private async tasksByIds(ids: number[], asOf: IsoDate): Promise<TaskRecord[]> {
    const db = await this.q();
    const rows = await db.all(
      `SELECT t.*, ${TASK_BODY.column}, d.doc_number, d.title FROM tasks t ${TASK_BODY.join} JOIN documents d ON d.id = t.document_id WHERE t.id IN ${db.sql.intList}`,
      [db.sql.list(ids)],
    );
    const byId = new Map(unpackTaskRows(rows).map((r) => [r.id as number, r]));
    return ids.flatMap((id) => (byId.has(id) ? [taskRecordOf(byId.get(id)!, asOf)] : []));
  }

  async countTasks(filter: TaskFilter = {}): Promise<TaskCounts> {
    const asOf = filter.asOf ?? today();
    if (filter.documentId !== undefined && !validId(filter.documentId)) return taskCountsOf(undefined);
    const db = await this.q();
    return this.memo.get(`countTasks:${JSON.stringify(filter)}:${asOf}`, async () => {
      const q = taskSql(db.dialect, filter, filter.agency ? await this.agencyNames(filter.agency) : null, asOf);
      return taskCountsOf(await db.get(taskCountSql(q, db.dialect, asOf), q.args()));
    });
  }

  async agencyTasks(name: string, asOf: IsoDate = today()): Promise<AgencyTasks> {
    return agencyTasksOf(this, squash(name), await this.agencyNames(name), asOf);
  }

  async isAgency(name: string): Promise<boolean> {
    const n = squash(name);
    return !!(await (await this.q()).get('SELECT 1 AS one FROM agency_names WHERE name = ? UNION ALL SELECT 1 FROM task_agencies WHERE name = ? LIMIT 1', [n, n]));
  }

  async listAgencies(opts: ListOptions = {}): Promise<AgencySummary[]> {
    const args = [this.noLimit(opts.limit), offsetArg(opts.offset)];
    const db = await this.q();
    // Every name an agency goes by (canonical, aliases, and names only tasks use), then the tasks
    // each canonical agency leads / cooperates on under any of its names: one pass over task_agencies.
    const rows = await this.memo.get(`agencies:${args}`, () =>
      db.all(
        `WITH known AS (SELECT DISTINCT name, canonical FROM agency_names),
              used AS (SELECT DISTINCT name FROM task_agencies),
              names AS (SELECT name, canonical FROM known
                        UNION SELECT u.name, u.name FROM used u WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.name = u.name)),
              counts AS (
                SELECT n.canonical,
                  COUNT(DISTINCT CASE WHEN t.role = '${ROLE_CODE.lead}' THEN t.task_id END) AS leads,
                  COUNT(DISTINCT CASE WHEN t.role = '${ROLE_CODE.cooperator}' THEN t.task_id END) AS cooperates
                FROM names n JOIN task_agencies t ON t.name = n.name GROUP BY n.canonical),
              aliases AS (SELECT canonical, ${db.sql.distinctList('name')} AS aliases FROM names GROUP BY canonical)
         SELECT a.canonical AS name, a.aliases, COALESCE(c.leads, 0) AS leads, COALESCE(c.cooperates, 0) AS cooperates
         FROM aliases a LEFT JOIN counts c ON c.canonical = a.canonical
         ORDER BY COALESCE(c.leads, 0) + COALESCE(c.cooperates, 0) DESC, ${db.sql.codePoint('a.canonical')} LIMIT ? OFFSET ?`,
        args,
      ),
    );
    return rows.map((r) => ({
      name: r.name,
      aliases: (r.aliases as string[]).filter((a) => a !== r.name),
      leads: r.leads,
      cooperates: r.cooperates,
    }));
  }

  // ───────────────────────────── export & stats ─────────────────────────────

  async *exportRows(kind: ExportKind): AsyncIterable<ExportRow> {
    const db = await this.q();
    const asOf = today();
    const page = 1000;
    let after = 0;
    const sql: Record<ExportKind, string> = {
      documents: `SELECT d.*, t.data, i.source_path, i.title AS issue_title, i.year AS issue_year, i.number AS issue_number,
                    (SELECT COUNT(*) FROM citations c WHERE c.target_id = d.id) AS cited_by,
                    (SELECT COUNT(*) FROM citations c WHERE c.document_id = d.id) AS citations,
                    (SELECT COUNT(*) FROM appointments a WHERE a.document_id = d.id) AS appointments,
                    (SELECT COUNT(*) FROM tasks t WHERE t.document_id = d.id) AS tasks,
                    (SELECT ${db.sql.orderedList('w.code', 'w.id')} FROM warnings w WHERE w.document_id = d.id) AS warning_codes
                  FROM documents d JOIN document_texts t ON t.document_id = d.id JOIN issues i ON i.id = d.issue_id
                  WHERE d.id > ? ORDER BY d.id LIMIT ${page}`,
      appointments: `SELECT a.*, d.doc_number, d.title, COALESCE(d.date, i.published_on) AS date, i.source_path
                  FROM appointments a JOIN documents d ON d.id = a.document_id JOIN issues i ON i.id = d.issue_id
                  WHERE a.id > ? ORDER BY a.id LIMIT ${page}`,
      tasks: `SELECT t.*, ${TASK_BODY.column}, d.doc_number, d.title, i.source_path FROM tasks t ${TASK_BODY.join} JOIN documents d ON d.id = t.document_id
                  JOIN issues i ON i.id = d.issue_id WHERE t.id > ? ORDER BY t.id LIMIT ${page}`,
      citations: `SELECT c.*, d.doc_number AS citing_doc_number, d.title AS citing_title, t.doc_number AS target_doc_number,
                    t.title AS target_title, i.source_path
                  FROM citations c JOIN documents d ON d.id = c.document_id JOIN issues i ON i.id = d.issue_id
                  LEFT JOIN documents t ON t.id = c.target_id WHERE c.id > ? ORDER BY c.id LIMIT ${page}`,
    };
    for (;;) {
      const rows = await db.all(sql[kind], [after]);
      if (!rows.length) return;
      if (kind === 'tasks') unpackTaskRows(rows);
      for (const r of rows) {
        after = r.id;
        yield exportRow(kind, r, asOf);
      }
    }
  }

  async stats(): Promise<ArchiveStats> {
    const db = await this.q();
    return { ...(await this.memo.get('stats', () => countAll(db))) };
  }
}

async function countAll(db: Queries): Promise<ArchiveStats> {
  const r = (await db.get(
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
