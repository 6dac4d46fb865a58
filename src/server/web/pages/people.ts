/** People: the index of names and one person's timeline of appointments, removals and confirmations. */
import type { Archive, PersonSummary } from '../../../store/archive.js';
import type { TimelineEntry } from '../../../domain/people.js';
import { html } from '../html.js';
import { page, pager } from '../layout.js';
import { ACTION_LABEL, fmtCount, fmtDate, truncate } from '../format.js';
import { docHref, emptyState, notice, personHref, issueHref } from '../parts.js';

const PAGE_SIZE = 60;

const pinyin = new Intl.Collator('zh-CN');

/**
 * Surnames read otherwise than the character's common reading, which the collation follows
 * (翟 would sort as dí, 曾 as céng): a character of the surname's reading stands in for them.
 */
const SURNAME_READING: Record<string, string> = {
  曾: '增', 单: '善', 解: '谢', 翟: '宅', 仇: '求', 区: '欧', 查: '渣', 朴: '嫖', 覃: '秦', 缪: '妙', 盖: '葛', 种: '虫',
};

/** Personal names in pinyin order, surname first (Node's ICU has the zh collation); code points break ties. */
export function comparePersonNames(a: string, b: string): number {
  const key = (n: string) => (SURNAME_READING[n[0]!] ?? n[0] ?? '') + n.slice(1);
  return pinyin.compare(key(a), key(b)) || (a < b ? -1 : a > b ? 1 : 0);
}
const byName = (a: PersonSummary, b: PersonSummary) => comparePersonNames(a.name, b.name);

/** Sorted copies of the archive's (kept, frozen) lists: sorted once while the archive keeps that list. */
const sorted = new WeakMap<readonly PersonSummary[], PersonSummary[]>();
function inPinyinOrder(list: readonly PersonSummary[]): PersonSummary[] {
  let s = sorted.get(list);
  if (!s) sorted.set(list, (s = [...list].sort(byName)));
  return s;
}

export async function peoplePage(archive: Archive, pageNo: number, prefix?: string): Promise<string> {
  // The archive pages names in code-point order; pinyin order needs the whole list, then a page of it.
  const all = inPinyinOrder(await archive.listPeople(prefix ? { prefix } : {}));
  const totalPages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const people = all.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE);
  const body = html`
<header class="page-head">
  <h1>人事任免</h1>
  <p class="lede">公报所载任免通知中出现的人员，共 ${fmtCount(all.length)} 人，按姓名拼音排列。点击姓名查看其任职、免职、提名等变动的时间线。</p>
  <form class="inline-form" action="/people" method="get">
    <label for="prefix">姓名</label>
    <input id="prefix" name="prefix" type="search" value="${prefix ?? ''}" maxlength="20" placeholder="输入姓或姓名">
    <button type="submit">查找</button>
  </form>
</header>
${people.length ? html`<ul class="people-grid">${people.map((p) => html`<li><a href="${personHref(p.name)}">${p.name}</a><span class="small">${p.appointments}条${p.last ? `，最近 ${fmtDate(p.last)}` : ''}</span></li>`)}</ul>`
  : emptyState(prefix ? `没有姓名以“${prefix}”开头的人员。` : '尚未识别出任免人员。')}
${pager(pageNo, totalPages, (n) => `/people?${new URLSearchParams({ ...(prefix ? { prefix } : {}), page: String(n) })}`)}`;
  return page({ title: '人事任免', body, nav: 'people', breadcrumbs: [{ href: '/', label: '首页' }, { label: '人事任免' }] });
}

function entryItem(e: TimelineEntry) {
  return html`<li class="tl-item tl-${e.action}">
    <div class="tl-date">${e.date ? html`<time datetime="${e.date}">${fmtDate(e.date)}</time>` : '日期不详'}</div>
    <div class="tl-body">
      <p><span class="badge act-${e.action}">${ACTION_LABEL[e.action]}</span> <strong>${e.post}</strong>${e.qualifiers.length ? html` <span class="small">（${e.qualifiers.join('，')}）</span>` : ''}</p>
      <p class="small"><a href="${docHref(e.documentId, e.line)}">${truncate(e.title, 50)}</a>${e.docNumber ? html` <span class="docno">${e.docNumber}</span>` : ''} · <a href="${issueHref(e.issueId)}">所载公报</a></p>
    </div>
  </li>`;
}

/** 2020年2月10日 至 2023年8月29日, or one date when all entries share it. */
function span(entries: TimelineEntry[]): string {
  const dates = entries.map((e) => e.date).filter((d): d is string => !!d).sort();
  if (!dates.length) return '';
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  return first === last ? `，${fmtDate(first)}` : `，${fmtDate(first)} 至 ${fmtDate(last)}`;
}

export async function personPage(archive: Archive, name: string): Promise<string | null> {
  const t = await archive.personTimeline(name);
  if (!t.entries.length) return null;
  const multi = t.identities.length > 1;
  const body = html`
<header class="page-head">
  <p class="kicker">人员</p>
  <h1>${t.name}</h1>
  <p class="lede">${t.entries.length}条任免记录${span(t.entries)}</p>
</header>
${t.flags.length ? notice(html`<ul>${t.flags.map((f) => html`<li>${f}</li>`)}</ul>`, 'warn') : ''}
${notice('时间线由程序从任免通知中自动汇集：同名者可能被合并，职务名称照录原文。请以通知原文为准。')}
${multi
    ? t.identities.map((id) => html`<section class="panel" aria-labelledby="id-${id.identity}">
        <h2 id="id-${id.identity}">${t.name}（${id.organisations.length ? id.organisations.join('、') : `第${id.identity + 1}人`}）</h2>
        <ol class="timeline">${t.entries.filter((e) => e.identity === id.identity).map(entryItem)}</ol>
      </section>`)
    : html`<section class="panel" aria-labelledby="tl-title"><h2 id="tl-title">任免时间线</h2><ol class="timeline">${t.entries.map(entryItem)}</ol></section>`}
<p class="small"><a href="/api/people/${encodeURIComponent(t.name)}">时间线数据（JSON）</a></p>`;
  return page({
    title: `${t.name} - 人事任免`,
    body,
    nav: 'people',
    breadcrumbs: [{ href: '/', label: '首页' }, { href: '/people', label: '人事任免' }, { label: t.name }],
  });
}
