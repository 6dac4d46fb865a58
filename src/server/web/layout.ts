/** The page shell of the web reader: header with search, navigation, breadcrumbs, footer. */
import { assetUrl } from '../assets.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

export const SITE_NAME = '政府公报文库';

export type NavKey = 'home' | 'search' | 'people' | 'agencies' | 'tasks' | 'about' | null;

export interface PageOptions {
  title: string;
  body: SafeHtml;
  nav?: NavKey;
  breadcrumbs?: Array<{ href?: string; label: string }>;
  /** Query shown in the header search box. */
  query?: string;
  scripts?: string[];
  /** Page-specific <head> additions (e.g. a canonical link). */
  head?: HtmlValue;
  /** Full-width main area (graph page). */
  wide?: boolean;
}

const NAV: Array<{ key: Exclude<NavKey, null>; href: string; label: string }> = [
  { key: 'home', href: '/', label: '首页' },
  { key: 'search', href: '/search', label: '文件检索' },
  { key: 'people', href: '/people', label: '人事任免' },
  { key: 'agencies', href: '/agencies', label: '机构' },
  { key: 'tasks', href: '/tasks', label: '任务督办' },
  { key: 'about', href: '/about', label: '数据说明' },
];

export function page(o: PageOptions): string {
  const crumbs = o.breadcrumbs?.length
    ? html`<nav class="crumbs" aria-label="位置"><ol>${o.breadcrumbs.map((c, i) =>
        c.href && i < o.breadcrumbs!.length - 1
          ? html`<li><a href="${c.href}">${c.label}</a></li>`
          : html`<li aria-current="page">${c.label}</li>`)}</ol></nav>`
    : '';
  const doc = html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} - ${SITE_NAME}</title>
<link rel="stylesheet" href="${assetUrl('style.css')}">
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
${o.head ?? ''}
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="site">
  <div class="bar">
    <a class="brand" href="/"><span class="seal" aria-hidden="true">公</span><span><strong>${SITE_NAME}</strong><small>政府公报 · 规范性文件 · 人事任免 · 任务督办</small></span></a>
    <form class="hsearch" action="/search" method="get" role="search" aria-label="站内检索">
      <label class="sr" for="hq">检索文件</label>
      <input id="hq" name="q" type="search" value="${o.query ?? ''}" placeholder="标题、正文或文号，如 阳政发〔2020〕2号" maxlength="200" autocomplete="off">
      <button type="submit">检索</button>
    </form>
  </div>
  <nav class="nav" aria-label="主导航"><ul>${NAV.map((n) =>
    html`<li><a href="${n.href}"${n.key === o.nav ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul></nav>
</header>
<main id="main" class="${o.wide ? 'wide' : ''}" tabindex="-1">
${crumbs}
${o.body}
</main>
<footer class="site">
  <p>本站内容由程序从政府公报文本中自动提取和整理。标注、链接、任务与时限等信息可能不完整或有误，<strong>一切以公报原文为准</strong>；每条信息都标有原文行号，可一键核对。</p>
  <p><a href="/about">数据说明</a> · <a href="/api/openapi.json">开放接口（OpenAPI）</a> · <a href="/api/stats">统计（JSON）</a></p>
</footer>
${['app.js', ...(o.scripts ?? []).filter((s) => s !== 'app.js')].map((s) => html`<script src="${assetUrl(s)}" defer></script>`)}
</body>
</html>
`;
  return doc.value;
}

/** Pager: previous / page N of M / next, keeping the other query parameters. */
export function pager(current: number, totalPages: number, hrefOf: (page: number) => string): SafeHtml | '' {
  if (totalPages <= 1) return '';
  const pages: number[] = [];
  for (let p = Math.max(1, current - 3); p <= Math.min(totalPages, current + 3); p++) pages.push(p);
  if (pages[0] !== 1) pages.unshift(1);
  if (pages[pages.length - 1] !== totalPages) pages.push(totalPages);
  const items: SafeHtml[] = [];
  let prev = 0;
  for (const p of pages) {
    if (p - prev > 1) items.push(html`<li class="gap" aria-hidden="true">…</li>`);
    items.push(p === current
      ? html`<li><span aria-current="page">${p}</span></li>`
      : html`<li><a href="${hrefOf(p)}" aria-label="第${p}页">${p}</a></li>`);
    prev = p;
  }
  return html`<nav class="pager" aria-label="分页"><ul>
    ${current > 1 ? html`<li><a href="${hrefOf(current - 1)}" rel="prev">上一页</a></li>` : ''}
    ${items}
    ${current < totalPages ? html`<li><a href="${hrefOf(current + 1)}" rel="next">下一页</a></li>` : ''}
  </ul></nav>`;
}
