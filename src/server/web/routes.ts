/**
 * Routes of the web reader. Every page has a stable URL:
 *   /                          home
 *   /issues/:id                issue (masthead, table of contents)
 *   /documents/:id             document (#L<n> addresses line n; ?q= the number query that led here)
 *   /documents/:id/source      original lines
 *   /documents/:id/graph       citation graph (?depth=2)
 *   /search?q=&type=&issuer=&year=&status=&sort=&page=
 *   /people, /people/:name     people index, one person's timeline
 *   /agencies, /agencies/:name agency index, one agency
 *   /tasks?unit=&state=&dueBefore=&dueAfter=&sort=&page=, /tasks.csv (same filters)
 *   /about                     what is extracted automatically
 */
import { Readable } from 'node:stream';
import pLimit from 'p-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { TASK_SORTS, type Archive, type TaskSort } from '../../store/archive.js';
import { SEARCH_SORTS, type SearchSort } from '../../domain/search.js';
import type { TaskState } from '../../domain/tasks.js';
import { today, type ValidityStatus } from '../../domain/validity.js';
import { taskCsvChunks } from '../tasks.js';
import { HttpError, badRequest } from '../errors.js';
import { hasToken } from '../token.js';

import { LIMITS, searchFilterQuery, type Limits } from '../api/schemas.js';
import { html, url } from './html.js';
import { page } from './layout.js';
import { TASK_STATE_LABEL } from './format.js';
import { homePage } from './pages/home.js';
import { issuePage } from './pages/issue.js';
import { documentPage } from './pages/document.js';
import { sourcePage } from './pages/source.js';
import { graphPage } from './pages/graph.js';
import { searchPage } from './pages/search.js';
import { peoplePage, personPage } from './pages/people.js';
import { agenciesPage, agencyPage } from './pages/agencies.js';
import { boardFilter, boardQuery, tasksPage } from './pages/tasks.js';
import { aboutPage } from './pages/about.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A download (/tasks.csv): its errors are JSON unless a browser asks for a page. */
    download?: boolean;
  }
}

export interface WebOptions {
  archive: Archive;
  limits: Limits;
  /** The server's token (lifts the row limit of /tasks.csv), or null. */
  token: string | null;
  /** Absolute links in downloads start with this; without it they are relative. */
  baseUrl: string | null;
}

const STATUS_TEXT: Record<number, string> = { 400: '请求有误', 404: '页面不存在', 413: '内容过大', 414: '请求地址过长', 500: '服务器内部错误' };

export function renderErrorPage(status: number, message: string): string {
  const title = STATUS_TEXT[status] ?? '出错了';
  return page({
    title,
    body: html`<section class="error-page"><h1>${status} ${title}</h1>
      <p>${status === 500 ? '服务器处理请求时出错，请稍后再试。' : message}</p>
      <p><a href="/">返回首页</a> · <a href="/search">文件检索</a></p></section>`,
  });
}

const pageQ = { type: 'integer', minimum: 1, maximum: 10000, default: 1 };
const idParams = { type: 'object', properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 } }, required: ['id'] };
const nameParams = { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: LIMITS.maxNameLength } }, required: ['name'] };
const dateQ = { type: 'string', format: 'date' };
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);

function sendHtml(reply: FastifyReply, body: string | null, what: string) {
  if (body === null) return reply.code(404).type('text/html; charset=utf-8').send(renderErrorPage(404, `${what}不存在。`));
  return reply.type('text/html; charset=utf-8').send(body);
}

export function registerWeb(app: FastifyInstance, opts: WebOptions): void {
  const { archive, limits } = opts;
  const hide = { hide: true };

  // Empty form fields (?state=&dueBefore=) mean "no filter", not an invalid value.
  app.addHook('preValidation', async (req) => {
    if (req.url.startsWith('/api/')) return;
    const q = req.query as Record<string, unknown> | undefined;
    if (q && typeof q === 'object') for (const k of Object.keys(q)) if (emptyToUndefined(q[k]) === undefined) delete q[k];
  });

  app.get('/', { schema: hide }, async (_req, reply) => sendHtml(reply, await homePage(archive), '页面'));

  app.get<{ Params: { id: number } }>('/issues/:id', { schema: { ...hide, params: idParams } }, async (req, reply) =>
    sendHtml(reply, await issuePage(archive, req.params.id), '这期公报'));

  app.get<{ Params: { id: number }; Querystring: { asOf?: string; q?: string } }>('/documents/:id', {
    schema: { ...hide, params: idParams, querystring: { type: 'object', properties: { asOf: dateQ, q: { type: 'string', maxLength: LIMITS.maxQueryLength } } } },
  }, async (req, reply) => sendHtml(reply, await documentPage(archive, req.params.id, req.query.asOf, req.query.q), '这件文件'));

  app.get<{ Params: { id: number } }>('/documents/:id/source', { schema: { ...hide, params: idParams } }, async (req, reply) =>
    sendHtml(reply, await sourcePage(archive, req.params.id), '这件文件'));

  app.get<{ Params: { id: number }; Querystring: { depth: number } }>('/documents/:id/graph', {
    schema: { ...hide, params: idParams, querystring: { type: 'object', properties: { depth: { type: 'integer', minimum: 1, maximum: 2, default: 1 } } } },
  }, async (req, reply) => sendHtml(reply, await graphPage(archive, req.params.id, req.query.depth), '这件文件'));

  app.get<{ Querystring: { q: string; type?: string; issuer?: string; year?: number; status?: ValidityStatus; sort?: SearchSort; page: number } }>('/search', {
    schema: {
      ...hide,
      querystring: {
        type: 'object',
        properties: {
          ...searchFilterQuery,
          sort: { type: 'string', enum: [...SEARCH_SORTS] },
          page: pageQ,
        },
      },
    },
  }, async (req, reply) => {
    const r = await searchPage(archive, req.query);
    if ('redirect' in r) return reply.redirect(r.redirect, 302);
    return sendHtml(reply, r.html, '页面');
  });

  app.get<{ Querystring: { page: number; prefix?: string } }>('/people', {
    schema: { ...hide, querystring: { type: 'object', properties: { page: pageQ, prefix: { type: 'string', maxLength: 20 } } } },
  }, async (req, reply) => sendHtml(reply, await peoplePage(archive, req.query.page, req.query.prefix?.trim() || undefined), '页面'));

  app.get<{ Params: { name: string } }>('/people/:name', { schema: { ...hide, params: nameParams } }, async (req, reply) =>
    sendHtml(reply, await personPage(archive, req.params.name), `人员“${req.params.name}”`));

  app.get<{ Querystring: { page: number } }>('/agencies', {
    schema: { ...hide, querystring: { type: 'object', properties: { page: pageQ } } },
  }, async (req, reply) => sendHtml(reply, await agenciesPage(archive, req.query.page), '页面'));

  app.get<{ Params: { name: string } }>('/agencies/:name', { schema: { ...hide, params: nameParams } }, async (req, reply) =>
    sendHtml(reply, await agencyPage(archive, req.params.name), `机构“${req.params.name}”`));

  interface BoardQ { unit?: string; state?: TaskState; overdue?: boolean; dueBefore?: string; dueAfter?: string; documentId?: number; sort: TaskSort; page: number }
  const boardSchema = {
    ...hide,
    querystring: {
      type: 'object',
      properties: {
        unit: { type: 'string', maxLength: LIMITS.maxNameLength },
        state: { type: 'string', enum: Object.keys(TASK_STATE_LABEL) },
        overdue: { type: 'boolean' },
        dueBefore: dateQ,
        dueAfter: dateQ,
        documentId: { type: 'integer', minimum: 1 },
        sort: { type: 'string', enum: [...TASK_SORTS], default: 'deadline' },
        page: pageQ,
      },
    },
  };
  app.get<{ Querystring: BoardQ }>('/tasks', { schema: boardSchema }, async (req, reply) =>
    sendHtml(reply, await tasksPage(archive, { ...req.query, unit: req.query.unit?.trim() || undefined }), '页面'));

  // The CSV streams; without the token one answer holds at most limits.csvRows rows (page on with offset).
  const csvSlots = pLimit(limits.csvStreams);
  const csvSchema = {
    ...boardSchema,
    querystring: {
      ...boardSchema.querystring,
      properties: {
        ...boardSchema.querystring.properties,
        limit: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
        offset: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 },
      },
    },
  };
  app.get<{ Querystring: BoardQ & { limit?: number; offset: number } }>('/tasks.csv', { schema: csvSchema, config: { download: true } }, async (req, reply) => {
    const q = req.query;
    const mayAskAll = hasToken(req, opts.token);
    if (q.limit !== undefined && q.limit > limits.csvRows && !mayAskAll) {
      throw badRequest(`limit must be <= ${limits.csvRows} without the token (query); page on with offset`);
    }
    // Each page of rows is a query and some formatting on the event loop: two downloads at a time
    // leave room for every other request in between; the rest queue (a bounded number of them).
    if (csvSlots.pendingCount >= limits.csvWaiting) {
      reply.header('retry-after', '5');
      throw new HttpError(503, 'busy', 'too many CSV downloads in progress; retry shortly');
    }
    const finished = new Promise<void>((done) => reply.raw.once('close', () => done()));
    await new Promise<void>((started) => void csvSlots(() => (started(), finished)));
    const filter = boardFilter({ ...q, unit: q.unit?.trim() || undefined });
    const { total } = await archive.countTasks(filter);
    const limit = q.limit ?? (mayAskAll ? Math.max(total, 1) : limits.csvRows);
    if (q.offset + limit < total) {
      // Relative, like every link the server gives: a Host header is the client's to choose.
      reply.header('link', `<${url('/tasks.csv', { ...boardQuery({ ...q, page: 1 }), limit: q.limit, offset: q.offset + limit })}>; rel="next"`);
    }
    const base = opts.baseUrl ? opts.baseUrl.replace(/\/+$/, '') : '';
    const rows = taskCsvChunks(archive, filter, { offset: q.offset, limit }, {
      stateLabel: (s) => TASK_STATE_LABEL[s],
      docUrl: (id) => `${base}/documents/${id}`,
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('x-total-count', String(total))
      .header('content-disposition', `attachment; filename="tasks-${today()}.csv"`)
      .send(Readable.from(rows));
  });

  app.get('/about', { schema: hide }, async (_req, reply) => sendHtml(reply, await aboutPage(archive), '页面'));
}
