/**
 * The archive: the backend-neutral interface the rest of Gongbao (CLI, HTTP API, web reader) uses
 * to store parsed issues and read them back — documents, links between them, people, tasks and
 * full-text search.
 *
 * Every method returns a Promise so that a networked backend (PostgreSQL) fits behind the same
 * interface; the SQLite backend (sqlite.ts) answers synchronously inside them. Ids are the
 * backend's integer row ids: stable while the row exists, never reused after a re-ingest.
 */
import type {
  Agency,
  Appointment,
  CitationKind,
  IsoDate,
  LineNo,
  OfficialDocument,
  PageBox,
  PageInfo,
  ParsedIssue,
  SourceLine,
  TocEntry,
  Warning,
  IssueMasthead,
  SourceInfo,
  TextSpan,
} from '../model.js';
import type { DuplicateReason } from './same-issue.js';
import type { ValidityStatus } from '../domain/validity.js';
import type { PersonIdentity, TimelineEntry } from '../domain/people.js';
import type { TaskState } from '../domain/tasks.js';
import type { SearchOptions, SearchResult } from '../domain/search.js';

// ───────────────────────────── ingest ─────────────────────────────

/** What `ingestIssue` needs: the parse result and the lines it was parsed from. */
export interface IngestInput {
  parsed: ParsedIssue;
  /** Every line of the source file (as `toSourceLines` gives them); documents keep their slice. */
  lines: SourceLine[];
  /** Where the file was read from (stored as given; the CLI passes an absolute path). */
  sourcePath: string;
  /**
   * The original file's bytes, kept (content-addressed) so that the reader can open it at a page:
   * given for PDF input, whose lines are a reconstruction of the pages.
   */
  original?: Uint8Array;
  /**
   * Report the same issue stored from another file — same masthead (刊名, 年, 期) or same set of
   * documents — as a `duplicate` instead of storing it twice (same-issue.ts). Ingest of files and
   * uploads set it; a caller storing synthetic copies (the benchmark) leaves it off.
   */
  reportSameIssue?: boolean;
}

export type IngestStatus =
  /** First time this file was stored. */
  | 'inserted'
  /** The file (same path) was stored before with other content or another parser version: replaced. */
  | 'replaced'
  /** Same path, same content hash, same parser version: nothing to do. */
  | 'unchanged'
  /**
   * The same content is already stored under another path, or (with `reportSameIssue`) the same
   * issue by masthead or documents: not stored twice.
   */
  | 'duplicate';

export interface IngestResult {
  status: IngestStatus;
  issueId: number;
  documents: number;
  warnings: number;
  /** For `duplicate`: the path the content is stored under. */
  duplicateOf?: string;
  /** For `duplicate`: what matched the stored issue — the file's bytes, its masthead, or its documents. */
  duplicateBy?: DuplicateReason;
}

// ───────────────────────────── issues & documents ─────────────────────────────

export interface IssueSummary {
  id: number;
  sourcePath: string;
  fileName: string | null;
  sha256: string;
  parserVersion: string;
  title: string | null;
  year: number | null;
  number: number | null;
  totalNumber: number | null;
  publishedOn: IsoDate | null;
  documentCount: number;
  warningCount: number;
  /** ISO timestamp of the ingest. */
  ingestedAt: string;
}

export interface IssueDetail extends IssueSummary {
  masthead: IssueMasthead | null;
  source: SourceInfo;
  /** PDF input: every page with its printed number and furniture (empty for text input). */
  pages: PageInfo[];
  /** PDF input: the archive keeps the original file (getOriginal). */
  hasOriginal: boolean;
  toc: TocEntry[];
  agencies: Agency[];
  /** Issue-level warnings (document warnings sit on each document). */
  warnings: Warning[];
  documents: DocumentSummary[];
}

export interface AdjacentIssues {
  previous: IssueSummary | null;
  next: IssueSummary | null;
}

export interface DocumentSummary {
  id: number;
  issueId: number;
  /** Index of the document within its issue (OfficialDocument.index). */
  index: number;
  kind: OfficialDocument['kind'];
  title: string;
  docNumber: string | null;
  docType: string | null;
  issuers: string[];
  section: string | null;
  date: IsoDate | null;
  sourcePath: string;
  startLine: LineNo;
  endLine: LineNo;
}

export interface DocumentLine {
  line: LineNo;
  /** Layout debris removed (SourceLine.text). */
  text: string;
  /** The line exactly as decoded (SourceLine.raw). */
  raw: string;
  /** PDF input: the physical page the line starts on, and its box there (points, top-left origin). */
  page?: number;
  box?: PageBox;
}

/** An original file kept by the archive (PDF input), addressed by its SHA-256. */
export interface OriginalFile {
  sha256: string;
  mediaType: string;
  bytes: Uint8Array;
}

export interface RepealLink {
  /** The repealing document. */
  byDocumentId: number;
  byTitle: string;
  byDocNumber: string | null;
  /** The date the repeal takes effect (repealing document's effectiveFrom, else its date). */
  on: IsoDate | null;
  line: LineNo;
}

export interface ValidityInfo {
  effectiveFrom: IsoDate | null;
  expiresOn: IsoDate | null;
  /** Set when a stored document repeals this one. */
  repealedBy: RepealLink | null;
  /** Status at `asOf`. */
  status: ValidityStatus;
  asOf: IsoDate;
}

export interface DocumentDetail extends DocumentSummary {
  /** Everything `parse` produced for this document (line numbers are lines of the source file). */
  document: OfficialDocument;
  issue: IssueSummary;
  lines: DocumentLine[];
  citations: CitationRecord[];
  citedBy: CitationRecord[];
  /** What this document repeals, resolved where possible. */
  repeals: RepealRecord[];
  validity: ValidityInfo;
}

// ───────────────────────────── links ─────────────────────────────

export interface CitationRecord {
  id: number;
  /** The citing document. */
  documentId: number;
  documentTitle: string;
  documentDocNumber: string | null;
  kind: CitationKind;
  title: string | null;
  docNumber: string | null;
  line: LineNo;
  /** The stored document it resolves to, or null. */
  targetId: number | null;
  targetTitle: string | null;
  targetDocNumber: string | null;
  resolvedBy: 'number' | 'title' | null;
}

export interface RepealRecord {
  id: number;
  documentId: number;
  title: string | null;
  docNumber: string | null;
  line: LineNo;
  targetId: number | null;
  resolvedBy: 'number' | 'title' | null;
}

// ───────────────────────────── people ─────────────────────────────

export interface PersonTimeline {
  name: string;
  /** Entries by date, then by document and line. */
  entries: TimelineEntry[];
  /** One per distinct person; more than one when posts say the name is shared. */
  identities: PersonIdentity[];
  /** Human-readable flags, e.g. that two different people share the name. */
  flags: string[];
}

export interface PersonSummary {
  name: string;
  appointments: number;
  first: IsoDate | null;
  last: IsoDate | null;
}

// ───────────────────────────── tasks ─────────────────────────────

export interface TaskRecord {
  id: number;
  documentId: number;
  docNumber: string | null;
  title: string;
  text: string;
  leads: string[];
  cooperators: string[];
  leadAgencies: string[];
  cooperatorAgencies: string[];
  deadline: IsoDate | null;
  deadlineText: string | null;
  recurrence: string | null;
  milestones: { deadline: IsoDate | null; text: string }[];
  startLine: LineNo;
  endLine: LineNo;
  line: LineNo;
  /** The evidence in the text, when the extractor gave one. */
  span?: TextSpan;
  /** Relative to the `asOf` date of the query: overdue (deadline passed), due (within 30 days), open. */
  state: TaskState;
}

/**
 * Orders of a task list: deadline soonest first or latest first (tasks without a deadline last
 * either way), by lead unit (code-point order of the first lead, so one unit's tasks stand
 * together; tasks without a lead last), or by source document and line.
 */
export const TASK_SORTS = ['deadline', '-deadline', 'unit', 'document'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];

/** Which tasks to list; every condition is applied by the database, with the paging. */
export interface TaskFilter {
  /** Canonical name or alias; matched against leads and cooperators. */
  agency?: string;
  role?: 'lead' | 'cooperator';
  documentId?: number;
  state?: TaskState;
  /** true: overdue only (as state=overdue); false: everything but overdue tasks. */
  overdue?: boolean;
  /** Deadline strictly before this date (tasks without a deadline left out). */
  dueBefore?: IsoDate;
  /** Deadline on or after this date (tasks without a deadline left out). */
  dueAfter?: IsoDate;
  /** The date states are computed at (default today). */
  asOf?: IsoDate;
  /** Default 'deadline'. */
  sort?: TaskSort;
  limit?: number;
  offset?: number;
}

/** How many tasks a filter matches (paging ignored), in all and by state. */
export interface TaskCounts {
  total: number;
  byState: Record<TaskState, number>;
  /** With a unit and no role: of these tasks, how many the unit leads and how many it cooperates on (a task may count in both). */
  byRole?: { lead: number; cooperator: number };
}

/**
 * An agency's tasks. Each list holds at most 100 tasks (deadline order); `counts` says how many
 * there are in all, and GET /api/tasks?unit=… pages through every one.
 */
export interface AgencyTasks {
  agency: string;
  /**
   * The names the agency was matched by: the name asked, its canonical name(s), then its other
   * names in code-point order (the same order on both backends).
   */
  names: string[];
  asOf: IsoDate;
  counts: { led: number; cooperating: number; due: number; overdue: number };
  led: TaskRecord[];
  cooperating: TaskRecord[];
  /** Led or cooperating, deadline on or after asOf, soonest first. */
  due: TaskRecord[];
  /** Led or cooperating, deadline before asOf, oldest first. */
  overdue: TaskRecord[];
}

export interface AgencySummary {
  name: string;
  aliases: string[];
  leads: number;
  cooperates: number;
}

// ───────────────────────────── export & stats ─────────────────────────────

export type ExportKind = 'documents' | 'appointments' | 'tasks' | 'citations';

/** Flat rows for export: scalar values and string arrays only. */
export type ExportRow = Record<string, string | number | boolean | null | string[]>;

export interface ArchiveStats {
  issues: number;
  documents: number;
  lines: number;
  appointments: number;
  /** Distinct names in appointments. */
  people: number;
  rosters: number;
  tasks: number;
  citations: number;
  resolvedCitations: number;
  repeals: number;
  warnings: number;
  agencies: number;
  schemaVersion: number;
}

export interface ListOptions {
  limit?: number;
  offset?: number;
}

/**
 * Issues were stored (their transaction committed) but adding them to the search index failed
 * (a full disk, say): they are in the archive, searched by scanning until a later write or
 * `flushIndex` indexes them. `results` says what became of each.
 */
export class IndexNotWrittenError extends Error {
  constructor(
    readonly results: IngestResult[],
    cause: unknown,
  ) {
    super(`stored, but the search index was not written: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'IndexNotWrittenError';
  }
}

export interface Archive {
  /** Store one parsed issue; one transaction: all of it or nothing. */
  ingestIssue(input: IngestInput): Promise<IngestResult>;
  /**
   * Store several parsed issues in one transaction: all of them or none (the caller stores them one
   * by one when it throws, to learn which failed; IndexNotWrittenError: all were stored). Each as
   * `ingestIssue` would, in order: bulk ingest's path, since the pages a batch dirties are written once.
   */
  ingestIssues(inputs: readonly IngestInput[]): Promise<IngestResult[]>;
  /**
   * Issues bulk ingest (ingestFiles) stores a transaction. SQLite 16: a commit writes every page
   * it dirtied to the log, and the issues of a batch share most of them. PostgreSQL 1: filling
   * 100,000 documents took 1,441 s in batches of 16 against 981 s an issue at a time.
   */
  readonly ingestBatch: number;
  /** Whether `ingestIssue` would skip this file (same path/content and parser version stored). */
  isCurrent(sourcePath: string, sha256: string, parserVersion: string): Promise<IngestResult | null>;
  /** Documents of the issue stored under this source path, or null when none is (ingest's replace guard). */
  storedDocumentCount(sourcePath: string): Promise<number | null>;
  /** Make sure every stored document is in the search index (after a crash or a bulk ingest). */
  flushIndex(): Promise<void>;
  /** Remove an issue and everything of it. */
  deleteIssue(id: number): Promise<boolean>;
  /** The original file of an issue (PDF input), or null when the archive has none. */
  getOriginal(issueId: number): Promise<OriginalFile | null>;

  listIssues(opts?: ListOptions): Promise<IssueSummary[]>;
  getIssue(id: number): Promise<IssueDetail | null>;
  /**
   * The issues just before and after this one of the same gazette (the same masthead title), in
   * the order of year and number. Issues without a title, year or number have no neighbours.
   */
  adjacentIssues(id: number): Promise<AdjacentIssues>;
  listDocuments(opts?: ListOptions & { issueId?: number }): Promise<DocumentSummary[]>;
  getDocument(id: number, opts?: { asOf?: IsoDate }): Promise<DocumentDetail | null>;
  /** Documents with this number, any common spelling accepted. */
  findByDocNumber(docNumber: string): Promise<DocumentSummary[]>;
  /** Source lines of a document, optionally a range (inclusive, file line numbers). */
  documentLines(id: number, from?: LineNo, to?: LineNo): Promise<DocumentLine[]>;

  citations(documentId: number): Promise<CitationRecord[]>;
  citedBy(documentId: number): Promise<CitationRecord[]>;
  validity(documentId: number, asOf?: IsoDate): Promise<ValidityInfo | null>;

  listPeople(opts?: ListOptions & { prefix?: string }): Promise<PersonSummary[]>;
  personTimeline(name: string): Promise<PersonTimeline>;

  listAgencies(opts?: ListOptions): Promise<AgencySummary[]>;
  agencyTasks(name: string, asOf?: IsoDate): Promise<AgencyTasks>;
  /** Whether an agency goes by `name` (an issue's agency list, or a unit of a task): true for every name listAgencies lists, even without tasks. */
  isAgency(name: string): Promise<boolean>;
  tasks(filter?: TaskFilter): Promise<TaskRecord[]>;
  countTasks(filter?: TaskFilter): Promise<TaskCounts>;

  search(query: string, opts?: SearchOptions): Promise<SearchResult>;

  /** Rows for export, in a stable order (issue, document, line). */
  exportRows(kind: ExportKind): AsyncIterable<ExportRow>;
  stats(): Promise<ArchiveStats>;
  close(): Promise<void>;
}

/** Re-exported for implementers and API code. */
export type { Appointment, IsoDate, LineNo, OfficialDocument, ParsedIssue };
