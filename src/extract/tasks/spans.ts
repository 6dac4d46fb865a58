/** The text a marker closes: back to the previous marker, the item label or the item's heading. */
import { removeLayoutSpaces } from '../../core/text.js';
import { OUTLINE_LABEL } from '../../core/grammar/outline-labels.js';
import { isAgencyLike } from '../agencies.js';
import type { TextSpan } from '../../model.js';
import { foldedOf, lineAt, mapOf, type Block } from './blocks.js';
import { SPACE_AT, SPAN_LEAD_AT, matchesAt } from './chars.js';


export interface Span {
  text: string;
  startLine: number;
  endLine: number;
  /**
   * Where the first piece starts and the last one ends, in their blocks: the TextSpan is made only
   * for the spans that become tasks (see textSpanOf), most candidate spans never do. (Flat fields:
   * an object for each end was two more objects a span.)
   */
  fromBlock: Block;
  fromAt: number;
  toBlock: Block;
  toAt: number;
}

/** The printed characters of a span's text, from its first to its last piece. */
export function textSpanOf(span: Span): TextSpan | undefined {
  // Within one block (most spans) one call gives both ends: the start of the first character
  // and the end of the last, as the two calls below do.
  if (span.fromBlock === span.toBlock) return mapOf(span.fromBlock).spanOf(span.fromAt, span.toAt);
  const a = mapOf(span.fromBlock).spanOf(span.fromAt, span.fromAt + 1);
  const b = mapOf(span.toBlock).spanOf(span.toAt - 1, span.toAt);
  return a && b ? { line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn } : undefined;
}

export function spanOf(block: Block, a: number, b: number): Span | null {
  let s = a;
  let e = b;
  // Printed characters: both widths are in the sets, so folding would not change the tests.
  while (s < e && matchesAt(SPAN_LEAD_AT, block.text, s)) s++;
  while (e > s && matchesAt(SPACE_AT, block.text, e - 1)) e--;
  if (s >= e) return null;
  return {
    text: block.text.slice(s, e),
    startLine: lineAt(block, s),
    endLine: lineAt(block, e - 1),
    fromBlock: block,
    fromAt: s,
    toBlock: block,
    toAt: e,
  };
}

export function joinSpans(spans: Span[]): Span | null {
  if (!spans.length) return null;
  return {
    text: spans.map((s) => s.text).join(''),
    startLine: spans[0]!.startLine,
    endLine: spans[spans.length - 1]!.endLine,
    fromBlock: spans[0]!.fromBlock,
    fromAt: spans[0]!.fromAt,
    toBlock: spans[spans.length - 1]!.toBlock,
    toAt: spans[spans.length - 1]!.toAt,
  };
}

/**
 * A heading that can stand for a task on its own (1.加快充电桩建设 followed by 牵头单位：…), unlike
 * the name of a working group (1.热源保障组) or a heading about composition (协同机制组成).
 */
function isTaskTitle(folded: string): boolean {
  const title = removeLayoutSpaces(folded).replace(OUTLINE_LABEL, '').replace(/。$/, '');
  return title.length >= 4 && !isAgencyLike(title) && !/组成|成员|职责|分工|机构|领导小组|专班|工作组/.test(title);
}

/**
 * The paragraphs before block `bi` that belong to the same item: back to the item label, a heading
 * or the previous marker. A heading is included only for a marker standing at the start of block
 * `bi` (its item is then the heading plus the body), and only after some body text.
 */
export function textBefore(blocks: Block[], bi: number, withHeading = true): Span | null {
  const parts: Span[] = [];
  for (let j = bi - 1; j >= 0 && j >= bi - 8; j--) {
    const b = blocks[j]!;
    if (b.markers.length) {
      if (!withHeading) break;
      const tail = spanOf(b, b.markers[b.markers.length - 1]!.end, b.text.length);
      if (tail) parts.unshift(tail);
      break;
    }
    if (b.field) break;
    const whole = spanOf(b, 0, b.text.length);
    if (b.heading) {
      if (withHeading && whole && (parts.length || isTaskTitle(foldedOf(b)))) parts.unshift(whole);
      break;
    }
    if (whole) parts.unshift(whole);
    if (b.labeled) break;
  }
  return joinSpans(parts);
}
