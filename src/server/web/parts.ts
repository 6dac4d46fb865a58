/** Small pieces of markup several pages share. */
import type { DocumentSummary, IssueSummary, TaskRecord } from '../../store/archive.js';
import type { ValidityStatus } from '../../domain/validity.js';
import { html, url, type SafeHtml } from './html.js';
import { STATUS_HELP, STATUS_LABEL, TASK_STATE_LABEL, fmtDate, issueLabel } from './format.js';

export const docHref = (id: number, line?: number): string => `/documents/${id}${line ? `#L${line}` : ''}`;
export const sourceHref = (id: number, line?: number): string => `/documents/${id}/source${line ? `#L${line}` : ''}`;
export const issueHref = (id: number): string => `/issues/${id}`;
export const personHref = (name: string): string => `/people/${encodeURIComponent(name)}`;
export const agencyHref = (name: string): string => `/agencies/${encodeURIComponent(name)}`;
export const searchHref = (q: Record<string, string | number | null | undefined>): string => url('/search', q);

export function statusBadge(status: ValidityStatus): SafeHtml {
  return html`<span class="badge st-${status}" title="${STATUS_HELP[status]}">${STATUS_LABEL[status]}</span>`;
}

export function taskStateBadge(t: Pick<TaskRecord, 'state'>): SafeHtml {
  return html`<span class="badge ts-${t.state}">${TASK_STATE_LABEL[t.state]}</span>`;
}

/** A document as one line of a list: number, linked title, date. */
export function docItem(d: Pick<DocumentSummary, 'id' | 'title' | 'docNumber' | 'date' | 'docType'>): SafeHtml {
  return html`<li class="doc-item">
    <a class="doc-title" href="${docHref(d.id)}">${d.title}</a>
    <span class="meta">${d.docNumber ? html`<span class="docno">${d.docNumber}</span>` : ''}${d.date ? html`<time datetime="${d.date}">${fmtDate(d.date)}</time>` : ''}</span>
  </li>`;
}

export function issueItem(i: IssueSummary): SafeHtml {
  return html`<li class="issue-item">
    <a href="${issueHref(i.id)}"><strong>${i.title ?? '公报'}</strong> <span>${issueLabel(i)}</span></a>
    <span class="meta">${i.publishedOn ? html`<time datetime="${i.publishedOn}">${fmtDate(i.publishedOn)}出版</time>` : ''}<span>${i.documentCount}件</span></span>
  </li>`;
}

/** A reference to source lines: the line number linking to the original lines view. */
export function lineLink(docId: number, line: number, label?: string): SafeHtml {
  return html`<a class="ln-ref" href="${sourceHref(docId, line)}" title="查看原文第${line}行">${label ?? `第${line}行`}</a>`;
}

export function notice(body: SafeHtml | string, kind: 'info' | 'warn' = 'info'): SafeHtml {
  return html`<div class="notice ${kind}" role="note">${body}</div>`;
}

export function emptyState(text: string): SafeHtml {
  return html`<p class="empty">${text}</p>`;
}
