/** Issue: masthead, the table of contents as printed with each entry linked to its document, mismatches. */
import type { AdjacentIssues, Archive, DocumentSummary, IssueDetail } from '../../../store/archive.js';
import type { TocEntry, Warning } from '../../../model.js';
import { html, type SafeHtml } from '../html.js';
import { page } from '../layout.js';
import { WARNING_LABEL, baseName, fmtDate, issueLabel } from '../format.js';
import { docHref, emptyState, issueHref, notice } from '../parts.js';

function tocRow(e: TocEntry, docs: Map<number, DocumentSummary>, warnings: Warning[]): SafeHtml {
  const d = e.documentIndex !== null ? docs.get(e.documentIndex) : undefined;
  const mismatch = d && d.docNumber && e.docNumber && d.docNumber !== e.docNumber;
  // Reconciliation warnings about this entry (its lines), except the two shown above.
  const own = warnings.filter((w) => w.line !== null && w.line >= e.line && w.line <= e.endLine && w.code !== 'toc-entry-without-document' && !(mismatch && w.code === 'toc-number-mismatch'));
  return html`<li class="toc-entry${d ? '' : ' missing'}">
    <span class="toc-title">${d ? html`<a href="${docHref(d.id)}">${e.title}</a>` : e.title}${e.docNumber ? html` <span class="docno">（${e.docNumber}）</span>` : ''}</span>
    <span class="toc-page">${e.page !== null ? e.page : ''}</span>
    ${!d ? html`<span class="flag warn">正文中未找到对应文件</span>` : ''}
    ${mismatch ? html`<span class="flag warn">目录文号与正文（${d!.docNumber}）不一致</span>` : ''}
    ${own.map((w) => html`<span class="flag warn">${WARNING_LABEL[w.code] ?? w.code}：${w.message}</span>`)}
  </li>`;
}

function tocSections(issue: IssueDetail, docs: Map<number, DocumentSummary>): SafeHtml {
  const warnings = issue.warnings;
  const groups: Array<{ section: string | null; entries: TocEntry[] }> = [];
  for (const e of issue.toc) {
    const g = groups[groups.length - 1];
    if (g && g.section === e.section) g.entries.push(e);
    else groups.push({ section: e.section, entries: [e] });
  }
  return html`${groups.map((g) => html`
    ${g.section ? html`<h3 class="toc-section">【${g.section}】</h3>` : ''}
    <ol class="toc">${g.entries.map((e) => tocRow(e, docs, warnings))}</ol>`)}`;
}

/** Links to the previous and the next issue of the same gazette. */
function issueNav({ previous, next }: AdjacentIssues): SafeHtml | '' {
  if (!previous && !next) return '';
  return html`<nav class="issue-nav" aria-label="上一期和下一期">
    ${previous ? html`<a href="${issueHref(previous.id)}" rel="prev"><span aria-hidden="true">‹ </span>上一期：${issueLabel({ ...previous, totalNumber: null })}</a>` : html`<span class="small">已是收录的最早一期</span>`}
    ${next ? html`<a href="${issueHref(next.id)}" rel="next">下一期：${issueLabel({ ...next, totalNumber: null })}<span aria-hidden="true"> ›</span></a>` : html`<span class="small">已是收录的最新一期</span>`}
  </nav>`;
}

export async function issuePage(archive: Archive, id: number): Promise<string | null> {
  const issue = await archive.getIssue(id);
  if (!issue) return null;
  const adjacent = await archive.adjacentIssues(id);
  const docs = new Map(issue.documents.map((d) => [d.index, d]));
  const listed = new Set(issue.toc.map((e) => e.documentIndex).filter((x): x is number => x !== null));
  const unlisted = issue.documents.filter((d) => !listed.has(d.index));
  const m = issue.masthead;
  const label = issueLabel(issue);
  const warnings = issue.warnings;

  const body = html`
<header class="doc-head">
  <p class="kicker">${issue.title ?? '公报'}</p>
  <h1>${label}</h1>
  ${issueNav(adjacent)}
</header>
<div class="layout-2">
  <aside class="side">
    <section class="panel meta" aria-labelledby="mh-title">
      <h2 id="mh-title">刊头信息</h2>
      <dl>
        <dt>刊名</dt><dd>${m?.title ?? issue.title ?? '（未识别）'}</dd>
        <dt>期号</dt><dd>${m?.year && m.number ? `${m.year}年第${m.number}期` : '（未识别）'}</dd>
        ${m?.totalNumber ? html`<dt>总期号</dt><dd>总第${m.totalNumber}期</dd>` : ''}
        <dt>出版日期</dt><dd>${m?.publishedOn ? html`<time datetime="${m.publishedOn}">${fmtDate(m.publishedOn)}</time>` : '（未识别）'}</dd>
        ${m?.publisher ? html`<dt>主管主办</dt><dd>${m.publisher}</dd>` : ''}
        ${m?.frequency ? html`<dt>刊期</dt><dd>${m.frequency}</dd>` : ''}
        <dt>文件数</dt><dd>${issue.documents.length}件</dd>
      </dl>
    </section>
    <section class="panel meta" aria-labelledby="src-title">
      <h2 id="src-title">来源文件</h2>
      <dl>
        <dt>文件名</dt><dd class="break">${issue.fileName ?? baseName(issue.sourcePath)}</dd>
        <dt>编码</dt><dd>${issue.source.encoding}，${issue.source.lineCount}行</dd>
        <dt>SHA-256</dt><dd class="mono break" title="${issue.sha256}">${issue.sha256.slice(0, 16)}…</dd>
        <dt>解析</dt><dd>解析器 ${issue.parserVersion}，${fmtDate(issue.ingestedAt.slice(0, 10))}入库</dd>
      </dl>
      <p class="small"><a href="/api/issues/${issue.id}">本期数据（JSON）</a></p>
    </section>
  </aside>
  <div class="main-col">
    <section class="panel" aria-labelledby="toc-title">
      <h2 id="toc-title">目录 <small>（按原刊印刷顺序，页码为原刊页码）</small></h2>
      ${issue.toc.length ? tocSections(issue, docs) : emptyState('本期未识别出目录。')}
    </section>
    ${unlisted.length ? html`<section class="panel" aria-labelledby="unlisted-title">
      <h2 id="unlisted-title">目录未列出的正文文件</h2>
      ${notice('以下文件在正文中出现，但未能与印刷目录中的任何条目对应。', 'warn')}
      <ol class="doc-list">${unlisted.map((d) => html`<li><a href="${docHref(d.id)}">${d.title}</a>${d.docNumber ? html` <span class="docno">${d.docNumber}</span>` : ''}</li>`)}</ol>
    </section>` : ''}
    ${issue.toc.length ? '' : html`<section class="panel" aria-labelledby="docs-title">
      <h2 id="docs-title">本期文件</h2>
      <ol class="doc-list">${issue.documents.map((d) => html`<li><a href="${docHref(d.id)}">${d.title}</a>${d.docNumber ? html` <span class="docno">${d.docNumber}</span>` : ''}</li>`)}</ol>
    </section>`}
    ${warnings.length ? html`<section class="panel" aria-labelledby="warn-title">
      <h2 id="warn-title">自动核对提示</h2>
      <p class="small">解析时核对目录与正文发现的问题，供人工复核：</p>
      <ul class="warnings">${warnings.map((w) => html`<li><strong>${WARNING_LABEL[w.code] ?? w.code}</strong>：${w.message}${w.line ? html`（原文第${w.line}行）` : ''}</li>`)}</ul>
    </section>` : ''}
  </div>
</div>`;
  return page({
    title: `${issue.title ?? '公报'} ${label}`,
    body,
    breadcrumbs: [{ href: '/', label: '首页' }, { label: `${issue.title ?? '公报'} ${label}` }],
  });
}
