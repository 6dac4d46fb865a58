/**
 * POST /api/issues: ingest of a posted issue file. Everything that can refuse an upload — ingest
 * switched off, a missing or wrong token, a media type other than raw text, a bad `name`, a body
 * over the limit, too many upload bytes in flight — is decided from the request's headers before
 * its body is read, and such a refusal closes the connection, so a client without the token can
 * neither make the server buffer a body nor keep its connection busy sending one. Decoding and
 * parsing run on a worker thread (parse-pool.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Archive } from '../../store/archive.js';
import { InputError } from '../../core/decode.js';
import { HttpError, badRequest, describeValidation, sendJsonError } from '../errors.js';
import { sendContinue } from '../http-server.js';
import { tokenRefusal } from '../token.js';
import { ingestBytes } from '../ingest.js';
import { isPdf } from '../../pdf/sniff.js';
import type { UploadParser } from '../parse-pool.js';
import { publicIngestResult } from './public-paths.js';
import { type Limits, query, ref, responses } from './schemas.js';

export interface UploadOptions {
  archive: Archive;
  /** Uploads are accepted only with this token; without one the API is read-only. */
  token: string | null;
  parser: UploadParser;
  limits: Limits;
}

export const UPLOAD_MEDIA_TYPES = ['text/plain', 'application/octet-stream', 'application/pdf'];

/** Why `name` cannot be a stored file name, or null: a plain file name, no path, nothing invisible. */
export function fileNameProblem(name: string): string | null {
  if (/[/\\]/.test(name)) return 'must be a plain file name, without / or \\';
  if (/[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(name)) return 'must not contain control or bidi control characters';
  if (name.includes('..')) return 'must not contain ..';
  if (name.trim() === '.' || !name.trim()) return 'must be a file name';
  return null;
}

/** Hashed on libuv's thread pool (WebCrypto), not on the event loop: a body may be 32 MiB. */
async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return Buffer.from(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)).toString('hex');
}

/** Upload bytes being received or parsed at once, by declared size. */
class InFlight {
  private used = 0;
  constructor(private readonly max: number) {}
  take(n: number): boolean {
    if (this.used + n > this.max) return false;
    this.used += n;
    return true;
  }
  give(n: number): void {
    this.used -= n;
  }
}

export function registerUpload(app: FastifyInstance, opts: UploadOptions): void {
  const { archive, token, parser, limits } = opts;
  const inFlight = new InFlight(limits.uploadBytesInFlight);

  /** A refusal before the body: the body is never read, so the connection cannot be reused. */
  const refuse = (reply: FastifyReply, status: number, code: string, message: string) =>
    sendJsonError(reply.header('connection', 'close'), status, code, message);

  async function beforeBody(req: FastifyRequest, reply: FastifyReply) {
    const denied = tokenRefusal(req, token, 'ingest');
    if (denied) return refuse(reply, denied.status, denied.code, denied.message);

    const mediaType = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!UPLOAD_MEDIA_TYPES.includes(mediaType)) {
      return refuse(reply, 415, 'unsupported_media_type', `Content-Type must be ${UPLOAD_MEDIA_TYPES.join(' or ')} (the raw issue file), not ${mediaType || 'missing'}`);
    }
    const validateQuery = req.getValidationFunction('querystring');
    if (validateQuery && !validateQuery(req.query)) {
      return refuse(reply, 400, 'invalid_parameter', describeValidation(validateQuery.errors, 'querystring') ?? 'invalid query');
    }
    const name = (req.query as { name?: string }).name;
    const problem = name === undefined ? null : fileNameProblem(name);
    if (problem) return refuse(reply, 400, 'invalid_parameter', `name ${problem} (query)`);

    const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
    if (declared !== null && declared > limits.ingestBodyLimit) {
      return refuse(reply, 413, 'body_too_large', `the body is ${declared} bytes; at most ${limits.ingestBodyLimit} are accepted`);
    }
    // A body without a declared length may grow to the limit.
    const reserved = declared ?? limits.ingestBodyLimit;
    if (!inFlight.take(reserved)) {
      reply.header('retry-after', '5');
      return refuse(reply, 503, 'busy', 'too many uploads in progress; retry shortly');
    }
    let released = false;
    const release = () => {
      if (!released) inFlight.give(reserved);
      released = true;
    };
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
    sendContinue(req.raw, reply.raw);
    return undefined;
  }

  app.post<{ Querystring: { name?: string; force?: boolean }; Body: Buffer }>('/api/issues', {
    bodyLimit: limits.ingestBodyLimit,
    onRequest: beforeBody,
    schema: {
      tags: ['issues'],
      summary: 'Ingest one issue (the raw file: PDF or text); needs the token (Authorization: Bearer …)',
      description:
        'Only when the server runs with GONGBAO_TOKEN set; otherwise 403 read_only. Body: the file as ' +
        'application/pdf (a PDF: text layer, or OCR of scanned pages), text/plain (UTF-8) or application/octet-stream ' +
        '(a PDF, or text in any encoding the parser detects: UTF-8, UTF-16, GB18030). ' +
        `At most ${limits.ingestBodyLimit} bytes. Refusals (401, 403, 413, 415, 400 for a bad name) are answered from the ` +
        'request headers, before the body is read. Idempotent: the same content under the same name is not stored twice.',
      querystring: query({
        name: {
          type: 'string', minLength: 1, maxLength: limits.maxNameLength,
          description: 'File name to store the issue under: a plain file name, no / or \\, no .., no control characters (default: its SHA-256)',
        },
        force: { type: 'boolean', default: false, description: 'Replace the stored issue of this name even by a parse with far fewer documents (else 409 fewer_documents)' },
      }),
      security: [{ bearer: [] }],
      response: responses(ref('IngestResult'), 201, [400, 401, 403, 409, 413, 415, 422, 503]),
    },
  }, async (req, reply) => {
    const bytes = req.body;
    if (!bytes || !bytes.length) throw badRequest('empty body: post the raw text of an issue file', 'invalid_body');
    const name = req.query.name ?? `${(await sha256Hex(bytes)).slice(0, 16)}${isPdf(bytes) ? '.pdf' : '.txt'}`;
    let result;
    try {
      result = await ingestBytes(archive, bytes, `upload:${name}`, name, { parser, force: req.query.force ?? false });
    } catch (e) {
      if (e instanceof InputError) throw new HttpError(422, 'unparsable', e.message);
      throw e;
    }
    reply.code(result.status === 'inserted' || result.status === 'replaced' ? 201 : 200);
    return publicIngestResult(result);
  });
}
