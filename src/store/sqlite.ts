/**
 * The Archive on an embedded SQLite database (better-sqlite3, WAL mode).
 *
 * Writes: one IMMEDIATE transaction per issue (the old version of a replaced file is deleted in
 * the same transaction), so a crash or a bad file never leaves half an issue. The search index is
 * derived data: documents are stored with `indexed = 0`, collected in memory and written as an
 * index segment every few million characters (and on close); until then — or after a crash cut
 * an ingest short — the search engine scans those documents, so search is complete at any time,
 * and the next writer indexes them.
 */
import Database from 'better-sqlite3';
import { basename } from 'node:path';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import type { IsoDate, OfficialDocument } from '../model.js';
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
} from './archive.js';
import type { SearchOptions, SearchResult } from '../domain/search.js';
import { clusterPeople, type TimelineEntry } from '../domain/people.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import { schemaDdl } from './schema.js';
import { SqliteDb } from './db/sqlite.js';
import { StoreArchive } from './store.js';
import { SearchEngine } from '../search/engine.js';
import { SqliteIndex } from './sqlite-index.js';
import {
  citationRecord,
  docSummary,
  documentData,
  exportRow,
  issuePdfColumns,
  issueSource,
  issueSummary,
  json,
  linesOf,
  parseJson,
  prepareDocument,
  taskRecord,
  type Orphaned,
  type PreparedDocument,
  type Row,
  storedTask,
  spanColumn,
  withSpan,
  taskUnits,
  agencyRows,
} from './records.js';
import { normalizeForSearch } from '../search/normalize.js';
import { normalizeDocNumber } from '../core/docnumber.js';
import { squash } from '../core/text.js';
import { titleKey, titleKeysOf } from '../domain/link-keys.js';
import { UNKNOWN_DATE, statusAt, today } from '../domain/validity.js';
import { GenerationMemo } from './memo.js';
import { limitArg, offsetArg } from './paging.js';
import { agencyTasksOf, taskCountSql, taskCountsOf, taskListSql, taskSql } from './task-query.js';
import { findSameIssueSync, type SameIssue } from './same-issue.js';

export interface SqliteArchiveOptions {
  /** Never write (readers: search, export, a server without ingest); see openForReading. */
  readonly?: boolean;
  /** Told when the archive can only be read in a degraded way (a full disk). */
  onWarning?: (message: string) => void;
  /** Characters of text collected before an index segment is written (default 8 million). */
  indexBatchChars?: number;
  /** Segments of one level merged into one of the next (default 10). */
  mergeFactor?: number;
  /** Bytes of posting lists kept in memory for searches (default 256 MiB). */
  postingCacheBytes?: number;
}

/** SQLite's answers that mean the file system would not give what was asked (space, a file, a lock file). */
const STORAGE_FAILURE = /^SQLITE_(IOERR|FULL|CANTOPEN|READONLY)/;

/**
 * A read-only connection. A reader of a WAL database needs the -shm file beside it, which SQLite
 * creates and sizes on the first read — on a full disk that fails ("disk I/O error"), and a
 * search or export would fail although nothing needs writing. Then the file is read in exclusive
 * locking mode, which keeps the WAL index in memory and needs no -shm file, at the price of
 * holding the database's lock until the reader closes (other processes wait meanwhile).
 */
function openForReading(path: string, onWarning?: (message: string) => void): Database.Database {
  const firstRead = (db: Database.Database) => db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
  const shared = new Database(path, { readonly: true, fileMustExist: true });
  try {
    firstRead(shared);
    return shared;
  } catch (e) {
    shared.close();
    const code = (e as { code?: string }).code ?? '';
    if (!STORAGE_FAILURE.test(code)) throw e;
    const exclusive = new Database(path, { fileMustExist: true, timeout: 10_000 });
    try {
      exclusive.pragma('locking_mode = EXCLUSIVE');
      firstRead(exclusive);
    } catch {
      exclusive.close();
      throw e;
    }
    onWarning?.(`${path}: cannot create the shared-memory file readers use (${code}; is the disk full?): reading with an exclusive lock, other processes wait until this one ends`);
    return exclusive;
  }
}

export class SqliteArchive extends StoreArchive implements Archive {
  readonly db: Database.Database;
  readonly path: string;
  protected readonly engine: SearchEngine;
  private readonly index: SqliteIndex;
  private localGeneration = 0;
  private wrote = false;
  private readonly readonly: boolean;
  protected readonly port: SqliteDb;

  private constructor(path: string, opts: SqliteArchiveOptions) {
    super();
    this.path = path;
    this.readonly = !!opts.readonly;
    let opened: Database.Database | undefined;
    try {
      this.db = opened = this.readonly ? openForReading(path, opts.onWarning) : new Database(path);
      // Wait for other processes' locks before anything that takes one (switching to WAL does).
      this.db.pragma('busy_timeout = 10000');
      if (!this.readonly) this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('cache_size = -262144');
      this.db.pragma('temp_store = MEMORY');
      this.db.pragma('mmap_size = 1073741824');
      if (!this.readonly) {
        this.db.pragma('journal_size_limit = 67108864');
        // Checkpoint every ~64 MiB of WAL rather than every 4 MiB: a bulk ingest rewrites the same
        // index pages many times, and each checkpoint copies them and syncs the file.
        this.db.pragma('wal_autocheckpoint = 16384');
      }
      this.migrate();
    } catch (e) {
      // (A reader's exclusive lock must not outlive a failed open.)
      if (opened?.open) opened.close();
      const msg = (e as Error).message;
      if (/not a database|malformed|file is encrypted/i.test(msg)) throw new Error(`${path} is not a Gongbao database (${msg})`);
      throw e;
    }
    this.port = new SqliteDb(this.db);
    this.index = new SqliteIndex(this.db, (q) => this.sql(q), () => this.changed(), () => this.generationNow(), {
      batchChars: opts.indexBatchChars,
      mergeFactor: opts.mergeFactor,
      postingCacheBytes: opts.postingCacheBytes,
    });
    this.engine = new SearchEngine(this.index.backend());
  }

  static open(path: string, opts: SqliteArchiveOptions = {}): SqliteArchive {
    return new SqliteArchive(path, opts);
  }

  // ───────────────────────────── schema ─────────────────────────────

  private migrate(): void {
    const db = this.db;
    const currentVersion = () => (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as Row).v ?? 0;
    if (this.readonly) {
      const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
      if (!has) throw new Error(`${this.path} is not a Gongbao database (no schema_version table)`);
      const current = currentVersion();
      if (current > SCHEMA_VERSION) {
        throw new Error(`${this.path} has schema version ${current}; this gongbao knows up to ${SCHEMA_VERSION}: upgrade gongbao`);
      }
      if (current < SCHEMA_VERSION) throw new Error(`${this.path} needs a schema upgrade; open it once without read-only`);
      return;
    }
    // Check and upgrade under one write lock: two processes opening a new database at once must
    // not both create the schema (the second waits, then finds it done).
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const current = currentVersion();
      if (current > SCHEMA_VERSION) {
        throw new Error(`${this.path} has schema version ${current}; this gongbao knows up to ${SCHEMA_VERSION}: upgrade gongbao`);
      }
      const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)');
      if (current === 0) {
        // A new archive: the one schema as it stands, every migration counted as applied.
        db.exec(schemaDdl('sqlite'));
        for (const m of MIGRATIONS) record.run(m.version, m.name, new Date().toISOString());
        return;
      }
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        db.exec(m.sql);
        m.after?.(db);
        record.run(m.version, m.name, new Date().toISOString());
      }
    }).immediate();
  }

  /** A prepared statement, compiled once per connection. */
  private sql(source: string): Database.Statement {
    return this.port.statement(source);
  }

  private changed(): void {
    this.wrote = true;
    this.localGeneration++;
    this.engine.invalidate();
  }

  // ───────────────────────────── ingest ─────────────────────────────

  private currentStateSync(sourcePath: string, sha256: string, parserVersion: string): IngestResult | null {
    const same = this.sql('SELECT id, sha256, parser_version FROM issues WHERE source_path = ?')
      .get(sourcePath) as Row | undefined;
    const counts = (id: number) => this.issueCountsSync(id);
    if (same) {
      if (same.sha256 !== sha256 || same.parser_version !== parserVersion) return null;
      const c = counts(same.id);
      return { status: 'unchanged', issueId: same.id, documents: c.documents, warnings: c.warnings };
    }
    const dup = this.sql('SELECT id, source_path FROM issues WHERE sha256 = ? AND parser_version = ? LIMIT 1')
      .get(sha256, parserVersion) as Row | undefined;
    if (dup) {
      const c = counts(dup.id);
      return { status: 'duplicate', issueId: dup.id, documents: c.documents, warnings: c.warnings, duplicateOf: dup.source_path, duplicateBy: 'content' };
    }
    return null;
  }

  /** Documents and warnings of a stored issue. */
  private issueCountsSync(id: number): { documents: number; warnings: number } {
    return this.sql(
      `SELECT (SELECT COUNT(*) FROM documents WHERE issue_id = @id) AS documents,
              (SELECT COUNT(*) FROM warnings WHERE issue_id = @id) AS warnings`,
    ).get({ id }) as { documents: number; warnings: number };
  }

  private sameIssueResult(same: SameIssue): IngestResult {
    const c = this.issueCountsSync(same.issueId);
    return { status: 'duplicate', issueId: same.issueId, documents: c.documents, warnings: c.warnings, duplicateOf: same.sourcePath, duplicateBy: same.by };
  }

  async ingestIssue(input: IngestInput): Promise<IngestResult> {
    if (this.readonly) throw new Error('the archive is open read-only');
    this.index.beforeWrite();
    const { parsed, lines, sourcePath } = input;
    // Prepared outside the transaction: normalizing text is the slow part.
    const prepared = parsed.documents.map((doc) => prepareDocument(doc, lines, parsed.region));
    let added: { id: number; text: string; title: string }[] = [];
    const result = this.db
      .transaction((): IngestResult => {
        const state = this.currentStateSync(sourcePath, parsed.source.sha256, parsed.parserVersion);
        if (state) return state;
        if (input.reportSameIssue) {
          const same = findSameIssueSync(parsed, sourcePath, (q, params) => this.sql(q).all(...params) as Row[]);
          if (same) return this.sameIssueResult(same);
        }
        const old = this.sql('SELECT id FROM issues WHERE source_path = ?').get(sourcePath) as Row | undefined;
        const orphaned = old ? this.linksInto(old.id) : undefined;
        if (old) this.sql('DELETE FROM issues WHERE id = ?').run(old.id);
        const { issueId, docIds } = this.insertIssue(input, prepared);
        if (old) this.dropOrphanOriginals();
        this.relink(docIds, !!old, orphaned);
        added = prepared.map((p, i) => ({ id: docIds[i]!, text: p.searchText, title: normalizeForSearch(p.doc.title) }));
        const warnings = parsed.warnings.length + parsed.documents.reduce((n, d) => n + d.warnings.length, 0);
        return { status: old ? 'replaced' : 'inserted', issueId, documents: docIds.length, warnings };
      })
      .immediate();
    if (result.status === 'inserted' || result.status === 'replaced') {
      this.changed();
      this.index.added(added);
    }
    return result;
  }

  private insertIssue(input: IngestInput, prepared: PreparedDocument[]): { issueId: number; docIds: number[] } {
    const { parsed, sourcePath } = input;
    const m = parsed.issue;
    const issueId = Number(
      this.sql(
          `INSERT INTO issues (source_path, file_name, sha256, bytes, encoding, line_ending, line_count, parser_version,
             title, year, number, total_number, published_on, masthead, ingested_at, format, page_count, ocr_pages)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, @format, @page_count, @ocr_pages)`,
        )
        .run(
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
          m ? json(m) : null,
          new Date().toISOString(),
          issuePdfColumns(parsed),
        ).lastInsertRowid,
    );
    if (parsed.pages.length) this.sql('INSERT INTO issue_pages (issue_id, pages) VALUES (?, ?)').run(issueId, json(parsed.pages));
    if (input.original) {
      this.sql('INSERT OR IGNORE INTO originals (sha256, media_type, size, bytes) VALUES (?, ?, ?, ?)')
        .run(parsed.source.sha256, 'application/pdf', input.original.length, input.original);
    }
    const insDoc = this.sql(
      `INSERT INTO documents (issue_id, idx, kind, start_line, end_line, section, title, issuers, doc_number, doc_type, date, year,
         effective_from, expires_on, search_length, indexed)
       VALUES (@issueId, @idx, @kind, @startLine, @endLine, @section, @title, @issuers, @docNumber, @docType, @date, @year,
         @effectiveFrom, @expiresOn, @searchLength, 0)`,
    );
    const insText = this.sql('INSERT INTO document_texts (document_id, body, raw_lines, line_places, data) VALUES (?, ?, ?, ?, ?)');
    const insWarning = this.sql('INSERT INTO warnings (issue_id, document_id, code, message, line) VALUES (?, ?, ?, ?, ?)');
    const insTitleKey = this.sql('INSERT INTO title_keys (key, document_id, doc_number, kind) VALUES (?, ?, ?, ?)');
    const insRef = this.sql('INSERT INTO doc_number_refs (number, document_id, line, own) VALUES (?, ?, ?, ?)');
    const insAppt = this.sql(
      'INSERT INTO appointments (document_id, ord, action, person, post, qualifiers, line, span) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insRoster = this.sql('INSERT INTO rosters (document_id, ord, grp, line) VALUES (?, ?, ?, ?)');
    const insMember = this.sql('INSERT INTO roster_members (roster_id, ord, role, person, post, line, span) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insTask = this.sql(
      `INSERT INTO tasks (document_id, ord, text, leads, cooperators, lead_agencies, cooperator_agencies, deadline, deadline_text,
         recurrence, milestones, start_line, end_line, line, span) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insTaskAgency = this.sql('INSERT INTO task_agencies (task_id, name, role, deadline_key) VALUES (?, ?, ?, ?)');
    const insCitation = this.sql(
      'INSERT INTO citations (document_id, ord, kind, title, title_key, doc_number, line, resolved_index, target_id, resolved_by, span) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)',
    );
    const insRepeal = this.sql(
      'INSERT INTO repeals (document_id, ord, title, title_key, doc_number, line, target_id, resolved_by, span) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)',
    );

    const docIds: number[] = [];
    const issueYear = m?.year ?? null;
    for (const p of prepared) {
      const d = p.doc;
      const year = d.date ? Number(d.date.slice(0, 4)) : issueYear;
      const id = Number(
        insDoc.run({
          issueId,
          idx: d.index,
          kind: d.kind,
          startLine: d.startLine,
          endLine: d.endLine,
          section: d.section,
          title: d.title,
          issuers: json(d.issuers),
          docNumber: d.docNumber,
          docType: d.docType,
          date: d.date,
          year,
          effectiveFrom: d.validity.effectiveFrom,
          expiresOn: d.validity.expiresOn,
          searchLength: p.searchText.length,
        }).lastInsertRowid,
      );
      insText.run(id, p.body, p.rawLines ? json(p.rawLines) : null, p.linePlaces ? json(p.linePlaces) : null, json(documentData(d)));
      docIds.push(id);
      for (const w of d.warnings) insWarning.run(issueId, id, w.code, w.message, w.line);
      for (const k of titleKeysOf(d)) insTitleKey.run(k.key, id, d.docNumber, k.kind);
      if (d.docNumber) insRef.run(d.docNumber, id, d.docNumberLine, 1);
      for (const [num, line] of p.mentions) if (num !== d.docNumber) insRef.run(num, id, line, 0);
      d.appointments.forEach((a, i) => insAppt.run(id, i, a.action, a.person, a.post, json(a.qualifiers), a.line, spanColumn(a)));
      d.rosters.forEach((r, i) => {
        const rid = insRoster.run(id, i, r.group, r.line).lastInsertRowid;
        r.members.forEach((mb, j) => insMember.run(rid, j, mb.role, mb.person, mb.post, mb.line, spanColumn(mb)));
      });
      d.tasks.forEach((t, i) => {
        const tid = insTask.run(
          id,
          i,
          t.text,
          json(t.leads),
          json(t.cooperators),
          json(t.leadAgencies),
          json(t.cooperatorAgencies),
          t.deadline,
          t.deadlineText,
          t.recurrence,
          json(t.milestones),
          t.startLine,
          t.endLine,
          t.line,
          spanColumn(t),
        ).lastInsertRowid;
        for (const u of taskUnits(t, parsed.region)) insTaskAgency.run(tid, u.name, u.role, u.deadline_key);
      });
      // (Numbers and names as the normalisation policy has them: prepareDocument.)
      d.citations.forEach((c, i) =>
        insCitation.run(id, i, c.kind, c.title, c.title ? titleKey(c.title) : null, c.docNumber, c.line, c.resolvedIndex, spanColumn(c)),
      );
      d.validity.repeals.forEach((r, i) =>
        insRepeal.run(id, i, r.title, r.title ? titleKey(r.title) : null, r.docNumber, r.line, spanColumn(r)),
      );
    }
    parsed.toc.forEach((t, i) =>
      this.sql(
          'INSERT INTO toc_entries (issue_id, ord, section, title, doc_number, page, line, end_line, document_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(issueId, i, t.section, t.title, t.docNumber, t.page, t.line, t.endLine, t.documentIndex),
    );
    for (const w of parsed.warnings) insWarning.run(issueId, null, w.code, w.message, w.line);
    const insAgency = this.sql('INSERT INTO agencies (issue_id, name, aliases) VALUES (?, ?, ?)');
    const insAgencyName = this.sql('INSERT INTO agency_names (issue_id, name, canonical) VALUES (?, ?, ?)');
    for (const a of agencyRows(parsed.agencies, parsed.region)) {
      insAgency.run(issueId, a.name, json(a.aliases));
      for (const n of a.names) insAgencyName.run(issueId, n, a.name);
    }
    // Citations the parser resolved inside the issue keep that resolution.
    const setTarget = this.sql('UPDATE citations SET target_id = ?, resolved_by = ? WHERE document_id = ? AND ord = ?');
    prepared.forEach((p, i) =>
      p.doc.citations.forEach((c, j) => {
        if (c.resolvedIndex === null || c.resolvedIndex === p.doc.index) return;
        const target = prepared.findIndex((q) => q.doc.index === c.resolvedIndex);
        if (target >= 0) setTarget.run(docIds[target], c.docNumber ? 'number' : 'title', docIds[i], j);
      }),
    );
    return { issueId, docIds };
  }

  /**
   * Resolve citations and repeals: those of the new documents against the whole archive, and the
   * unresolved ones anywhere that the new documents answer (a cited document arriving later).
   * Then recompute which documents stand repealed.
   */
  /**
   * `deleted`: documents were deleted in this transaction (a repealer may be gone); `orphaned`:
   * links that pointed at them (linksInto), resolved again against what is left.
   */
  private relink(newDocIds: number[], deleted: boolean, orphaned: Orphaned = { citations: [], repeals: [] }): void {
    const ids = json(newDocIds);
    // What the new documents can be cited by: their numbers, and their title keys (with the number
    // a citation must not contradict).
    const newKeys = this.sql('SELECT DISTINCT key, doc_number FROM title_keys WHERE document_id IN (SELECT value FROM json_each(?))')
      .all(ids) as Row[];
    const numbers = this.sql('SELECT DISTINCT doc_number AS n FROM documents WHERE id IN (SELECT value FROM json_each(?)) AND doc_number IS NOT NULL')
      .all(ids)
      .map((r) => (r as Row).n as string);
    const byNumber = this.sql('SELECT id FROM documents WHERE doc_number = ? AND id != ? ORDER BY id DESC LIMIT 1');
    // By title: any document with the key when the citation has no number; otherwise one whose
    // number is the same or unknown. Each branch is one indexed seek.
    const byTitleAny = this.sql('SELECT document_id AS id FROM title_keys WHERE key = ? AND document_id != ? ORDER BY document_id DESC LIMIT 1');
    const byTitleNumbered = this.sql(
      `SELECT MAX(id) AS id FROM (
         SELECT MAX(document_id) AS id FROM title_keys WHERE key = @key AND doc_number IS NULL AND document_id != @self
         UNION ALL
         SELECT MAX(document_id) AS id FROM title_keys WHERE key = @key AND doc_number = @number AND document_id != @self)`,
    );
    const repealTargets = new Set<number>();
    for (const table of ['citations', 'repeals'] as const) {
      // Indexed lookups only (one OR would scan the table on every ingest): the new documents'
      // own references; unresolved ones naming a new number; unresolved ones naming a new title
      // without a number that contradicts it.
      const found = new Map<number, Row>();
      const cols = 'id, document_id, title_key, doc_number, target_id';
      for (const r of this.sql(`SELECT ${cols} FROM ${table} WHERE document_id IN (SELECT value FROM json_each(?))`).all(ids) as Row[]) {
        found.set(r.id, r);
      }
      if (orphaned[table].length) {
        for (const r of this.sql(`SELECT ${cols} FROM ${table} WHERE id IN (SELECT value FROM json_each(?))`).all(json(orphaned[table])) as Row[]) {
          found.set(r.id, r);
        }
      }
      const byNum = this.sql(
        `SELECT ${cols} FROM ${table} INDEXED BY ${table}_number WHERE doc_number IN (SELECT value FROM json_each(?)) AND target_id IS NULL`,
      );
      for (const r of byNum.all(json(numbers)) as Row[]) found.set(r.id, r);
      const byKeyNoNumber = this.sql(
        `SELECT ${cols} FROM ${table} INDEXED BY ${table}_title_key WHERE title_key = ? AND target_id IS NULL AND doc_number IS NULL`,
      );
      const byKeyAny = this.sql(`SELECT ${cols} FROM ${table} INDEXED BY ${table}_title_key WHERE title_key = ? AND target_id IS NULL`);
      for (const k of newKeys) {
        // A document without a number answers a titled citation whatever number it gives.
        for (const r of (k.doc_number ? byKeyNoNumber : byKeyAny).all(k.key) as Row[]) found.set(r.id, r);
      }
      const update = this.sql(`UPDATE ${table} SET target_id = ?, resolved_by = ? WHERE id = ?`);
      for (const r of found.values()) {
        if (r.target_id !== null) {
          if (table === 'repeals') repealTargets.add(r.target_id);
          continue;
        }
        let target: number | null = null;
        const n = r.doc_number ? (byNumber.get(r.doc_number, r.document_id) as Row | undefined) : undefined;
        if (n) {
          update.run(n.id, 'number', r.id);
          target = n.id;
        } else if (r.title_key) {
          const t = (
            r.doc_number
              ? byTitleNumbered.get({ key: r.title_key, number: r.doc_number, self: r.document_id })
              : byTitleAny.get(r.title_key, r.document_id)
          ) as Row | undefined;
          if (t?.id) {
            update.run(t.id, 'title', r.id);
            target = t.id;
          }
        }
        if (target !== null && table === 'repeals') repealTargets.add(target);
      }
    }
    // Documents whose repeal status may have changed: new targets, and, after a delete, those
    // whose repealer is gone (repealed_by was set to NULL by the foreign key).
    if (deleted) {
      for (const r of this.sql('SELECT id FROM documents INDEXED BY documents_repealed WHERE repealed_on IS NOT NULL AND repealed_by IS NULL').all() as Row[]) {
        repealTargets.add(r.id);
      }
    }
    if (repealTargets.size) {
      this.sql(
        `UPDATE documents SET (repealed_on, repealed_by) = (
           SELECT COALESCE(p.effective_from, p.date, '${UNKNOWN_DATE}'), p.id FROM repeals r JOIN documents p ON p.id = r.document_id
           WHERE r.target_id = documents.id AND r.document_id != documents.id ORDER BY 1, 2 LIMIT 1)
         WHERE id IN (SELECT value FROM json_each(?))`,
      ).run(json([...repealTargets]));
    }
  }

  async deleteIssue(id: number): Promise<boolean> {
    const done = this.db
      .transaction(() => {
        const orphaned = this.linksInto(id);
        const n = this.sql('DELETE FROM issues WHERE id = ?').run(id).changes;
        if (n) this.relink([], true, orphaned);
        if (n) this.dropOrphanOriginals();
        return n > 0;
      })
      .immediate();
    if (done) this.changed();
    return done;
  }

  /** Links (citations, repeals) that point into an issue about to be deleted. */
  private linksInto(issueId: number): Orphaned {
    const ids = (table: string) =>
      (this.sql(`SELECT x.id FROM documents d JOIN ${table} x ON x.target_id = d.id WHERE d.issue_id = ?`).all(issueId) as Row[]).map((r) => r.id as number);
    return { citations: ids('citations'), repeals: ids('repeals') };
  }

  /** Original files no stored issue points at any more. */
  private dropOrphanOriginals(): void {
    this.sql('DELETE FROM originals WHERE NOT EXISTS (SELECT 1 FROM issues i WHERE i.sha256 = originals.sha256)').run();
  }

  /**
   * A consistent copy of the archive in `file` (which must not exist), taken with SQLite's online
   * backup while other connections — a running server, an ingest — go on writing: the copy holds
   * every committed transaction up to one moment, the write-ahead log's included (a plain file
   * copy misses those). Written under a temporary name and renamed: never half a copy.
   */
  async backupTo(file: string): Promise<{ issues: number; documents: number; bytes: number }> {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      // After the first step, the rest in one: a write by another connection between steps
      // restarts the copy, and a busy server writes often.
      await this.db.backup(tmp, { progress: ({ totalPages }) => Math.max(100, totalPages) });
      const copy = new Database(tmp, { readonly: true, fileMustExist: true });
      let counts;
      try {
        counts = copy.prepare('SELECT (SELECT COUNT(*) FROM issues) AS issues, (SELECT COUNT(*) FROM documents) AS documents').get() as Row;
      } finally {
        copy.close();
      }
      if (existsSync(file)) throw new Error(`${file} exists: not overwritten`);
      renameSync(tmp, file);
      return { issues: counts.issues, documents: counts.documents, bytes: statSync(file).size };
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  // ───────────────────────────── index ─────────────────────────────

  async flushIndex(): Promise<void> {
    if (!this.readonly) this.index.flushAll();
  }

  /** Merge every index segment into one (after a bulk load; optional). */
  async optimize(): Promise<void> {
    this.index.optimize();
  }

  // Stats, agency lists, task lists and counts, search results: kept until the archive changes.
  protected readonly memo = new GenerationMemo(() => this.generationNow());

  private generationNow(): string {
    return `${this.db.pragma('data_version', { simple: true })}:${this.localGeneration}`;
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    if (!this.readonly) this.index.close();
    if (this.wrote) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
