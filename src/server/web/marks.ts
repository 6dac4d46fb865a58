/**
 * Extracted facts highlighted in the document text. A fact with a span (set by the text layer,
 * src/text/) marks exactly the characters it names, mapped into the displayed paragraph through
 * the paragraph's LineMap. A fact without one (archives made before spans, facts that carry none)
 * names the line its evidence stands on and the words to mark there; the words are found in the
 * displayed paragraph tolerating layout spaces, full/half width and bracket variants (〔〕 [] （）
 * are the same to the eye). A fact whose words cannot be found is still listed beside the text,
 * just not marked.
 */
import { foldWidth, squash } from '../../core/text.js';
import type { TextSpan } from '../../model.js';
import type { Block } from './paragraphs.js';
import { html, joinHtml, type SafeHtml } from './html.js';

export type FactKind = 'citation' | 'citation-unresolved' | 'person' | 'unit' | 'deadline' | 'validity' | 'repeal' | 'basis';

export interface Fact {
  kind: FactKind;
  line: number;
  /** Words to mark as printed (spaces and widths are tolerated). */
  needle: string;
  /** Where the mark links to; none for plain marks. */
  href?: string;
  /** Tooltip / accessible description. */
  label: string;
  /** The characters of the evidence, when the fact has them: marked as they are, no search. */
  span?: TextSpan;
}

/** `{ span }` of a fact record when it has one (records of archives made before spans do not). */
export function spanOfRecord(record: object): { span?: TextSpan } {
  const span = (record as { span?: TextSpan }).span;
  return span ? { span } : {};
}

/**
 * The offsets in the block's text of a span's characters on this block (a span running on past
 * the block is cut at its edges); null when the span is not on this block or does not map.
 */
export function spanRange(block: Block, span: TextSpan): [number, number] | null {
  const first = block.lines[0]!.line;
  const last = block.lines[block.lines.length - 1]!.line;
  if (span.endLine < first || span.line > last) return null;
  const start = span.line < first ? 0 : block.map.offsetOf(span.line, span.column);
  const end = span.endLine > last ? block.text.length : block.map.offsetOf(span.endLine, span.endColumn, true);
  if (start === undefined || end === undefined || !(end > start)) return null;
  return [start, end];
}

export interface Mark {
  start: number;
  end: number;
  fact: Fact;
}

const BRACKET_CLASSES: Array<[RegExp, string]> = [
  [/[〔［\[【﹝]/, '[〔［\\[【﹝(（]'],
  [/[〕］\]】﹞]/, '[〕］\\]】﹞)）]'],
  [/[（(]/, '[（(〔［\\[]'],
  [/[）)]/, '[）)〕］\\]]'],
];

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\\/-]/g, '\\$&');
}

/** A regex matching the needle with optional whitespace between characters and bracket variants. */
export function needleRegex(needle: string): RegExp | null {
  const chars = [...squash(foldWidth(needle))];
  if (!chars.length) return null;
  const parts = chars.map((c) => {
    for (const [re, cls] of BRACKET_CLASSES) if (re.test(c)) return cls;
    return escapeRe(c);
  });
  return new RegExp(parts.join('[\\s\\u3000]*'), 'g');
}

/** Marks of the facts that fall on this block, without overlaps (first come, first kept). */
export function marksInBlock(block: Block, facts: Fact[]): Mark[] {
  const first = block.lines[0]!.line;
  const last = block.lines[block.lines.length - 1]!.line;
  const folded = foldWidth(block.text);
  const marks: Mark[] = [];
  const free = (s: number, e: number) => !marks.some((k) => s < k.end && k.start < e);
  for (const fact of facts) {
    if (fact.span && (fact.span.endLine >= first && fact.span.line <= last)) {
      const range = spanRange(block, fact.span);
      if (range) {
        if (free(range[0], range[1])) marks.push({ start: range[0], end: range[1], fact });
        continue;
      } // a span that does not map (the text changed since): search for the words as before
    } else if (fact.span) continue;
    if (fact.line < first || fact.line > last) continue;
    const re = needleRegex(fact.needle);
    if (!re) continue;
    const idx = block.lines.findIndex((l) => l.line >= fact.line);
    const from = idx >= 0 ? block.starts[idx]! : 0;
    let found: RegExpExecArray | null = null;
    for (const start of from > 0 ? [from, 0] : [0]) {
      re.lastIndex = start;
      let m: RegExpExecArray | null;
      while ((m = re.exec(folded))) {
        const s = m.index;
        const e = s + m[0].length;
        if (free(s, e)) {
          found = m;
          break;
        }
        re.lastIndex = s + 1;
      }
      if (found) break;
    }
    if (found) marks.push({ start: found.index, end: found.index + found[0].length, fact });
  }
  return marks.sort((a, b) => a.start - b.start);
}

function markHtml(text: string, fact: Fact): SafeHtml {
  return markWith(html`${text}`, fact);
}

/**
 * The block text from..to as HTML: marks wrapped, and an empty anchor `id="L<n>"` where each
 * source line after the first begins (so every line number is a link target).
 */
export function renderSpan(block: Block, from: number, to: number, marks: Mark[], anchorLines = true): SafeHtml {
  const events: Array<{ at: number; anchor?: number }> = [];
  if (anchorLines) {
    block.starts.forEach((s, i) => {
      if (i > 0 && s >= from && s < to) events.push({ at: s, anchor: block.lines[i]!.line });
    });
  }
  const inside = marks.filter((m) => m.start >= from && m.end <= to);
  const out: SafeHtml[] = [];
  let pos = from;
  const emitText = (a: number, b: number) => {
    // Plain text with line anchors between a and b.
    let p = a;
    for (const e of events) {
      if (e.at < a || e.at >= b) continue;
      if (e.at > p) out.push(html`${block.text.slice(p, e.at)}`);
      out.push(html`<span class="la" id="L${e.anchor!}"></span>`);
      p = e.at;
    }
    if (b > p) out.push(html`${block.text.slice(p, b)}`);
  };
  for (const m of inside) {
    if (m.start < pos) continue;
    emitText(pos, m.start);
    // Anchors inside a mark: keep them (an empty span inside a link is harmless).
    const anchorsIn = events.filter((e) => e.at > m.start && e.at < m.end);
    if (anchorsIn.length) {
      const parts: SafeHtml[] = [];
      let p = m.start;
      for (const e of anchorsIn) {
        parts.push(html`${block.text.slice(p, e.at)}<span class="la" id="L${e.anchor!}"></span>`);
        p = e.at;
      }
      parts.push(html`${block.text.slice(p, m.end)}`);
      out.push(markWith(joinHtml(parts), m.fact));
    } else {
      out.push(markHtml(block.text.slice(m.start, m.end), m.fact));
    }
    pos = m.end;
  }
  emitText(pos, to);
  return joinHtml(out);
}

function markWith(inner: SafeHtml, fact: Fact): SafeHtml {
  const cls = `fact fact-${fact.kind}`;
  return fact.href
    ? html`<a class="${cls}" href="${fact.href}" title="${fact.label}">${inner}</a>`
    : html`<mark class="${cls}" title="${fact.label}">${inner}</mark>`;
}
