/**
 * Extracted facts highlighted in the document text. Each fact names the line its evidence stands
 * on and the words to mark there; the words are found in the displayed paragraph tolerating
 * layout spaces, full/half width and bracket variants (〔〕 [] （） are the same to the eye).
 * A fact whose words cannot be found is still listed beside the text, just not marked.
 */
import { foldWidth, squash } from '../../core/text.js';
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
  for (const fact of facts) {
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
        if (!marks.some((k) => s < k.end && k.start < e)) {
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
