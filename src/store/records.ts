/**
 * Database rows ↔ the records of the Archive interface, for both backends: the documents' stored
 * form (prepared before the write transaction), and the mapping of result rows (snake_case
 * columns) to records and export rows. Rows come from the database port (db/port.ts), decoded
 * alike on both backends: lists and JSON as values, flags as booleans.
 */
import type { Agency, IsoDate, OfficialDocument, PageInfo, ParsedIssue, SourceInfo, SourceLine, Task } from '../model.js';
import type { DocMetaRow } from '../search/port.js';
import type { CitationRecord, DocumentLine, DocumentSummary, ExportKind, ExportRow, IssueSummary, TaskRecord } from './archive.js';
import { findDocNumbers, normalizeDocNumber } from '../core/docnumber.js';
import { squash } from '../core/text.js';
import { qualifyAgencyName } from '../core/region.js';
import { NO_DEADLINE_KEY, ROLE_CODE } from './task-query.js';
import { inflateBytes, unpackTaskText, type PackedTexts } from './packed.js';
import { normalizeForSearch } from '../search/normalize.js';
import { taskState } from '../domain/tasks.js';
import { statusAt } from '../domain/validity.js';

export type Row = Record<string, any>;

/** A list or JSON column's value, or `fallback` where it is null. */
const value = <T>(v: unknown, fallback: T): T => (v === null || v === undefined ? fallback : (v as T));

/** A documents row, with its issue's path and title, as the search engine's document metadata. */
export function docMetaRow(r: Row, issue: Row | undefined): DocMetaRow {
  return {
    id: r.id,
    issueId: r.issue_id,
    title: r.title,
    docNumber: r.doc_number,
    docType: r.doc_type,
    issuers: value(r.issuers, []),
    section: r.section,
    date: r.date,
    year: r.year,
    length: r.search_length,
    indexed: r.indexed,
    effectiveFrom: r.effective_from,
    expiresOn: r.expires_on,
    repealedOn: r.repealed_on,
    sourcePath: issue?.source_path ?? '',
    issueTitle: issue?.title ?? null,
    startLine: r.start_line,
    endLine: r.end_line,
  };
}

export function issueSummary(r: Row): IssueSummary {
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

export function docSummary(r: Row): DocumentSummary {
  return {
    id: r.id,
    issueId: r.issue_id,
    index: r.idx,
    kind: r.kind,
    title: r.title,
    docNumber: r.doc_number,
    docType: r.doc_type,
    issuers: value(r.issuers, []),
    section: r.section,
    date: r.date,
    sourcePath: r.source_path,
    startLine: r.start_line,
    endLine: r.end_line,
  };
}

export function citationRecord(r: Row): CitationRecord {
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

/**
 * Task rows read with their document's packed body (TASK_BODY in task-query.ts) with their text
 * unpacked, in place; each body is inflated once.
 */
export function unpackTaskRows(rows: Row[]): Row[] {
  const bodies = new Map<number, Buffer>();
  for (const r of rows) {
    let body = bodies.get(r.document_id);
    if (!body) bodies.set(r.document_id, (body = inflateBytes(r.task_body)));
    r.text = unpackTaskText(r.text, body);
    delete r.task_body;
  }
  return rows;
}

/** A task as the parser gave it, from a row of the tasks table. */
export function storedTask(r: Row): Task {
  return withSpan({
    text: r.text,
    leads: value(r.leads, []),
    cooperators: value(r.cooperators, []),
    leadAgencies: value(r.lead_agencies, []),
    cooperatorAgencies: value(r.cooperator_agencies, []),
    deadline: r.deadline,
    deadlineText: r.deadline_text,
    recurrence: r.recurrence,
    milestones: value(r.milestones, []),
    startLine: r.start_line,
    endLine: r.end_line,
    line: r.line,
  } as Task, r);
}

export function taskRecord(r: Row, asOf: IsoDate): TaskRecord {
  return {
    id: r.id,
    documentId: r.document_id,
    docNumber: r.doc_number,
    title: r.title,
    ...storedTask(r),
    state: taskState(r.deadline, asOf),
  };
}


/**
 * The units a task names, once per role: what the task_agencies rows hold (each unit as written
 * and its canonical name, filed under the issue's region: 市财政局 → 阳泉市财政局), with the task's
 * deadline as a sort key ('~' for none) so that a unit's tasks can be listed, counted and ordered
 * from that table's index alone.
 */
export function taskUnits(t: Task, region: string | null): { name: string; role: string; deadline_key: string }[] {
  const out: { name: string; role: string; deadline_key: string }[] = [];
  const seen = new Set<string>();
  for (const [role, names] of [
    ['lead', [...t.leads, ...t.leadAgencies]],
    ['cooperator', [...t.cooperators, ...t.cooperatorAgencies]],
  ] as const) {
    for (const n of names) {
      const name = qualifyAgencyName(squash(n), region);
      if (!name || seen.has(`${role}\u0000${name}`)) continue;
      seen.add(`${role}\u0000${name}`);
      out.push({ name, role: ROLE_CODE[role], deadline_key: t.deadline ?? NO_DEADLINE_KEY });
    }
  }
  return out;
}

/** A task's canonical units as the archive files them (under the issue's region), for the tasks table. */
export function taskAgencies(t: Task, region: string | null): { leadAgencies: string[]; cooperatorAgencies: string[] } {
  return {
    leadAgencies: t.leadAgencies.map((n) => qualifyAgencyName(n, region)),
    cooperatorAgencies: t.cooperatorAgencies.map((n) => qualifyAgencyName(n, region)),
  };
}

/**
 * An issue's agencies as the archive files them: the canonical name under the issue's region
 * (阳泉市财政局), and every name it is looked up by — the canonical and each alias both as printed
 * (市财政局, which then stands for that agency of every region) and under the region.
 */
export function agencyRows(agencies: Agency[], region: string | null): { name: string; aliases: string[]; names: string[] }[] {
  return agencies.map((a) => {
    const printed = [a.name, ...a.aliases].map(squash).filter(Boolean);
    const name = qualifyAgencyName(squash(a.name), region);
    const names = new Set([name, ...printed.flatMap((n) => [n, qualifyAgencyName(n, region)])]);
    return { name, aliases: [...names].filter((n) => n !== name), names: [...names] };
  });
}

export interface PreparedDocument {
  /** The document as the archive files it: its tasks' canonical units under the issue's region. */
  doc: OfficialDocument;
  body: string;
  /** [offset, raw] for lines whose raw text differs from the cleaned text; null when none do. */
  rawLines: [number, string][] | null;
  /** PDF input: where each line stands, [page, x0, y0, x1, y1] (points, rounded); null for text. */
  linePlaces: LinePlace[] | null;
  searchText: string;
  /** Document numbers mentioned in the text: normalized → first line. */
  mentions: Map<string, number>;
  /** Its texts compressed beforehand (a bulk ingest's packing thread); else insertIssue's driver compresses them. */
  packed?: PackedTexts;
}

// ───────────── the normalisation policy: what both backends store, applied before storage ─────────────

/** A cited or repealed document number as stored: normalised where it is one, else as printed. */
export const normalizeStoredNumber = (n: string): string => normalizeDocNumber(n) ?? n;
/** A person's name as stored (and looked up): without spaces (王  伟 → 王伟). */
export const normalizeStoredPerson = (name: string): string => squash(name);

/** A document's facts as the archive stores them, whichever backend: see the two functions above. */
export function normalizeFacts(d: OfficialDocument): OfficialDocument {
  const number = (n: string | null) => (n === null ? null : normalizeStoredNumber(n));
  return {
    ...d,
    appointments: d.appointments.map((a) => ({ ...a, person: normalizeStoredPerson(a.person) })),
    rosters: d.rosters.map((r) => ({ ...r, members: r.members.map((m) => ({ ...m, person: normalizeStoredPerson(m.person) })) })),
    citations: d.citations.map((c) => ({ ...c, docNumber: number(c.docNumber) })),
    validity: { ...d.validity, repeals: d.validity.repeals.map((r) => ({ ...r, docNumber: number(r.docNumber) })) },
  };
}

/** A fact's span column: the TextSpan as JSON, or null. */
export const spanColumn = (f: { span?: unknown }): string | null => (f.span ? JSON.stringify(f.span) : null);

/** `span` of a fact read back: present when stored, absent otherwise. */
export function withSpan<T extends object>(fact: T, r: Row): T {
  if (r.span !== null && r.span !== undefined) (fact as { span?: unknown }).span = value(r.span, undefined);
  return fact;
}

export function prepareDocument(parsedDoc: OfficialDocument, lines: SourceLine[], region: string | null): PreparedDocument {
  const normalized = normalizeFacts(parsedDoc);
  const doc = region ? { ...normalized, tasks: normalized.tasks.map((t) => ({ ...t, ...taskAgencies(t, region) })) } : normalized;
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
  const places = slice.some((l) => l.page !== undefined) ? slice.map(linePlace) : null;
  return { doc, body, rawLines: raw.length ? raw : null, linePlaces: places, searchText: normalizeForSearch(body), mentions };
}

/** Where a line stands on its page, compactly: [page, x0, y0, x1, y1], whole points. */
export type LinePlace = [number, number, number, number, number] | null;

function linePlace(l: SourceLine): LinePlace {
  if (l.page === undefined) return null;
  const b = l.box;
  return b ? [l.page, Math.round(b.x0), Math.round(b.y0), Math.round(b.x1), Math.round(b.y1)] : [l.page, 0, 0, 0, 0];
}

/** What `data` keeps of a document: everything but the facts stored in their own tables. */
export function documentData(d: OfficialDocument): Partial<OfficialDocument> {
  const { appointments: _a, rosters: _r, tasks: _t, citations: _c, warnings: _w, ...rest } = d;
  return { ...rest, validity: { ...d.validity, repeals: [] } };
}

export function linesOf(r: Row): DocumentLine[] {
  // raw_lines, line_places: JSON text (SQLite) or json (PostgreSQL).
  const raw = new Map(value<[number, string][]>(r.raw_lines, []));
  const places = value<LinePlace[]>(r.line_places, []);
  return (r.body as string).split('\n').map((text, i) => {
    const line: DocumentLine = { line: r.start_line + i, text, raw: raw.get(i) ?? text };
    const place = places[i];
    if (place) {
      line.page = place[0];
      if (place[3] > place[1]) line.box = { x0: place[1], y0: place[2], x1: place[3], y1: place[4] };
    }
    return line;
  });
}

/** The issue columns of a PDF input (text input: format 'text' and nulls). */
export function issuePdfColumns(parsed: ParsedIssue): { format: string; page_count: number | null; ocr_pages: number[] | null } {
  const pdf = parsed.source.format === 'pdf';
  return { format: parsed.source.format, page_count: parsed.source.pageCount, ocr_pages: pdf ? parsed.source.ocrPages : null };
}

/** SourceInfo of a stored issue row, and its pages (an issue_pages row's `pages`, if any). */
export function issueSource(r: Row, pages: unknown): { source: SourceInfo; pages: PageInfo[] } {
  return {
    source: {
      format: r.format === 'pdf' ? 'pdf' : 'text',
      fileName: r.file_name,
      sha256: r.sha256,
      bytes: Number(r.bytes),
      encoding: r.encoding,
      lineEnding: r.line_ending,
      lineCount: r.line_count,
      pageCount: r.page_count ?? null,
      ocrPages: value<number[]>(r.ocr_pages, []),
    },
    pages: value<PageInfo[]>(pages, []),
  };
}

export function exportRow(kind: ExportKind, r: Row, asOf: IsoDate): ExportRow {
  switch (kind) {
    case 'documents': {
      const d = r.data as OfficialDocument;
      // (Counts and warning codes come from the query where it gives them, else from the document.)
      const docWarnings = r.warning_codes !== undefined ? value<string[]>(r.warning_codes, []) : d.warnings.map((w) => w.code);
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
        appointments: r.appointments ?? d.appointments.length,
        tasks: r.tasks ?? d.tasks.length,
        citations: r.citations ?? d.citations.length,
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
        qualifiers: value(r.qualifiers, []),
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
        leads: value(r.leads, []),
        cooperators: value(r.cooperators, []),
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

/** Links (citations, repeals) that pointed into an issue being deleted: resolved again after it. */
export interface Orphaned {
  citations: number[];
  repeals: number[];
}
