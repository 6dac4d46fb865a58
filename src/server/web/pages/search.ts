/**
 * Search: results with highlighted snippets, facets (type, issuer, year, validity), filters,
 * pagination; a query that is just a document number goes straight to that document.
 */
import type { Archive } from '../../../store/archive.js';
import { SEARCH_SORTS, type SearchHit, type SearchOptions, type SearchSort } from '../../../domain/search.js';
import { VALIDITY_STATUSES, type ValidityStatus } from '../../../domain/validity.js';
import { findDocNumbers } from '../../../core/docnumber.js';
import { squash } from '../../../core/text.js';
import { runSearch } from '../../search.js';
import { html, joinHtml, type SafeHtml } from '../html.js';
import { page, pager } from '../layout.js';
import { STATUS_LABEL, fmtCount, fmtDate } from '../format.js';
import { docHref, emptyState, issueHref, searchHref } from '../parts.js';
import { alternateLink, searchFeedHref } from '../../feeds/links.js';

export const PAGE_SIZE = 20;

export interface SearchParams {
  q: string;
  type?: string | undefined;
  issuer?: string | undefined;
  year?: number | undefined;
  status?: ValidityStatus | undefined;
  sort?: SearchSort | undefined;
  page: number;
}

export const SORT_LABEL: Record<SearchSort, string> = { relevance: '相关度', newest: '最新在前', oldest: '最早在前' };

/** The document number when the whole query is one (阳政发〔2020〕2号, 阳政发[2020]2 号 …). */
export function docNumberQuery(q: string): string | null {
  const t = q.trim();
  const found = findDocNumbers(t);
  if (found.length !== 1) return null;
  const f = found[0]!;
  const rest = squash(t.slice(0, f.index) + t.slice(f.index + f.length));
  return rest === '' ? f.normalized : null;
}

function snippetHtml(hit: SearchHit): SafeHtml {
  const parts: SafeHtml[] = [];
  let pos = 0;
  const ranges = [...hit.highlights].sort((a, b) => a[0] - b[0]);
  for (const [s, e] of ranges) {
    if (s < pos) continue;
    parts.push(html`${hit.snippet.slice(pos, s)}<mark>${hit.snippet.slice(s, e)}</mark>`);
    pos = e;
  }
  parts.push(html`${hit.snippet.slice(pos)}`);
  return joinHtml(parts);
}

type Filters = Omit<SearchParams, 'page'>;

function hrefWith(p: Filters, change: Partial<Filters>, pageNo = 1): string {
  const m = { ...p, ...change };
  const sort = m.sort && m.sort !== 'relevance' ? m.sort : undefined;
  return searchHref({ q: m.q, type: m.type, issuer: m.issuer, year: m.year, status: m.status, sort, page: pageNo > 1 ? pageNo : undefined });
}

function facetList(title: string, id: string, values: Array<{ value: string; label: string; count: number }>, active: string | undefined, hrefOf: (v: string | undefined) => string): SafeHtml {
  return html`<section class="facet" aria-labelledby="${id}">
    <h3 id="${id}">${title}</h3>
    ${active !== undefined ? html`<p class="facet-clear"><a href="${hrefOf(undefined)}">× 取消“${values.find((v) => v.value === active)?.label ?? active}”</a></p>` : ''}
    ${values.length ? html`<ul>${values.slice(0, 12).map((v) => html`<li>${v.value === active
      ? html`<span class="on" aria-current="true">${v.label}</span>`
      : html`<a href="${hrefOf(v.value)}">${v.label}</a>`}<span class="n">${v.count}</span></li>`)}</ul>` : html`<p class="empty">无</p>`}
  </section>`;
}

export type SearchOutcome = { redirect: string } | { html: string };

export async function searchPage(archive: Archive, p: SearchParams): Promise<SearchOutcome> {
  const q = p.q.trim();
  const num = q ? docNumberQuery(q) : null;
  const numberMatches = num ? await archive.findByDocNumber(num) : [];
  if (numberMatches.length === 1 && !p.type && !p.issuer && !p.year && !p.status && p.page === 1) {
    // The document page says it was found by its number and keeps the query in the search box.
    return { redirect: `${docHref(numberMatches[0]!.id)}?${new URLSearchParams({ q })}` };
  }
  const sort = p.sort ?? 'relevance';
  const opts: SearchOptions = {
    sort,
    limit: PAGE_SIZE,
    offset: (p.page - 1) * PAGE_SIZE,
    ...(p.type ? { type: p.type } : {}),
    ...(p.issuer ? { issuer: p.issuer } : {}),
    ...(p.year ? { from: `${p.year}-01-01`, to: `${p.year}-12-31` } : {}),
    ...(p.status ? { status: p.status } : {}),
  };
  const result = await runSearch(archive, q, opts);
  // Validity facet: counts per status over the same query and the other filters (with a status
  // chosen, the counts come from the search without it).
  const { status: _chosen, ...others } = opts;
  const byStatus = (p.status ? (await runSearch(archive, q, { ...others, limit: 0, offset: 0, snippets: false })).facets : result.facets)?.status ?? [];
  const statusCounts = VALIDITY_STATUSES.flatMap((s) => {
    const count = byStatus.find((f) => f.value === s)?.count ?? 0;
    return count ? [{ value: s, label: STATUS_LABEL[s], count }] : [];
  });
  const facets = result.facets ?? { type: [], issuer: [], year: [] };
  const totalPages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const filters: Filters = { q, type: p.type, issuer: p.issuer, year: p.year, status: p.status, sort };
  const active = [
    p.type && { label: `文种：${p.type}`, href: hrefWith(filters, { type: undefined }) },
    p.issuer && { label: `发文机关：${p.issuer}`, href: hrefWith(filters, { issuer: undefined }) },
    p.year && { label: `年份：${p.year}`, href: hrefWith(filters, { year: undefined }) },
    p.status && { label: `效力：${STATUS_LABEL[p.status]}`, href: hrefWith(filters, { status: undefined }) },
  ].filter((x): x is { label: string; href: string } => !!x);

  const body = html`
<header class="page-head">
  <h1>文件检索</h1>
  <form class="bigsearch" action="/search" method="get" role="search" aria-label="文件检索">
    <label class="sr" for="q">检索词</label>
    <input id="q" name="q" type="search" value="${q}" maxlength="200" placeholder="关键词、短语或文号" autocomplete="off">
    ${p.type ? html`<input type="hidden" name="type" value="${p.type}">` : ''}
    ${p.issuer ? html`<input type="hidden" name="issuer" value="${p.issuer}">` : ''}
    ${p.year ? html`<input type="hidden" name="year" value="${p.year}">` : ''}
    ${p.status ? html`<input type="hidden" name="status" value="${p.status}">` : ''}
    ${sort !== 'relevance' ? html`<input type="hidden" name="sort" value="${sort}">` : ''}
    <button type="submit">检索</button>
  </form>
  <p class="result-line" role="status">${q ? html`“${q}”` : '全部文件'}：共 <strong>${fmtCount(result.total)}</strong> 件${result.total > PAGE_SIZE ? html`，第 ${p.page}/${totalPages} 页` : ''}<span class="took">（用时 ${Math.max(1, Math.round(result.tookMs))} 毫秒）</span></p>
  ${result.total > 1 ? html`<nav class="sorts" aria-label="排序"><span>排序：</span><ul>${SEARCH_SORTS.map((o) => html`<li>${o === sort
    ? html`<span aria-current="true">${SORT_LABEL[o]}</span>`
    : html`<a href="${hrefWith(filters, { sort: o })}">${SORT_LABEL[o]}</a>`}</li>`)}</ul></nav>` : ''}
  ${active.length ? html`<p class="chips">已选条件：${active.map((a) => html`<a class="chip" href="${a.href}" aria-label="取消条件 ${a.label}">${a.label} ×</a>`)}</p>` : ''}
</header>
<div class="layout-2 search-layout">
  <aside class="side facets" aria-labelledby="facets-title">
    <h2 id="facets-title" class="sr">筛选条件</h2>
    ${facetList('文种', 'fc-type', facets.type.map((f) => ({ value: f.value, label: f.value, count: f.count })), p.type, (v) => hrefWith(filters, { type: v }))}
    ${facetList('发文机关', 'fc-issuer', facets.issuer.map((f) => ({ value: f.value, label: f.value, count: f.count })), p.issuer, (v) => hrefWith(filters, { issuer: v }))}
    ${facetList('年份', 'fc-year', facets.year.map((f) => ({ value: f.value, label: `${f.value}年`, count: f.count })).sort((a, b) => b.value.localeCompare(a.value)), p.year ? String(p.year) : undefined, (v) => hrefWith(filters, { year: v ? Number(v) : undefined }))}
    ${facetList('效力状态', 'fc-status', statusCounts, p.status, (v) => hrefWith(filters, { status: v as ValidityStatus | undefined }))}
  </aside>
  <div class="main-col">
    ${numberMatches.length > 1 ? html`<section class="panel"><h2>文号为 ${num} 的文件</h2><ul class="doc-list">${numberMatches.map((d) => html`<li><a href="${docHref(d.id)}">${d.title}</a> <span class="docno">${d.docNumber}</span></li>`)}</ul></section>` : ''}
    ${result.hits.length ? html`<ol class="results" start="${(p.page - 1) * PAGE_SIZE + 1}">${result.hits.map((h) => html`<li class="hit">
      <h2 class="hit-title"><a href="${docHref(h.id, h.titleMatch ? undefined : h.line)}">${h.title}</a></h2>
      <p class="hit-meta">${h.docNumber ? html`<span class="docno">${h.docNumber}</span>` : ''}${h.issuers.length ? html`<span>${h.issuers.join('、')}</span>` : ''}${h.date ? html`<time datetime="${h.date}">${fmtDate(h.date)}</time>` : ''}${h.docType ? html`<span>${h.docType}</span>` : ''}<a href="${issueHref(h.issueId)}">${h.issueTitle ?? '公报'}</a></p>
      ${h.snippet ? html`<p class="snippet">${snippetHtml(h)}</p>` : ''}
    </li>`)}</ol>` : emptyState(q ? '没有找到符合条件的文件。可以减少检索词，或取消筛选条件。' : '文库中还没有文件。')}
    ${pager(p.page, totalPages, (n) => hrefWith(filters, {}, n))}
  </div>
</div>`;
  return {
    html: page({
      title: q ? `检索：${q}` : '文件检索',
      body,
      nav: 'search',
      query: q,
      head: alternateLink(searchFeedHref(filters), q ? `检索“${q}”的新文件（Atom）` : '最新文件（Atom）'),
      breadcrumbs: [{ href: '/', label: '首页' }, { label: '文件检索' }],
    }),
  };
}
