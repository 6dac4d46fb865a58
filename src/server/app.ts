/**
 * The HTTP server: the JSON API under /api (with its OpenAPI description) and the web reader,
 * from one factory so tests can use `app.inject` or listen on a real port.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import type { Archive } from '../store/archive.js';
import { PARSER_VERSION } from '../version.js';
import { registerApi } from './api/routes.js';
import { LIMITS, SHARED_SCHEMAS, type Limits } from './api/schemas.js';
import { UPLOAD_MEDIA_TYPES } from './api/upload.js';
import { rejectNonCanonicalNumbers } from './canonical-numbers.js';
import { classify, clientErrorHandler, isApiRequest, sendJsonError, wantsHtml } from './errors.js';
import { httpServerFactory } from './http-server.js';
import { registerAssets } from './assets.js';
import { registerOriginals } from './originals.js';
import { PACKAGE_VERSION } from './package-version.js';
import { parsePool, type UploadParser } from './parse-pool.js';
import { registerWeb, renderErrorPage } from './web/routes.js';
import { registerFeeds } from './feeds/routes.js';
import { registerCalendar } from './calendar/routes.js';
import { registerMcpHttp } from './mcp-http.js';

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
  /** Overrides of LIMITS (tests shorten the timeouts). */
  limits?: Partial<Limits>;
  /** Where uploads are decoded and parsed; default a pool of `parseThreads` worker threads. */
  parser?: UploadParser;
  parseThreads?: number;
  /** Absolute links in downloads (the CSV's document links) start with this; relative links without it. */
  baseUrl?: string | undefined;
  /** Where rendered page images of PDF originals are cached (default $XDG_CACHE_HOME/gongbao/pages). */
  pageCacheDir?: string;
}

export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const limits: Limits = { ...LIMITS, ...opts.limits };
  const parser = opts.parser ?? parsePool(opts.parseThreads ?? 1);
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: limits.bodyLimit,
    serverFactory: httpServerFactory(limits),
    clientErrorHandler,
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

  // Raw issue text for POST /api/issues; no route takes JSON or forms (415).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(UPLOAD_MEDIA_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addHook('onClose', async () => parser.close());

  for (const s of SHARED_SCHEMAS) app.addSchema(s);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gongbao API',
        version: PACKAGE_VERSION,
        // The version of the parser whose output the archive holds (also each issue's parserVersion).
        'x-parser-version': PARSER_VERSION,
        description:
          'JSON API over an archive of parsed Chinese government gazettes (政府公报): every route reads, except ' +
          'POST /api/issues, which ingests an issue file when the server is started with GONGBAO_TOKEN and the ' +
          'request carries that token (otherwise 403 read_only). Errors are `{"error": {"code", "message"}}`. ' +
          'Lists are paginated with limit/offset. See docs/api.md.',
      } as { title: string; version: string; description: string },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The GONGBAO_TOKEN of the server' } } },
      tags: [
        { name: 'issues' }, { name: 'documents' }, { name: 'citations' }, { name: 'search' },
        { name: 'people' }, { name: 'agencies' }, { name: 'tasks' }, { name: 'stats' },
      ],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.length > limits.maxUrlLength) {
      if (!wantsHtml(req)) return sendJsonError(reply, 414, 'uri_too_long', `request URL longer than ${limits.maxUrlLength} characters`);
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

  // Ajv would read 0x10, 1.0, +1, 00005, Infinity and 1e400 as numbers: ids and counts are written in plain digits.
  app.addHook('preValidation', rejectNonCanonicalNumbers);

  app.setErrorHandler((err, req, reply) => {
    const c = classify(err);
    if (c.status === 503) reply.header('retry-after', '1');
    if (c.unexpected) req.log.error(err);
    if (c.unexpected && !opts.logger) process.stderr.write(`gongbao serve: ${req.method} ${req.url}: ${(err as Error)?.stack ?? err}\n`);
    // Errors of a web page are pages; of the API, of downloads (/tasks.csv) and of URLs matching no route, JSON unless a browser asks.
    const isPage = req.routeOptions.url !== undefined && !isApiRequest(req) && !req.routeOptions.config.download;
    const page = isPage || wantsHtml(req);
    if (!page) return sendJsonError(reply, c.status, c.code, c.message);
    return reply.code(c.status).type('text/html; charset=utf-8').send(renderErrorPage(c.status, c.message));
  });

  app.setNotFoundHandler((req, reply) => {
    if (!wantsHtml(req)) return sendJsonError(reply, 404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`);
    return reply.code(404).type('text/html; charset=utf-8').send(renderErrorPage(404, '页面不存在'));
  });

  await registerApi(app, { archive: opts.archive, ...(opts.token ? { token: opts.token } : {}), parser, limits });
  registerAssets(app);
  registerOriginals(app, { archive: opts.archive, ...(opts.pageCacheDir ? { cacheDir: opts.pageCacheDir } : {}) });
  registerWeb(app, { archive: opts.archive, limits, token: opts.token ?? null, baseUrl: opts.baseUrl ?? null });
  for (const register of [registerFeeds, registerCalendar, registerMcpHttp]) register(app, { archive: opts.archive });
  await app.ready();
  return app;
}
