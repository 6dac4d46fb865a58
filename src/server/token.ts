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
