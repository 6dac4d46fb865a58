/**
 * The HTML of a gazette: cover, 目录 and body, laid out like a printed 政府公报 (A4, 仿宋-like serif
 * body, 小标宋-like bold titles, 黑体 headings), and the running header/footer templates that
 * Chromium prints on each body page. One column, or body in two columns.
 */
import type { Block } from './blocks.js';
import type { Masthead, SourceDoc } from './source.js';

export type Layout = 'one' | 'two';

/** Page geometry shared by every part (mm). */
export const PAGE = { top: 30, bottom: 25, side: 25, columnGap: 8 } as const;

/** The two text columns of the two-column body, in PDF points from the page's left edge. */
export function columnBoxes(): { x: number; width: number }[] {
  const pt = (mm: number) => (mm * 72) / 25.4;
  const width = (210 - 2 * PAGE.side - PAGE.columnGap) / 2;
  return [
    { x: pt(PAGE.side), width: pt(width) },
    { x: pt(PAGE.side + width + PAGE.columnGap), width: pt(width) },
  ];
}
const CONTENT_WIDTH = `${210 - 2 * PAGE.side}mm`;

const SERIF = "'Noto Serif CJK SC', serif";
const SANS = "'Noto Sans CJK SC', sans-serif";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A whole HTML document; its script sets body[data-ready] once the layout is final (the printer waits for it). */
function page(title: string, css: string, body: string, script = ''): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
@page { size: A4; margin: ${PAGE.top}mm ${PAGE.side}mm ${PAGE.bottom}mm ${PAGE.side}mm; }
html { width: ${CONTENT_WIDTH}; font-family: ${SERIF}; color: #000; }
body { margin: 0; }
p, h1, h2, h3 { margin: 0; font-weight: normal; }
${css}
</style></head><body>${body}<script>${script || "document.body.dataset.ready = '1';"}</script></body></html>`;
}

/** 2021年第5期 */
export function issueLabel(m: Masthead | null): string {
  if (!m || m.year === null || m.number === null) return '';
  return `${m.year}年第${m.number}期`;
}

function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

// ---------------------------------------------------------------- cover

export function coverHtml(m: Masthead, pinyin: string | null): string {
  const css = `
@page { margin: 0; }
html { width: 210mm; }
.cover { height: 296mm; position: relative; text-align: center; }
.masthead { padding-top: 42mm; font-size: 44pt; font-weight: 700; color: #c00000; letter-spacing: 0.08em; line-height: 1.2; }
.pinyin { margin-top: 6mm; font-size: 11pt; letter-spacing: 0.18em; color: #c00000; font-family: ${SANS}; }
.rule { margin: 9mm 30mm 0; border-top: 2.5pt solid #c00000; border-bottom: 0.8pt solid #c00000; height: 2pt; }
.issue { margin-top: 14mm; font-size: 22pt; font-weight: 700; }
.total { margin-top: 4mm; font-size: 14pt; }
.imprint { position: absolute; left: 0; right: 0; bottom: 38mm; font-size: 13pt; line-height: 2; }`;
  const total = m.totalNumber !== null ? `<p class="total">（总第${String(m.totalNumber).padStart(3, '0')}期）</p>` : '';
  const imprint = [
    m.publisher ? `<p>${escapeHtml(m.publisher)}　主管主办</p>` : '',
    m.publishedOn ? `<p>${chineseDate(m.publishedOn)}出版${m.frequency ? `（${escapeHtml(m.frequency)}）` : ''}</p>` : '',
  ].join('');
  return page(m.title ?? '', css, `<div class="cover">
<h1 class="masthead">${escapeHtml(m.title ?? '')}</h1>
${pinyin ? `<p class="pinyin">${escapeHtml(pinyin)}</p>` : ''}
<div class="rule"></div>
<p class="issue">${issueLabel(m)}</p>
${total}
<div class="imprint">${imprint}</div>
</div>`);
}

// ---------------------------------------------------------------- 目录

export interface TocItem {
  doc: SourceDoc;
  /** Printed page where the document starts. */
  page: number;
}

function tocHeading(title: string): string {
  return `<h1 class="toc-head">目　录</h1>${title ? `<p class="toc-sub">${escapeHtml(title)}</p>` : ''}`;
}

function bySection(items: TocItem[]): { section: string | null; items: TocItem[] }[] {
  const groups: { section: string | null; items: TocItem[] }[] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && last.section === item.doc.section) last.items.push(item);
    else groups.push({ section: item.doc.section, items: [item] });
  }
  return groups;
}

/** title（number）, the number kept on one line as printed 目录 do. */
function entryHtml(doc: SourceDoc): string {
  const title = escapeHtml(doc.title);
  return doc.docNumber ? `${title}<span class="num">（${escapeHtml(doc.docNumber.replace(/\s+/g, ''))}）</span>` : title;
}

/**
 * One-column 目录: entries "title（number）……（page）" with dot leaders of real … characters, filled
 * by a script measuring the last line of each (wrapped) title.
 */
export function tocHtml(items: TocItem[], gazette: string, layout: Layout): string {
  return layout === 'one' ? tocLeaders(items, gazette) : tocTable(items, gazette);
}

function tocLeaders(items: TocItem[], gazette: string): string {
  const css = `
.toc-head { font-size: 22pt; font-weight: 700; text-align: center; letter-spacing: 0.5em; margin: 4mm 0 2mm; }
.toc-sub { text-align: center; font-size: 11pt; margin-bottom: 6mm; }
.toc-section { font-family: ${SANS}; font-weight: 700; font-size: 13pt; margin: 5mm 0 2mm; }
.toc-entry { position: relative; font-size: 12pt; line-height: 1.7; padding: 0 3.6em 0 2em; text-indent: -1em; margin-bottom: 1.5mm; text-align: left; }
.toc-entry .pg { position: absolute; right: 0; bottom: 0; }
.leader { letter-spacing: 0; }
.num { white-space: nowrap; }`;
  const body = [tocHeading(gazette)];
  for (const group of bySection(items)) {
    if (group.section) body.push(`<h2 class="toc-section">${escapeHtml(group.section)}</h2>`);
    for (const item of group.items) {
      body.push(`<p class="toc-entry"><span class="t">${entryHtml(item.doc)}</span><span class="leader"></span><span class="pg">（${item.page}）</span></p>`);
    }
  }
  const script = `document.fonts.ready.then(() => {
const probe = document.createElement('span');
probe.textContent = '…………';
document.body.appendChild(probe);
const dot = probe.getBoundingClientRect().width / 4;
probe.remove();
for (const entry of document.querySelectorAll('.toc-entry')) {
  const rects = entry.querySelector('.t').getClientRects();
  const last = rects[rects.length - 1];
  // The line box ends at the padding that keeps the page number's place.
  const right = entry.getBoundingClientRect().right - parseFloat(getComputedStyle(entry).paddingRight);
  const n = Math.max(2, Math.floor((right - last.right) / dot) - 1);
  entry.querySelector('.leader').textContent = '…'.repeat(n);
}
document.body.dataset.ready = '1';
});`;
  return page('目录', css, body.join('\n'), script);
}

/** Two-column version: the 目录 as a ruled table (title, number, page). */
function tocTable(items: TocItem[], gazette: string): string {
  const css = `
.toc-head { font-size: 22pt; font-weight: 700; text-align: center; letter-spacing: 0.5em; margin: 4mm 0 2mm; }
.toc-sub { text-align: center; font-size: 11pt; margin-bottom: 5mm; }
table { width: 100%; border-collapse: collapse; font-size: 10.5pt; line-height: 1.5; }
th, td { border: 0.6pt solid #000; padding: 1.2mm 2mm; vertical-align: middle; }
th { font-family: ${SANS}; font-weight: 700; }
td.section { font-family: ${SANS}; font-weight: 700; text-align: center; background: #eee; }
td.num { white-space: nowrap; text-align: center; }
td.pg { text-align: center; width: 3em; }
tr { break-inside: avoid; }`;
  const rows: string[] = ['<tr><th>文件名称</th><th>文号</th><th>页码</th></tr>'];
  for (const group of bySection(items)) {
    if (group.section) rows.push(`<tr><td class="section" colspan="3">${escapeHtml(group.section)}</td></tr>`);
    for (const item of group.items) {
      rows.push(`<tr><td>${escapeHtml(item.doc.title)}</td><td class="num">${escapeHtml((item.doc.docNumber ?? '').replace(/\s+/g, ''))}</td><td class="pg">${item.page}</td></tr>`);
    }
  }
  return page('目录', css, `${tocHeading(gazette)}<table>${rows.join('\n')}</table>`);
}

// ---------------------------------------------------------------- body

export interface BodyDoc {
  doc: SourceDoc;
  blocks: Block[];
}

export function bodyHtml(docs: BodyDoc[], layout: Layout, gazette: string): string {
  const two = layout === 'two';
  const css = `
html { font-size: ${two ? '10.5pt' : '11pt'}; line-height: 1.7; }
${two ? `.flow { column-count: 2; column-gap: ${PAGE.columnGap}mm; column-rule: 0.6pt solid #000; column-fill: auto; }
.span { column-span: all; }` : ''}
p { text-align: justify; orphans: 2; widows: 2; }
.section { font-family: ${SANS}; font-weight: 700; font-size: 1.15em; margin: 1.4em 0 0.6em; break-after: avoid; }
.doc-title { font-weight: 700; font-size: ${two ? '1.45em' : '1.55em'}; line-height: 1.45; text-align: center; margin: 1.6em 0 0.7em; break-inside: avoid; break-after: avoid; }
.doc-title.first { margin-top: 0.4em; }
.doc-number { text-align: center; margin-bottom: 1.1em; break-before: avoid; break-after: avoid; }
.recipients { text-align: left; }
.para { text-indent: 2em; }
.list { text-indent: 2em; }
.list span + span { margin-left: 2em; }
.outline { font-family: ${SANS}; font-weight: 700; text-indent: 2em; break-after: avoid; margin-top: 0.2em; }
.chapter { font-family: ${SANS}; font-weight: 700; text-align: center; margin: 0.8em 0 0.4em; break-after: avoid; }
.subtitle { font-weight: 700; font-size: 1.3em; line-height: 1.45; text-align: center; margin: 1.2em 0 0.8em; break-inside: avoid; break-after: avoid; }
.label { font-family: ${SANS}; font-weight: 700; margin-top: 1.2em; break-after: avoid; }
.attachments { margin: 1em 0 0 2em; }
.attachments p { padding-left: 3em; }
.attachments p:first-child { padding-left: 0; }
.signature, .date { text-align: right; padding-right: 2em; }
.signature:not(.signature + .signature) { margin-top: 1.6em; }
.note { text-indent: 2em; margin-top: 0.4em; }
table { width: 100%; border-collapse: collapse; font-size: 0.86em; line-height: 1.45; margin: 0.6em 0; }
th, td { border: 0.6pt solid #000; padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; }
th { font-family: ${SANS}; font-weight: 700; text-align: center; }
tr { break-inside: avoid; }
.roster { text-indent: 2em; }
.roster span { display: inline-block; text-indent: 0; vertical-align: top; }
.roster .role { width: 6em; }
.roster .name { width: 4.5em; }
.roster .post { margin-right: 1.5em; }`;
  const out: string[] = [];
  let section: string | null = null;
  docs.forEach(({ doc, blocks }, index) => {
    // Real two-column gazettes keep a title in its column; half the documents here span both.
    const spanning = two && index % 2 === 0 ? ' span' : '';
    if (doc.section && doc.section !== section) {
      out.push(`<h2 class="section${two ? ' span' : ''}">${escapeHtml(doc.section)}</h2>`);
    }
    section = doc.section;
    for (const block of blocks) out.push(blockHtml(block, spanning, index === 0 && !doc.section, two));
  });
  const content = two ? `<div class="flow">${out.join('\n')}</div>` : out.join('\n');
  return page(gazette, css, content);
}

function blockHtml(b: Block, spanning: string, first: boolean, two: boolean): string {
  const e = escapeHtml;
  const lines = (xs: string[]) => xs.map(e).join('<br>');
  switch (b.kind) {
    case 'title':
      return `<h1 class="doc-title${spanning}${first ? ' first' : ''}">${lines(b.lines)}</h1>`;
    case 'number':
      return `<p class="doc-number${spanning}">${e(b.text)}</p>`;
    case 'recipients':
    case 'para':
    case 'label':
    case 'signature':
    case 'date':
    case 'note':
      return `<p class="${b.kind}">${e(b.text)}</p>`;
    case 'outline':
    case 'chapter':
      return `<h3 class="${b.kind}">${e(b.text)}</h3>`;
    case 'subtitle':
      return `<h2 class="subtitle">${lines(b.lines)}</h2>`;
    case 'list':
      return `<p class="list">${b.items.map((x) => `<span>${e(x)}</span>`).join('')}</p>`;
    case 'attachments':
      return `<div class="attachments">${b.items.map((x) => `<p>${e(x)}</p>`).join('')}</div>`;
    case 'table': {
      const wide = two && b.rows[0].length >= 4 ? ' class="span"' : '';
      const rows = b.rows.map((r, i) => {
        const tag = b.header && i === 0 ? 'th' : 'td';
        return `<tr>${r.map((c) => `<${tag}>${e(c)}</${tag}>`).join('')}</tr>`;
      });
      return `<table${wide}>${rows.join('')}</table>`;
    }
    case 'roster':
      return b.rows.map((r) => {
        const [role, name, ...rest] = r;
        const posts = rest.map((x) => `<span class="post">${e(x)}</span>`).join('');
        return `<p class="roster"><span class="role">${e(role ?? '')}</span><span class="name">${e(name ?? '')}</span>${posts}</p>`;
      }).join('\n');
  }
}

// ---------------------------------------------------------------- running header and footer

/** Header: the gazette's name and the issue over a rule. Empty for a compilation without masthead. */
export function headerTemplate(gazette: string, issue: string): string {
  if (!gazette && !issue) return '<span></span>';
  return `<div style="width:100%;margin:0 ${PAGE.side}mm;padding:0 0 1.5mm;border-bottom:0.8pt solid #000;display:flex;justify-content:space-between;font-family:${SERIF.replace(/'/g, '&quot;')};font-size:9.5pt;-webkit-print-color-adjust:exact;"><span>${escapeHtml(gazette)}</span><span>${escapeHtml(issue)}</span></div>`;
}

/** Footer: "— N —" centred, N the printed page number (Chromium counts from 1 in each PDF). */
export function footerTemplate(): string {
  return `<div style="width:100%;text-align:center;font-family:${SERIF.replace(/'/g, '&quot;')};font-size:10.5pt;">— <span class="pageNumber"></span> —</div>`;
}
