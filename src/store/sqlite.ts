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
import type { IsoDate, OfficialDocument, SourceLine } from '../model.js';
import type {
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
  PersonSummary,
  PersonTimeline,
  RepealRecord,
  SearchOptions,
  SearchResult,
  TaskFilter,
  TaskRecord,
  TimelineEntry,
  ValidityInfo,
} from './archive.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.js';
import { SearchEngine, type DocBody, type DocMetaRow, type SearchBackend } from '../search/engine.js';
import { SegmentBuilder } from '../search/builder.js';
import { mergeRows, type PostingRow } from '../search/postings.js';
import { normalizeForSearch } from '../search/normalize.js';
import { findDocNumbers, normalizeDocNumber } from '../core/docnumber.js';
import { squash } from '../core/text.js';
import { titleKey, titleKeysOf } from '../archive/link.js';
import { clusterPeople, taskState } from '../archive/people.js';
import { UNKNOWN_DATE, statusAt, today } from '../archive/validity.js';

export interface SqliteArchiveOptions {
  readonly?: boolean;
  /** Characters of text collected before an index segment is written (default 8 million). */
  indexBatchChars?: number;
  /** Segments of one level merged into one of the next (default 10). */
  mergeFactor?: number;
}

type Row = Record<string, any>;

/** Keys are below 2^33: a posting row's id is segment · 2^33 + key. */
const KEY_SPAN = 2 ** 33;
const postingId = (seg: number, key: number) => seg * KEY_SPAN + key;

const json = (v: unknown) => JSON.stringify(v);
const parseJson = <T>(s: string | null | undefined, fallback: T): T => (s ? (JSON.parse(s) as T) : fallback);

export class SqliteArchive implements Archive {
  readonly db: Database.Database;
  readonly path: string;
  private readonly engine: SearchEngine;
  private builder = new SegmentBuilder();
  private localGeneration = 0;
  private caughtUp = false;
  private wrote = false;
  private segmentCache: { gen: string; ids: number[] } | null = null;
  private readonly batchChars: number;
  private readonly mergeFactor: number;
  private readonly readonly: boolean;

  private constructor(path: string, opts: SqliteArchiveOptions) {
    this.path = path;
    this.readonly = !!opts.readonly;
    this.batchChars = opts.indexBatchChars ?? 8_000_000;
    this.mergeFactor = Math.max(2, opts.mergeFactor ?? 10);
    try {
      this.db = new Database(path, { readonly: this.readonly, fileMustExist: this.readonly });
      if (!this.readonly) this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 10000');
      this.db.pragma('cache_size = -65536');
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
      const msg = (e as Error).message;
      if (/not a database|malformed|file is encrypted/i.test(msg)) throw new Error(`${path} is not a Gongbao database (${msg})`);
      throw e;
    }
    this.engine = new SearchEngine(this.searchBackend());
  }

  static open(path: string, opts: SqliteArchiveOptions = {}): SqliteArchive {
    return new SqliteArchive(path, opts);
  }

  // ───────────────────────────── schema ─────────────────────────────

  private migrate(): void {
    const db = this.db;
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
    if (!has) {
      if (this.readonly) throw new Error(`${this.path} is not a Gongbao database (no schema_version table)`);
      db.exec('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    }
    const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as Row).v ?? 0;
    if (current > SCHEMA_VERSION) {
      throw new Error(`${this.path} has schema version ${current}; this gongbao knows up to ${SCHEMA_VERSION}: upgrade gongbao`);
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      if (this.readonly) throw new Error(`${this.path} needs a schema upgrade; open it once without read-only`);
      db.transaction(() => {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      }).immediate();
    }
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

  private currentState(sourcePath: string, sha256: string, parserVersion: string): IngestResult | null {
    const same = this.db
      .prepare('SELECT id, sha256, parser_version FROM issues WHERE source_path = ?')
      .get(sourcePath) as Row | undefined;
    const counts = (id: number) =>
      this.db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM documents WHERE issue_id = @id) AS documents,
                  (SELECT COUNT(*) FROM warnings WHERE issue_id = @id) AS warnings`,
        )
        .get({ id }) as Row;
    if (same) {
      if (same.sha256 !== sha256 || same.parser_version !== parserVersion) return null;
      const c = counts(same.id);
      return { status: 'unchanged', issueId: same.id, documents: c.documents, warnings: c.warnings };
    }
    const dup = this.db
      .prepare('SELECT id, source_path FROM issues WHERE sha256 = ? AND parser_version = ? LIMIT 1')
      .get(sha256, parserVersion) as Row | undefined;
    if (dup) {
      const c = counts(dup.id);
      return { status: 'duplicate', issueId: dup.id, documents: c.documents, warnings: c.warnings, duplicateOf: dup.source_path };
    }
    return null;
  }

  async ingestIssue(input: IngestInput): Promise<IngestResult> {
    if (this.readonly) throw new Error('the archive is open read-only');
    if (!this.caughtUp) this.catchUpIndex();
    const { parsed, lines, sourcePath } = input;
    // Prepared outside the transaction: normalizing text is the slow part.
    const prepared = parsed.documents.map((doc) => prepareDocument(doc, lines));
    let added: { id: number; text: string; title: string }[] = [];
    const result = this.db
      .transaction((): IngestResult => {
        const state = this.currentState(sourcePath, parsed.source.sha256, parsed.parserVersion);
        if (state) return state;
        const old = this.db.prepare('SELECT id FROM issues WHERE source_path = ?').get(sourcePath) as Row | undefined;
        if (old) this.db.prepare('DELETE FROM issues WHERE id = ?').run(old.id);
        const { issueId, docIds } = this.insertIssue(input, prepared);
        this.relink(docIds);
        added = prepared.map((p, i) => ({ id: docIds[i]!, text: p.searchText, title: normalizeForSearch(p.doc.title) }));
        const warnings = parsed.warnings.length + parsed.documents.reduce((n, d) => n + d.warnings.length, 0);
        return { status: old ? 'replaced' : 'inserted', issueId, documents: docIds.length, warnings };
      })
      .immediate();
    if (result.status === 'inserted' || result.status === 'replaced') {
      this.changed();
      for (const a of added) this.builder.add(a.id, a.text, a.title);
      if (this.builder.positions >= this.batchChars) this.flushBuilder();
    }
    return result;
  }

  private insertIssue(input: IngestInput, prepared: PreparedDocument[]): { issueId: number; docIds: number[] } {
    const { parsed, sourcePath } = input;
    const db = this.db;
    const m = parsed.issue;
    const issueId = Number(
      db
        .prepare(
          `INSERT INTO issues (source_path, file_name, sha256, bytes, encoding, line_ending, line_count, parser_version,
             title, year, number, total_number, published_on, masthead, ingested_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
        ).lastInsertRowid,
    );
    const insDoc = db.prepare(
      `INSERT INTO documents (issue_id, idx, kind, start_line, end_line, section, title, issuers, doc_number, doc_type, date, year,
         effective_from, expires_on, body, raw_lines, search_length, indexed, data)
       VALUES (@issueId, @idx, @kind, @startLine, @endLine, @section, @title, @issuers, @docNumber, @docType, @date, @year,
         @effectiveFrom, @expiresOn, @body, @rawLines, @searchLength, 0, @data)`,
    );
    const insWarning = db.prepare('INSERT INTO warnings (issue_id, document_id, code, message, line) VALUES (?, ?, ?, ?, ?)');
    const insTitleKey = db.prepare('INSERT INTO title_keys (key, document_id, doc_number, kind) VALUES (?, ?, ?, ?)');
    const insRef = db.prepare('INSERT INTO doc_number_refs (number, document_id, line, own) VALUES (?, ?, ?, ?)');
    const insAppt = db.prepare(
      'INSERT INTO appointments (document_id, ord, action, person, post, qualifiers, line) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insRoster = db.prepare('INSERT INTO rosters (document_id, ord, grp, line) VALUES (?, ?, ?, ?)');
    const insMember = db.prepare('INSERT INTO roster_members (roster_id, ord, role, person, post, line) VALUES (?, ?, ?, ?, ?, ?)');
    const insTask = db.prepare(
      `INSERT INTO tasks (document_id, ord, text, leads, cooperators, lead_agencies, cooperator_agencies, deadline, deadline_text,
         recurrence, milestones, start_line, end_line, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insTaskAgency = db.prepare('INSERT INTO task_agencies (task_id, name, role) VALUES (?, ?, ?)');
    const insCitation = db.prepare(
      'INSERT INTO citations (document_id, ord, kind, title, title_key, doc_number, line, resolved_index, target_id, resolved_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)',
    );
    const insRepeal = db.prepare(
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
          body: p.body,
          rawLines: p.rawLines,
          searchLength: p.searchText.length,
          data: json(documentData(d)),
        }).lastInsertRowid,
      );
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
        const names = new Set<string>();
        for (const [role, list] of [
          ['lead', [...t.leads, ...t.leadAgencies]],
          ['cooperator', [...t.cooperators, ...t.cooperatorAgencies]],
        ] as const) {
          for (const n of list) {
            const key = `${role}\u0000${squash(n)}`;
            if (!n || names.has(key)) continue;
            names.add(key);
            insTaskAgency.run(tid, squash(n), role);
          }
        }
      });
      // Numbers are stored as parsed (the model says normalized), so the document reads back as parsed.
      d.citations.forEach((c, i) =>
        insCitation.run(id, i, c.kind, c.title, c.title ? titleKey(c.title) : null, c.docNumber, c.line, c.resolvedIndex),
      );
      d.validity.repeals.forEach((r, i) => insRepeal.run(id, i, r.title, r.title ? titleKey(r.title) : null, r.docNumber, r.line));
    }
    parsed.toc.forEach((t, i) =>
      db
        .prepare(
          'INSERT INTO toc_entries (issue_id, ord, section, title, doc_number, page, line, end_line, document_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(issueId, i, t.section, t.title, t.docNumber, t.page, t.line, t.endLine, t.documentIndex),
    );
    for (const w of parsed.warnings) insWarning.run(issueId, null, w.code, w.message, w.line);
    const insAgency = db.prepare('INSERT INTO agencies (issue_id, name, aliases) VALUES (?, ?, ?)');
    const insAgencyName = db.prepare('INSERT INTO agency_names (issue_id, name, canonical) VALUES (?, ?, ?)');
    for (const a of parsed.agencies) {
      insAgency.run(issueId, a.name, json(a.aliases));
      const canonical = squash(a.name);
      for (const n of new Set([canonical, ...a.aliases.map(squash)])) insAgencyName.run(issueId, n, canonical);
    }
    // Citations the parser resolved inside the issue keep that resolution.
    const setTarget = db.prepare('UPDATE citations SET target_id = ?, resolved_by = ? WHERE document_id = ? AND ord = ?');
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
  private relink(newDocIds: number[]): void {
    const db = this.db;
    const ids = json(newDocIds);
    // What the new documents can be cited by: their numbers, and their title keys (with the number
    // a citation must not contradict).
    const newKeys = db
      .prepare('SELECT DISTINCT key, doc_number FROM title_keys WHERE document_id IN (SELECT value FROM json_each(?))')
      .all(ids) as Row[];
    const numbers = db
      .prepare('SELECT DISTINCT doc_number AS n FROM documents WHERE id IN (SELECT value FROM json_each(?)) AND doc_number IS NOT NULL')
      .all(ids)
      .map((r) => (r as Row).n as string);
    const byNumber = db.prepare('SELECT id FROM documents WHERE doc_number = ? AND id != ? ORDER BY id DESC LIMIT 1');
    // By title: any document with the key when the citation has no number; otherwise one whose
    // number is the same or unknown. Each branch is one indexed seek.
    const byTitleAny = db.prepare('SELECT document_id AS id FROM title_keys WHERE key = ? AND document_id != ? ORDER BY document_id DESC LIMIT 1');
    const byTitleNumbered = db.prepare(
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
      for (const r of db.prepare(`SELECT ${cols} FROM ${table} WHERE document_id IN (SELECT value FROM json_each(?))`).all(ids) as Row[]) {
        found.set(r.id, r);
      }
      const byNum = db.prepare(
        `SELECT ${cols} FROM ${table} INDEXED BY ${table}_number WHERE doc_number IN (SELECT value FROM json_each(?)) AND target_id IS NULL`,
      );
      for (const r of byNum.all(json(numbers)) as Row[]) found.set(r.id, r);
      const byKeyNoNumber = db.prepare(
        `SELECT ${cols} FROM ${table} INDEXED BY ${table}_title_key WHERE title_key = ? AND target_id IS NULL AND doc_number IS NULL`,
      );
      const byKeyAny = db.prepare(`SELECT ${cols} FROM ${table} INDEXED BY ${table}_title_key WHERE title_key = ? AND target_id IS NULL`);
      for (const k of newKeys) {
        // A document without a number answers a titled citation whatever number it gives.
        for (const r of (k.doc_number ? byKeyNoNumber : byKeyAny).all(k.key) as Row[]) found.set(r.id, r);
      }
      const update = db.prepare(`UPDATE ${table} SET target_id = ?, resolved_by = ? WHERE id = ?`);
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
    // Documents whose repeal status may have changed: new targets, and those whose repealer is gone.
    for (const r of db.prepare('SELECT id FROM documents WHERE repealed_on IS NOT NULL AND repealed_by IS NULL').all() as Row[]) {
      repealTargets.add(r.id);
    }
    if (repealTargets.size) {
      db.prepare(
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
        const n = this.db.prepare('DELETE FROM issues WHERE id = ?').run(id).changes;
        if (n) this.relink([]);
        return n > 0;
      })
      .immediate();
    if (done) this.changed();
    return done;
  }

  // ───────────────────────────── index maintenance ─────────────────────────────

  async flushIndex(): Promise<void> {
    if (this.readonly) return;
    this.flushBuilder();
    this.catchUpIndex();
  }

  /** Index documents stored but not indexed (left by a crash, or by another writer). */
  private catchUpIndex(): void {
    this.caughtUp = true;
    this.flushBuilder();
    const pending = new Set(this.builder.docIds);
    let after = 0;
    for (;;) {
      const rows = this.db
        .prepare('SELECT id, title, body FROM documents WHERE indexed = 0 AND id > ? ORDER BY id LIMIT 200')
        .all(after) as Row[];
      if (!rows.length) break;
      for (const r of rows) {
        after = r.id;
        if (pending.has(r.id)) continue;
        this.builder.add(r.id, normalizeForSearch(r.body), normalizeForSearch(r.title));
        if (this.builder.positions >= this.batchChars) this.flushBuilder();
      }
    }
    this.flushBuilder();
  }

  /** Write the in-memory segment; then merge segments while the last few share a level. */
  private flushBuilder(): void {
    const builder = this.builder;
    if (!builder.size) return;
    this.builder = new SegmentBuilder();
    const written = this.db
      .transaction(() => {
        const keep = new Set(
          (
            this.db
              .prepare('SELECT id FROM documents WHERE indexed = 0 AND id IN (SELECT value FROM json_each(?))')
              .all(json(builder.docIds)) as Row[]
          ).map((r) => r.id as number),
        );
        if (!keep.size) return false;
        const ids = [...keep].sort((a, b) => a - b);
        const seg = Number(
          this.db
            .prepare('INSERT INTO search_segments (level, min_doc, max_doc, docs, created_at) VALUES (0, ?, ?, ?, ?)')
            .run(ids[0], ids[ids.length - 1], ids.length, new Date().toISOString()).lastInsertRowid,
        );
        const ins = this.db.prepare('INSERT INTO search_postings (id, docs, pos) VALUES (?, ?, ?)');
        for (const row of builder.rows((id) => keep.has(id))) ins.run(postingId(seg, row.key), row.docs, row.pos);
        this.db.prepare('UPDATE documents SET indexed = 1 WHERE id IN (SELECT value FROM json_each(?))').run(json(ids));
        return true;
      })
      .immediate();
    if (written) {
      this.changed();
      this.mergeSegments();
    }
  }

  private mergeSegments(): void {
    for (;;) {
      const merged = this.db
        .transaction(() => {
          const segs = this.db.prepare('SELECT id, level, min_doc, max_doc FROM search_segments ORDER BY min_doc, id').all() as Row[];
          const tail = segs.slice(-this.mergeFactor);
          if (tail.length < this.mergeFactor || !tail.every((s) => s.level === tail[0]!.level)) return false;
          this.mergeRun(tail, tail[0]!.level + 1);
          return true;
        })
        .immediate();
      if (!merged) return;
      this.changed();
    }
  }

  /** Merge segments (given in document order) into one, dropping deleted documents. */
  private mergeRun(segs: Row[], level: number): void {
    const db = this.db;
    const minDoc = Math.min(...segs.map((s) => s.min_doc));
    const maxDoc = Math.max(...segs.map((s) => s.max_doc));
    const liveIds = (db.prepare('SELECT id FROM documents WHERE id BETWEEN ? AND ? AND indexed = 1').all(minDoc, maxDoc) as Row[]).map(
      (r) => r.id as number,
    );
    const live = new Uint8Array(maxDoc - minDoc + 1);
    for (const id of liveIds) live[id - minDoc] = 1;
    const isLive = (id: number) => id >= minDoc && id <= maxDoc && live[id - minDoc] === 1;
    const seg = Number(
      db
        .prepare('INSERT INTO search_segments (level, min_doc, max_doc, docs, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(level, liveIds.length ? liveIds[0] : minDoc, liveIds.length ? liveIds[liveIds.length - 1] : maxDoc, liveIds.length, new Date().toISOString())
        .lastInsertRowid,
    );
    const page = db.prepare(
      `SELECT id - @base AS key, docs, pos FROM search_postings WHERE id > @base + @after AND id < @base + ${KEY_SPAN} ORDER BY id LIMIT 4096`,
    );
    const ins = db.prepare('INSERT INTO search_postings (id, docs, pos) VALUES (?, ?, ?)');
    const cursors = segs.map((s) => ({ seg: s.id as number, rows: [] as Row[], at: 0, last: -1, done: false }));
    const head = (c: (typeof cursors)[number]): Row | null => {
      if (c.at >= c.rows.length && !c.done) {
        c.rows = page.all({ base: c.seg * KEY_SPAN, after: c.last }) as Row[];
        c.at = 0;
        if (c.rows.length) c.last = c.rows[c.rows.length - 1]!.key;
        else c.done = true;
      }
      return c.at < c.rows.length ? c.rows[c.at]! : null;
    };
    for (;;) {
      let key = Infinity;
      for (const c of cursors) {
        const h = head(c);
        if (h && h.key < key) key = h.key;
      }
      if (key === Infinity) break;
      const rows: PostingRow[] = [];
      let positional = false;
      for (const c of cursors) {
        const h = head(c);
        if (h && h.key === key) {
          rows.push({ docs: h.docs, pos: h.pos });
          if (h.pos) positional = true;
          c.at++;
        }
      }
      const m = mergeRows(rows, positional, isLive);
      if (m) ins.run(postingId(seg, key), m.docs, m.pos);
    }
    const del = db.prepare(`DELETE FROM search_postings WHERE id >= ? * ${KEY_SPAN} AND id < (? + 1) * ${KEY_SPAN}`);
    const delSeg = db.prepare('DELETE FROM search_segments WHERE id = ?');
    for (const s of segs) {
      del.run(s.id, s.id);
      delSeg.run(s.id);
    }
  }

  /** Merge every segment into one (after a bulk load; optional). */
  async optimize(): Promise<void> {
    await this.flushIndex();
    this.db
      .transaction(() => {
        const segs = this.db.prepare('SELECT id, level, min_doc, max_doc FROM search_segments ORDER BY min_doc, id').all() as Row[];
        if (segs.length > 1) this.mergeRun(segs, Math.max(...segs.map((s) => s.level)) + 1);
      })
      .immediate();
    this.changed();
  }

  // ───────────────────────────── search backend ─────────────────────────────

  private generationNow(): string {
    return `${this.db.pragma('data_version', { simple: true })}:${this.localGeneration}`;
  }

  private segments(): number[] {
    const gen = this.generationNow();
    if (!this.segmentCache || this.segmentCache.gen !== gen) {
      const ids = (this.db.prepare('SELECT id FROM search_segments ORDER BY min_doc, id').all() as Row[]).map((r) => r.id as number);
      this.segmentCache = { gen, ids };
    }
    return this.segmentCache.ids;
  }

  private searchBackend(): SearchBackend {
    const db = this.db;
    const postingStmt = db.prepare('SELECT docs, pos FROM search_postings WHERE id = ?');
    const docsOnlyStmt = db.prepare('SELECT docs, NULL AS pos FROM search_postings WHERE id = ?');
    const metaStmt = db.prepare(
      `SELECT d.id, d.issue_id, d.title, d.doc_number, d.doc_type, d.issuers, d.section, d.date, d.year, d.search_length,
              d.indexed, d.effective_from, d.expires_on, d.repealed_on, d.start_line, d.end_line, i.source_path, i.title AS issue_title
       FROM documents d JOIN issues i ON i.id = d.issue_id`,
    );
    const bodyStmt = db.prepare('SELECT id, start_line, body FROM documents WHERE id IN (SELECT value FROM json_each(?))');
    const refStmt = db.prepare('SELECT document_id, own FROM doc_number_refs WHERE number = ?');
    return {
      generation: async () => this.generationNow(),
      loadDocMeta: async () =>
        (metaStmt.all() as Row[]).map(
          (r): DocMetaRow => ({
            id: r.id,
            issueId: r.issue_id,
            title: r.title,
            docNumber: r.doc_number,
            docType: r.doc_type,
            issuers: parseJson(r.issuers, []),
            section: r.section,
            date: r.date,
            year: r.year,
            length: r.search_length,
            indexed: r.indexed === 1,
            effectiveFrom: r.effective_from,
            expiresOn: r.expires_on,
            repealedOn: r.repealed_on,
            sourcePath: r.source_path,
            issueTitle: r.issue_title,
            startLine: r.start_line,
            endLine: r.end_line,
          }),
        ),
      postings: async (keys, positions) => {
        const segs = this.segments();
        const stmt = positions ? postingStmt : docsOnlyStmt;
        const out = new Map<number, PostingRow[]>();
        for (const key of keys) {
          const rows: PostingRow[] = [];
          for (const seg of segs) {
            const r = stmt.get(postingId(seg, key)) as Row | undefined;
            if (r) rows.push({ docs: r.docs, pos: r.pos });
          }
          out.set(key, rows);
        }
        return out;
      },
      bodies: async (ids) => {
        const out = new Map<number, DocBody>();
        for (let i = 0; i < ids.length; i += 500) {
          for (const r of bodyStmt.all(json(ids.slice(i, i + 500))) as Row[]) {
            out.set(r.id, { id: r.id, startLine: r.start_line, lines: (r.body as string).split('\n') });
          }
        }
        return out;
      },
      docNumberRefs: async (n) => {
        const own: number[] = [];
        const mentioned: number[] = [];
        for (const r of refStmt.all(n) as Row[]) (r.own ? own : mentioned).push(r.document_id);
        return { own, mentioned };
      },
    };
  }

  async search(query: string, opts?: SearchOptions): Promise<SearchResult> {
    return this.engine.search(query, opts);
  }

  /** Exact substring matches (ids ascending with counts): for tests and the benchmark. */
  async matchText(text: string): Promise<{ docs: Int32Array; tfs: Int32Array }> {
    return this.engine.matchText(text);
  }

  // ───────────────────────────── reading ─────────────────────────────

  private issueSummary(r: Row): IssueSummary {
    return {
      id: r.id,
      sourcePath: r.source_path,
      fileName: r.file_name,
      sha256: r.sha256,
      parserVersion: r.parser_version,
      title: r.title,
      year: r.year,
      number: r.number,
      totalNumber: r.total_number,
      publishedOn: r.published_on,
      documentCount: r.document_count ?? 0,
      warningCount: r.warning_count ?? 0,
      ingestedAt: r.ingested_at,
    };
  }

  private static ISSUE_SELECT = `SELECT i.*,
      (SELECT COUNT(*) FROM documents d WHERE d.issue_id = i.id) AS document_count,
      (SELECT COUNT(*) FROM warnings w WHERE w.issue_id = i.id) AS warning_count
    FROM issues i`;

  async listIssues(opts: ListOptions = {}): Promise<IssueSummary[]> {
    const rows = this.db
      .prepare(`${SqliteArchive.ISSUE_SELECT} ORDER BY i.year IS NULL, i.year, i.number, i.id LIMIT ? OFFSET ?`)
      .all(opts.limit ?? -1, opts.offset ?? 0) as Row[];
    return rows.map((r) => this.issueSummary(r));
  }

  async getIssue(id: number): Promise<IssueDetail | null> {
    const r = this.db.prepare(`${SqliteArchive.ISSUE_SELECT} WHERE i.id = ?`).get(id) as Row | undefined;
    if (!r) return null;
    const toc = (this.db.prepare('SELECT * FROM toc_entries WHERE issue_id = ? ORDER BY ord').all(id) as Row[]).map((t) => ({
      section: t.section,
      title: t.title,
      docNumber: t.doc_number,
      page: t.page,
      line: t.line,
      endLine: t.end_line,
      documentIndex: t.document_index,
    }));
    const agencies = (this.db.prepare('SELECT name, aliases FROM agencies WHERE issue_id = ?').all(id) as Row[]).map((a) => ({
      name: a.name as string,
      aliases: parseJson<string[]>(a.aliases, []),
    }));
    const warnings = (
      this.db.prepare('SELECT code, message, line FROM warnings WHERE issue_id = ? AND document_id IS NULL ORDER BY id').all(id) as Row[]
    ).map((w) => ({ code: w.code, message: w.message, line: w.line }));
    return {
      ...this.issueSummary(r),
      masthead: parseJson(r.masthead, null),
      source: {
        fileName: r.file_name,
        sha256: r.sha256,
        bytes: r.bytes,
        encoding: r.encoding,
        lineEnding: r.line_ending,
        lineCount: r.line_count,
      },
      toc,
      agencies,
      warnings,
      documents: await this.listDocuments({ issueId: id }),
    };
  }

  private static DOC_SELECT = `SELECT d.id, d.issue_id, d.idx, d.kind, d.title, d.doc_number, d.doc_type, d.issuers, d.section, d.date,
      d.start_line, d.end_line, i.source_path FROM documents d JOIN issues i ON i.id = d.issue_id`;

  private docSummary(r: Row): DocumentSummary {
    return {
      id: r.id,
      issueId: r.issue_id,
      index: r.idx,
      kind: r.kind,
      title: r.title,
      docNumber: r.doc_number,
      docType: r.doc_type,
      issuers: parseJson(r.issuers, []),
      section: r.section,
      date: r.date,
      sourcePath: r.source_path,
      startLine: r.start_line,
      endLine: r.end_line,
    };
  }

  async listDocuments(opts: ListOptions & { issueId?: number } = {}): Promise<DocumentSummary[]> {
    const where = opts.issueId !== undefined ? 'WHERE d.issue_id = @issue' : '';
    const rows = this.db
      .prepare(`${SqliteArchive.DOC_SELECT} ${where} ORDER BY d.issue_id, d.idx LIMIT @limit OFFSET @offset`)
      .all({ issue: opts.issueId ?? null, limit: opts.limit ?? -1, offset: opts.offset ?? 0 }) as Row[];
    return rows.map((r) => this.docSummary(r));
  }

  async findByDocNumber(docNumber: string): Promise<DocumentSummary[]> {
    const n = normalizeDocNumber(docNumber) ?? squash(docNumber);
    const rows = this.db.prepare(`${SqliteArchive.DOC_SELECT} WHERE d.doc_number = ? ORDER BY d.id`).all(n) as Row[];
    return rows.map((r) => this.docSummary(r));
  }

  async documentLines(id: number, from?: number, to?: number): Promise<DocumentLine[]> {
    const r = this.db.prepare('SELECT start_line, body, raw_lines FROM documents WHERE id = ?').get(id) as Row | undefined;
    if (!r) return [];
    return linesOf(r).filter((l) => (from === undefined || l.line >= from) && (to === undefined || l.line <= to));
  }

  async getDocument(id: number, opts: { asOf?: IsoDate } = {}): Promise<DocumentDetail | null> {
    const r = this.db
      .prepare(
        `SELECT d.*, i.source_path FROM documents d JOIN issues i ON i.id = d.issue_id WHERE d.id = ?`,
      )
      .get(id) as Row | undefined;
    if (!r) return null;
    const issue = this.db.prepare(`${SqliteArchive.ISSUE_SELECT} WHERE i.id = ?`).get(r.issue_id) as Row;
    return {
      ...this.docSummary(r),
      document: this.documentOf(r),
      issue: this.issueSummary(issue),
      lines: linesOf(r),
      citations: await this.citations(id),
      citedBy: await this.citedBy(id),
      repeals: this.repealsOf(id),
      validity: this.validityOf(r, opts.asOf ?? today()),
    };
  }

  /** The OfficialDocument as parsed: the stored JSON plus the facts kept in their own tables. */
  private documentOf(r: Row): OfficialDocument {
    const db = this.db;
    const d = JSON.parse(r.data) as OfficialDocument;
    const id = r.id as number;
    d.appointments = (db.prepare('SELECT * FROM appointments WHERE document_id = ? ORDER BY ord').all(id) as Row[]).map((a) => ({
      action: a.action,
      person: a.person,
      post: a.post,
      qualifiers: parseJson(a.qualifiers, []),
      line: a.line,
    }));
    const members = db.prepare('SELECT * FROM roster_members WHERE roster_id = ? ORDER BY ord');
    d.rosters = (db.prepare('SELECT * FROM rosters WHERE document_id = ? ORDER BY ord').all(id) as Row[]).map((g) => ({
      group: g.grp,
      line: g.line,
      members: (members.all(g.id) as Row[]).map((m) => ({ role: m.role, person: m.person, post: m.post, line: m.line })),
    }));
    d.tasks = (db.prepare('SELECT * FROM tasks WHERE document_id = ? ORDER BY ord').all(id) as Row[]).map((t) => ({
      text: t.text,
      leads: parseJson(t.leads, []),
      cooperators: parseJson(t.cooperators, []),
      leadAgencies: parseJson(t.lead_agencies, []),
      cooperatorAgencies: parseJson(t.cooperator_agencies, []),
      deadline: t.deadline,
      deadlineText: t.deadline_text,
      recurrence: t.recurrence,
      milestones: parseJson(t.milestones, []),
      startLine: t.start_line,
      endLine: t.end_line,
      line: t.line,
    }));
    d.citations = (db.prepare('SELECT * FROM citations WHERE document_id = ? ORDER BY ord').all(id) as Row[]).map((c) => ({
      kind: c.kind,
      title: c.title,
      docNumber: c.doc_number,
      line: c.line,
      resolvedIndex: c.resolved_index,
    }));
    d.validity.repeals = (db.prepare('SELECT * FROM repeals WHERE document_id = ? ORDER BY ord').all(id) as Row[]).map((p) => ({
      title: p.title,
      docNumber: p.doc_number,
      line: p.line,
    }));
    d.warnings = (db.prepare('SELECT code, message, line FROM warnings WHERE document_id = ? ORDER BY id').all(id) as Row[]).map((w) => ({
      code: w.code,
      message: w.message,
      line: w.line,
    }));
    return d;
  }

  private static CITATION_SELECT = `SELECT c.*, d.title AS document_title, d.doc_number AS document_doc_number,
      t.title AS target_title, t.doc_number AS target_doc_number
    FROM citations c JOIN documents d ON d.id = c.document_id LEFT JOIN documents t ON t.id = c.target_id`;

  private citationRecord(r: Row): CitationRecord {
    return {
      id: r.id,
      documentId: r.document_id,
      documentTitle: r.document_title,
      documentDocNumber: r.document_doc_number,
      kind: r.kind,
      title: r.title,
      docNumber: r.doc_number,
      line: r.line,
      targetId: r.target_id,
      targetTitle: r.target_title ?? null,
      targetDocNumber: r.target_doc_number ?? null,
      resolvedBy: r.resolved_by,
    };
  }

  async citations(documentId: number): Promise<CitationRecord[]> {
    const rows = this.db.prepare(`${SqliteArchive.CITATION_SELECT} WHERE c.document_id = ? ORDER BY c.ord`).all(documentId) as Row[];
    return rows.map((r) => this.citationRecord(r));
  }

  async citedBy(documentId: number): Promise<CitationRecord[]> {
    const rows = this.db
      .prepare(`${SqliteArchive.CITATION_SELECT} WHERE c.target_id = ? ORDER BY d.date, c.document_id, c.ord`)
      .all(documentId) as Row[];
    return rows.map((r) => this.citationRecord(r));
  }

  private repealsOf(documentId: number): RepealRecord[] {
    return (this.db.prepare('SELECT * FROM repeals WHERE document_id = ? ORDER BY ord').all(documentId) as Row[]).map((r) => ({
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
      const p = this.db
        .prepare(
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
    const r = this.db.prepare('SELECT * FROM documents WHERE id = ?').get(documentId) as Row | undefined;
    return r ? this.validityOf(r, asOf ?? today()) : null;
  }

  // ───────────────────────────── people ─────────────────────────────

  async listPeople(opts: ListOptions & { prefix?: string } = {}): Promise<PersonSummary[]> {
    const rows = this.db
      .prepare(
        `SELECT a.person, COUNT(*) AS n, MIN(COALESCE(d.date, i.published_on)) AS first, MAX(COALESCE(d.date, i.published_on)) AS last
         FROM appointments a JOIN documents d ON d.id = a.document_id JOIN issues i ON i.id = d.issue_id
         WHERE (@prefix IS NULL OR a.person >= @prefix AND a.person < @prefix || char(1114111))
         GROUP BY a.person ORDER BY a.person LIMIT @limit OFFSET @offset`,
      )
      .all({ prefix: opts.prefix ? squash(opts.prefix) : null, limit: opts.limit ?? -1, offset: opts.offset ?? 0 }) as Row[];
    return rows.map((r) => ({ name: r.person, appointments: r.n, first: r.first, last: r.last }));
  }

  async personTimeline(name: string): Promise<PersonTimeline> {
    const person = squash(name);
    const rows = this.db
      .prepare(
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
    const canon = (this.db.prepare('SELECT DISTINCT canonical FROM agency_names WHERE name = ?').all(n) as Row[]).map((r) => r.canonical as string);
    const names = new Set([n, ...canon]);
    for (const c of canon) {
      for (const r of this.db.prepare('SELECT DISTINCT name FROM agency_names WHERE canonical = ?').all(c) as Row[]) names.add(r.name);
    }
    return [...names];
  }

  private taskRecord(r: Row, asOf: IsoDate): TaskRecord {
    return {
      id: r.id,
      documentId: r.document_id,
      docNumber: r.doc_number,
      title: r.title,
      text: r.text,
      leads: parseJson(r.leads, []),
      cooperators: parseJson(r.cooperators, []),
      leadAgencies: parseJson(r.lead_agencies, []),
      cooperatorAgencies: parseJson(r.cooperator_agencies, []),
      deadline: r.deadline,
      deadlineText: r.deadline_text,
      recurrence: r.recurrence,
      milestones: parseJson(r.milestones, []),
      startLine: r.start_line,
      endLine: r.end_line,
      line: r.line,
      state: taskState(r.deadline, asOf),
    };
  }

  async tasks(filter: TaskFilter = {}): Promise<TaskRecord[]> {
    const asOf = filter.asOf ?? today();
    const names = filter.agency ? this.agencyNames(filter.agency) : null;
    const rows = this.db
      .prepare(
        `SELECT t.*, d.doc_number, d.title FROM tasks t JOIN documents d ON d.id = t.document_id
         WHERE (@doc IS NULL OR t.document_id = @doc)
           AND (@names IS NULL OR t.id IN (SELECT task_id FROM task_agencies
                WHERE name IN (SELECT value FROM json_each(@names)) AND (@role IS NULL OR role = @role)))
         ORDER BY t.deadline IS NULL, t.deadline, t.document_id, t.ord`,
      )
      .all({ doc: filter.documentId ?? null, names: names ? json(names) : null, role: filter.role ?? null }) as Row[];
    let out = rows.map((r) => this.taskRecord(r, asOf));
    if (filter.state) out = out.filter((t) => t.state === filter.state);
    const offset = filter.offset ?? 0;
    return out.slice(offset, filter.limit !== undefined ? offset + filter.limit : undefined);
  }

  async agencyTasks(name: string, asOf: IsoDate = today()): Promise<AgencyTasks> {
    const names = this.agencyNames(name);
    const led = await this.tasks({ agency: name, role: 'lead', asOf });
    const cooperating = await this.tasks({ agency: name, role: 'cooperator', asOf });
    const all = new Map([...led, ...cooperating].map((t) => [t.id, t]));
    const withDeadline = [...all.values()].filter((t) => t.deadline);
    const byDeadline = (a: TaskRecord, b: TaskRecord) => (a.deadline! < b.deadline! ? -1 : a.deadline! > b.deadline! ? 1 : a.id - b.id);
    return {
      agency: squash(name),
      names,
      asOf,
      led,
      cooperating,
      due: withDeadline.filter((t) => t.deadline! >= asOf).sort(byDeadline),
      overdue: withDeadline.filter((t) => t.deadline! < asOf).sort(byDeadline),
    };
  }

  async listAgencies(opts: ListOptions = {}): Promise<AgencySummary[]> {
    const rows = this.db
      .prepare(
        `WITH names AS (SELECT name, canonical FROM agency_names
                        UNION SELECT name, name FROM task_agencies WHERE name NOT IN (SELECT name FROM agency_names))
         SELECT n.canonical AS name, json_group_array(DISTINCT n.name) AS aliases,
           (SELECT COUNT(DISTINCT task_id) FROM task_agencies t WHERE t.role = 'lead' AND t.name IN (SELECT name FROM names m WHERE m.canonical = n.canonical)) AS leads,
           (SELECT COUNT(DISTINCT task_id) FROM task_agencies t WHERE t.role = 'cooperator' AND t.name IN (SELECT name FROM names m WHERE m.canonical = n.canonical)) AS cooperates
         FROM names n GROUP BY n.canonical ORDER BY leads + cooperates DESC, n.canonical LIMIT ? OFFSET ?`,
      )
      .all(opts.limit ?? -1, opts.offset ?? 0) as Row[];
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
      documents: `SELECT d.*, i.source_path, i.title AS issue_title, i.year AS issue_year, i.number AS issue_number,
                    (SELECT COUNT(*) FROM citations c WHERE c.target_id = d.id) AS cited_by,
                    (SELECT COUNT(*) FROM citations c WHERE c.document_id = d.id) AS citations,
                    (SELECT COUNT(*) FROM appointments a WHERE a.document_id = d.id) AS appointments,
                    (SELECT COUNT(*) FROM tasks t WHERE t.document_id = d.id) AS tasks,
                    (SELECT json_group_array(code) FROM warnings w WHERE w.document_id = d.id) AS warning_codes
                  FROM documents d JOIN issues i ON i.id = d.issue_id WHERE d.id > ? ORDER BY d.id LIMIT ${page}`,
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
    const stmt = this.db.prepare(sql[kind]);
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
    const c = (sql: string) => (this.db.prepare(sql).get() as Row).n as number;
    return {
      issues: c('SELECT COUNT(*) AS n FROM issues'),
      documents: c('SELECT COUNT(*) AS n FROM documents'),
      lines: c('SELECT COALESCE(SUM(end_line - start_line + 1), 0) AS n FROM documents'),
      appointments: c('SELECT COUNT(*) AS n FROM appointments'),
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
    if (!this.readonly && this.builder.size) this.flushBuilder();
    if (this.wrote) this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}

// ───────────────────────────── helpers ─────────────────────────────

interface PreparedDocument {
  doc: OfficialDocument;
  body: string;
  rawLines: string | null;
  searchText: string;
  /** Document numbers mentioned in the text: normalized → first line. */
  mentions: Map<string, number>;
}

function prepareDocument(doc: OfficialDocument, lines: SourceLine[]): PreparedDocument {
  const slice = lines.slice(doc.startLine - 1, doc.endLine);
  const body = slice.map((l) => l.text).join('\n');
  const raw: [number, string][] = [];
  slice.forEach((l, i) => {
    if (l.raw !== l.text) raw.push([i, l.raw]);
  });
  const mentions = new Map<string, number>();
  for (const l of slice) {
    // Every number form ends in 号: skip the regular expressions on other lines.
    if (!l.text.includes('号')) continue;
    for (const f of findDocNumbers(l.text)) if (!mentions.has(f.normalized)) mentions.set(f.normalized, l.line);
  }
  return { doc, body, rawLines: raw.length ? json(raw) : null, searchText: normalizeForSearch(body), mentions };
}

/** What `data` keeps of a document: everything but the facts stored in their own tables. */
function documentData(d: OfficialDocument): Partial<OfficialDocument> {
  const { appointments: _a, rosters: _r, tasks: _t, citations: _c, warnings: _w, ...rest } = d;
  return { ...rest, validity: { ...d.validity, repeals: [] } };
}

function linesOf(r: Row): DocumentLine[] {
  const raw = new Map(parseJson<[number, string][]>(r.raw_lines, []));
  return (r.body as string).split('\n').map((text, i) => ({ line: r.start_line + i, text, raw: raw.get(i) ?? text }));
}

function exportRow(kind: ExportKind, r: Row, asOf: IsoDate): ExportRow {
  switch (kind) {
    case 'documents': {
      const d = JSON.parse(r.data) as OfficialDocument;
      const docWarnings = parseJson<string[]>(r.warning_codes, []);
      return {
        id: r.id,
        issue: r.issue_title,
        issue_year: r.issue_year,
        issue_number: r.issue_number,
        source_file: r.source_path,
        start_line: r.start_line,
        end_line: r.end_line,
        section: r.section,
        title: r.title,
        doc_number: r.doc_number,
        doc_type: r.doc_type,
        issuers: d.issuers,
        recipients: d.recipients,
        signed_by: d.signedBy,
        date: r.date,
        publicity: d.publicity,
        effective_from: r.effective_from,
        expires_on: r.expires_on,
        status: statusAt({ effectiveFrom: r.effective_from, expiresOn: r.expires_on, repealedOn: r.repealed_on }, asOf),
        repealed_by: r.repealed_by,
        attachments: d.attachments.map((a) => a.title),
        appointments: r.appointments,
        tasks: r.tasks,
        citations: r.citations,
        cited_by: r.cited_by,
        warnings: docWarnings,
      };
    }
    case 'appointments':
      return {
        id: r.id,
        document_id: r.document_id,
        doc_number: r.doc_number,
        document_title: r.title,
        date: r.date,
        person: r.person,
        action: r.action,
        post: r.post,
        qualifiers: parseJson(r.qualifiers, []),
        line: r.line,
        source_file: r.source_path,
      };
    case 'tasks':
      return {
        id: r.id,
        document_id: r.document_id,
        doc_number: r.doc_number,
        document_title: r.title,
        text: r.text,
        leads: parseJson(r.leads, []),
        cooperators: parseJson(r.cooperators, []),
        deadline: r.deadline,
        deadline_text: r.deadline_text,
        recurrence: r.recurrence,
        state: taskState(r.deadline, asOf),
        line: r.line,
        start_line: r.start_line,
        end_line: r.end_line,
        source_file: r.source_path,
      };
    case 'citations':
      return {
        id: r.id,
        document_id: r.document_id,
        doc_number: r.citing_doc_number,
        document_title: r.citing_title,
        kind: r.kind,
        cited_title: r.title,
        cited_doc_number: r.doc_number,
        line: r.line,
        target_id: r.target_id,
        target_doc_number: r.target_doc_number,
        target_title: r.target_title,
        resolved_by: r.resolved_by,
        source_file: r.source_path,
      };
  }
}
