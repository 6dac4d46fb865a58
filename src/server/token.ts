/** The server's token (GONGBAO_TOKEN): what a request carries and whether it matches. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** Compared as SHA-256 digests in constant time (equal lengths, no early exit). */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The token of a request: `Authorization: Bearer …` or `X-Gongbao-Token`. */
export function requestToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    if (m) return m[1]!;
  }
  const x = req.headers['x-gongbao-token'];
  return typeof x === 'string' && x ? x : null;
}

/** Whether a request carries the server's token. */
export function hasToken(req: FastifyRequest, token: string | null): boolean {
  const given = requestToken(req);
  return !!token && !!given && tokenMatches(given, token);
}

/**
 * Why a request may not change the archive, or null when it may: the server has no token (it is
 * read-only), or the request carries none or another. `what` names the change for the message.
 */
export function tokenRefusal(req: FastifyRequest, token: string | null, what: string): { status: number; code: string; message: string } | null {
  if (!token) return { status: 403, code: 'read_only', message: `this server is read-only (start it with GONGBAO_TOKEN set to allow ${what})` };
  const given = requestToken(req);
  if (!given) return { status: 401, code: 'unauthorized', message: 'missing token (Authorization: Bearer <token>)' };
  if (!tokenMatches(given, token)) return { status: 401, code: 'unauthorized', message: 'wrong token' };
  return null;
}
