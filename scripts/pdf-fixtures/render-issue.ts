/**
 * One issue → one text PDF (one column or body in two columns) and its page gold: the body is
 * rendered first, each document's start and end page found in its text layer, then the 目录 is
 * rendered with those page numbers and cover + 目录 + body joined with qpdf.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentBlocks } from './blocks.js';
import type { PdfPrinter } from './chromium.js';
import {
  bodyHtml, columnBoxes, coverHtml, footerTemplate, headerTemplate, issueLabel, tocHtml, type BodyDoc, type Layout,
} from './html.js';
import { locateDocuments, markDocuments, sameLayout, type DocSpan } from './locate.js';
import type { SourceDoc, SourceIssue } from './source.js';
import { compact } from './text.js';
import { joinPdfs, pageCount, pageTextInBox, pageTexts } from './tools.js';

export interface DocPlacement {
  doc: SourceDoc;
  /** Physical pages of the joined PDF (1-based). */
  startPhysical: number;
  endPhysical: number;
  /** Printed page numbers ("— N —"). */
  startPrinted: number;
  endPrinted: number;
}

export interface RenderedIssue {
  file: string;
  pages: number;
  /** Pages before printed page 1: cover and 目录. */
  frontPages: number;
  placements: DocPlacement[];
}

/** The blocks of every document of an issue; throws when a gold title is not in the text. */
export function issueBlocks(issue: SourceIssue, strict: boolean): BodyDoc[] {
  return issue.docs.map((doc) => {
    const { blocks, titleMatched } = documentBlocks(issue.lines, doc);
    if (!titleMatched) {
      const msg = `${issue.name}: line ${doc.startLine}: the title "${doc.title}" is not the text's`;
      if (strict) throw new Error(msg);
      console.warn(`warning: ${msg}`);
    }
    return { doc, blocks };
  });
}

export async function renderIssue(
  printer: PdfPrinter, issue: SourceIssue, docs: BodyDoc[], layout: Layout, out: string,
): Promise<RenderedIssue> {
  const work = mkdtempSync(join(tmpdir(), 'gongbao-pdf-'));
  try {
    const gazette = issue.masthead?.title ?? '';
    const issueText = issueLabel(issue.masthead);
    const header = headerTemplate(gazette, issueText);

    const bodyPdf = join(work, 'body.pdf');
    const markedPdf = join(work, 'marked.pdf');
    const templates = { header, footer: footerTemplate() };
    writeFileSync(bodyPdf, await printer.print(bodyHtml(docs, layout, gazette), templates));
    writeFileSync(markedPdf, await printer.print(bodyHtml(markDocuments(docs), layout, gazette), templates));
    const marked = pageTexts(markedPdf);
    const differs = sameLayout(pageTexts(bodyPdf), marked);
    if (differs) throw new Error(`${issue.name} (${layout}): ${differs}`);
    const spans = locateDocuments(marked, docs.length);

    const parts: { file: string }[] = [];
    if (issue.masthead) {
      const coverPdf = join(work, 'cover.pdf');
      writeFileSync(coverPdf, await printer.print(coverHtml(issue.masthead, issue.pinyin)));
      parts.push({ file: coverPdf });
    }
    const tocPdf = join(work, 'toc.pdf');
    const tocItems = docs.map(({ doc }, i) => ({ doc, page: spans[i].start }));
    writeFileSync(tocPdf, await printer.print(tocHtml(tocItems, [gazette, issueText].filter(Boolean).join('　'), layout)));
    parts.push({ file: tocPdf }, { file: bodyPdf });

    const frontPages = parts.slice(0, -1).reduce((n, p) => n + pageCount(p.file), 0);
    joinPdfs(parts, out);
    return {
      file: out,
      pages: pageCount(out),
      frontPages,
      placements: docs.map(({ doc }, i) => placement(doc, spans[i], frontPages)),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function placement(doc: SourceDoc, span: DocSpan, front: number): DocPlacement {
  return {
    doc,
    startPhysical: span.start + front,
    endPhysical: span.end + front,
    startPrinted: span.start,
    endPrinted: span.end,
  };
}

/** NAME.pages.tsv: per gold document, where it starts and ends in the PDF. */
export function pagesTsv(rendered: RenderedIssue): string {
  const head = ['start_line', 'doc_number', 'title', 'start_page', 'end_page', 'start_printed', 'end_printed'];
  const rows = rendered.placements.map((p) => [
    p.doc.startLine, p.doc.docNumber ?? '', p.doc.title, p.startPhysical, p.endPhysical, p.startPrinted, p.endPrinted,
  ].join('\t'));
  return `${[head.join('\t'), ...rows].join('\n')}\n`;
}

/**
 * The checks every made PDF must pass: the text layer holds each document's title and number, and
 * each document's first page prints the page number the 目录 gives. Returns the problems found.
 */
export function checkTextPdf(rendered: RenderedIssue, docs: BodyDoc[], layout: Layout, goldTitles: boolean): string[] {
  const problems: string[] = [];
  // -layout keeps columns side by side: a two-column page is read in reading order instead.
  const pages = pageTexts(rendered.file, layout === 'one').map(compact);
  const all = pages.join('');
  rendered.placements.forEach((p, i) => {
    const title = docs[i].blocks[0]?.kind === 'title' ? compact(docs[i].blocks[0].lines.join('')) : '';
    if (p.doc.docNumber && !all.includes(compact(p.doc.docNumber))) problems.push(`number ${p.doc.docNumber} not in the text layer`);
    const page = pages[p.startPhysical - 1] ?? '';
    // A title kept in one column of a two-column page is read from that column alone.
    const readings = layout === 'one'
      ? [page]
      : [page, ...columnBoxes().map((c) => compact(pageTextInBox(rendered.file, p.startPhysical, { ...c, y: 0, height: 842 })))];
    // The parser's titles (no gold) may differ from the text's; then the printed title is checked.
    const wanted = goldTitles ? compact(p.doc.title) : title;
    if (!all.includes(wanted) && layout === 'one') problems.push(`title of line ${p.doc.startLine} not in the text layer`);
    if (!readings.some((r) => r.includes(title) && r.includes(wanted))) {
      problems.push(`title of line ${p.doc.startLine} not on page ${p.startPhysical}`);
    }
    if (!page.includes(`—${p.startPrinted}—`)) problems.push(`page ${p.startPhysical} does not print — ${p.startPrinted} —`);
  });
  return problems;
}

