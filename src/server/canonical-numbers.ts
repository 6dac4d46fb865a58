/**
 * Numbers in paths and query strings are accepted in one spelling only: decimal digits, no sign
 * (a minus only so that the schema can say the number is too small), no leading zeros, no
 * decimals, exponents or hex. Ajv's type coercion alone would take `/api/documents/0x10`, `1.0`,
 * `+1` and `00005` as ids, so that one resource had many URLs and typos went unnoticed.
 */
import type { FastifyRequest } from 'fastify';
import { badRequest, isApiRequest } from './errors.js';

const CANONICAL = /^-?(0|[1-9]\d{0,14})$/;

type Props = Record<string, { type?: unknown }> | undefined;

function numericNames(schema: unknown): string[] {
  const props = (schema as { properties?: Props } | undefined)?.properties;
  if (!props) return [];
  return Object.entries(props).filter(([, p]) => p?.type === 'integer' || p?.type === 'number').map(([k]) => k);
}

export async function rejectNonCanonicalNumbers(req: FastifyRequest): Promise<void> {
  const schema = req.routeOptions.schema as { querystring?: unknown; params?: unknown } | undefined;
  if (!schema) return;
  const api = isApiRequest(req);
  for (const [where, part, values] of [['query', schema.querystring, req.query], ['path', schema.params, req.params]] as const) {
    const given = values as Record<string, unknown> | undefined;
    if (!given) continue;
    for (const name of numericNames(part)) {
      const v = given[name];
      // Empty form fields of the web pages mean "no filter" (web/routes.ts drops them).
      if (typeof v !== 'string' || (v === '' && !api)) continue;
      if (!CANONICAL.test(v)) throw badRequest(`${name} must be a whole number written in plain digits (no sign, leading zeros, decimals or hex), got "${v}" (${where})`);
    }
  }
}
