/** Agencies: the index, and one agency's documents and the tasks it leads or cooperates on. */
import type { Archive, TaskRecord } from '../../../store/archive.js';
import { html, url, type SafeHtml } from '../html.js';
import { page, pager } from '../layout.js';
import { TASK_STATE_LABEL, fmtCount, truncate } from '../format.js';
import { agencyHref, docHref, docItem, emptyState, lineLink, notice, taskStateBadge } from '../parts.js';
import { ICS_TYPE, agencyCalendarHref, agencyFeedHref, alternateLink } from '../../feeds/links.js';

const PAGE_SIZE = 50;

export async function agenciesPage(archive: Archive, pageNo: number): Promise<string> {
  const rows = await archive.listAgencies({ limit: PAGE_SIZE + 1, offset: (pageNo - 1) * PAGE_SIZE });
  const more = rows.length > PAGE_SIZE;
  const list = rows.slice(0, PAGE_SIZE);
  const body = html`
<header class="page-head">
  <h1>机构</h1>
  <p class="lede">在任务分工中出现的单位，按承担任务的多少排列。点击查看其牵头和配合的任务及所发文件。</p>
</header>
${list.length ? html`<div class="table-wrap"><table class="data">
  <caption class="sr">机构及其任务数</caption>
  <thead><tr><th scope="col">机构</th><th scope="col">又称</th><th scope="col" class="num">牵头任务</th><th scope="col" class="num">配合任务</th></tr></thead>
  <tbody>${list.map((a) => html`<tr><th scope="row"><a href="${agencyHref(a.name)}">${a.name}</a></th><td class="small">${a.aliases.join('、')}</td><td class="num">${a.leads}</td><td class="num">${a.cooperates}</td></tr>`)}</tbody>
</table></div>` : emptyState('尚未识别出任务分工中的单位。')}
${pager(pageNo, more ? pageNo + 1 : pageNo, (n) => `/agencies?page=${n}`)}`;
  return page({ title: '机构', body, nav: 'agencies', breadcrumbs: [{ href: '/', label: '首页' }, { label: '机构' }] });
}

/**
 * Table body of task rows: text, units, deadline, state, source (number and title of the
 * document). Dates are ISO (2026-12-04), formatted here, so every browser shows the same.
 */
export function taskTbody(tasks: readonly TaskRecord[]): SafeHtml {
  return html`<tbody>${tasks.map((t) => html`<tr class="ts-row-${t.state}">
      <td class="task-text" data-label="任务">${truncate(t.text, 120)}</td>
      <td data-label="牵头单位">${t.leads.length ? t.leads.map((u, i) => html`<a href="${agencyHref(t.leadAgencies[i] ?? u)}">${u}</a> `) : html`<span class="small">未识别</span>`}</td>
      <td class="small" data-label="配合单位">${t.cooperators.map((u, i) => html`<a href="${agencyHref(t.cooperatorAgencies[i] ?? u)}">${u}</a> `)}</td>
      <td class="deadline" data-label="完成时限">${t.deadline ? html`<time datetime="${t.deadline}">${t.deadline}</time>` : html`<span class="small">${t.deadlineText ?? '未写明'}</span>`}${t.recurrence && t.deadline ? html`<br><span class="small">（${t.deadlineText ?? '定期'}）</span>` : ''}</td>
      <td data-label="状态">${taskStateBadge(t)}</td>
      <td class="src" data-label="来源"><a href="${docHref(t.documentId, t.line)}">${t.docNumber ? html`<span class="docno">${t.docNumber}</span> ` : ''}<span class="src-title">${t.title}</span></a> ${lineLink(t.documentId, t.line)}</td>
    </tr>`)}</tbody>`;
}

export function taskRows(tasks: readonly TaskRecord[]): SafeHtml {
  return html`<div class="table-wrap"><table class="data tasks">
    <thead><tr><th scope="col">任务</th><th scope="col">牵头单位</th><th scope="col">配合单位</th><th scope="col">完成时限</th><th scope="col">状态</th><th scope="col" class="src">来源文件</th></tr></thead>
    ${taskTbody(tasks)}
  </table></div>`;
}

/** "All N" under a list that shows only the first of an agency's tasks: the tasks board pages through them. */
function more(total: number, shown: number, query: Record<string, string>): SafeHtml | string {
  return total > shown ? html`<p class="more">仅列出前 ${shown} 项。<a href="${url('/tasks', query)}">在任务督办中查看全部 ${fmtCount(total)} 项</a></p>` : '';
}

export async function agencyPage(archive: Archive, name: string): Promise<string | null> {
  const t = await archive.agencyTasks(name);
  const issued = await archive.search('', { issuer: name, limit: 50, facets: false, snippets: false });
  if (!t.led.length && !t.cooperating.length && !issued.total && !(await archive.isAgency(name))) return null;
  const body = html`
<header class="page-head">
  <p class="kicker">机构</p>
  <h1>${t.agency}</h1>
  ${t.names.length > 1 ? html`<p class="lede">又称：${t.names.filter((n) => n !== t.agency).join('、')}</p>` : ''}
</header>
<ul class="stats small-stats">
  <li><a href="#led"><strong>${fmtCount(t.counts.led)}</strong><span>项牵头任务</span></a></li>
  <li><a href="#coop"><strong>${fmtCount(t.counts.cooperating)}</strong><span>项配合任务</span></a></li>
  <li><a href="#overdue" class="${t.counts.overdue ? 'alert' : ''}"><strong>${fmtCount(t.counts.overdue)}</strong><span>项${TASK_STATE_LABEL.overdue}</span></a></li>
  <li><a href="#issued"><strong>${issued.total}</strong><span>件所发文件</span></a></li>
</ul>
${notice(html`任务与时限由程序从文件的分工表述中自动识别，状态按${t.asOf}计算。“${TASK_STATE_LABEL.overdue}”仅表示文件写明的时限已过，<strong>不代表任务未完成</strong>。`)}
<section class="panel" id="overdue" aria-labelledby="ov-title"><h2 id="ov-title">${TASK_STATE_LABEL.overdue} <span class="count">${t.counts.overdue}</span></h2>
  ${t.overdue.length ? taskRows(t.overdue) : emptyState(`没有${TASK_STATE_LABEL.overdue}的任务。`)}${more(t.counts.overdue, t.overdue.length, { unit: t.agency, state: 'overdue' })}</section>
<section class="panel" id="led" aria-labelledby="led-title"><h2 id="led-title">牵头的任务 <span class="count">${t.counts.led}</span></h2>
  ${t.led.length ? taskRows(t.led) : emptyState('无')}${more(t.counts.led, t.led.length, { unit: t.agency })}</section>
<section class="panel" id="coop" aria-labelledby="coop-title"><h2 id="coop-title">配合的任务 <span class="count">${t.counts.cooperating}</span></h2>
  ${t.cooperating.length ? taskRows(t.cooperating) : emptyState('无')}${more(t.counts.cooperating, t.cooperating.length, { unit: t.agency })}</section>
<section class="panel" id="issued" aria-labelledby="iss-title"><h2 id="iss-title">所发文件 <span class="count">${issued.total}</span></h2>
  ${issued.hits.length ? html`<ul class="doc-list">${issued.hits.map((h) => docItem({ id: h.id, title: h.title, docNumber: h.docNumber, date: h.date, docType: h.docType }))}</ul>` : emptyState('库中没有以该机构名义发布的文件。')}
  ${issued.total > issued.hits.length ? html`<p class="more"><a href="/search?issuer=${encodeURIComponent(t.agency)}">查看全部 ${issued.total} 件</a></p>` : ''}
</section>
<p class="small"><a href="/tasks?unit=${encodeURIComponent(t.agency)}">在任务督办中筛选本机构</a> · <a href="/api/agencies/${encodeURIComponent(t.agency)}">数据（JSON）</a> · <a href="${agencyCalendarHref(t.agency)}">任务日历（iCalendar 订阅）</a> · <a href="${agencyFeedHref(t.agency)}">所发文件（Atom 订阅）</a></p>`;
  return page({
    title: `${t.agency} - 机构`,
    body,
    nav: 'agencies',
    head: [alternateLink(agencyFeedHref(t.agency), `${t.agency}所发文件（Atom）`), alternateLink(agencyCalendarHref(t.agency), `${t.agency}任务日历`, ICS_TYPE)],
    breadcrumbs: [{ href: '/', label: '首页' }, { href: '/agencies', label: '机构' }, { label: t.agency }],
  });
}
