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

export class SqliteArchive implements Archive {
  readonly db: Database.Database;
  readonly path: string;
  private readonly engine: SearchEngine;
  private readonly index: SqliteIndex;
  private localGeneration = 0;
  private wrote = false;
  private readonly readonly: boolean;

  private constructor(path: string, opts: SqliteArchiveOptions) {
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
      for (const m of MIGRATIONS) {
        if (m.version <= current) continue;
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      }
    }).immediate();
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, compiled once per connection. */
  private sql(source: string): Database.Statement {
    let st = this.statements.get(source);
    if (!st) {
      st = this.db.prepare(source);
      this.statements.set(source, st);
    }
    return st;
  }

  private changed(): void {
    this.wrote = true;
    this.localGeneration++;
    this.engine.invalidate();
  }

  // ───────────────────────────── ingest ─────────────────────────────

  async isCurrent(sourcePath: string, sha256: string, parserVersion: string): Promise<IngestResult | null> {
    return this.currentState(sourcePath, sha256, parserVersion);
  }

  async storedDocumentCount(sourcePath: string): Promise<number | null> {
    const row = this.sql(
      'SELECT (SELECT COUNT(*) FROM documents d WHERE d.issue_id = i.id) AS documents FROM issues i WHERE i.source_path = ?',
    ).get(sourcePath) as Row | undefined;
    return row ? row.documents : null;
  }

  private currentState(sourcePath: string, sha256: string, parserVersion: string): IngestResult | null {
    const same = this.sql('SELECT id, sha256, parser_version FROM issues WHERE source_path = ?')
      .get(sourcePath) as Row | undefined;
    const counts = (id: number) => this.issueCounts(id);
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
  private issueCounts(id: number): { documents: number; warnings: number } {
    return this.sql(
      `SELECT (SELECT COUNT(*) FROM documents WHERE issue_id = @id) AS documents,
              (SELECT COUNT(*) FROM warnings WHERE issue_id = @id) AS warnings`,
    ).get({ id }) as { documents: number; warnings: number };
  }

  private sameIssueResult(same: SameIssue): IngestResult {
    const c = this.issueCounts(same.issueId);
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
        const state = this.currentState(sourcePath, parsed.source.sha256, parsed.parserVersion);
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
      'INSERT INTO appointments (document_id, ord, action, person, post, qualifiers, line) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insRoster = this.sql('INSERT INTO rosters (document_id, ord, grp, line) VALUES (?, ?, ?, ?)');
    const insMember = this.sql('INSERT INTO roster_members (roster_id, ord, role, person, post, line) VALUES (?, ?, ?, ?, ?, ?)');
    const insTask = this.sql(
      `INSERT INTO tasks (document_id, ord, text, leads, cooperators, lead_agencies, cooperator_agencies, deadline, deadline_text,
         recurrence, milestones, start_line, end_line, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insTaskAgency = this.sql('INSERT INTO task_agencies (task_id, name, role, deadline_key) VALUES (?, ?, ?, ?)');
    const insCitation = this.sql(
      'INSERT INTO citations (document_id, ord, kind, title, title_key, doc_number, line, resolved_index, target_id, resolved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)',
    );
    const insRepeal = this.sql(
      'INSERT INTO repeals (document_id, ord, title, title_key, doc_number, line, target_id, resolved_by) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL)',
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
      d.appointments.forEach((a, i) => insAppt.run(id, i, a.action, a.person, a.post, json(a.qualifiers), a.line));
      d.rosters.forEach((r, i) => {
        const rid = insRoster.run(id, i, r.group, r.line).lastInsertRowid;
        r.members.forEach((mb, j) => insMember.run(rid, j, mb.role, mb.person, mb.post, mb.line));
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
        ).lastInsertRowid;
        for (const u of taskUnits(t, parsed.region)) insTaskAgency.run(tid, u.name, u.role, u.deadline_key);
      });
      // Numbers are stored as parsed (the model says normalized), so the document reads back as parsed.
      d.citations.forEach((c, i) =>
        insCitation.run(id, i, c.kind, c.title, c.title ? titleKey(c.title) : null, c.docNumber, c.line, c.resolvedIndex),
      );
      d.validity.repeals.forEach((r, i) => insRepeal.run(id, i, r.title, r.title ? titleKey(r.title) : null, r.docNumber, r.line));
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

  async getOriginal(issueId: number): Promise<OriginalFile | null> {
    const r = this.sql('SELECT o.sha256, o.media_type, o.bytes FROM issues i JOIN originals o ON o.sha256 = i.sha256 WHERE i.id = ?')
      .get(issueId) as Row | undefined;
    return r ? { sha256: r.sha256, mediaType: r.media_type, bytes: new Uint8Array(r.bytes) } : null;
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
  private readonly memo = new GenerationMemo(() => this.generationNow());

  private generationNow(): string {
    return `${this.db.pragma('data_version', { simple: true })}:${this.localGeneration}`;
  }

  // ───────────────────────────── search ─────────────────────────────

  async search(query: string, opts?: SearchOptions): Promise<SearchResult> {
    // A kept answer reports the time this request took, not the time it first took.
    const started = performance.now();
    const result = await this.memo.get(`search:${JSON.stringify([query, opts ?? {}, opts?.asOf ?? today()])}`, () => this.engine.search(query, opts));
    // (The date is in the key: statuses and their facet change at midnight without any write.)
    return { ...result, tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  /** Exact substring matches (ids ascending with counts): for tests and the benchmark. */
  async matchText(text: string): Promise<{ docs: Int32Array; tfs: Int32Array }> {
    return this.engine.matchText(text);
  }

  // ───────────────────────────── reading ─────────────────────────────


  private static ISSUE_SELECT = `SELECT i.*,
      (SELECT COUNT(*) FROM documents d WHERE d.issue_id = i.id) AS document_count,
      (SELECT COUNT(*) FROM warnings w WHERE w.issue_id = i.id) AS warning_count
    FROM issues i`;

  async listIssues(opts: ListOptions = {}): Promise<IssueSummary[]> {
    const [limit, offset] = [limitArg(opts.limit) ?? -1, offsetArg(opts.offset)];
    return this.memo.get(`issues:${limit}:${offset}`, () =>
      (this.sql(`${SqliteArchive.ISSUE_SELECT} ORDER BY i.year IS NULL, i.year, i.number, i.id LIMIT ? OFFSET ?`).all(limit, offset) as Row[]).map((r) =>
        issueSummary(r),
      ),
    );
  }

  async adjacentIssues(id: number): Promise<AdjacentIssues> {
    const at = this.sql('SELECT title, year, number FROM issues WHERE id = ?').get(id) as Row | undefined;
    if (!at || at.title === null || at.year === null || at.number === null) return { previous: null, next: null };
    // The nearest issue of the same gazette on either side of (year, number, id).
    const near = (side: '<' | '>', dir: 'ASC' | 'DESC') => {
      const r = this.sql(
        `${SqliteArchive.ISSUE_SELECT} WHERE i.title = ? AND i.year IS NOT NULL AND i.number IS NOT NULL
           AND (i.year, i.number, i.id) ${side} (?, ?, ?)
         ORDER BY i.year ${dir}, i.number ${dir}, i.id ${dir} LIMIT 1`,
      ).get(at.title, at.year, at.number, id) as Row | undefined;
      return r ? issueSummary(r) : null;
    };
    return { previous: near('<', 'DESC'), next: near('>', 'ASC') };
  }

  async getIssue(id: number): Promise<IssueDetail | null> {
    const r = this.sql(`${SqliteArchive.ISSUE_SELECT} WHERE i.id = ?`).get(id) as Row | undefined;
    if (!r) return null;
    const toc = (this.sql('SELECT * FROM toc_entries WHERE issue_id = ? ORDER BY ord').all(id) as Row[]).map((t) => ({
      section: t.section,
      title: t.title,
      docNumber: t.doc_number,
      page: t.page,
      line: t.line,
      endLine: t.end_line,
      documentIndex: t.document_index,
    }));
    const agencies = (this.sql('SELECT name, aliases FROM agencies WHERE issue_id = ?').all(id) as Row[]).map((a) => ({
      name: a.name as string,
      aliases: parseJson<string[]>(a.aliases, []),
    }));
    const warnings = (
      this.sql('SELECT code, message, line FROM warnings WHERE issue_id = ? AND document_id IS NULL ORDER BY id').all(id) as Row[]
    ).map((w) => ({ code: w.code, message: w.message, line: w.line }));
    const pages = this.sql('SELECT pages FROM issue_pages WHERE issue_id = ?').get(id) as Row | undefined;
    const hasOriginal = !!this.sql('SELECT 1 FROM originals WHERE sha256 = ?').get(r.sha256);
    return {
      ...issueSummary(r),
      masthead: parseJson(r.masthead, null),
      ...issueSource(r, pages?.pages),
      hasOriginal,
      toc,
      agencies,
      warnings,
      documents: await this.listDocuments({ issueId: id }),
    };
  }

  private static DOC_SELECT = `SELECT d.id, d.issue_id, d.idx, d.kind, d.title, d.doc_number, d.doc_type, d.issuers, d.section, d.date,
      d.start_line, d.end_line, i.source_path FROM documents d JOIN issues i ON i.id = d.issue_id`;


  async listDocuments(opts: ListOptions & { issueId?: number } = {}): Promise<DocumentSummary[]> {
    const where = opts.issueId !== undefined ? 'WHERE d.issue_id = @issue' : '';
    const rows = this.sql(`${SqliteArchive.DOC_SELECT} ${where} ORDER BY d.issue_id, d.idx LIMIT @limit OFFSET @offset`)
      .all({ issue: opts.issueId ?? null, limit: opts.limit ?? -1, offset: opts.offset ?? 0 }) as Row[];
    return rows.map((r) => docSummary(r));
  }

  async findByDocNumber(docNumber: string): Promise<DocumentSummary[]> {
    const n = normalizeDocNumber(docNumber) ?? squash(docNumber);
    const rows = this.sql(`${SqliteArchive.DOC_SELECT} WHERE d.doc_number = ? ORDER BY d.id`).all(n) as Row[];
    return rows.map((r) => docSummary(r));
  }

  async documentLines(id: number, from?: number, to?: number): Promise<DocumentLine[]> {
    const r = this.sql('SELECT d.start_line, t.body, t.raw_lines, t.line_places FROM documents d JOIN document_texts t ON t.document_id = d.id WHERE d.id = ?')
      .get(id) as Row | undefined;
    if (!r) return [];
    return linesOf(r).filter((l) => (from === undefined || l.line >= from) && (to === undefined || l.line <= to));
  }

  async getDocument(id: number, opts: { asOf?: IsoDate } = {}): Promise<DocumentDetail | null> {
    const r = this.sql(
        `SELECT d.*, t.body, t.raw_lines, t.line_places, t.data, i.source_path FROM documents d JOIN document_texts t ON t.document_id = d.id
         JOIN issues i ON i.id = d.issue_id WHERE d.id = ?`,
      )
      .get(id) as Row | undefined;
    if (!r) return null;
    const issue = this.sql(`${SqliteArchive.ISSUE_SELECT} WHERE i.id = ?`).get(r.issue_id) as Row;
    return {
      ...docSummary(r),
      document: this.documentOf(r),
      issue: issueSummary(issue),
      lines: linesOf(r),
      citations: await this.citations(id),
      citedBy: await this.citedBy(id),
      repeals: this.repealsOf(id),
      validity: this.validityOf(r, opts.asOf ?? today()),
    };
  }

  /** The OfficialDocument as parsed: the stored JSON plus the facts kept in their own tables. */
  private documentOf(r: Row): OfficialDocument {
    const d = JSON.parse(r.data) as OfficialDocument;
    const id = r.id as number;
    d.appointments = (this.sql('SELECT * FROM appointments WHERE document_id = ? ORDER BY ord').all(id) as Row[]).map((a) => ({
      action: a.action,
      person: a.person,
      post: a.post,
      qualifiers: parseJson(a.qualifiers, []),
      line: a.line,
    }));
    const members = this.sql('SELECT * FROM roster_members WHERE roster_id = ? ORDER BY ord');
    d.rosters = (this.sql('SELECT * FROM rosters WHERE document_id = ? ORDER BY ord').all(id) as Row[]).map((g) => ({
      group: g.grp,
      line: g.line,
      members: (members.all(g.id) as Row[]).map((m) => ({ role: m.role, person: m.person, post: m.post, line: m.line })),
    }));
    d.tasks = (this.sql('SELECT * FROM tasks WHERE document_id = ? ORDER BY ord').all(id) as Row[]).map(storedTask);
    d.citations = (this.sql('SELECT * FROM citations WHERE document_id = ? ORDER BY ord').all(id) as Row[]).map((c) => ({
      kind: c.kind,
      title: c.title,
      docNumber: c.doc_number,
      line: c.line,
      resolvedIndex: c.resolved_index,
    }));
    d.validity.repeals = (this.sql('SELECT * FROM repeals WHERE document_id = ? ORDER BY ord').all(id) as Row[]).map((p) => ({
      title: p.title,
      docNumber: p.doc_number,
      line: p.line,
    }));
    d.warnings = (this.sql('SELECT code, message, line FROM warnings WHERE document_id = ? ORDER BY id').all(id) as Row[]).map((w) => ({
      code: w.code,
      message: w.message,
      line: w.line,
    }));
    return d;
  }

  private static CITATION_SELECT = `SELECT c.*, d.title AS document_title, d.doc_number AS document_doc_number,
      t.title AS target_title, t.doc_number AS target_doc_number
    FROM citations c JOIN documents d ON d.id = c.document_id LEFT JOIN documents t ON t.id = c.target_id`;


  async citations(documentId: number): Promise<CitationRecord[]> {
    const rows = this.sql(`${SqliteArchive.CITATION_SELECT} WHERE c.document_id = ? ORDER BY c.ord`).all(documentId) as Row[];
    return rows.map((r) => citationRecord(r));
  }

  async citedBy(documentId: number): Promise<CitationRecord[]> {
    const rows = this.sql(`${SqliteArchive.CITATION_SELECT} WHERE c.target_id = ? ORDER BY d.date, c.document_id, c.ord`)
      .all(documentId) as Row[];
    return rows.map((r) => citationRecord(r));
  }

  private repealsOf(documentId: number): RepealRecord[] {
    return (this.sql('SELECT * FROM repeals WHERE document_id = ? ORDER BY ord').all(documentId) as Row[]).map((r) => ({
      id: r.id,
      documentId: r.document_id,
      title: r.title,
      docNumber: r.doc_number,
      line: r.line,
      targetId: r.target_id,
      resolvedBy: r.resolved_by,
    }));
  }

  private validityOf(r: Row, asOf: IsoDate): ValidityInfo {
    let repealedBy: ValidityInfo['repealedBy'] = null;
    if (r.repealed_by) {
      const p = this.sql(
          `SELECT p.id, p.title, p.doc_number, r.line FROM documents p JOIN repeals r ON r.document_id = p.id
           WHERE p.id = ? AND r.target_id = ? LIMIT 1`,
        )
        .get(r.repealed_by, r.id) as Row | undefined;
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
    const r = this.sql('SELECT * FROM documents WHERE id = ?').get(documentId) as Row | undefined;
    return r ? this.validityOf(r, asOf ?? today()) : null;
  }

  // ───────────────────────────── people ─────────────────────────────

  async listPeople(opts: ListOptions & { prefix?: string } = {}): Promise<PersonSummary[]> {
    return this.memo.get(`people:${JSON.stringify([opts.prefix ?? null, limitArg(opts.limit), offsetArg(opts.offset)])}`, () => this.peopleList(opts));
  }

  private peopleList(opts: ListOptions & { prefix?: string }): PersonSummary[] {
    const rows = this.sql(
        `SELECT a.person, COUNT(*) AS n, MIN(COALESCE(d.date, i.published_on)) AS first, MAX(COALESCE(d.date, i.published_on)) AS last
         FROM appointments a JOIN documents d ON d.id = a.document_id JOIN issues i ON i.id = d.issue_id
         WHERE (@prefix IS NULL OR a.person >= @prefix AND a.person < @prefix || char(1114111))
         GROUP BY a.person ORDER BY a.person LIMIT @limit OFFSET @offset`,
      )
      .all({ prefix: opts.prefix ? squash(opts.prefix) : null, limit: limitArg(opts.limit) ?? -1, offset: offsetArg(opts.offset) }) as Row[];
    return rows.map((r) => ({ name: r.person, appointments: r.n, first: r.first, last: r.last }));
  }

  async personTimeline(name: string): Promise<PersonTimeline> {
    const person = squash(name);
    const rows = this.sql(
        `SELECT a.*, COALESCE(d.date, i.published_on) AS when_, d.doc_number, d.title, d.issue_id
         FROM appointments a JOIN documents d ON d.id = a.document_id JOIN issues i ON i.id = d.issue_id
         WHERE a.person = ? ORDER BY when_ IS NULL, when_, d.id, a.line`,
      )
      .all(person) as Row[];
    const entries: TimelineEntry[] = rows.map((r) => ({
      appointmentId: r.id,
      person: r.person,
      action: r.action,
      post: r.post,
      qualifiers: parseJson(r.qualifiers, []),
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
  private agencyNames(name: string): string[] {
    const n = squash(name);
    const canon = (this.sql('SELECT DISTINCT canonical FROM agency_names WHERE name = ?').all(n) as Row[]).map((r) => r.canonical as string);
    const names = new Set([n, ...canon]);
    for (const c of canon) {
      for (const r of this.sql('SELECT DISTINCT name FROM agency_names WHERE canonical = ?').all(c) as Row[]) names.add(r.name);
    }
    return [...names];
  }


  async tasks(filter: TaskFilter = {}): Promise<TaskRecord[]> {
    const asOf = filter.asOf ?? today();
    return this.memo.get(`tasks:${JSON.stringify(filter)}:${asOf}`, () => {
      const q = taskSql('sqlite', filter, filter.agency ? this.agencyNames(filter.agency) : null, asOf);
      const { sql, idsOnly } = taskListSql(q, 'sqlite', filter);
      const rows = this.sql(sql).all(q.args()) as Row[];
      return idsOnly ? this.tasksByIds(rows.map((r) => r.id as number), asOf) : rows.map((r) => taskRecord(r, asOf));
    });
  }

  /** Tasks by id, in the order of `ids`. */
  private tasksByIds(ids: number[], asOf: IsoDate): TaskRecord[] {
    const rows = this.sql(
      'SELECT t.*, d.doc_number, d.title FROM tasks t JOIN documents d ON d.id = t.document_id WHERE t.id IN (SELECT value FROM json_each(?))',
    ).all(json(ids)) as Row[];
    const byId = new Map(rows.map((r) => [r.id as number, r]));
    return ids.flatMap((id) => (byId.has(id) ? [taskRecord(byId.get(id)!, asOf)] : []));
  }

  async countTasks(filter: TaskFilter = {}): Promise<TaskCounts> {
    const asOf = filter.asOf ?? today();
    return this.memo.get(`countTasks:${JSON.stringify(filter)}:${asOf}`, () => {
      const q = taskSql('sqlite', filter, filter.agency ? this.agencyNames(filter.agency) : null, asOf);
      return taskCountsOf(this.sql(taskCountSql(q, 'sqlite', asOf)).get(q.args()) as Row);
    });
  }

  async agencyTasks(name: string, asOf: IsoDate = today()): Promise<AgencyTasks> {
    return agencyTasksOf(this, squash(name), this.agencyNames(name), asOf);
  }


  async isAgency(name: string): Promise<boolean> {
    const n = squash(name);
    return !!this.sql('SELECT 1 FROM agency_names WHERE name = ? UNION ALL SELECT 1 FROM task_agencies WHERE name = ? LIMIT 1').get(n, n);
  }

  async listAgencies(opts: ListOptions = {}): Promise<AgencySummary[]> {
    return this.memo.get(`agencies:${limitArg(opts.limit)}:${offsetArg(opts.offset)}`, () => this.agencySummaries(opts));
  }

  private agencySummaries(opts: ListOptions): AgencySummary[] {
    // Every name an agency goes by (canonical, aliases, and names only tasks use), then the tasks
    // each canonical agency leads / cooperates on under any of its names: one pass over task_agencies.
    const rows = this.sql(
        `WITH known AS (SELECT DISTINCT name, canonical FROM agency_names),
              names AS (SELECT name, canonical FROM known
                        UNION SELECT DISTINCT u.name, u.name FROM task_agencies u WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.name = u.name)),
              counts AS (
                SELECT n.canonical,
                  COUNT(DISTINCT CASE WHEN t.role = 'lead' THEN t.task_id END) AS leads,
                  COUNT(DISTINCT CASE WHEN t.role = 'cooperator' THEN t.task_id END) AS cooperates
                FROM names n JOIN task_agencies t ON t.name = n.name GROUP BY n.canonical),
              aliases AS (SELECT canonical, json_group_array(DISTINCT name) AS aliases FROM names GROUP BY canonical)
         SELECT a.canonical AS name, a.aliases, COALESCE(c.leads, 0) AS leads, COALESCE(c.cooperates, 0) AS cooperates
         FROM aliases a LEFT JOIN counts c ON c.canonical = a.canonical
         ORDER BY COALESCE(c.leads, 0) + COALESCE(c.cooperates, 0) DESC, a.canonical LIMIT ? OFFSET ?`,
      )
      .all(limitArg(opts.limit) ?? -1, offsetArg(opts.offset)) as Row[];
    return rows.map((r) => ({
      name: r.name,
      aliases: parseJson<string[]>(r.aliases, []).filter((a) => a !== r.name),
      leads: r.leads,
      cooperates: r.cooperates,
    }));
  }

  // ───────────────────────────── export & stats ─────────────────────────────

  async *exportRows(kind: ExportKind): AsyncIterable<ExportRow> {
    const asOf = today();
    const page = 1000;
    let after = 0;
    const sql: Record<ExportKind, string> = {
      documents: `SELECT d.*, t.data, i.source_path, i.title AS issue_title, i.year AS issue_year, i.number AS issue_number,
                    (SELECT COUNT(*) FROM citations c WHERE c.target_id = d.id) AS cited_by,
                    (SELECT COUNT(*) FROM citations c WHERE c.document_id = d.id) AS citations,
                    (SELECT COUNT(*) FROM appointments a WHERE a.document_id = d.id) AS appointments,
                    (SELECT COUNT(*) FROM tasks t WHERE t.document_id = d.id) AS tasks,
                    (SELECT json_group_array(code) FROM warnings w WHERE w.document_id = d.id) AS warning_codes
                  FROM documents d JOIN document_texts t ON t.document_id = d.id JOIN issues i ON i.id = d.issue_id
                  WHERE d.id > ? ORDER BY d.id LIMIT ${page}`,
      appointments: `SELECT a.*, d.doc_number, d.title, COALESCE(d.date, i.published_on) AS date, i.source_path
                  FROM appointments a JOIN documents d ON d.id = a.document_id JOIN issues i ON i.id = d.issue_id
                  WHERE a.id > ? ORDER BY a.id LIMIT ${page}`,
      tasks: `SELECT t.*, d.doc_number, d.title, i.source_path FROM tasks t JOIN documents d ON d.id = t.document_id
                  JOIN issues i ON i.id = d.issue_id WHERE t.id > ? ORDER BY t.id LIMIT ${page}`,
      citations: `SELECT c.*, d.doc_number AS citing_doc_number, d.title AS citing_title, t.doc_number AS target_doc_number,
                    t.title AS target_title, i.source_path
                  FROM citations c JOIN documents d ON d.id = c.document_id JOIN issues i ON i.id = d.issue_id
                  LEFT JOIN documents t ON t.id = c.target_id WHERE c.id > ? ORDER BY c.id LIMIT ${page}`,
    };
    const stmt = this.sql(sql[kind]);
    for (;;) {
      const rows = stmt.all(after) as Row[];
      if (!rows.length) return;
      for (const r of rows) {
        after = r.id;
        yield exportRow(kind, r, asOf);
      }
    }
  }

  async stats(): Promise<ArchiveStats> {
    return { ...(await this.memo.get('stats', () => this.countAll())) };
  }

  private countAll(): ArchiveStats {
    const c = (sql: string) => (this.sql(sql).get() as Row).n as number;
    return {
      issues: c('SELECT COUNT(*) AS n FROM issues'),
      documents: c('SELECT COUNT(*) AS n FROM documents'),
      lines: c('SELECT COALESCE(SUM(end_line - start_line + 1), 0) AS n FROM documents'),
      appointments: c('SELECT COUNT(*) AS n FROM appointments'),
      people: c('SELECT COUNT(DISTINCT person) AS n FROM appointments'),
      rosters: c('SELECT COUNT(*) AS n FROM rosters'),
      tasks: c('SELECT COUNT(*) AS n FROM tasks'),
      citations: c('SELECT COUNT(*) AS n FROM citations'),
      resolvedCitations: c('SELECT COUNT(*) AS n FROM citations WHERE target_id IS NOT NULL'),
      repeals: c('SELECT COUNT(*) AS n FROM repeals'),
      warnings: c('SELECT COUNT(*) AS n FROM warnings'),
      agencies: c('SELECT COUNT(DISTINCT canonical) AS n FROM agency_names'),
      schemaVersion: c('SELECT MAX(version) AS n FROM schema_version'),
    };
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    if (!this.readonly) this.index.close();
    if (this.wrote) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
