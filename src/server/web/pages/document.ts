/**
 * Document: metadata panel, outline sidebar, the text laid out as paragraphs with the extracted
 * facts marked in it, and the facts listed (citations, cited-by, repeals, appointments, rosters,
 * tasks, attachments, warnings), each pointing at its source line.
 */
import type { Archive, CitationRecord, DocumentDetail } from '../../../store/archive.js';
import type { OutlineNode } from '../../../model.js';
import { taskState } from '../../../domain/tasks.js';
import { html, joinHtml, raw, url, type SafeHtml } from '../html.js';
import { page } from '../layout.js';
import {
  ACTION_LABEL, STATUS_HELP, STATUS_LABEL, WARNING_LABEL, baseName, fmtDate, issueLabel, lineRange, truncate,
} from '../format.js';
import {
  agencyHref, docHref, issueHref, lineLink, notice, personHref, sourceHref, statusBadge, taskStateBadge,
} from '../parts.js';
import { layoutBlocks, type Block } from '../paragraphs.js';
import { docNumberQuery } from './search.js';
import { marksInBlock, renderSpan, spanOfRecord, type Fact } from '../marks.js';
import { documentCalendarHref } from '../../feeds/links.js';

// ───────────────────────────── facts in the text ─────────────────────────────

/** The facts to mark; each passes on the span its record has (records made before spans have none). */
export function factsOf(d: DocumentDetail): Fact[] {
  const facts: Fact[] = [];
  const doc = d.document;
  for (const c of d.citations) {
    const needle = c.title ? `《${c.title}》` : c.docNumber;
    if (!needle) continue;
    facts.push(c.targetId
      ? { kind: 'citation', line: c.line, needle, href: docHref(c.targetId), label: `引用本库文件：${c.targetTitle ?? ''}`, ...spanOfRecord(c) }
      : { kind: 'citation-unresolved', line: c.line, needle, href: `#cite-${c.id}`, label: '引用的文件未收录于本库', ...spanOfRecord(c) });
  }
  for (const r of d.repeals) {
    const needle = r.title ? `《${r.title}》` : r.docNumber;
    if (!needle) continue;
    facts.push({ kind: 'repeal', line: r.line, needle, ...(r.targetId ? { href: docHref(r.targetId) } : {}), label: '本文件宣布废止的文件', ...spanOfRecord(r) });
  }
  for (const a of doc.appointments) {
    facts.push({ kind: 'person', line: a.line, needle: a.person, href: personHref(a.person), label: `${ACTION_LABEL[a.action]}：${a.post}`, ...spanOfRecord(a) });
  }
  for (const r of doc.rosters) {
    for (const m of r.members) {
      facts.push({ kind: 'person', line: m.line, needle: m.person, href: personHref(m.person), label: `${r.group}${m.role}`, ...spanOfRecord(m) });
    }
  }
  for (const t of doc.tasks) {
    t.leads.forEach((u, i) => facts.push({ kind: 'unit', line: t.line, needle: u, href: agencyHref(t.leadAgencies[i] ?? u), label: '牵头单位' }));
    t.cooperators.forEach((u, i) => facts.push({ kind: 'unit', line: t.line, needle: u, href: agencyHref(t.cooperatorAgencies[i] ?? u), label: '配合单位' }));
    if (t.deadlineText) facts.push({ kind: 'deadline', line: t.line, needle: t.deadlineText, label: t.deadline ? `完成时限：${fmtDate(t.deadline)}` : '完成时限' });
  }
  const v = doc.validity;
  if (v.line !== null) {
    if (v.effectiveText) facts.push({ kind: 'validity', line: v.line, needle: v.effectiveText, label: v.effectiveFrom ? `施行日期：${fmtDate(v.effectiveFrom)}` : '施行日期' });
    if (v.termText) facts.push({ kind: 'validity', line: v.line, needle: v.termText, label: v.expiresOn ? `有效期至：${fmtDate(v.expiresOn)}` : '有效期' });
  }
  if (doc.appointmentBasis) facts.push({ kind: 'basis', line: doc.appointmentBasis.line, needle: doc.appointmentBasis.text, label: '任免依据' });
  return facts;
}

// ───────────────────────────── evidence ─────────────────────────────

/**
 * A reference to the source lines of a fact: the line number (the original lines view) and, for a
 * document read from a PDF, the page of the original it stands on — an image of the page with the
 * lines highlighted, one click away.
 */
function evidence(d: DocumentDetail, line: number, from = line, to = line): SafeHtml {
  const page = d.document.pages ? d.lines.find((l) => l.line === line)?.page : undefined;
  if (page === undefined) return lineLink(d.id, line);
  const href = url(`/issues/${d.issueId}/pages/${page}`, { doc: d.id, from, to: to !== from ? to : undefined });
  return html`${lineLink(d.id, line)} <a class="pg-ref" href="${href}" title="查看原件第${page}页的图像，本条所在行已标出">原件第${page}页</a>`;
}

/** The pages of the original a document stands on, linked to the PDF opened at its first page. */
function pagesOf(d: DocumentDetail): SafeHtml | '' {
  const p = d.document.pages;
  if (!p) return '';
  const physical = p.first === p.last ? `第${p.first}页` : `第${p.first}–${p.last}页`;
  const printed = p.firstPrinted !== null ? `（印刷页码${p.firstPrinted}${p.lastPrinted !== null && p.lastPrinted !== p.firstPrinted ? `–${p.lastPrinted}` : ''}）` : '';
  return html`<dt>原件页码</dt><dd><a href="/issues/${d.issueId}/original.pdf#page=${p.first}">${physical}</a>${printed}
    · <a href="/issues/${d.issueId}/pages/${p.first}?doc=${d.id}">页面图像</a></dd>`;
}

// ───────────────────────────── text ─────────────────────────────

function renderBlock(b: Block, docId: number, facts: Fact[], headingBase: number, taskLines: Array<[number, number]>): SafeHtml {
  const first = b.lines[0]!.line;
  const last = b.lines[b.lines.length - 1]!.line;
  const marks = marksInBlock(b, facts);
  const full = () => renderSpan(b, 0, b.text.length, marks);
  const hasTask = taskLines.some(([s, e]) => s <= last && first <= e);
  let inner: SafeHtml;
  switch (b.kind) {
    case 'title':
      inner = html`<p class="b-title">${full()}</p>`;
      break;
    case 'docno':
      inner = html`<p class="b-docno">${full()}</p>`;
      break;
    case 'heading': {
      const level = Math.min(6, headingBase + (b.heading?.depth ?? 0));
      inner = html`${raw(`<h${level} class="b-heading">`)}${full()}${raw(`</h${level}>`)}`;
      break;
    }
    case 'sign':
      inner = html`<p class="b-sign">${full()}</p>`;
      break;
    case 'note':
      inner = html`<p class="b-note">${full()}</p>`;
      break;
    case 'table':
      inner = html`<div class="b-table-wrap"><table class="b-table"><tbody>${b.lines.map((l, i) => {
        const start = b.starts[i]!;
        const end = i + 1 < b.lines.length ? b.starts[i + 1]! : b.text.length;
        const cells = b.text.slice(start, end).split('\t');
        return html`<tr${i > 0 ? html` id="L${l.line}"` : ''}>${cells.map((c) => html`<td>${c}</td>`)}</tr>`;
      })}</tbody></table></div>`;
      break;
    default: {
      const lead = b.heading?.leadEnd ?? 0;
      inner = lead > 0
        ? html`<p class="b-para"><strong class="lead">${renderSpan(b, 0, lead, marks)}</strong>${renderSpan(b, lead, b.text.length, marks)}</p>`
        : html`<p class="b-para">${full()}</p>`;
    }
  }
  const range = first === last ? `原文第${first}行` : `原文第${first}–${last}行`;
  return html`<div class="blk blk-${b.kind}${hasTask ? ' has-task' : ''}" id="L${first}"><a class="gut" href="${sourceHref(docId, first)}" tabindex="-1" aria-hidden="true" title="${range}">${first}</a>${inner}</div>`;
}

function outlineList(nodes: OutlineNode[], depth = 0): SafeHtml {
  return html`<ol class="ol-${depth}">${nodes.map((n) => html`<li><a href="#L${n.line}"><span class="ol-label">${n.label}</span>${n.title}</a>${n.children.length && depth < 2 ? outlineList(n.children, depth + 1) : ''}</li>`)}</ol>`;
}

// ───────────────────────────── panels ─────────────────────────────

function metaPanel(d: DocumentDetail): SafeHtml {
  const doc = d.document;
  const v = d.validity;
  return html`<section class="panel meta meta-panel" aria-labelledby="meta-title">
  <h2 id="meta-title">文件信息</h2>
  <dl>
    <dt>发文字号</dt><dd>${d.docNumber ?? '（未识别）'}</dd>
    <dt>发文机关</dt><dd>${d.issuers.length ? joinHtml(d.issuers.map((i) => html`<a href="${agencyHref(i)}">${i}</a>`), '、') : '（未识别）'}</dd>
    <dt>文种</dt><dd>${d.docType ?? '（未识别）'}</dd>
    <dt>成文日期</dt><dd>${d.date ? html`<time datetime="${d.date}">${fmtDate(d.date)}</time>` : '（未识别）'}</dd>
    ${doc.recipients.length ? html`<dt>主送机关</dt><dd>${doc.recipients.join('，')}</dd>` : ''}
    ${doc.signedBy ? html`<dt>署名</dt><dd>${doc.signedBy}</dd>` : ''}
    <dt>公开属性</dt><dd>${doc.publicity ?? '（未标注）'}</dd>
    <dt>效力状态</dt>${v.status === 'unknown'
      // Most documents state no validity at all: one quiet line, not a badge and an explanation.
      ? html`<dd class="muted">${STATUS_LABEL.unknown}</dd>`
      : html`<dd>${statusBadge(v.status)} <span class="small">${STATUS_HELP[v.status]}（截至${fmtDate(v.asOf)}）</span>
      ${v.effectiveFrom ? html`<br>施行日期：${fmtDate(v.effectiveFrom)}` : ''}
      ${v.expiresOn ? html`<br>有效期至：${fmtDate(v.expiresOn)}` : ''}
      ${v.repealedBy ? html`<br>已被 <a href="${docHref(v.repealedBy.byDocumentId, v.repealedBy.line)}">${v.repealedBy.byTitle}</a>${v.repealedBy.byDocNumber ? `（${v.repealedBy.byDocNumber}）` : ''} 废止${v.repealedBy.on ? `，自${fmtDate(v.repealedBy.on)}起` : ''}` : ''}
    </dd>`}
    <dt>所载公报</dt><dd><a href="${issueHref(d.issueId)}">${d.issue.title ?? '公报'} ${issueLabel(d.issue)}</a>${d.section ? html`<br>栏目：${d.section}` : ''}${doc.tocPage !== null ? html`<br>原刊第${doc.tocPage}页` : ''}</dd>
    <dt>来源</dt><dd class="break">${d.issue.fileName ?? baseName(d.sourcePath)}，<a href="${sourceHref(d.id)}">${lineRange(d.startLine, d.endLine)}</a></dd>
    ${pagesOf(d)}
  </dl>
</section>`;
}

/** Citations grouped by what they point at: one item per cited (or citing) document, with every line. */
function groupCitations(cs: CitationRecord[], outgoing: boolean): CitationRecord[][] {
  const groups = new Map<string, CitationRecord[]>();
  for (const c of cs) {
    const k = outgoing ? (c.targetId ? `d${c.targetId}` : `x${c.docNumber ?? ''}|${c.title ?? ''}`) : `d${c.documentId}`;
    const g = groups.get(k);
    if (g) g.push(c);
    else groups.set(k, [c]);
  }
  return [...groups.values()];
}

function citationItem(group: CitationRecord[], outgoing: boolean): SafeHtml {
  const c = group[0]!;
  if (!outgoing) {
    return html`<li><a href="${docHref(c.documentId, c.line)}">${c.documentTitle}</a>${c.documentDocNumber ? html` <span class="docno">${c.documentDocNumber}</span>` : ''}</li>`;
  }
  const label = html`${c.title ? `《${c.title}》` : ''}${c.docNumber ? html`<span class="docno">${c.title ? '（' : ''}${c.docNumber}${c.title ? '）' : ''}</span>` : ''}`;
  return html`<li id="cite-${c.id}">${c.targetId
    ? html`<a href="${docHref(c.targetId)}">${label}</a> <span class="tag ok">本库文件</span>`
    : html`${label} <span class="tag">未收录</span>`} ${joinHtml(group.map((x) => html`${x.id !== c.id ? html`<span id="cite-${x.id}"></span>` : ''}${lineLink(x.documentId, x.line)}`), ' ')}</li>`;
}

function section(id: string, title: string, count: number, body: SafeHtml, empty?: string): SafeHtml | '' {
  if (!count && !empty) return '';
  return html`<section class="fact-sec" aria-labelledby="${id}">
    <h3 id="${id}">${title} <span class="count">${count}</span></h3>
    ${count ? body : html`<p class="empty">${empty!}</p>`}
  </section>`;
}

function factsPanel(d: DocumentDetail): SafeHtml {
  const doc = d.document;
  const id = d.id;
  const appts = doc.appointments;
  const cites = groupCitations(d.citations, true);
  const citedBy = groupCitations(d.citedBy, false);
  return html`<section class="panel facts" aria-labelledby="facts-title">
  <h2 id="facts-title">自动提取的信息</h2>
  <p class="small auto-note">以下内容由程序从原文中识别，可能遗漏或有误；在正文中以底色标出，每条注明原文行号。</p>
  ${section('f-enc', '所附文件', doc.enclosures.length, html`<ul>${doc.enclosures.map((e) => html`<li><a href="#L${e.startLine}">${e.title}</a></li>`)}</ul>`)}
  ${section('f-att', '附件', doc.attachments.length, html`<ul>${doc.attachments.map((a) => html`<li>${a.title}${a.omitted ? html` <span class="tag">原刊略</span>` : ''} ${evidence(d, a.line)}</li>`)}</ul>`)}
  ${section('f-cite', '引用的文件', cites.length, html`<ul class="cites">${cites.map((g) => citationItem(g, true))}</ul>`, '未识别出引用。')}
  ${section('f-citedby', '被以下文件引用', citedBy.length, html`<ul class="cites">${citedBy.map((g) => citationItem(g, false))}</ul>`, '本库中暂无文件引用本文件。')}
  ${(d.citations.length || d.citedBy.length) ? html`<p class="small"><a href="/documents/${id}/graph">查看引用关系图</a></p>` : ''}
  ${section('f-repeal', '宣布废止', d.repeals.length, html`<ul>${d.repeals.map((r) => html`<li>${r.targetId ? html`<a href="${docHref(r.targetId)}">${r.title ? `《${r.title}》` : r.docNumber}</a>` : (r.title ? `《${r.title}》` : r.docNumber)}${r.title && r.docNumber ? html` <span class="docno">${r.docNumber}</span>` : ''} ${evidence(d, r.line)}</li>`)}</ul>`)}
  ${section('f-appt', '人事任免', appts.length, html`
    ${doc.appointmentBasis ? html`<p class="small">依据：${doc.appointmentBasis.text} ${evidence(d, doc.appointmentBasis.line)}</p>` : ''}
    <ul class="appts">${appts.map((a) => html`<li><span class="badge act-${a.action}">${ACTION_LABEL[a.action]}</span> <a href="${personHref(a.person)}">${a.person}</a> ${a.post}${a.qualifiers.length ? html` <span class="small">（${a.qualifiers.join('，')}）</span>` : ''} ${evidence(d, a.line)}</li>`)}</ul>`)}
  ${section('f-roster', '组成人员', doc.rosters.length, html`${doc.rosters.map((r) => html`<details class="roster"><summary>${r.group}（${r.members.length}人）</summary><ul>${r.members.map((m) => html`<li>${m.role}：<a href="${personHref(m.person)}">${m.person}</a>${m.post ? html` <span class="small">${m.post}</span>` : ''}</li>`)}</ul></details>`)}`)}
  ${section('f-task', '工作任务', doc.tasks.length, html`<ol class="tasks-mini">${doc.tasks.map((t) => html`<li>
      <p>${truncate(t.text, 90)} ${evidence(d, t.line, t.startLine, t.endLine)}</p>
      <p class="small">${t.leads.length ? html`牵头：${joinHtml(t.leads.map((u, i) => html`<a href="${agencyHref(t.leadAgencies[i] ?? u)}">${u}</a>`), '、')}` : '牵头单位未识别'}${t.cooperators.length ? html`；配合：${joinHtml(t.cooperators.map((u, i) => html`<a href="${agencyHref(t.cooperatorAgencies[i] ?? u)}">${u}</a>`), '、')}` : ''}</p>
      <p class="small">${taskStateBadge({ state: taskState(t.deadline, d.validity.asOf) })} 时限：${t.deadline ? html`<time datetime="${t.deadline}">${fmtDate(t.deadline)}</time>` : (t.deadlineText ?? '未写明')}${t.deadlineText && t.deadline ? html`（原文：${t.deadlineText}）` : ''}</p>
    </li>`)}</ol>
    <p class="small"><a href="/tasks?documentId=${id}">在任务督办中查看本文件的任务</a> · <a href="${documentCalendarHref(id)}">任务时限日历（iCalendar）</a></p>`)}
  ${section('f-warn', '解析提示', doc.warnings.length, html`<ul class="warnings">${doc.warnings.map((w) => html`<li><strong>${WARNING_LABEL[w.code] ?? w.code}</strong>：${w.message}${w.line ? html` ${evidence(d, w.line)}` : ''}</li>`)}</ul>`)}
</section>`;
}

// ───────────────────────────── page ─────────────────────────────

export async function documentPage(archive: Archive, id: number, asOf?: string, query?: string): Promise<string | null> {
  const d = await archive.getDocument(id, asOf ? { asOf } : {});
  if (!d) return null;
  // Arrived from a search for this document's number (the search redirects here with ?q=).
  const foundBy = query && d.docNumber && docNumberQuery(query) === d.docNumber ? query.trim() : null;
  const doc = d.document;
  const blocks = layoutBlocks(d.lines, doc);
  const facts = factsOf(d);
  const headingBase = doc.enclosures.length ? 3 : 2;
  const taskLines = doc.tasks.map((t) => [t.startLine, t.endLine] as [number, number]);

  const body = html`
${foundBy ? html`<p class="found-by" role="status">按文号找到 <strong class="docno">${d.docNumber}</strong>${foundBy !== d.docNumber ? html`（检索词：${foundBy}）` : ''}</p>` : ''}
<header class="doc-head">
  <p class="kicker"><a href="${issueHref(d.issueId)}">${d.issue.title ?? '公报'} ${issueLabel(d.issue)}</a>${d.section ? html` · ${d.section}` : ''}</p>
  <h1>${d.title}</h1>
  <p class="doc-sub">${d.docNumber ? html`<span class="docno">${d.docNumber}</span>` : ''}${d.date ? html`<time datetime="${d.date}">${fmtDate(d.date)}</time>` : ''}${d.validity.status === 'unknown' ? '' : statusBadge(d.validity.status)}${doc.tasks.length ? html`<a class="badge task-count" href="/tasks?documentId=${id}">${doc.tasks.length}项任务</a>` : ''}</p>
  <nav class="doc-tools" aria-label="文件工具">
    <a href="${sourceHref(id)}">原文行（逐行对照）</a>
    ${doc.pages ? html`<a href="/issues/${d.issueId}/original.pdf#page=${doc.pages.first}">原件PDF（第${doc.pages.first}页）</a>` : ''}
    <a href="/documents/${id}/graph">引用关系图</a>
    <a href="/api/documents/${id}">数据（JSON）</a>
  </nav>
</header>
<div class="docgrid">
  ${metaPanel(d)}
  <nav class="outline panel" aria-label="文件结构">
    <details open>
      <summary><h2>文件结构</h2></summary>
      ${doc.outline.length || doc.enclosures.length
        ? html`${doc.enclosures.length ? html`<ul class="enc-nav">${doc.enclosures.map((e) => html`<li><a href="#L${e.startLine}">${e.title}</a></li>`)}</ul>` : ''}${outlineList(doc.outline)}`
        : html`<p class="empty">未识别出层级标题。</p>`}
    </details>
  </nav>
  <article class="doc-text" aria-label="正文">
    ${blocks.map((b) => renderBlock(b, id, facts, headingBase, taskLines))}
    ${notice(html`正文由原文逐行拼接为段落（去除了排版换行和中文之间的多余空格）。<a href="${sourceHref(id)}">查看未经处理的原文行</a>。`)}
  </article>
  ${factsPanel(d)}
</div>
`;
  return page({
    title: d.title,
    body,
    breadcrumbs: [
      { href: '/', label: '首页' },
      { href: issueHref(d.issueId), label: `${d.issue.title ?? '公报'} ${issueLabel(d.issue)}` },
      { label: truncate(d.title, 40) },
    ],
    scripts: ['app.js'],
    ...(foundBy ? { query: foundBy } : {}),
  });
}
