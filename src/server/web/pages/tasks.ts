/** Tasks board: every task, filterable by unit, due date and status, sortable, with a CSV download. */
import type { Archive, TaskFilter, TaskRecord, TaskSort } from '../../../store/archive.js';
import { DUE_SOON_DAYS, type TaskState } from '../../../domain/tasks.js';
import { html, url, type SafeHtml } from '../html.js';
import { page, pager } from '../layout.js';
import { TASK_STATES, TASK_STATE_LABEL, fmtCount } from '../format.js';
import { emptyState, notice } from '../parts.js';
import { taskTbody } from './agencies.js';
import { today } from '../../../domain/validity.js';

export const TASKS_PAGE_SIZE = 50;

export interface TaskBoardParams {
  unit?: string | undefined;
  state?: TaskState | undefined;
  overdue?: boolean | undefined;
  dueBefore?: string | undefined;
  dueAfter?: string | undefined;
  documentId?: number | undefined;
  sort: TaskSort;
  page: number;
}

/** The archive's filter for a board's parameters (the page's rows, or every row for the CSV download). */
export function boardFilter(p: Omit<TaskBoardParams, 'page'>, paging?: { limit: number; offset: number }): TaskFilter {
  return {
    ...(p.unit ? { agency: p.unit } : {}), ...(p.documentId ? { documentId: p.documentId } : {}), ...(p.state ? { state: p.state } : {}),
    ...(p.overdue !== undefined ? { overdue: p.overdue } : {}), ...(p.dueBefore ? { dueBefore: p.dueBefore } : {}),
    ...(p.dueAfter ? { dueAfter: p.dueAfter } : {}), sort: p.sort, ...(paging ?? {}),
  };
}

export async function boardTasks(archive: Archive, p: Omit<TaskBoardParams, 'page'>): Promise<TaskRecord[]> {
  return archive.tasks(boardFilter(p));
}

export function boardQuery(p: Partial<TaskBoardParams>): Record<string, string | number | undefined> {
  return {
    unit: p.unit, state: p.state, overdue: p.overdue === undefined ? undefined : String(p.overdue), dueBefore: p.dueBefore,
    dueAfter: p.dueAfter, documentId: p.documentId, sort: p.sort && p.sort !== 'deadline' ? p.sort : undefined,
    page: p.page && p.page > 1 ? p.page : undefined,
  };
}

function sortHeader(label: string, p: TaskBoardParams, asc: TaskSort, desc?: TaskSort): SafeHtml {
  const active = p.sort === asc || p.sort === desc;
  const next = p.sort === asc && desc ? desc : asc;
  const dir = !active ? 'none' : p.sort === asc ? 'ascending' : 'descending';
  return html`<a href="${url('/tasks', boardQuery({ ...p, sort: next, page: 1 }))}" aria-label="按${label}排序">${label}${active ? (dir === 'ascending' ? ' ↑' : ' ↓') : ''}</a>`;
}

/**
 * A date field typed as 2026-12-04. (An <input type="date"> shows the browser's locale format,
 * 12/04/2026 in an English browser; every date on these pages is ISO.)
 */
function dateInput(id: string, name: string, value: string | undefined): SafeHtml {
  return html`<input id="${id}" name="${name}" type="text" inputmode="numeric" pattern="[0-9]{4}-[0-9]{2}-[0-9]{2}" maxlength="10" placeholder="年-月-日" title="年-月-日，如 ${today()}" value="${value ?? ''}" autocomplete="off">`;
}

export async function tasksPage(archive: Archive, p: TaskBoardParams): Promise<string> {
  const count = await archive.countTasks(boardFilter(p));
  const totalPages = Math.max(1, Math.ceil(count.total / TASKS_PAGE_SIZE));
  const pageNo = Math.min(p.page, totalPages);
  const shown = await archive.tasks(boardFilter(p, { limit: TASKS_PAGE_SIZE, offset: (pageNo - 1) * TASKS_PAGE_SIZE }));
  const agencies = await archive.listAgencies({ limit: 500 });
  const counts = new Map<TaskState, number>((Object.entries(count.byState) as [TaskState, number][]).filter(([, n]) => n > 0));
  const csvHref = url('/tasks.csv', { ...boardQuery({ ...p, page: 1 }) });
  const filtered = p.unit || p.state || p.overdue !== undefined || p.dueBefore || p.dueAfter || p.documentId;

  const body = html`
<header class="page-head">
  <h1>任务督办</h1>
  <p class="lede">从文件的分工表述（牵头单位、配合单位、完成时限）中识别出的工作任务。</p>
</header>
<form class="filters panel" action="/tasks" method="get" aria-label="筛选任务">
  <div class="field"><label for="f-unit">责任单位</label>
    <input id="f-unit" name="unit" list="agency-list" value="${p.unit ?? ''}" maxlength="100" placeholder="全部单位">
    <datalist id="agency-list">${agencies.map((a) => html`<option value="${a.name}"></option>`)}</datalist></div>
  <div class="field"><label for="f-state">状态</label>
    <select id="f-state" name="state"><option value="">全部</option>${TASK_STATES.map((s) => html`<option value="${s}"${p.state === s ? ' selected' : ''}>${TASK_STATE_LABEL[s]}</option>`)}</select></div>
  <div class="field"><label for="f-before">时限早于</label>
    ${dateInput('f-before', 'dueBefore', p.dueBefore)}</div>
  <div class="field"><label for="f-after">时限不早于</label>
    ${dateInput('f-after', 'dueAfter', p.dueAfter)}</div>
  <div class="field"><label for="f-sort">排序</label>
    <select id="f-sort" name="sort">
      <option value="deadline"${p.sort === 'deadline' ? ' selected' : ''}>时限由近及远</option>
      <option value="-deadline"${p.sort === '-deadline' ? ' selected' : ''}>时限由远及近</option>
      <option value="unit"${p.sort === 'unit' ? ' selected' : ''}>牵头单位</option>
      <option value="document"${p.sort === 'document' ? ' selected' : ''}>来源文件</option>
    </select></div>
  ${p.documentId ? html`<input type="hidden" name="documentId" value="${p.documentId}">` : ''}
  <div class="field actions"><button type="submit">筛选</button>${filtered ? html`<a href="/tasks">清除条件</a>` : ''}</div>
</form>
<p class="result-line" role="status">共 <strong>${fmtCount(count.total)}</strong> 项任务${[...counts].length ? html`（${TASK_STATES.filter((s) => counts.get(s)).map((s) => `${TASK_STATE_LABEL[s]} ${counts.get(s)}`).join('，')}）` : ''}
  ${p.documentId ? html` · 仅显示<a href="/documents/${p.documentId}">一件文件</a>的任务` : ''}
  · <a href="${csvHref}" download>下载 CSV</a></p>
${notice(html`状态按今天（${today()}）计算：“${TASK_STATE_LABEL.overdue}”只表示文件写明的时限已过，<strong>不代表任务未完成</strong>；“${TASK_STATE_LABEL.due}”为时限在今后${DUE_SOON_DAYS}天内的任务，“${TASK_STATE_LABEL.open}”为时限更远的任务，“${TASK_STATE_LABEL.no_deadline}”为没有写明单一截止日期的任务。<a href="/about#a4">状态说明</a>`)}
${shown.length ? html`<div class="table-wrap"><table class="data tasks">
  <caption class="sr">任务列表，第${pageNo}页</caption>
  <thead><tr><th scope="col">任务</th><th scope="col">${sortHeader('牵头单位', p, 'unit')}</th><th scope="col">配合单位</th><th scope="col" aria-sort="${p.sort === 'deadline' ? 'ascending' : p.sort === '-deadline' ? 'descending' : 'none'}">${sortHeader('完成时限', p, 'deadline', '-deadline')}</th><th scope="col">状态</th><th scope="col">${sortHeader('来源', p, 'document')}</th></tr></thead>
  ${taskTbody(shown)}
</table></div>` : emptyState(filtered ? '没有符合条件的任务。' : '尚未识别出任务。')}
${pager(pageNo, totalPages, (n) => url('/tasks', boardQuery({ ...p, page: n })))}`;
  return page({ title: '任务督办', body, nav: 'tasks', breadcrumbs: [{ href: '/', label: '首页' }, { label: '任务督办' }] });
}

