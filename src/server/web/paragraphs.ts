/**
 * Lays a document's source lines out as reading blocks: the printed head (title, number), headings,
 * paragraphs with the layout line breaks of the PDF joined, signature, notes and tables.
 *
 * Forms handled (none specific to one gazette):
 * - one paragraph per line, separated by blank lines (most text extracted from PDFs);
 * - paragraphs broken by a page break or a blank line in the middle of a sentence
 *   (a line ending with ，、 or without punctuation, continued after a blank line);
 * - text hard-wrapped at a fixed width without blank lines (lines of about the same length joined
 *   until one ends with sentence punctuation or is clearly shorter than the wrap width);
 * - headings of every outline form (一、 （一） 1. 第X条 …), alone on their line or leading a paragraph;
 * - the signature and date block, 此件公开发布 notes, tables flattened into tab-separated lines.
 * The original lines are never lost: every block keeps its source lines and their numbers.
 */
import type { OfficialDocument, OutlineNode } from '../../model.js';
import type { DocumentLine } from '../../store/archive.js';
import { foldWidth, squash } from '../../core/text.js';
import { lineDate } from '../../core/dates.js';
import { docNumberOfLine } from '../../core/docnumber.js';
import { isPublicityNote } from '../../core/segment.js';
import { Paragraph, tidySpaces, type LineMap } from '../../text/index.js';

export type BlockKind = 'title' | 'docno' | 'heading' | 'para' | 'sign' | 'note' | 'table';

export interface Block {
  kind: BlockKind;
  /** The non-empty source lines of the block, in order (`map.lines`). */
  lines: DocumentLine[];
  /** Display text: the lines joined, layout spaces inside Chinese text removed (the `tidy` view). */
  text: string;
  /** Offset in `text` where each of `lines` starts (`map.starts`). */
  starts: number[];
  /** Offset → source line and column (src/text/line-map.ts), for marking a fact's span. */
  map: LineMap<DocumentLine>;
  /** For headings and paragraphs that open with a heading. */
  heading?: { node: OutlineNode; depth: number; leadEnd: number };
}

const SENTENCE_END = /[。！？!?；;：:]$/;
const MID_SENTENCE = /[，,、（(“‘《〈—–\-…·]$/;
const CLOSERS = /[”’」』）)】〕\]]+$/;

function endsSentence(t: string): boolean {
  const core = t.replace(CLOSERS, '');
  // A line that is only closing brackets, or whose text before them ends a sentence.
  return core.length === 0 || SENTENCE_END.test(core);
}

function headingMap(outline: OutlineNode[]): Map<number, { node: OutlineNode; depth: number }> {
  const map = new Map<number, { node: OutlineNode; depth: number }>();
  const walk = (nodes: OutlineNode[], depth: number) => {
    for (const n of nodes) {
      map.set(n.line, { node: n, depth });
      walk(n.children, depth + 1);
    }
  };
  walk(outline, 0);
  return map;
}

/** End of a heading's bold lead-in: label and title up to and including the first sentence break. */
function leadEnd(text: string, node: OutlineNode): number {
  const t = foldWidth(text);
  const m = /[。；;：:]/.exec(t);
  if (m && m.index <= node.label.length + node.title.length + 4) return m.index + 1;
  return 0;
}

/** Whether a heading line is a heading alone (一、总体要求) rather than the start of a paragraph. */
function headingAlone(text: string): boolean {
  const t = foldWidth(text).replace(/[。]$/, '');
  return !/[。；;！!？?，,]/.test(t) && !/[：:].+/.test(t) && squash(t).length <= 40;
}

function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** Lines of the printed title: from the first line while the lines spell (part of) the title. */
function titleLines(lines: DocumentLine[], title: string, limit: number): number {
  const want = squash(foldWidth(title));
  let acc = '';
  let n = 0;
  for (let i = 0; i < lines.length && i < limit; i++) {
    const t = squash(foldWidth(lines[i]!.text));
    if (!t) continue;
    if (!want.includes(acc + t)) break;
    acc += t;
    n = i + 1;
  }
  return acc.length >= Math.min(6, want.length) ? n : 0;
}

export function layoutBlocks(all: DocumentLine[], doc: Pick<OfficialDocument, 'title' | 'docNumberLine' | 'outline' | 'enclosures'>): Block[] {
  const lines = all.filter((l) => l.text.trim() !== '' || l.raw.trim() !== '');
  const headings = headingMap(doc.outline);
  const enclosureStarts = new Set(doc.enclosures.map((e) => e.startLine));
  const width = percentile(lines.map((l) => squash(l.text).length), 0.9);
  const LONG = Math.min(40, Math.max(16, Math.round(width * 0.75)));

  const blocks: Block[] = [];
  let cur: Block | null = null;
  let open = false; // whether `cur` may take the next line
  // Lines join in the paragraph builder of the text layer (the one the task extractor uses).
  const paras = new Map<Block, Paragraph<DocumentLine>>();
  const push = (kind: BlockKind, l: DocumentLine, text: string, canContinue: boolean, heading?: Block['heading']) => {
    const para = new Paragraph<DocumentLine>('tidy', l, text);
    cur = { kind, lines: para.map.lines, text, starts: para.map.starts, map: para.map, ...(heading ? { heading } : {}) };
    paras.set(cur, para);
    blocks.push(cur);
    open = canContinue;
  };
  const append = (l: DocumentLine, text: string) => {
    const para = paras.get(cur!)!;
    para.append(l, text);
    cur!.text = para.text;
  };

  // The printed head: title lines, then the document number line.
  let i = 0;
  const nTitle = titleLines(lines, doc.title, 8);
  if (nTitle) {
    push('title', lines[0]!, tidySpaces(lines[0]!.text), false);
    for (i = 1; i < nTitle; i++) append(lines[i]!, tidySpaces(lines[i]!.text));
  }
  if (doc.docNumberLine !== null) {
    while (i < lines.length && lines[i]!.line <= doc.docNumberLine) {
      const l = lines[i]!;
      const kind: BlockKind = l.line === doc.docNumberLine || docNumberOfLine(l.text) ? 'docno' : 'title';
      if (kind === 'title' && cur && (cur as Block).kind === 'title') append(l, tidySpaces(l.text));
      else push(kind, l, tidySpaces(l.text), false);
      i++;
    }
  }

  let enclosureTitle: string | null = null;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    const text = tidySpaces(l.text);
    if (!text) continue;
    const h = headings.get(l.line);
    const c = cur as Block | null;

    // Continuation of a multi-line enclosure title.
    if (enclosureTitle !== null && c?.kind === 'title') {
      const acc = squash(foldWidth(c.text + text));
      if (enclosureTitle.includes(acc) && !h) {
        append(l, text);
        continue;
      }
      enclosureTitle = null;
    }
    if (enclosureStarts.has(l.line)) {
      const e = doc.enclosures.find((x) => x.startLine === l.line)!;
      enclosureTitle = squash(foldWidth(e.title));
      push('title', l, text, false);
      continue;
    }
    if (l.text.includes('\t')) {
      if (c?.kind === 'table') append(l, text);
      else push('table', l, text, false);
      open = false;
      continue;
    }
    if (isPublicityNote(l.text)) {
      push('note', l, text, false);
      continue;
    }
    if (lineDate(l.text) && squash(l.text).length <= 16) {
      // The date of the signature; the short line(s) just before it are the signing body.
      let k = blocks.length - 1;
      while (k >= 0 && blocks[k]!.kind === 'para' && blocks[k]!.lines.length === 1 && squash(blocks[k]!.text).length <= 30 && !/[。；;，,：:]/.test(blocks[k]!.text) && blocks[k]!.lines[0]!.line >= l.line - 3) {
        blocks[k]!.kind = 'sign';
        k--;
      }
      push('sign', l, text, false);
      continue;
    }
    if (h) {
      if (headingAlone(l.text)) push('heading', l, text, false, { ...h, leadEnd: text.length });
      else push('para', l, text, !endsSentence(text), { ...h, leadEnd: leadEnd(text, h.node) });
      continue;
    }
    if (c && open && c.kind === 'para') {
      const prev = c.lines[c.lines.length - 1]!;
      const prevText = tidySpaces(prev.text);
      const joins = !endsSentence(prevText) && (MID_SENTENCE.test(prevText) || squash(prevText).length >= LONG);
      if (joins) {
        append(l, text);
        open = !endsSentence(text);
        continue;
      }
    }
    push('para', l, text, !endsSentence(text));
  }
  return blocks;
}
