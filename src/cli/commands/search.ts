/**
 * `gongbao search QUERY`: full-text search over the archive (syntax in src/search/query.ts and
 * docs/search.md). `--json` prints the result with its hits for scripts.
 */
import type { Command } from 'commander';
import type { markSnippet as MarkSnippet } from '../../search/snippet.js';
import { relative } from 'node:path';
import { SEARCH_SORTS, type SearchOptions, type SearchResult, type SearchSort } from '../../domain/search.js';
import { VALIDITY_STATUSES, type ValidityStatus } from '../../domain/validity.js';
import { UsageError } from '../errors.js';
import { printJson, warnOnStderr } from '../output.js';
import { forTerminal } from '../terminal.js';

interface SearchCliOptions {
  db?: string;
  limit: string;
  offset: string;
  type?: string;
  issuer?: string;
  section?: string;
  from?: string;
  to?: string;
  status?: string;
  asOf?: string;
  sort?: string;
  json?: boolean;
  facets?: boolean;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function count(name: string, v: string, min: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${name} expects a whole number ≥ ${min}, got "${v}"`);
  return Number(v);
}

function date(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (/^\d{4}$/.test(v)) return name === '--to' ? `${v}-12-31` : `${v}-01-01`;
  if (!ISO.test(v)) throw new UsageError(`${name} expects a date YYYY-MM-DD (or a year), got "${v}"`);
  return v;
}

export function searchOptionsOf(opts: SearchCliOptions): SearchOptions {
  if (opts.status && !VALIDITY_STATUSES.includes(opts.status as ValidityStatus)) {
    throw new UsageError(`--status expects one of ${VALIDITY_STATUSES.join(', ')}, got "${opts.status}"`);
  }
  if (opts.sort && !SEARCH_SORTS.includes(opts.sort as SearchSort)) {
    throw new UsageError(`--sort expects one of ${SEARCH_SORTS.join(', ')}, got "${opts.sort}"`);
  }
  return {
    ...(opts.sort ? { sort: opts.sort as SearchSort } : {}),
    limit: count('--limit', opts.limit, 1),
    offset: count('--offset', opts.offset, 0),
    type: opts.type,
    issuer: opts.issuer,
    section: opts.section,
    from: date('--from', opts.from),
    to: date('--to', opts.to),
    status: opts.status as ValidityStatus | undefined,
    asOf: date('--as-of', opts.asOf),
  };
}

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('search the archive: words (all must match), "exact phrase", -exclusion, issuer: type: year: section: status:')
    .argument('<query...>', 'the query (several arguments are joined with spaces)')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('--limit <n>', 'number of hits', '20')
    .option('--offset <n>', 'skip this many hits', '0')
    .option('--type <type>', 'document type (文种), e.g. 通知')
    .option('--issuer <name>', 'issuing body')
    .option('--section <name>', 'gazette section, e.g. 人事任免')
    .option('--from <date>', 'documents dated on or after (YYYY-MM-DD or year)')
    .option('--to <date>', 'documents dated on or before (YYYY-MM-DD or year)')
    .option('--status <status>', `validity status: ${VALIDITY_STATUSES.join(', ')}`)
    .option('--as-of <date>', 'date for --status (default today)')
    .option('--sort <order>', `order of the hits: ${SEARCH_SORTS.join(', ')} (by document date; default relevance)`)
    .option('--facets', 'also print facet counts (type, issuer, year)')
    .option('--json', 'print the result as JSON')
    .action(async (words: string[], opts: SearchCliOptions) => {
      const query = words.join(' ').trim();
      if (!query) throw new UsageError('empty query');
      const options = searchOptionsOf(opts);
      const [{ connectReader }, { QuerySyntaxError }] = await Promise.all([import('../../store/open.js'), import('../../search/query.js')]);
      const archive = await connectReader(opts.db, { onWarning: warnOnStderr });
      let result: SearchResult;
      try {
        result = await archive.search(query, options);
      } catch (e) {
        if (e instanceof QuerySyntaxError) throw new UsageError(e.message);
        throw e;
      } finally {
        await archive.close();
      }
      if (opts.json) {
        const hits = result.hits.map((h) => ({
          id: h.id,
          docNumber: h.docNumber,
          title: h.title,
          date: h.date,
          docType: h.docType,
          issuers: h.issuers,
          issue: { id: h.issueId, title: h.issueTitle },
          sourceFile: h.sourcePath,
          startLine: h.startLine,
          endLine: h.endLine,
          line: h.line,
          score: h.score,
          titleMatch: h.titleMatch,
          snippet: h.snippet,
          highlights: h.highlights,
        }));
        printJson({ query, total: result.total, tookMs: result.tookMs, facets: result.facets, hits });
        return;
      }
      const { markSnippet } = await import('../../search/snippet.js');
      process.stdout.write(printResult(result, options.offset ?? 0, process.stdout.isTTY === true, !!opts.facets, markSnippet));
    });
}

/**
 * The plain listing. Titles, file names and snippets are the archive's text: each is made safe for
 * the terminal before the listing adds its own marks (forTerminal keeps the snippet's offsets).
 */
function printResult(r: SearchResult, offset: number, tty: boolean, facets: boolean, mark: typeof MarkSnippet): string {
  const [open, close] = tty ? ['\x1b[1;33m', '\x1b[0m'] : ['«', '»'];
  const out: string[] = [];
  const shown = r.hits.length ? `, showing ${offset + 1}–${offset + r.hits.length}` : '';
  out.push(`${r.total} document${r.total === 1 ? '' : 's'}${shown} (${r.tookMs} ms)`);
  r.hits.forEach((h, i) => {
    const rel = relative(process.cwd(), h.sourcePath);
    const file = rel && !rel.startsWith('..') ? rel : h.sourcePath;
    out.push('');
    out.push(forTerminal(`${String(offset + i + 1).padStart(3)}. ${[h.docNumber, h.title, h.date].filter(Boolean).join('  ')}`));
    out.push(forTerminal(`     ${file}:${h.startLine}-${h.endLine}  line ${h.line}  score ${h.score}`));
    if (h.snippet) out.push(`     ${mark({ snippet: forTerminal(h.snippet), highlights: h.highlights }, open, close)}`);
  });
  if (facets && r.facets) {
    out.push('');
    for (const [name, list] of Object.entries(r.facets)) {
      out.push(forTerminal(`${name}: ${list.map((f) => `${f.value} (${f.count})`).join(', ')}`));
    }
  }
  return out.join('\n') + '\n';
}
