/**
 * The HTTP server: the JSON API under /api (with its OpenAPI description) and the web reader,
 * from one factory so tests can use `app.inject` or listen on a real port.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import type { Archive } from '../store/archive.js';
import { PARSER_VERSION } from '../version.js';
import { registerApi } from './api/routes.js';
import { LIMITS, SHARED_SCHEMAS } from './api/schemas.js';
import { badRequest, classify, isApiRequest, sendJsonError, wantsHtml } from './errors.js';
import { registerAssets } from './assets.js';
import { registerWeb, renderErrorPage } from './web/routes.js';
import { registerFeeds } from './feeds/routes.js';
import { registerCalendar } from './calendar/routes.js';
import { registerMcpHttp } from '../mcp/http.js';

const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "font-src 'self'",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

export interface ServerOptions {
  archive: Archive;
  /** Enables POST /api/issues for requests carrying it (GONGBAO_TOKEN). */
  token?: string | undefined;
  /** Log requests (pino, to stdout). Off by default. */
  logger?: boolean;
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: LIMITS.bodyLimit,
    // Person and agency names are percent-encoded in paths: 9 characters per Chinese character.
    routerOptions: { maxParamLength: 1000, ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true, allErrors: false } },
    // URLs the router cannot even decode (`/api/%`, `/people/%ZZ`) get the same error format as the rest.
    frameworkErrors: (err, req, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      const c = classify(err);
      if (!wantsHtml(req)) return sendJsonError(reply, c.status, c.code, c.message);
      return reply.code(c.status).type('text/html; charset=utf-8').send(renderErrorPage(c.status, '网址无效'));
    },
  });

  // Response schemas document the API; bodies are plain JSON.stringify so that no field is ever
  // dropped or coerced by a schema that lags behind the data model.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  // Raw issue text for POST /api/issues (other routes take no body).
  app.addContentTypeParser(['text/plain', 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  for (const s of SHARED_SCHEMAS) app.addSchema(s);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gongbao API',
        version: PARSER_VERSION,
        description:
          'Read-only JSON API over an archive of parsed Chinese government gazettes (政府公报). Errors are ' +
          '`{"error": {"code", "message"}}`. Lists are paginated with limit/offset. See docs/api.md.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The GONGBAO_TOKEN of the server' } } },
      tags: [
        { name: 'issues' }, { name: 'documents' }, { name: 'citations' }, { name: 'search' },
        { name: 'people' }, { name: 'agencies' }, { name: 'tasks' }, { name: 'stats' },
      ],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.length > LIMITS.maxUrlLength) {
      if (!wantsHtml(req)) return sendJsonError(reply, 414, 'uri_too_long', `request URL longer than ${LIMITS.maxUrlLength} characters`);
      return reply.code(414).type('text/plain; charset=utf-8').send('414 请求地址过长');
    }
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
  });

  // Pages load nothing from elsewhere and run no inline script: say so, as a second line of
  // defence behind the escaping of every document text. (Inline styles stay allowed: Cytoscape
  // sets some on the graph container.)
  app.addHook('onSend', async (_req, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', CSP);
      reply.header('x-frame-options', 'DENY');
    }
    return payload;
  });

  // Ajv accepts "Infinity" and "1e400" as integers; no parameter of ours can be infinite.
  app.addHook('preHandler', async (req) => {
    for (const [where, values] of [['query', req.query], ['path', req.params]] as const) {
      if (!values || typeof values !== 'object') continue;
      for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
        if (typeof v === 'number' && !Number.isFinite(v)) throw badRequest(`${k} must be a finite number (${where})`);
      }
    }
  });

  app.setErrorHandler((err, req, reply) => {
    const c = classify(err);
    if (c.status === 503) reply.header('retry-after', '1');
    if (c.unexpected) req.log.error(err);
    if (c.unexpected && !opts.logger) process.stderr.write(`gongbao serve: ${req.method} ${req.url}: ${(err as Error)?.stack ?? err}\n`);
    // Errors of a web page are pages; of the API, and of URLs matching no route, JSON unless a browser asks.
    const page = req.routeOptions.url !== undefined && !isApiRequest(req) ? true : wantsHtml(req);
    if (!page) return sendJsonError(reply, c.status, c.code, c.message);
    return reply.code(c.status).type('text/html; charset=utf-8').send(renderErrorPage(c.status, c.message));
  });

  app.setNotFoundHandler((req, reply) => {
    if (!wantsHtml(req)) return sendJsonError(reply, 404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`);
    return reply.code(404).type('text/html; charset=utf-8').send(renderErrorPage(404, '页面不存在'));
  });

  await registerApi(app, { archive: opts.archive, ...(opts.token ? { token: opts.token } : {}) });
  registerAssets(app);
  registerWeb(app, { archive: opts.archive });
  for (const register of [registerFeeds, registerCalendar, registerMcpHttp]) register(app, { archive: opts.archive });
  await app.ready();
  return app;
}
