/**
 * Errors the server answers with. API routes answer `{error: {code, message}}` with a 4xx status
 * for anything the client can fix; web pages answer an HTML error page. A stack trace never
 * reaches a client: unexpected errors become 500 `internal` and are logged.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
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

interface AjvError {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

const WHERE: Record<string, string> = { querystring: 'query', params: 'path', body: 'body', headers: 'headers' };

function validationMessage(err: Partial<FastifyError> & { validation?: unknown; validationContext?: string }): string {
  return describeValidation(err.validation, err.validationContext) ?? String(err.message ?? 'invalid parameter');
}

/** "limit must be <= 100 (query)", "unknown parameter colour (query)": the parameter and what is wrong with it. */
export function describeValidation(errors: unknown, context: string | undefined): string | null {
  const first = Array.isArray(errors) ? (errors[0] as AjvError | undefined) : undefined;
  const where = WHERE[context ?? ''] ?? context ?? 'request';
  if (!first) return null;
  const name = (first.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const p = first.params ?? {};
  let what: string;
  switch (first.keyword) {
    case 'additionalProperties':
      return `unknown parameter ${String(p.additionalProperty)} (${where})`;
    case 'required':
      return `missing parameter ${String(p.missingProperty)} (${where})`;
    case 'type':
      what = p.type === 'integer' ? 'must be a whole number' : p.type === 'boolean' ? 'must be true or false' : `must be ${String(p.type)}`;
      break;
    case 'enum':
      what = `must be one of ${(p.allowedValues as unknown[]).join(', ')}`;
      break;
    case 'format':
      what = p.format === 'date' ? 'must be a date YYYY-MM-DD' : `must be a ${String(p.format)}`;
      break;
    case 'minLength':
      what = p.limit === 1 ? 'must not be empty' : `must have at least ${String(p.limit)} characters`;
      break;
    case 'maxLength':
      what = `must have at most ${String(p.limit)} characters`;
      break;
    default:
      what = first.message ?? 'is invalid';
  }
  return `${name || 'parameter'} ${what} (${where})`;
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

/** What Node's HTTP parser or its timers refused, before any route saw the request. */
function classifyClientError(err: NodeJS.ErrnoException & { reason?: string }): { status: number; code: string; message: string } {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'request_timeout', message: 'the request (headers and body) was not received in time' };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'headers_too_large', message: 'request headers too large' };
    case 'HPE_INVALID_METHOD':
      return { status: 501, code: 'unknown_method', message: 'unknown HTTP method' };
    case 'HPE_INVALID_URL':
      return { status: 400, code: 'bad_url', message: `malformed request URL (${err.reason ?? 'invalid character'})` };
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
      return { status: 400, code: 'invalid_body', message: 'invalid Content-Length header' };
    default:
      return { status: 400, code: 'bad_request', message: `malformed HTTP request (${err.reason ?? err.code ?? 'parse error'})` };
  }
}

/**
 * fastify's `clientErrorHandler`: requests Node refuses before the app (bad bytes in the URL, a
 * bad Content-Length, an unknown method, oversized headers, a request not received in time) get
 * the same JSON error shape as everything else, then the connection is closed.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException & { reason?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // A response already under way on this socket cannot be followed by another one.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (!socket.writable || inFlight?.headersSent) return void socket.destroy();
  const c = classifyClientError(err);
  const body = JSON.stringify(errorBody(c.code, c.message));
  socket.end(
    `HTTP/1.1 ${c.status} ${STATUS_CODES[c.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
  );
  // Once the answer is out, stop reading whatever the client still sends.
  socket.once('finish', () => socket.destroy());
}
