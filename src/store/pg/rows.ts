/**
 * Row shaping for the PostgreSQL archive: what is stored per document (body, raw lines, search
 * text, numbers mentioned) and how stored rows become export rows and document lines.
 *
 * These follow src/store/sqlite.ts (prepareDocument, linesOf, exportRow) field for field; the
 * conformance suite (test/conformance.test.ts) compares both backends' output so they cannot drift.
 * They belong in a shared module (src/archive/) imported by both backends.
 */
import type { IsoDate, OfficialDocument, SourceLine } from '../../model.js';
import type { DocumentLine, ExportKind, ExportRow } from '../archive.js';
import { findDocNumbers } from '../../core/docnumber.js';
import { normalizeForSearch } from '../../search/normalize.js';
import { statusAt } from '../../archive/validity.js';
import { taskState } from '../../archive/people.js';

export type Row = Record<string, any>;

export interface PreparedDocument {
  doc: OfficialDocument;
  /** SourceLine.text of startLine..endLine joined by \n. */
  body: string;
  /** [offset, raw] for lines whose raw text differs from the cleaned text; null when none do. */
  rawLines: [number, string][] | null;
  searchText: string;
  /** Document numbers mentioned in the text: normalized → first line. */
  mentions: Map<string, number>;
}

export function prepareDocument(doc: OfficialDocument, lines: SourceLine[]): PreparedDocument {
  const slice = lines.slice(doc.startLine - 1, doc.endLine);
  const body = slice.map((l) => l.text).join('\n');
  const raw: [number, string][] = [];
  slice.forEach((l, i) => {
    if (l.raw !== l.text) raw.push([i, l.raw]);
  });
  const mentions = new Map<string, number>();
  for (const l of slice) for (const f of findDocNumbers(l.text)) if (!mentions.has(f.normalized)) mentions.set(f.normalized, l.line);
  return { doc, body, rawLines: raw.length ? raw : null, searchText: normalizeForSearch(body), mentions };
}

export function linesOf(r: { start_line: number; body: string; raw_lines: [number, string][] | null }): DocumentLine[] {
  const raw = new Map(r.raw_lines ?? []);
  return r.body.split('\n').map((text, i) => ({ line: r.start_line + i, text, raw: raw.get(i) ?? text }));
}

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

export function exportRow(kind: ExportKind, r: Row, asOf: IsoDate): ExportRow {
  switch (kind) {
    case 'documents': {
      const d = r.data as OfficialDocument;
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
        appointments: d.appointments.length,
        tasks: d.tasks.length,
        citations: d.citations.length,
        cited_by: r.cited_by,
        warnings: d.warnings.map((w) => w.code),
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
        qualifiers: r.qualifiers ?? [],
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
        leads: r.leads ?? [],
        cooperators: r.cooperators ?? [],
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
