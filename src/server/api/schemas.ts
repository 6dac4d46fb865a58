/**
 * JSON schemas of the HTTP API: request parameters (validated by fastify) and response bodies
 * (documentation: they feed the OpenAPI description at /api/openapi.json). Shared entities are
 * registered with `$id` so the OpenAPI document names them under components.schemas.
 */
import { SEARCH_SORTS } from '../../domain/search.js';
import { VALIDITY_STATUSES } from '../../domain/validity.js';
import { TASK_STATES } from '../../domain/tasks.js';

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const nstr: Schema = { type: ['string', 'null'] };
const int: Schema = { type: 'integer' };
const nint: Schema = { type: ['integer', 'null'] };
const bool: Schema = { type: 'boolean' };
const date: Schema = { type: 'string', format: 'date' };
const ndate: Schema = { type: ['string', 'null'], format: 'date' };
const strs: Schema = { type: 'array', items: str };
const arr = (items: Schema): Schema => ({ type: 'array', items });
const ref = (id: string): Schema => ({ $ref: `${id}#` });

/** An object whose listed properties are all required (nullable ones may be null). */
function obj(properties: Record<string, Schema>, description?: string, optional: string[] = []): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: true,
  };
}

// ───────────────────────────── limits ─────────────────────────────

export const LIMITS = {
  /** Longest request line accepted (path and query string), in characters. */
  maxUrlLength: 4096,
  /** Longest search query. */
  maxQueryLength: 200,
  /** Longest name (person, agency) or free-text filter. */
  maxNameLength: 100,
  /** Page size: default and maximum. */
  defaultLimit: 20,
  maxLimit: 100,
  /** Largest offset (deep paging is what exports are for). */
  maxOffset: 100_000,
  /** Bodies of ordinary requests. */
  bodyLimit: 64 * 1024,
  /** The raw text of an issue posted to POST /api/issues. */
  ingestBodyLimit: 32 * 1024 * 1024,
  /** Upload bodies being received or parsed at once (declared sizes added up); more answer 503. */
  uploadBytesInFlight: 64 * 1024 * 1024,
  /** Request headers, in bytes (Node's default); larger answer 431. */
  maxHeaderBytes: 16 * 1024,
  /** Time to receive a request's headers. */
  headersTimeoutMs: 15_000,
  /** Time to receive a whole request, headers and body; then 408 and the connection is closed. */
  requestTimeoutMs: 60_000,
  /** A connection with no traffic in either direction is closed after this. */
  idleTimeoutMs: 30_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** Rows of one /tasks.csv answer without the token (page on with `offset`). */
  csvRows: 10_000,
  /** /tasks.csv answers streaming at once (per server process); more wait their turn… */
  csvStreams: 2,
  /** …up to this many; beyond them 503 busy. */
  csvWaiting: 32,
} as const;

/** The limits a server may be started with (tests shorten the timeouts). */
export type Limits = { -readonly [K in keyof typeof LIMITS]: number };

// ───────────────────────────── parameters ─────────────────────────────

export const idParams: Schema = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647, description: 'Row id' } },
  required: ['id'],
  additionalProperties: false,
};

/** The search filters a feed and the reader's search page take from their query string. */
export const searchFilterQuery = {
  q: { type: 'string', maxLength: LIMITS.maxQueryLength, default: '' },
  type: { type: 'string', maxLength: LIMITS.maxNameLength },
  issuer: { type: 'string', maxLength: LIMITS.maxNameLength },
  year: { type: 'integer', minimum: 1900, maximum: 2100 },
  status: { type: 'string', enum: [...VALIDITY_STATUSES] },
} as const;

export const nameParams: Schema = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, maxLength: LIMITS.maxNameLength } },
  required: ['name'],
  additionalProperties: false,
};

export const paging: Record<string, Schema> = {
  limit: { type: 'integer', minimum: 1, maximum: LIMITS.maxLimit, default: LIMITS.defaultLimit, description: 'Page size' },
  offset: { type: 'integer', minimum: 0, maximum: LIMITS.maxOffset, default: 0, description: 'Items to skip' },
};

export const asOfParam: Schema = { ...date, description: 'Date the validity status / task state is computed for (default: today)' };

export function query(properties: Record<string, Schema>, required: string[] = []): Schema {
  return { type: 'object', properties, required, additionalProperties: false };
}

export const statusEnum: Schema = { type: 'string', enum: [...VALIDITY_STATUSES] };
export const taskStateEnum: Schema = { type: 'string', enum: [...TASK_STATES] };
export const searchSortEnum: Schema = {
  type: 'string', enum: [...SEARCH_SORTS], default: 'relevance',
  description: 'relevance (best match first), newest or oldest (by document date; undated documents last)',
};

// ───────────────────────────── entities ─────────────────────────────

const warning = obj({ code: str, message: str, line: nint });

/** Where a fact's evidence is printed (model TextSpan); absent for archives made before spans. */
const textSpan: Schema = {
  ...obj({ line: int, column: int, endLine: int, endColumn: int },
    "The characters of a fact's evidence: from line:column to endLine:endColumn (end exclusive; columns are UTF-16 units of the line's text, 0-based)"),
};
const withSpan = (props: Record<string, Schema>, description?: string): Schema =>
  obj({ ...props, span: textSpan }, description, ['span']);

const validity = obj({
  effectiveFrom: ndate,
  expiresOn: ndate,
  effectiveText: nstr,
  termText: nstr,
  repeals: arr(withSpan({ title: nstr, docNumber: nstr, line: int })),
  line: nint,
});

const outlineNode: Schema = {
  $id: 'OutlineNode',
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['chapter', 'section', 'article', 'cn-number', 'cn-paren', 'arabic', 'arabic-paren', 'decimal'] },
    label: str,
    title: str,
    line: int,
    children: arr(ref('OutlineNode')),
  },
  required: ['kind', 'label', 'title', 'line', 'children'],
};

const taskProps = {
  text: str,
  leads: strs,
  cooperators: strs,
  leadAgencies: strs,
  cooperatorAgencies: strs,
  deadline: ndate,
  deadlineText: nstr,
  recurrence: nstr,
  milestones: arr(obj({ deadline: ndate, text: str })),
  startLine: int,
  endLine: int,
  line: int,
};
const task = withSpan(taskProps);

const officialDocument: Schema = {
  $id: 'OfficialDocument',
  description: 'Everything the parser extracted for one document; line numbers are lines of the source file.',
  ...obj({
    index: int,
    kind: { type: 'string', enum: ['document', 'chronicle', 'other'] },
    startLine: int,
    endLine: int,
    section: nstr,
    title: str,
    issuers: strs,
    docNumber: nstr,
    docNumberRaw: nstr,
    docNumberLine: nint,
    docType: nstr,
    recipients: strs,
    signedBy: nstr,
    date: ndate,
    publicity: nstr,
    attachments: arr(obj({ title: str, omitted: bool, line: int })),
    enclosures: arr(obj({ title: str, docType: nstr, startLine: int })),
    tocPage: nint,
    outline: arr(ref('OutlineNode')),
    appointments: arr(withSpan({
      action: { type: 'string', enum: ['appoint', 'remove', 'nominate', 'confirm', 'transfer', 'auto_remove'] },
      person: str, post: str, qualifiers: strs, line: int,
    })),
    appointmentBasis: { anyOf: [obj({ kind: str, text: str, date: ndate, line: int }), { type: 'null' }] },
    rosters: arr(obj({ group: str, line: int, members: arr(withSpan({ role: str, person: str, post: nstr, line: int })) })),
    tasks: arr(task),
    citations: arr(withSpan({
      kind: { type: 'string', enum: ['titled', 'title_only', 'number_only'] },
      title: nstr, docNumber: nstr, line: int, resolvedIndex: nint,
    })),
    validity,
    warnings: arr(warning),
  }),
};

const issueSummaryProps: Record<string, Schema> = {
  id: int,
  sourcePath: str,
  fileName: nstr,
  sha256: str,
  parserVersion: str,
  title: nstr,
  year: nint,
  number: nint,
  totalNumber: nint,
  publishedOn: ndate,
  documentCount: int,
  warningCount: int,
  ingestedAt: str,
};

const issueSummary: Schema = { $id: 'IssueSummary', ...obj(issueSummaryProps, 'One stored gazette issue') };

const documentSummaryProps: Record<string, Schema> = {
  id: int,
  issueId: int,
  index: int,
  kind: str,
  title: str,
  docNumber: nstr,
  docType: nstr,
  issuers: strs,
  section: nstr,
  date: ndate,
  sourcePath: str,
  startLine: int,
  endLine: int,
};
const documentSummary: Schema = { $id: 'DocumentSummary', ...obj(documentSummaryProps, 'One stored document') };

const issueDetail: Schema = {
  $id: 'IssueDetail',
  ...obj({
    ...issueSummaryProps,
    masthead: {
      anyOf: [obj({ title: nstr, year: nint, number: nint, totalNumber: nint, publishedOn: ndate, publisher: nstr, frequency: nstr, line: int }), { type: 'null' }],
    },
    source: obj({ fileName: nstr, sha256: str, bytes: int, encoding: str, lineEnding: str, lineCount: int }),
    toc: arr(obj({ section: nstr, title: str, docNumber: nstr, page: nint, line: int, endLine: int, documentIndex: nint })),
    agencies: arr(obj({ name: str, aliases: strs })),
    warnings: arr(warning),
    documents: arr(ref('DocumentSummary')),
  }, 'An issue with its masthead, table of contents as printed and documents'),
};

const citationRecord: Schema = {
  $id: 'CitationRecord',
  ...obj({
    id: int,
    documentId: int,
    documentTitle: str,
    documentDocNumber: nstr,
    kind: str,
    title: nstr,
    docNumber: nstr,
    line: int,
    targetId: nint,
    targetTitle: nstr,
    targetDocNumber: nstr,
    resolvedBy: { type: ['string', 'null'], enum: ['number', 'title', null] },
  }, 'A citation from one document, resolved to a stored document where possible'),
};

const validityInfo: Schema = {
  $id: 'ValidityInfo',
  ...obj({
    effectiveFrom: ndate,
    expiresOn: ndate,
    repealedBy: {
      anyOf: [obj({ byDocumentId: int, byTitle: str, byDocNumber: nstr, on: ndate, line: int }), { type: 'null' }],
    },
    status: statusEnum,
    asOf: date,
  }, 'Validity status of a document at a date'),
};

const documentDetail: Schema = {
  $id: 'DocumentDetail',
  ...obj({
    ...documentSummaryProps,
    document: ref('OfficialDocument'),
    issue: ref('IssueSummary'),
    lines: arr(obj({ line: int, text: str, raw: str })),
    citations: arr(ref('CitationRecord')),
    citedBy: arr(ref('CitationRecord')),
    repeals: arr(obj({ id: int, documentId: int, title: nstr, docNumber: nstr, line: int, targetId: nint, resolvedBy: nstr })),
    validity: ref('ValidityInfo'),
  }, 'A document with all its extracted data and its text (every source line)'),
};

const taskRecord: Schema = {
  $id: 'TaskRecord',
  ...obj({
    id: int,
    documentId: int,
    docNumber: nstr,
    title: str,
    ...taskProps,
    state: taskStateEnum,
  }, 'One responsibility assignment (督办 item) with its state at the asOf date'),
};

const timelineEntry = obj({
  appointmentId: int,
  person: str,
  action: str,
  post: str,
  qualifiers: strs,
  date: ndate,
  documentId: int,
  docNumber: nstr,
  title: str,
  issueId: int,
  line: int,
  identity: int,
});

const personTimeline: Schema = {
  $id: 'PersonTimeline',
  ...obj({
    name: str,
    entries: arr(timelineEntry),
    identities: arr(obj({ identity: int, organisations: strs, entries: int })),
    flags: strs,
  }, "One person's appointments, removals and confirmations across issues"),
};

const personSummary: Schema = { $id: 'PersonSummary', ...obj({ name: str, appointments: int, first: ndate, last: ndate }) };
const agencySummary: Schema = { $id: 'AgencySummary', ...obj({ name: str, aliases: strs, leads: int, cooperates: int }) };

const agencyTasks: Schema = {
  $id: 'AgencyTasks',
  ...obj({
    agency: str,
    names: strs,
    asOf: date,
    counts: obj({ led: int, cooperating: int, due: int, overdue: int }, 'How many tasks of each list there are in all (each list shows at most 100)'),
    led: arr(ref('TaskRecord')),
    cooperating: arr(ref('TaskRecord')),
    due: arr(ref('TaskRecord')),
    overdue: arr(ref('TaskRecord')),
  }, 'Tasks an agency leads and cooperates on'),
};

const facet = arr(obj({ value: str, count: int }));
const searchResult: Schema = {
  $id: 'SearchResult',
  ...obj({
    query: str,
    total: int,
    limit: int,
    offset: int,
    hits: arr(obj({
      id: int,
      docNumber: nstr,
      title: str,
      date: ndate,
      docType: nstr,
      issuers: strs,
      issueId: int,
      issueTitle: nstr,
      sourcePath: str,
      startLine: int,
      endLine: int,
      score: { type: 'number' },
      line: int,
      snippet: str,
      highlights: { type: 'array', items: { type: 'array', items: int, minItems: 2, maxItems: 2 }, description: '[start, end) UTF-16 offsets in snippet' },
      titleMatch: bool,
    })),
    facets: { anyOf: [obj({ type: facet, issuer: facet, year: facet, status: facet }), { type: 'null' }] },
    tookMs: { type: 'number' },
  }, 'Search results, best first'),
};

const stats: Schema = {
  $id: 'ArchiveStats',
  ...obj({
    issues: int, documents: int, lines: int, appointments: int, people: int, rosters: int, tasks: int, citations: int,
    resolvedCitations: int, repeals: int, warnings: int, agencies: int, schemaVersion: int,
  }),
};

const ingestResult: Schema = {
  $id: 'IngestResult',
  ...obj({
    status: { type: 'string', enum: ['inserted', 'replaced', 'unchanged', 'duplicate'] },
    issueId: int,
    documents: int,
    warnings: int,
    duplicateOf: { type: 'string', description: 'For duplicate: the file name the stored issue came from' },
    duplicateBy: {
      type: 'string', enum: ['content', 'masthead', 'documents'],
      description: 'For duplicate: what matched the stored issue — the same bytes, the same masthead (刊名, 年, 期), or the same documents; the stored issue is kept (DELETE it first to store this file instead)',
    },
  }, 'What happened to a posted issue', ['duplicateOf', 'duplicateBy']),
};

const apiError: Schema = {
  $id: 'Error',
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'Stable machine-readable code, e.g. not_found, invalid_parameter' },
        message: str,
      },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
};

/** Every shared schema, in dependency order, for `app.addSchema`. */
export const SHARED_SCHEMAS: Schema[] = [
  apiError, outlineNode, officialDocument, issueSummary, documentSummary, issueDetail, citationRecord, validityInfo,
  documentDetail, taskRecord, personTimeline, personSummary, agencySummary, agencyTasks, searchResult, stats, ingestResult,
];

export { ref };

/** A page of items with its position; `total` when the backend knows it cheaply. */
export function page(itemRef: string): Schema {
  return obj({
    items: arr(ref(itemRef)),
    limit: int,
    offset: int,
    total: nint,
    nextOffset: { type: ['integer', 'null'], description: 'Offset of the next page; null on the last page' },
  });
}

export function list(itemRef: string): Schema {
  return obj({ items: arr(ref(itemRef)) });
}

/** Responses every route may give: its success body plus JSON errors. */
export function responses(ok: Schema, okCode = 200, errors: number[] = [400, 404]): Record<string, Schema> {
  const out: Record<string, Schema> = { [okCode]: ok };
  for (const code of errors) out[code] = ref('Error');
  out['500'] = ref('Error');
  return out;
}
