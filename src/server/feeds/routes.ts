/**
 * Atom feeds of the archive's newest documents, newest first (by document date, as the search's
 * `newest` order has them):
 *   /feeds/latest.atom                the whole archive
 *   /feeds/search.atom?q=&type=&issuer=&section=&year=&from=&to=&status=
 *                                     any search, with the search's syntax and filters
 *   /feeds/agency/{name}.atom         the documents an agency issued (as its page lists them)
 * Entries come from the search engine (no query of their own); ids are stable (identity.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ValidityStatus } from '../../domain/validity.js';
import type { Archive } from '../../store/archive.js';
import type { SearchHit, SearchOptions } from '../../domain/search.js';
import { PARSER_VERSION } from '../../version.js';
import { LIMITS, searchFilterQuery } from '../api/schemas.js';
import { badRequest, classify, notFound } from '../errors.js';
import { runSearch } from '../search.js';
import { SITE_NAME } from '../web/layout.js';
import { atomXml, dateTimeOf, type AtomEntry } from './atom.js';
import { pagesOf, whereLabel } from '../../domain/source-location.js';
import { DocumentKeys, tagUri } from './identity.js';
import { ATOM_TYPE, agencyFeedHref, latestFeedHref, searchFeedHref } from './links.js';

/** Entries per feed. */
export const FEED_SIZE = 50;

/** The address the client reached us by (links in feeds and calendars must be absolute). */
export function baseUrlOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/** Feed and calendar errors are one line of plain text: a feed reader shows no HTML page. */
export function plainTextErrors(err: unknown, _req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const c = classify(err);
  if (c.status === 503) reply.header('retry-after', '1');
  if (c.unexpected) process.stderr.write(`gongbao serve: ${(err as Error)?.stack ?? err}\n`);
  return reply.code(c.status).type('text/plain; charset=utf-8').send(`${c.status} ${c.status === 500 ? 'internal error' : c.message}\n`);
}

/** `name.ext` of a path segment → name, or a 404 for any other file. */
export function stripExtension(file: string, ext: string): string {
  if (!file.endsWith(ext) || file.length === ext.length) throw notFound(file);
  return file.slice(0, -ext.length);
}

interface FeedSpec {
  key: string;
  title: string;
  subtitle: string;
  selfHref: string;
  pageHref: string;
}

async function entriesOf(archive: Archive, hits: SearchHit[], base: string): Promise<AtomEntry[]> {
  const keys = new DocumentKeys(archive);
  const out: AtomEntry[] = [];
  for (const h of hits) {
    const issue = await keys.issueOf(h.issueId);
    const when = dateTimeOf(h.date ?? issue?.publishedOn ?? issue?.ingestedAt ?? '1970-01-01');
    const issueLabel = issue ? `${issue.title ?? '公报'}${issue.year ? ` ${issue.year}年第${issue.number ?? '?'}期` : ''}` : (h.issueTitle ?? '公报');
    const facts = [h.docNumber, h.issuers.join('、'), h.date, h.docType].filter(Boolean).join(' · ');
    const where = whereLabel(h.startLine, h.endLine, pagesOf(h));
    out.push({
      id: tagUri('document', await keys.keyOf(h)),
      title: h.docNumber ? `${h.title}（${h.docNumber}）` : h.title,
      updated: when,
      published: when,
      authors: h.issuers,
      categories: h.docType ? [h.docType] : [],
      links: [
        { rel: 'alternate', type: 'text/html', href: `${base}/documents/${h.id}` },
        { rel: 'related', type: 'text/html', title: where, href: `${base}/documents/${h.id}/source#L${h.startLine}` },
      ],
      summary: [facts, `${issueLabel} · ${where}`, h.snippet].filter(Boolean).join('\n'),
    });
  }
  return out;
}

async function feedOf(archive: Archive, req: FastifyRequest, spec: FeedSpec, query: string, opts: SearchOptions): Promise<string> {
  const result = await runSearch(archive, query, { ...opts, sort: 'newest', limit: FEED_SIZE, offset: 0, facets: false, snippets: query.trim() !== '' });
  const base = baseUrlOf(req);
  const entries = await entriesOf(archive, result.hits, base);
  // The feed changes when an entry does; an empty feed is as old as the archive's newest issue.
  const newest = entries.map((e) => e.updated).sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  const issues = newest ? [] : await archive.listIssues({});
  const updated = newest ?? (issues.length ? dateTimeOf(issues.map((i) => i.ingestedAt).sort().at(-1)!) : '1970-01-01T00:00:00Z');
  return atomXml({
    id: tagUri('feed', spec.key),
    title: `${spec.title} - ${SITE_NAME}`,
    subtitle: spec.subtitle,
    updated,
    author: SITE_NAME,
    generator: { name: 'Gongbao', version: PARSER_VERSION },
    links: [
      { rel: 'self', type: ATOM_TYPE, href: `${base}${spec.selfHref}` },
      { rel: 'alternate', type: 'text/html', href: `${base}${spec.pageHref}` },
    ],
    entries,
  });
}

const dateQ = { type: 'string', format: 'date' };

interface SearchFeedQ {
  q: string; type?: string; issuer?: string; section?: string; year?: number; from?: string; to?: string; status?: ValidityStatus;
}

export function registerFeeds(app: FastifyInstance, opts: { archive: Archive }): void {
  const { archive } = opts;
  const hide = true;
  const send = (reply: FastifyReply, xml: string) => reply.type(`${ATOM_TYPE}; charset=utf-8`).header('cache-control', 'public, max-age=300').send(xml);

  app.get('/feeds/latest.atom', { schema: { hide }, errorHandler: plainTextErrors }, async (req, reply) =>
    send(reply, await feedOf(archive, req, { key: 'latest', title: '最新文件', subtitle: '文库新收录的文件，按成文日期从新到旧', selfHref: latestFeedHref(), pageHref: '/' }, '', {})));

  app.get<{ Querystring: SearchFeedQ }>('/feeds/search.atom', {
    schema: {
      hide,
      querystring: {
        type: 'object',
        properties: {
          ...searchFilterQuery,
          section: { type: 'string', maxLength: LIMITS.maxNameLength },
          from: dateQ,
          to: dateQ,
        },
      },
    },
    errorHandler: plainTextErrors,
  }, async (req, reply) => {
    const p = req.query;
    if (p.year && (p.from || p.to)) throw badRequest('year cannot be combined with from/to');
    const options: SearchOptions = {
      ...(p.type ? { type: p.type } : {}), ...(p.issuer ? { issuer: p.issuer } : {}), ...(p.section ? { section: p.section } : {}),
      ...(p.year ? { from: `${p.year}-01-01`, to: `${p.year}-12-31` } : {}), ...(p.from ? { from: p.from } : {}), ...(p.to ? { to: p.to } : {}),
      ...(p.status ? { status: p.status } : {}),
    };
    const described = [p.q.trim() && `“${p.q.trim()}”`, p.type, p.issuer, p.section, p.year && `${p.year}年`, p.status].filter(Boolean).join(' · ') || '全部文件';
    const selfHref = req.url.startsWith('/feeds/search.atom') ? req.url : searchFeedHref(p);
    const pageHref = `/search${selfHref.slice('/feeds/search.atom'.length)}`;
    return send(reply, await feedOf(archive, req, { key: `search?${canonicalQuery(p)}`, title: `检索：${described}`, subtitle: `符合检索条件的文件（${described}），按成文日期从新到旧`, selfHref, pageHref }, p.q, options));
  });

  app.get<{ Params: { file: string } }>('/feeds/agency/:file', {
    schema: { hide, params: { type: 'object', properties: { file: { type: 'string', minLength: 1, maxLength: LIMITS.maxNameLength + 5 } }, required: ['file'] } },
    errorHandler: plainTextErrors,
  }, async (req, reply) => {
    const name = stripExtension(req.params.file, '.atom').trim();
    const [issued, tasks] = await Promise.all([
      runSearch(archive, '', { issuer: name, limit: 0, facets: false, snippets: false }),
      archive.countTasks({ agency: name }),
    ]);
    // As the agency's page: an agency is known by the documents it issued or the tasks it has.
    if (!issued.total && !tasks.total) throw notFound(`agency ${name}`);
    return send(reply, await feedOf(archive, req, {
      key: `agency/${name}`, title: `${name}所发文件`, subtitle: `${name}发布的文件，按成文日期从新到旧`,
      selfHref: agencyFeedHref(name), pageHref: `/agencies/${encodeURIComponent(name)}`,
    }, '', { issuer: name }));
  });
}

/** The search feed's identity: its query and filters in a fixed order, whatever order the URL had. */
function canonicalQuery(p: SearchFeedQ): string {
  const keys = ['q', 'type', 'issuer', 'section', 'year', 'from', 'to', 'status'] as const;
  return keys.flatMap((k) => (p[k] !== undefined && String(p[k]).trim() !== '' ? [`${k}=${String(p[k]).trim()}`] : [])).join('&');
}
