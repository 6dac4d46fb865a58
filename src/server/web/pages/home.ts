/** Home: the search box, counts, the latest issues. */
import type { Archive } from '../../../store/archive.js';
import type { TaskState } from '../../../domain/tasks.js';
import { html, joinHtml, type SafeHtml } from '../html.js';
import { page } from '../layout.js';
import { TASK_STATES, TASK_STATE_LABEL, fmtCount } from '../format.js';
import { emptyState, issueItem, docItem, notice } from '../parts.js';
import { alternateLink, latestFeedHref } from '../../feeds/links.js';

const LATEST = 8;

/** How many tasks are in each state, each under its label and linked to the board showing them. */
function taskStateCounts(byState: Record<TaskState, number>): SafeHtml | '' {
  const states = TASK_STATES.filter((s) => byState[s] > 0);
  return states.length
    ? html`<p class="sub">${joinHtml(states.map((s) => html`<a href="/tasks?state=${s}" class="ts-link-${s}">${TASK_STATE_LABEL[s]} <strong>${fmtCount(byState[s])}</strong></a>`), ' · ')}</p>`
    : '';
}

export async function homePage(archive: Archive): Promise<string> {
  const stats = await archive.stats();
  // The archive lists oldest first; its answer is shared (and frozen), so reverse a copy.
  const latest = [...(await archive.listIssues({ limit: LATEST, offset: Math.max(0, stats.issues - LATEST) }))].reverse();
  const people = stats.people;
  const tasks = await archive.countTasks();
  const newest = latest[0];
  const newestDocs = newest ? (await archive.listDocuments({ issueId: newest.id, limit: 8 })) : [];

  const body = html`
<section class="hero" aria-labelledby="hero-title">
  <h1 id="hero-title">政府公报文件检索</h1>
  <p class="lede">收录政府公报所载的规范性文件、人事任免和工作任务，可按标题、正文、文号检索，可逐条核对原文。</p>
  <form class="bigsearch" action="/search" method="get" role="search" aria-label="文件检索">
    <label class="sr" for="q">检索词</label>
    <input id="q" name="q" type="search" maxlength="200" placeholder="输入关键词或文号，例如：耐火材料、阳政发〔2020〕2号" autocomplete="off">
    <button type="submit">检索</button>
  </form>
  <p class="hint">支持多个词（空格分隔）、"精确短语"、排除词 -词，以及 标题:方案、文种:通知、年份:2021、状态:现行有效 等条件。</p>
</section>

<section aria-labelledby="counts-title">
  <h2 id="counts-title" class="sr">收录统计</h2>
  <ul class="stats">
    <li><a href="/search"><strong>${fmtCount(stats.issues)}</strong><span>期公报</span></a></li>
    <li><a href="/search"><strong>${fmtCount(stats.documents)}</strong><span>件文件</span></a></li>
    <li><a href="/people"><strong>${fmtCount(people)}</strong><span>名任免人员</span></a></li>
    <li><a href="/tasks"><strong>${fmtCount(tasks.total)}</strong><span>项督办任务</span></a>${taskStateCounts(tasks.byState)}</li>
  </ul>
</section>

<div class="cols">
  <section class="panel" aria-labelledby="latest-title">
    <h2 id="latest-title">最新公报</h2>
    ${latest.length ? html`<ul class="issue-list">${latest.map(issueItem)}</ul>` : emptyState('文库中还没有公报。用 gongbao ingest 导入公报文本。')}
  </section>
  <section class="panel" aria-labelledby="newest-docs-title">
    <h2 id="newest-docs-title">${newest ? '最新一期所载文件' : '文件'}</h2>
    ${newestDocs.length ? html`<ul class="doc-list">${newestDocs.map(docItem)}</ul>
      ${newest && newest.documentCount > newestDocs.length ? html`<p class="more"><a href="/issues/${newest.id}">查看本期全部 ${newest.documentCount} 件文件</a></p>` : ''}` : emptyState('暂无文件。')}
  </section>
</div>
${notice(html`文件的元数据、引用、任免、任务和时限均由程序<strong>自动提取</strong>，可能有遗漏或错误。每条提取结果都注明原文行号，点击即可核对。<a href="/about">了解提取方法</a>`)}
`;
  return page({ title: '首页', body, nav: 'home', head: alternateLink(latestFeedHref(), '最新文件（Atom）') });
}
