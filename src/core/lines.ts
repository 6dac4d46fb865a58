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

export function cleanLine(raw: string): string {
  if (!MARKDOWN_CHAR.test(raw)) return raw.trim();
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

export function toSourceLines(rawLines: string[]): SourceLine[] {
  return rawLines.map((raw, i) => ({ line: i + 1, raw, text: cleanLine(raw) }));
}
