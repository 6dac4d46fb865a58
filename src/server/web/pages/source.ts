/** Original lines of a document, exactly as decoded, numbered as in the source file. */
import type { Archive } from '../../../store/archive.js';
import { html, type SafeHtml } from '../html.js';
import { page } from '../layout.js';
import { baseName, issueLabel, lineRange, truncate } from '../format.js';
import { docHref, issueHref } from '../parts.js';

/** Where a PDF's page changes between two lines: a row naming the page, linked to its image. */
function pageRow(issueId: number, docId: number, page: number | undefined, before: number | undefined): SafeHtml | '' {
  if (page === undefined || page === before) return '';
  return html`<tr class="page-row"><td colspan="2"><a class="page-break" href="/issues/${issueId}/pages/${page}?doc=${docId}">原件第${page}页</a></td></tr>`;
}

export async function sourcePage(archive: Archive, id: number): Promise<string | null> {
  const d = await archive.getDocument(id);
  if (!d) return null;
  const body = html`
<header class="doc-head">
  <p class="kicker">原文行 · ${d.issue.fileName ?? baseName(d.sourcePath)} ${lineRange(d.startLine, d.endLine)}</p>
  <h1>${d.title}</h1>
  <nav class="doc-tools" aria-label="文件工具">
    <a href="${docHref(id)}">返回排版视图</a>
    <a href="/api/documents/${id}/lines">原文行（JSON）</a>
  </nav>
</header>
<p class="small">${d.document.pages
  ? '以下为从PDF原件各页重建的行（按阅读顺序，换行处已接续成段），未作其他处理；每页开头注明原件页码。点击行号可得到该行的固定链接。'
  : '以下为来源文件中的原始行，未作任何处理（行号与文本编辑器一致）。点击行号可得到该行的固定链接。'}</p>
<div class="src-wrap">
<table class="src">
  <caption class="sr">原文第${d.startLine}至${d.endLine}行</caption>
  <thead class="sr"><tr><th scope="col">行号</th><th scope="col">原文</th></tr></thead>
  <tbody>${d.lines.map((l, i) => html`${pageRow(d.issueId, id, l.page, i ? d.lines[i - 1]!.page : undefined)}<tr id="L${l.line}"><th scope="row"><a href="#L${l.line}">${l.line}</a></th><td>${l.raw}</td></tr>`)}</tbody>
</table>
</div>`;
  return page({
    title: `原文行 - ${d.title}`,
    body,
    breadcrumbs: [
      { href: '/', label: '首页' },
      { href: issueHref(d.issueId), label: `${d.issue.title ?? '公报'} ${issueLabel(d.issue)}` },
      { href: docHref(id), label: truncate(d.title, 30) },
      { label: '原文行' },
    ],
  });
}
