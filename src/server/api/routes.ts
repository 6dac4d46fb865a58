/**
 * The JSON HTTP API under /api: issues, documents with all their extracted data and text, search,
 * people and timelines, agencies and their tasks, tasks, citations and cited-by, stats, and (when a
 * token is configured) ingest of a posted issue. Every route declares its parameters as JSON schema
 * (validated; unknown parameters are refused) and its response (for the OpenAPI description).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TASK_SORTS, type Archive, type IsoDate, type TaskFilter, type TaskSort, type TaskState, type ValidityStatus } from '../../store/archive.js';
import { InputError } from '../../core/decode.js';
import { HttpError, badRequest, notFound } from '../errors.js';
import { ingestBytes } from '../ingest.js';
import { runSearch } from '../search.js';
import {
  LIMITS, asOfParam, idParams, list, nameParams, page, paging, query, ref, responses, statusEnum, taskStateEnum,
} from './schemas.js';

export interface ApiOptions {
  archive: Archive;
  /** When set, POST /api/issues accepts issues carrying this token; otherwise the API is read-only. */
  token?: string;
}

interface Paging {
  limit: number;
  offset: number;
}

/** Fetch one item more than asked to learn whether there is a next page. */
async function pageOf<T>(p: Paging, fetch: (limit: number, offset: number) => Promise<T[]>) {
  const rows = await fetch(p.limit + 1, p.offset);
  const more = rows.length > p.limit;
  return { items: rows.slice(0, p.limit), limit: p.limit, offset: p.offset, total: null, nextOffset: more ? p.offset + p.limit : null };
}

function slicePage<T>(all: T[], p: Paging) {
  const items = all.slice(p.offset, p.offset + p.limit);
  const next = p.offset + p.limit < all.length ? p.offset + p.limit : null;
  return { items, limit: p.limit, offset: p.offset, total: all.length, nextOffset: next };
}

function checkDate(value: string | undefined, name: string): IsoDate | undefined {
  if (value === undefined) return undefined;
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw badRequest(`${name} is not a valid date (YYYY-MM-DD)`);
  return value;
}

function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    if (m) return m[1]!;
  }
  const x = req.headers['x-gongbao-token'];
  return typeof x === 'string' && x ? x : null;
}

const dateQ = { type: 'string', format: 'date' };

export async function registerApi(app: FastifyInstance, opts: ApiOptions): Promise<void> {
  const { archive } = opts;
  const token = opts.token && opts.token.length ? opts.token : null;

  app.get('/api/openapi.json', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('cache-control', 'no-cache');
    return app.swagger();
  });

  // ───────────── issues ─────────────

  app.get<{ Querystring: Paging }>('/api/issues', {
    schema: {
      tags: ['issues'], summary: 'List stored issues, by year and number',
      querystring: query({ ...paging }),
      response: responses(page('IssueSummary'), 200, [400]),
    },
  }, async (req) => pageOf(req.query, (limit, offset) => archive.listIssues({ limit, offset })));

  app.get<{ Params: { id: number } }>('/api/issues/:id', {
    schema: {
      tags: ['issues'], summary: 'One issue: masthead, table of contents as printed, documents, warnings',
      params: idParams,
      response: responses(ref('IssueDetail')),
    },
  }, async (req) => {
    const issue = await archive.getIssue(req.params.id);
    if (!issue) throw notFound(`issue ${req.params.id}`);
    return issue;
  });

  app.post<{ Querystring: { name?: string; force?: boolean }; Body: Buffer | string }>('/api/issues', {
    bodyLimit: LIMITS.ingestBodyLimit,
    schema: {
      tags: ['issues'],
      summary: 'Ingest one issue (raw text of the file); needs the token (Authorization: Bearer …)',
      description:
        'Only when the server runs with GONGBAO_TOKEN set; otherwise 403 read_only. Body: the file as ' +
        'text/plain (UTF-8) or application/octet-stream (any encoding the parser detects: UTF-8, UTF-16 with BOM, GB18030). ' +
        `At most ${LIMITS.ingestBodyLimit} bytes. Idempotent: the same content under the same name is not stored twice.`,
      querystring: query({ name: { type: 'string', minLength: 1, maxLength: LIMITS.maxNameLength, pattern: '^[^/\\\\]+$', description: 'File name to store the issue under (default: its SHA-256)' }, force: { type: 'boolean', default: false, description: 'Replace the stored issue of this name even by a parse with far fewer documents (else 409 fewer_documents)' } }),
      security: [{ bearer: [] }],
      response: responses(ref('IngestResult'), 201, [400, 401, 403, 409, 413, 415, 422]),
    },
  }, async (req, reply) => {
    if (!token) throw new HttpError(403, 'read_only', 'this server is read-only (start it with GONGBAO_TOKEN set to allow ingest)');
    const given = bearer(req);
    if (!given) throw new HttpError(401, 'unauthorized', 'missing token (Authorization: Bearer <token>)');
    if (!tokenMatches(given, token)) throw new HttpError(401, 'unauthorized', 'wrong token');
    const body = req.body;
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    if (!bytes || !bytes.length) throw badRequest('empty body: post the raw text of an issue file', 'invalid_body');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const name = req.query.name ?? `${sha.slice(0, 16)}.txt`;
    let result;
    try {
      result = await ingestBytes(archive, bytes, `upload:${name}`, name, { force: req.query.force });
    } catch (e) {
      if (e instanceof InputError) throw new HttpError(422, 'unparsable', e.message);
      throw e;
    }
    reply.code(result.status === 'inserted' || result.status === 'replaced' ? 201 : 200);
    return result;
  });

  // ───────────── documents ─────────────

  app.get<{ Querystring: Paging & { issueId?: number; docNumber?: string } }>('/api/documents', {
    schema: {
      tags: ['documents'], summary: 'List documents (optionally of one issue, or by document number)',
      querystring: query({
        ...paging,
        issueId: { type: 'integer', minimum: 1 },
        docNumber: { type: 'string', minLength: 1, maxLength: LIMITS.maxNameLength, description: 'Any common spelling: 阳政发〔2020〕2号, 阳政发[2020]2号 …' },
      }),
      response: responses(page('DocumentSummary'), 200, [400]),
    },
  }, async (req) => {
    const { issueId, docNumber } = req.query;
    if (docNumber !== undefined) {
      let found = await archive.findByDocNumber(docNumber);
      if (issueId !== undefined) found = found.filter((d) => d.issueId === issueId);
      return slicePage(found, req.query);
    }
    return pageOf(req.query, (limit, offset) => archive.listDocuments({ limit, offset, ...(issueId !== undefined ? { issueId } : {}) }));
  });

  app.get<{ Params: { id: number }; Querystring: { asOf?: string } }>('/api/documents/:id', {
    schema: {
      tags: ['documents'], summary: 'One document with all its extracted data, its text, citations, cited-by and validity',
      params: idParams,
      querystring: query({ asOf: asOfParam }),
      response: responses(ref('DocumentDetail')),
    },
  }, async (req) => {
    const asOf = checkDate(req.query.asOf, 'asOf');
    const doc = await archive.getDocument(req.params.id, asOf ? { asOf } : {});
    if (!doc) throw notFound(`document ${req.params.id}`);
    return doc;
  });

  app.get<{ Params: { id: number }; Querystring: { from?: number; to?: number } }>('/api/documents/:id/lines', {
    schema: {
      tags: ['documents'], summary: 'Source lines of a document (file line numbers, inclusive range)',
      params: idParams,
      querystring: query({ from: { type: 'integer', minimum: 1 }, to: { type: 'integer', minimum: 1 } }),
      response: responses({ type: 'object', properties: { documentId: { type: 'integer' }, lines: { type: 'array', items: { type: 'object', properties: { line: { type: 'integer' }, text: { type: 'string' }, raw: { type: 'string' } } } } } }),
    },
  }, async (req) => {
    const { from, to } = req.query;
    if (from !== undefined && to !== undefined && to < from) throw badRequest('to must not be before from');
    const lines = await archive.documentLines(req.params.id, from, to);
    if (!lines.length && !(await documentExists(archive, req.params.id))) throw notFound(`document ${req.params.id}`);
    return { documentId: req.params.id, lines };
  });

  app.get<{ Params: { id: number } }>('/api/documents/:id/citations', {
    schema: {
      tags: ['citations'], summary: 'What a document cites, resolved to stored documents where possible',
      params: idParams,
      response: responses(list('CitationRecord')),
    },
  }, async (req) => {
    if (!(await documentExists(archive, req.params.id))) throw notFound(`document ${req.params.id}`);
    return { items: await archive.citations(req.params.id) };
  });

  app.get<{ Params: { id: number } }>('/api/documents/:id/cited-by', {
    schema: {
      tags: ['citations'], summary: 'Stored documents that cite this one',
      params: idParams,
      response: responses(list('CitationRecord')),
    },
  }, async (req) => {
    if (!(await documentExists(archive, req.params.id))) throw notFound(`document ${req.params.id}`);
    return { items: await archive.citedBy(req.params.id) };
  });

  app.get<{ Params: { id: number }; Querystring: { asOf?: string } }>('/api/documents/:id/validity', {
    schema: {
      tags: ['documents'], summary: 'Validity status of a document at a date (in force, expired, repealed …)',
      params: idParams,
      querystring: query({ asOf: asOfParam }),
      response: responses(ref('ValidityInfo')),
    },
  }, async (req) => {
    const v = await archive.validity(req.params.id, checkDate(req.query.asOf, 'asOf'));
    if (!v) throw notFound(`document ${req.params.id}`);
    return v;
  });

  // ───────────── search ─────────────

  interface SearchQ extends Paging {
    q?: string; type?: string; issuer?: string; section?: string; from?: string; to?: string;
    status?: ValidityStatus; asOf?: string; facets?: boolean; snippets?: boolean;
  }
  app.get<{ Querystring: SearchQ }>('/api/search', {
    schema: {
      tags: ['search'],
      summary: 'Full-text search with facets and snippets',
      description:
        'q: words (all must match), "phrases", -excluded, field filters issuer: type: year: section: status: ' +
        '(also 发文机关: 文种: 年份: 栏目: 状态:), and document numbers in any common spelling. An empty q lists every document.',
      querystring: query({
        q: { type: 'string', maxLength: LIMITS.maxQueryLength, default: '' },
        type: { type: 'string', maxLength: LIMITS.maxNameLength, description: '文种, e.g. 通知' },
        issuer: { type: 'string', maxLength: LIMITS.maxNameLength },
        section: { type: 'string', maxLength: LIMITS.maxNameLength },
        from: { ...dateQ, description: 'Documents dated on or after' },
        to: { ...dateQ, description: 'Documents dated on or before' },
        status: statusEnum,
        asOf: asOfParam,
        facets: { type: 'boolean', default: true },
        snippets: { type: 'boolean', default: true },
        ...paging,
      }),
      response: responses(ref('SearchResult'), 200, [400]),
    },
  }, async (req) => {
    const q = req.query;
    const from = checkDate(q.from, 'from');
    const to = checkDate(q.to, 'to');
    const asOf = checkDate(q.asOf, 'asOf');
    if (from && to && to < from) throw badRequest('to must not be before from');
    const result = await runSearch(archive, q.q ?? '', {
      limit: q.limit, offset: q.offset, facets: q.facets, snippets: q.snippets,
      ...(q.type ? { type: q.type } : {}), ...(q.issuer ? { issuer: q.issuer } : {}), ...(q.section ? { section: q.section } : {}),
      ...(from ? { from } : {}), ...(to ? { to } : {}), ...(q.status ? { status: q.status } : {}), ...(asOf ? { asOf } : {}),
    });
    return { ...result, limit: q.limit, offset: q.offset };
  });

  // ───────────── people ─────────────

  app.get<{ Querystring: Paging & { prefix?: string } }>('/api/people', {
    schema: {
      tags: ['people'], summary: 'People named in personnel notices',
      querystring: query({ ...paging, prefix: { type: 'string', minLength: 1, maxLength: LIMITS.maxNameLength } }),
      response: responses(page('PersonSummary'), 200, [400]),
    },
  }, async (req) => pageOf(req.query, (limit, offset) => archive.listPeople({ limit, offset, ...(req.query.prefix ? { prefix: req.query.prefix } : {}) })));

  app.get<{ Params: { name: string } }>('/api/people/:name', {
    schema: {
      tags: ['people'], summary: "A person's timeline: appointments, removals and confirmations across issues",
      params: nameParams,
      response: responses(ref('PersonTimeline')),
    },
  }, async (req) => {
    const t = await archive.personTimeline(req.params.name);
    if (!t.entries.length) throw notFound(`person ${req.params.name}`);
    return t;
  });

  // ───────────── agencies & tasks ─────────────

  app.get<{ Querystring: Paging }>('/api/agencies', {
    schema: {
      tags: ['agencies'], summary: 'Agencies with the number of tasks they lead and cooperate on',
      querystring: query({ ...paging }),
      response: responses(page('AgencySummary'), 200, [400]),
    },
  }, async (req) => pageOf(req.query, (limit, offset) => archive.listAgencies({ limit, offset })));

  app.get<{ Params: { name: string }; Querystring: { asOf?: string } }>('/api/agencies/:name', {
    schema: {
      tags: ['agencies'], summary: 'An agency (canonical name or alias): tasks it leads and cooperates on, due and overdue',
      params: nameParams,
      querystring: query({ asOf: asOfParam }),
      response: responses(ref('AgencyTasks')),
    },
  }, async (req) => {
    const t = await archive.agencyTasks(req.params.name, checkDate(req.query.asOf, 'asOf'));
    if (!t.led.length && !t.cooperating.length) throw notFound(`agency ${req.params.name}`);
    return t;
  });

  interface TasksQ extends Paging {
    unit?: string; role?: 'lead' | 'cooperator'; state?: TaskState; overdue?: boolean; dueBefore?: string;
    dueAfter?: string; documentId?: number; asOf?: string; sort?: TaskSort;
  }
  app.get<{ Querystring: TasksQ }>('/api/tasks', {
    schema: {
      tags: ['tasks'], summary: 'Tasks (responsibility assignments), filtered and sorted',
      querystring: query({
        unit: { type: 'string', minLength: 1, maxLength: LIMITS.maxNameLength, description: 'Agency (canonical name or alias), lead or cooperator' },
        role: { type: 'string', enum: ['lead', 'cooperator'], description: 'With unit: only tasks it leads / cooperates on' },
        state: taskStateEnum,
        overdue: { type: 'boolean', description: 'true: only overdue tasks (same as state=overdue); false: none of them' },
        dueBefore: { ...dateQ, description: 'Deadline before this date (tasks without a deadline are left out)' },
        dueAfter: { ...dateQ, description: 'Deadline on or after this date' },
        documentId: { type: 'integer', minimum: 1 },
        asOf: asOfParam,
        sort: { type: 'string', enum: [...TASK_SORTS], default: 'deadline' },
        ...paging,
      }),
      response: responses(page('TaskRecord'), 200, [400]),
    },
  }, async (req) => {
    const q = req.query;
    if (q.role && !q.unit) throw badRequest('role needs unit');
    const filter: TaskFilter = {
      ...(q.unit ? { agency: q.unit } : {}), ...(q.role ? { role: q.role } : {}), ...(q.documentId ? { documentId: q.documentId } : {}),
      ...(q.asOf ? { asOf: checkDate(q.asOf, 'asOf') } : {}), ...(q.state ? { state: q.state } : {}),
      ...(q.overdue !== undefined ? { overdue: q.overdue } : {}), ...(q.dueBefore ? { dueBefore: checkDate(q.dueBefore, 'dueBefore') } : {}),
      ...(q.dueAfter ? { dueAfter: checkDate(q.dueAfter, 'dueAfter') } : {}), sort: q.sort ?? 'deadline',
    };
    const [items, counts] = await Promise.all([archive.tasks({ ...filter, limit: q.limit, offset: q.offset }), archive.countTasks(filter)]);
    const next = q.offset + q.limit < counts.total ? q.offset + q.limit : null;
    return { items, limit: q.limit, offset: q.offset, total: counts.total, nextOffset: next };
  });

  // ───────────── stats ─────────────

  app.get('/api/stats', {
    schema: { tags: ['stats'], summary: 'Counts of everything stored', response: responses(ref('ArchiveStats'), 200, []) },
  }, async () => archive.stats());
}

async function documentExists(archive: Archive, id: number): Promise<boolean> {
  return (await archive.validity(id)) !== null;
}
