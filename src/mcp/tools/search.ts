/** search_documents: the archive's full-text search (the engine the API and the reader use). */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SEARCH_SORTS, type SearchResult } from '../../domain/search.js';
import { VALIDITY_STATUSES } from '../../domain/validity.js';
import { QuerySyntaxError } from '../../search/query.js';
import { citeText, documentRef, documentRefSchema, isoDateSchema, type McpContext } from '../evidence.js';
import { ToolInputError, answer } from '../result.js';

const facetSchema = z.array(z.object({ value: z.string(), count: z.number().int() }));

export const SEARCH_SYNTAX =
  'Words (all must match; any Chinese substring), "exact phrases", -excluded words, field filters ' +
  'issuer:/发文机关: type:/文种: year:2020 or year:2020-2023 (年份:) section:/栏目: status:/状态: (in_force, expired, repealed, ' +
  'not_yet_in_force, unknown; also 状态:现行有效) title:/标题: (-title: excludes), and document numbers in any spelling ' +
  '(阳政发〔2020〕2号, 阳政发[2020]2号). An empty query lists every document.';

const SEARCH_DOCUMENTS_INPUT = {
  query: z.string().max(200).default('').describe(SEARCH_SYNTAX),
  type: z.string().max(100).optional().describe('文种, e.g. 通知, 意见, 方案'),
  issuer: z.string().max(100).optional().describe('Issuing body as printed, e.g. 阳泉市人民政府'),
  section: z.string().max(100).optional().describe('Gazette section, e.g. 人事任免'),
  from: isoDateSchema.optional().describe('Documents dated on or after (YYYY-MM-DD)'),
  to: isoDateSchema.optional().describe('Documents dated on or before (YYYY-MM-DD)'),
  status: z.enum(VALIDITY_STATUSES as [string, ...string[]]).optional().describe('Validity at asOf'),
  asOf: isoDateSchema.optional().describe('Date for the status filter (default today)'),
  sort: z.enum(SEARCH_SORTS).default('relevance').describe('relevance, newest or oldest (by document date)'),
  limit: z.number().int().min(1).max(50).default(10),
  offset: z.number().int().min(0).max(100000).default(0),
};

const SEARCH_DOCUMENTS_OUTPUT = {
  query: z.string(),
  total: z.number().int(),
  offset: z.number().int(),
  nextOffset: z.number().int().nullable(),
  hits: z.array(documentRefSchema.extend({
    line: z.number().int().describe('Line of the first match (the title line when only the title matched)'),
    date: z.string().nullable().describe('成文日期'),
    docType: z.string().nullable(),
    issuers: z.array(z.string()),
    issue: z.object({ id: z.number().int(), title: z.string().nullable() }),
    snippet: z.string(),
    titleMatch: z.boolean(),
  })),
  facets: z.object({ type: facetSchema, issuer: facetSchema, year: facetSchema, status: facetSchema }).nullable(),
};

export function registerSearchTool(server: McpServer, ctx: McpContext): void {
  server.registerTool('search_documents', {
    title: 'Search documents',
    description: `Full-text search over the gazette archive. ${SEARCH_SYNTAX} Each hit cites the document (id, number, title, line range) and the line of its first match.`,
    inputSchema: SEARCH_DOCUMENTS_INPUT,
    outputSchema: SEARCH_DOCUMENTS_OUTPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async (a) => {
    if (a.from && a.to && a.to < a.from) throw new ToolInputError('to must not be before from');
    let r: SearchResult;
    try {
      r = await ctx.archive.search(a.query, {
        limit: a.limit, offset: a.offset, sort: a.sort,
        ...(a.type ? { type: a.type } : {}), ...(a.issuer ? { issuer: a.issuer } : {}), ...(a.section ? { section: a.section } : {}),
        ...(a.from ? { from: a.from } : {}), ...(a.to ? { to: a.to } : {}), ...(a.asOf ? { asOf: a.asOf } : {}),
        ...(a.status ? { status: a.status as (typeof VALIDITY_STATUSES)[number] } : {}),
      });
    } catch (e) {
      if (e instanceof QuerySyntaxError) throw new ToolInputError(`query: ${e.message}`);
      throw e;
    }
    const hits = r.hits.map((h) => ({
      ...documentRef(ctx, h), line: h.line, date: h.date, docType: h.docType, issuers: h.issuers,
      issue: { id: h.issueId, title: h.issueTitle }, snippet: h.snippet, titleMatch: h.titleMatch,
    }));
    const next = a.offset + r.hits.length < r.total ? a.offset + r.hits.length : null;
    const text = [
      `${r.total} document${r.total === 1 ? '' : 's'} match${r.hits.length ? `; ${a.offset + 1}–${a.offset + r.hits.length} shown` : ''}.`,
      ...hits.map((h, i) => `${a.offset + i + 1}. ${citeText(h)}${h.date ? ` ${h.date}` : ''} — line ${h.line}: ${h.snippet}`),
    ].join('\n');
    return answer({ query: a.query, total: r.total, offset: a.offset, nextOffset: next, hits, facets: r.facets }, text);
  });
}
