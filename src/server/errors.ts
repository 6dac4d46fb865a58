/**
 * Errors the server answers with. API routes answer `{error: {code, message}}` with a 4xx status
 * for anything the client can fix; web pages answer an HTML error page. A stack trace never
 * reaches a client: unexpected errors become 500 `internal` and are logged.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} not found`);
export const badRequest = (message: string, code = 'invalid_parameter'): HttpError => new HttpError(400, code, message);

export interface ErrorBody {
  error: { code: string; message: string };
}

/** Fastify's own error codes mapped to the API's codes. */
const FASTIFY_CODES: Record<string, { status: number; code: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_body' },
  FST_ERR_CTP_EMPTY_TYPE: { status: 415, code: 'unsupported_media_type' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'bad_request' },
};

/** Status, code and a client-safe message for any error. */
export function classify(err: unknown): { status: number; code: string; message: string; unexpected: boolean } {
  if (err instanceof HttpError) return { status: err.status, code: err.code, message: err.message, unexpected: false };
  const fe = err as Partial<FastifyError> & { validation?: unknown; validationContext?: string };
  if (fe && fe.validation) {
    return { status: 400, code: 'invalid_parameter', message: validationMessage(fe), unexpected: false };
  }
  if (fe && typeof fe.code === 'string' && FASTIFY_CODES[fe.code]) {
    const m = FASTIFY_CODES[fe.code]!;
    return { status: m.status, code: m.code, message: String(fe.message ?? m.code), unexpected: false };
  }
  // The database is down or restarting (ArchiveUnavailableError): the client may retry.
  if (fe && fe.statusCode === 503 && fe.code === 'archive_unavailable') {
    return { status: 503, code: 'archive_unavailable', message: 'the archive database is unavailable; retry shortly', unexpected: false };
  }
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, code: 'bad_request', message: String(fe.message ?? 'bad request'), unexpected: false };
  }
  return { status: 500, code: 'internal', message: 'internal error', unexpected: true };
}

function validationMessage(err: Partial<FastifyError> & { validationContext?: string }): string {
  // "querystring/limit must be <= 100" → "limit must be <= 100 (querystring)"
  const msg = String(err.message ?? 'invalid parameter');
  const m = /^(querystring|params|body|headers)\/?(\S*)\s+(.*)$/.exec(msg);
  if (!m) return msg;
  const where = m[1] === 'params' ? 'path' : m[1] === 'querystring' ? 'query' : m[1]!;
  const rest = m[3]!.replace(/must NOT have additional properties/, 'has an unknown parameter');
  return m[2] ? `${m[2]} ${rest} (${where})` : `${rest} (${where})`;
}

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url === '/api' || req.url.startsWith('/api/') || req.url.startsWith('/api?');
}

/** An HTML answer for a browser asking for a page outside /api; JSON for everything else. */
export function wantsHtml(req: FastifyRequest): boolean {
  return !isApiRequest(req) && /text\/html/.test(String(req.headers.accept ?? ''));
}

export function sendJsonError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(errorBody(code, message));
}
