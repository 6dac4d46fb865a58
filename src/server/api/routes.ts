/**
 * The JSON HTTP API under /api: issues, documents with all their extracted data and text, search,
 * people and timelines, agencies and their tasks, tasks, citations and cited-by, stats, and (when a
 * token is configured) ingest of a posted issue. Every route declares its parameters as JSON schema
 * (validated; unknown parameters are refused) and its response (for the OpenAPI description).
 */
import type { FastifyInstance } from 'fastify';
import { TASK_SORTS, type Archive, type IsoDate, type TaskFilter, type TaskSort } from '../../store/archive.js';
import type { SearchSort } from '../../domain/search.js';
import type { TaskState } from '../../domain/tasks.js';
import type { ValidityStatus } from '../../domain/validity.js';
import { HttpError, badRequest, notFound } from '../errors.js';
import { tokenRefusal } from '../token.js';
import type { UploadParser } from '../parse-pool.js';
import { runSearch } from '../search.js';
import { publicDocument, publicDocumentDetail, publicIssue, publicIssueDetail, publicSearch } from './public-paths.js';
import {
  LIMITS, asOfParam, idParams, list, nameParams, page, paging, query, ref, responses, searchSortEnum, statusEnum, taskStateEnum, type Limits,
} from './schemas.js';
import { registerUpload } from './upload.js';

export interface ApiOptions {
  archive: Archive;
  /** When set, POST /api/issues accepts issues carrying this token; otherwise the API is read-only. */
  token?: string;
  /** Where uploads are decoded and parsed. */
  parser: UploadParser;
  limits: Limits;
}

interface Paging {
  limit: number;
  offset: number;
}

/** Fetch one item more than asked to learn whether there is a next page. */
async function pageOf<T>(p: Paging, fetch: (limit: number, offset: number) => Promise<T[]>): Promise<Page<T>> {
  const rows = await fetch(p.limit + 1, p.offset);
  const more = rows.length > p.limit;
  return { items: rows.slice(0, p.limit), limit: p.limit, offset: p.offset, total: null, nextOffset: more ? p.offset + p.limit : null };
}

interface Page<T> extends Paging {
  items: T[];
  total: number | null;
  nextOffset: number | null;
}

function publicItems<T>(p: Page<T>, map: (item: T) => T): Page<T> {
  return { ...p, items: p.items.map(map) };
}

function slicePage<T>(all: T[], p: Paging): Page<T> {
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
  }, async (req) => publicItems(await pageOf(req.query, (limit, offset) => archive.listIssues({ limit, offset })), publicIssue));

  app.get<{ Params: { id: number } }>('/api/issues/:id', {
    schema: {
      tags: ['issues'], summary: 'One issue: masthead, table of contents as printed, documents, warnings',
      params: idParams,
      response: responses(ref('IssueDetail')),
    },
  }, async (req) => {
    const issue = await archive.getIssue(req.params.id);
    if (!issue) throw notFound(`issue ${req.params.id}`);
    return publicIssueDetail(issue);
  });

  registerUpload(app, { archive, token, parser: opts.parser, limits: opts.limits });

  app.delete<{ Params: { id: number } }>('/api/issues/:id', {
    schema: {
      tags: ['issues'],
      summary: 'Remove an issue and everything that came from it; needs the token (Authorization: Bearer …)',
      description:
        'Only when the server runs with GONGBAO_TOKEN set; otherwise 403 read_only. Removes the issue, its documents and ' +
        'everything extracted from them, their search index entries, its pages and its original file (unless another ' +
        'issue has the same file). Citations in other issues that pointed at its documents are resolved again: to another ' +
        'stored document that answers them, else they stay unresolved until the issue is ingested again.',
      params: idParams,
      security: [{ bearer: [] }],
      response: responses(
        { type: 'object', description: 'The issue removed, as it was listed', properties: { removed: ref('IssueSummary') }, required: ['removed'] },
        200,
        [400, 401, 403, 404],
      ),
    },
  }, async (req) => {
    const denied = tokenRefusal(req, token, 'changes');
    if (denied) throw new HttpError(denied.status, denied.code, denied.message);
    const issue = await archive.getIssue(req.params.id);
    if (!issue || !(await archive.deleteIssue(issue.id))) throw notFound(`issue ${req.params.id}`);
    // (The summary part of the detail: what GET /api/issues lists.)
    const { masthead: _m, source: _s, pages: _p, hasOriginal: _h, toc: _t, agencies: _a, warnings: _w, documents: _d, ...summary } = issue;
    return { removed: publicIssue(summary) };
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
      return publicItems(slicePage(found, req.query), publicDocument);
    }
    return publicItems(await pageOf(req.query, (limit, offset) => archive.listDocuments({ limit, offset, ...(issueId !== undefined ? { issueId } : {}) })), publicDocument);
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
    return publicDocumentDetail(doc);
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
    status?: ValidityStatus; asOf?: string; facets?: boolean; snippets?: boolean; sort: SearchSort;
  }
  app.get<{ Querystring: SearchQ }>('/api/search', {
    schema: {
      tags: ['search'],
      summary: 'Full-text search with facets and snippets',
      description:
        'q: words (all must match), "phrases", -excluded, field filters issuer: type: year: section: status: title: ' +
        '(also 发文机关: 文种: 年份: 栏目: 状态: 标题:; a status also as the reader shows it, 状态:现行有效), ' +
        'and document numbers in any common spelling. An empty q lists every document. sort: relevance, newest, oldest.',
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
        sort: searchSortEnum,
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
      limit: q.limit, offset: q.offset, facets: q.facets, snippets: q.snippets, sort: q.sort,
      ...(q.type ? { type: q.type } : {}), ...(q.issuer ? { issuer: q.issuer } : {}), ...(q.section ? { section: q.section } : {}),
      ...(from ? { from } : {}), ...(to ? { to } : {}), ...(q.status ? { status: q.status } : {}), ...(asOf ? { asOf } : {}),
    });
    return { ...publicSearch(result), limit: q.limit, offset: q.offset };
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
    // An agency the archive lists answers even when it has no tasks (yet).
    if (!t.led.length && !t.cooperating.length && !(await archive.isAgency(req.params.name))) throw notFound(`agency ${req.params.name}`);
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
