/**
 * Stage 2 — normalize: raw lines → SourceLine[] with a cleaned `text` beside the untouched `raw`.
 *
 * Removes layout debris left by OCR and PDF-to-markdown tools: heading markers (#), bullets (- * •),
 * block quotes (>), bold/italic markers (** __), table pipes and separator rows, stray page-break
 * rules (---). Width and spaces are NOT changed here: matchers fold them as they need, so offsets
 * in `text` still address the printed characters.
 */
import type { SourceLine } from '../model.js';

const HEADING = /^\s{0,3}#{1,6}\s+/;
const BULLET = /^\s*(?:[-*+•·]|\d+\\\.)\s+/;
const QUOTE = /^\s*>\s?/;
const EMPHASIS = /(\*\*|__)(?=\S)|(?<=\S)(\*\*|__)/g;
// Both are tested on the trimmed line. Each space run has one place in the pattern: no two
// quantifiers compete for the same spaces (that made a long run of spaces take quadratic time).
const TABLE_SEPARATOR = /^\|?\s*:?-{3,}:?(?:\s*\|\s*:?-{3,}:?)*\s*\|?$/;
const RULE = /^(?:-{3,}|\*{3,}|_{3,})$/;

// Every pattern above needs one of these characters: a line without them is only trimmed.
const MARKDOWN_CHAR = /[#\-*+•·>|_\\]/;
/** MARKDOWN_CHAR, searched for in the whole text from lastIndex. */
const NEXT_MARKDOWN_CHAR = new RegExp(MARKDOWN_CHAR.source, 'g');

export function cleanLine(raw: string): string {
  return MARKDOWN_CHAR.test(raw) ? cleanMarkedLine(raw) : raw.trim();
}

/** cleanLine of a line holding a markdown character. */
function cleanMarkedLine(raw: string): string {
  const trimmed = raw.trim();
  if (RULE.test(trimmed) || TABLE_SEPARATOR.test(trimmed)) return '';
  let t = raw;
  t = t.replace(QUOTE, '').replace(HEADING, '').replace(BULLET, '');
  t = t.replace(EMPHASIS, '');
  if (/^\s*\|.*\|\s*$/.test(t)) {
    // Markdown table row: cells become tab-separated, as in the plain-text table layouts.
    t = t.trim().slice(1, -1).split('|').map((c) => c.trim()).join('\t');
  }
  // String.prototype.trim removes exactly \s (U+3000 included) in linear time; the regex
  // /[\s\u3000]+$/ it replaces restarted at every space of a run.
  return t.trim();
}

/**
 * The raw lines as SourceLines. `text`, when given, is the text they were split from, each line
 * ended by \n (rawLines.join('\n')): the few lines holding a markdown character are then found by
 * searching it from line to line, not by a pattern call on every line (~900 instructions each
 * without TurboFan, ~1 % of a parse).
 */
export function toSourceLines(rawLines: string[], text?: string): SourceLine[] {
  if (text === undefined) return rawLines.map((raw, i) => ({ line: i + 1, raw, text: cleanLine(raw) }));
  let next = nextMarkdownChar(text, 0);
  let start = 0;
  return rawLines.map((raw, i) => {
    const end = start + raw.length;
    let clean: string;
    if (next >= end) clean = raw.trim();
    else {
      clean = cleanMarkedLine(raw);
      next = nextMarkdownChar(text, end + 1);
    }
    start = end + 1;
    return { line: i + 1, raw, text: clean };
  });
}

/** Offset of the first markdown character of `text` at or after `from` (text.length when none). */
function nextMarkdownChar(text: string, from: number): number {
  NEXT_MARKDOWN_CHAR.lastIndex = from;
  return NEXT_MARKDOWN_CHAR.test(text) ? NEXT_MARKDOWN_CHAR.lastIndex - 1 : text.length;
}
