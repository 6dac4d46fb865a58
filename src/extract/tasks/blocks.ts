/**
 * Blocks: a document's lines joined into paragraphs (hard wraps and page breaks undone), each
 * knowing the source line of every offset, whether it opens with an item label (一、 （一） 1. ①,
 * the outline grammar of src/core/grammar/outline-labels.ts), a field label (牵头单位：, 完成时限：) or
 * 附件, and its top-level bracket groups (where the bracketed markers are looked for).
 */
import { foldWidth, removeLayoutSpaces } from '../../core/text.js';
import { CN_DIGITS, OUTLINE_LABEL_STARTS, PRINTED_OUTLINE_LABEL } from '../../core/grammar/outline-labels.js';
import { printedSource } from '../../core/grammar/spacing.js';
import type { SourceLine } from '../../model.js';
import { LineMap } from '../../text/index.js';
import { codeSet } from './chars.js';
import { DEADLINE_LABEL, FIELD_LABEL, PRINTED_OPENING_CODES, type Responsibility } from './roles.js';


interface Marker {
  start: number;
  end: number;
  resp: Responsibility;
  /** The bracket never closed within the block (OCR lost it). */
  unclosed: boolean;
}

export interface Block {
  /** The lines as printed, joined (not folded: folding every line costs more than the rest). */
  text: string;
  /** `text` folded, made on first use (see `foldedOf`). */
  folded: string | null;
  /** The source lines of the document's blocks; this block's are pieces first..last. */
  pieces: Pieces;
  first: number;
  last: number;
  /**
   * Where each source line starts in `text` (its trimmed text), and its line and column: made on
   * first use (mapOf), most blocks are never asked.
   */
  map: LineMap<SourceLine> | null;
  heading: boolean;
  /** Starts with an outline label (一、 （一） 1. 第X条). */
  labeled: boolean;
  /** Starts with a field label (牵头单位：). */
  field: boolean;
  markers: Marker[];
  /** Open brackets at the end of the block, and where the outermost one opened. */
  depth: number;
  openedAt: number;
  /** Closed top-level bracket groups [open, close] of the block, in order. */
  groups: Array<[number, number]>;
}

/** The source lines of a document's blocks, in order, and where each starts in its block's text. */
interface Pieces {
  lines: SourceLine[];
  starts: number[];
}

/**
 * The blocks of a document as they are built: the block being built, its lines so far among the
 * document's (joined once, when it is done). One builder a document, not a paragraph builder
 * (src/text/paragraph.ts) a block: the trimmed lines of a block join as they are, and the
 * builder's objects and arrays, made for every block, cost more than the rest of its reading.
 */
class BlockBuilder {
  readonly blocks: Block[] = [];
  /** The pieces of every block, in two arrays a document instead of a line map a block. */
  private readonly pieces: Pieces = { lines: [], starts: [] };
  /** The text (trimmed) of each piece. */
  private readonly texts: string[] = [];
  /** The block being built (null between blocks). */
  block: Block | null = null;
  /** Length of its text so far. */
  length = 0;

  /** Start a block with line `t` (`outline`, `field`: it starts with such a label). */
  open(t: string, line: SourceLine, outline: boolean, field: boolean): void {
    this.flush();
    const pieces = this.pieces;
    const first = pieces.lines.length;
    pieces.lines.push(line);
    pieces.starts.push(0);
    // The arrays are made apart: an array literal inside the object literal would have the engine
    // copy a nested boilerplate in the runtime for every block.
    const markers: Marker[] = [];
    const groups: Array<[number, number]> = [];
    const block: Block = {
      text: '',
      folded: null,
      pieces,
      first,
      last: first,
      map: null,
      heading: outline && isShortLabeledLine(t),
      labeled: outline,
      field,
      markers,
      depth: 0,
      openedAt: -1,
      groups,
    };
    this.block = block;
    this.texts.push(t);
    this.length = t.length;
    trackDepth(block, t, 0);
  }

  /** Line `t` continues the block being built. */
  append(t: string, line: SourceLine): void {
    const block = this.block!;
    const at = this.length;
    block.last = this.pieces.lines.push(line) - 1;
    this.pieces.starts.push(at);
    this.texts.push(t);
    this.length = at + t.length;
    trackDepth(block, t, at);
    block.heading = false;
  }

  /** The block being built is done: its text joined, the block listed. */
  flush(): void {
    const block = this.block;
    if (!block) return;
    const texts = this.texts;
    block.text = block.first === block.last ? texts[block.first]! : texts.slice(block.first, block.last + 1).join('');
    this.blocks.push(block);
    this.block = null;
  }

  /** The text of the last line of the block being built. */
  get lastPart(): string {
    return this.texts[this.block!.last]!;
  }

  /** The last `n` characters of the block being built (without joining it). */
  lastCharacters(n: number): string {
    let s = '';
    for (let i = this.block!.last; i >= this.block!.first && s.length < n; i--) s = this.texts[i]! + s;
    return s.slice(-n);
  }
}

export function foldedOf(block: Block): string {
  return (block.folded ??= foldWidth(block.text));
}

/** The map of a block's offsets to its source lines and columns. */
export function mapOf(block: Block): LineMap<SourceLine> {
  if (!block.map) {
    const map = new LineMap<SourceLine>('trim');
    const { lines, starts } = block.pieces;
    for (let k = block.first; k <= block.last; k++) map.add(starts[k]!, lines[k]!);
    block.map = map;
  }
  return block.map;
}

/** The source line of character `i` of a block. */
export function lineAt(block: Block, i: number): number {
  // A block of one line (most) answers without its map.
  return block.first === block.last ? block.pieces.lines[block.first]!.line : mapOf(block).lineAt(i);
}

/** The source line of the first character of a block. */
export function firstLineOf(block: Block): number {
  return block.pieces.lines[block.first]!.line;
}

/** The source line of the last character of a block. */
export function lastLineOf(block: Block): number {
  return block.pieces.lines[block.last]!.line;
}

/** 附件：/ 附件1 / 附件一 at the start of a line (folded, squashed). */
export const ANNEX_LABEL = new RegExp(`^附件[:：\\d${CN_DIGITS}]`);

/**
 * OUTLINE_LABEL, FIELD_LABEL, DEADLINE_LABEL and ANNEX_LABEL for the printed line, generated from
 * them (src/core/grammar/spacing.ts), so that most lines need neither folding nor squashing.
 */
const PRINTED_FIELD_LABEL = printedSource(FIELD_LABEL);
const PRINTED_DEADLINE_LABEL = printedSource(DEADLINE_LABEL);

export const PRINTED_OUTLINE = PRINTED_OUTLINE_LABEL;
const PRINTED_FIELD = new RegExp(`^\\s*(?:${unanchored(PRINTED_FIELD_LABEL)}|${unanchored(PRINTED_DEADLINE_LABEL)})`);
const PRINTED_ANNEX = new RegExp(printedSource(ANNEX_LABEL));

/** A printed label pattern without its `^\s*`, to be put under one anchor with others. */
function unanchored(source: string): string {
  if (!source.startsWith('^\\s*')) throw new Error(`not an anchored label pattern: ${source}`);
  return source.slice('^\\s*'.length);
}

/** The characters an item label can start with on a trimmed line (a cheaper first test). */
const ITEM_LABEL_STARTS = codeSet(OUTLINE_LABEL_STARTS + '牵责主承配协参完时进附');

/**
 * Does the line start an item: an outline label, a field label or 附件? Three patterns, each
 * anchored: one pattern of the four took more to compile (once a process, a few M instructions)
 * than the lines take to test, and the outline and field ones are needed apart anyway.
 */
export function startsItem(t: string): boolean {
  return PRINTED_OUTLINE.test(t) || PRINTED_FIELD.test(t) || PRINTED_ANNEX.test(t);
}

/**
 * 三、重点任务 / （一）组织领导。 / 1.热源保障组 — a short labeled line that is not a sentence (`t`
 * is known to start with an outline label).
 */
function isShortLabeledLine(t: string): boolean {
  // Sentence punctuation rules most lines out before the length, which needs the squashed line.
  // (`t` is trimmed already; a final 。 is cut by a slice, not a replace.)
  const fullStop = t.endsWith('。');
  const body = fullStop ? t.slice(0, -1) : t;
  if (SENTENCE_STOP.test(body)) return false;
  // Squashing never lengthens a line, and keeps every character that is not a space: a body of
  // 40 printed characters is short enough, one of more than 40 others is too long.
  if (body.length > 40) {
    if (body.replace(/\s+/g, '').length > 40) return false;
    if (removeLayoutSpaces(foldWidth(body)).length > 40) return false;
  }
  return !(fullStop && COMMA.test(body));
}

const SENTENCE_STOP = /[。；;]/;
const COMMA = /[，,]/;

/** The brackets of OPENERS / CLOSERS as printed: full-width （）［］ fold to ()[]. */
const PRINTED_BRACKET = /[(（〔[［【)）〕\]］】]/g;

/** Bracket depth and groups of a block as a printed line `added` is appended at `offset`. */
function trackDepth(block: Block, added: string, offset: number): void {
  PRINTED_BRACKET.lastIndex = 0;
  while (PRINTED_BRACKET.test(added)) {
    const i = PRINTED_BRACKET.lastIndex - 1;
    const at = offset + i;
    if (PRINTED_OPENING_CODES.has(added.charCodeAt(i))) {
      if (block.depth === 0) block.openedAt = at;
      block.depth++;
    } else if (block.depth > 0) {
      block.depth--;
      if (block.depth === 0) block.groups.push([block.openedAt, at]);
    }
  }
}

/** Inside an open bracket (opened within the last 200 characters: older ones are OCR debris). */
function insideBracket(b: BlockBuilder): boolean {
  const block = b.block!;
  return block.depth > 0 && b.length - block.openedAt <= 200;
}

/** Has the block a bracket group (closed, or open at its end), where bracketed markers stand? */
export function mayHoldBracketMarkers(block: Block): boolean {
  return block.depth > 0 || block.groups.length > 0;
}

/** Top-level bracket groups of a block: [open, close] (close = length when unclosed). */
export function groupsOf(block: Block): Array<[number, number]> {
  return block.depth > 0 ? [...block.groups, [block.openedAt, block.text.length]] : block.groups;
}

export function buildBlocks(lines: SourceLine[], skip: Set<number>): Block[] {
  const b = new BlockBuilder();
  let blank = false;
  // Indexed loops and no destructuring in the loops over every line and bracket: they run before
  // the engine has optimized them, where iterators cost more than the work.
  const skipping = skip.size > 0;
  for (let li = 0; li < lines.length; li++) {
    const l = lines[li]!;
    // A line's text is trimmed when the line is made (SourceLine.text, src/core/lines.ts cleanLine):
    // a trim here, a call on every line, gave the same string.
    const t = l.text;
    // A blank line (half the lines) is asked only whether a table took it.
    if (!t) {
      if (skipping && skip.has(l.line)) {
        b.flush();
        blank = false;
      } else blank = true;
      continue;
    }
    if (t.includes('\t') || (skipping && skip.has(l.line))) {
      b.flush();
      blank = false;
      continue;
    }
    // A line continues the block inside an open bracket; else unless it starts an item or the
    // block is a heading or ended its sentence.
    const cur = b.block;
    let continued = cur !== null && insideBracket(b);
    let outline = false;
    let field = false;
    if (!continued) {
      // startsItem, with what it found kept: an outline label, else a field label, else 附件.
      const labelStart = ITEM_LABEL_STARTS.has(t.charCodeAt(0));
      outline = labelStart && PRINTED_OUTLINE.test(t);
      field = labelStart && !outline && PRINTED_FIELD.test(t);
      const item = outline || field || (labelStart && PRINTED_ANNEX.test(t));
      continued = cur !== null && !cur.heading && !item && continuesSentence(b, blank);
    }
    if (continued) b.append(t, l);
    else b.open(t, l, outline, field);
    blank = false;
  }
  b.flush();
  return b.blocks;
}

/** Sentence ends (。！？!?；;：:, either width). */
export const PARAGRAPH_END_CODES = new Set([...'。！？!?；;：:'].map((ch) => ch.charCodeAt(0)));
/** The closing brackets of CLOSERS, either width. */
const PRINTED_CLOSER_CODES = new Set([...')）〕]］】'].map((ch) => ch.charCodeAt(0)));

/**
 * Does the block run on into the next line (no sentence end)? Blocks never end in layout spaces
 * (lines are trimmed), so the last character is the last line's.
 */
function continuesSentence(b: BlockBuilder, blank: boolean): boolean {
  const lastLine = b.lastPart;
  const last = lastLine.charCodeAt(lastLine.length - 1);
  if (PARAGRAPH_END_CODES.has(last)) return false;
  if (blank && PRINTED_CLOSER_CODES.has(last)) {
    // A short bracket such as 各县（区） ends a name broken by the page, not a paragraph. The last
    // opener is found as printed (the codes hold both widths; folding keeps the length).
    const tail = b.lastCharacters(8);
    let at = tail.length - 1;
    while (at >= 0 && !PRINTED_OPENING_CODES.has(tail.charCodeAt(at))) at--;
    return at >= 0 && tail.length - at - 2 <= 4;
  }
  return true;
}

/**
 * Top-level bracket groups of a printed string: [open, close] (close = length when unclosed), the
 * brackets of OPENERS / CLOSERS in either width.
 */
export function bracketGroups(s: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let depth = 0;
  let open = -1;
  PRINTED_BRACKET.lastIndex = 0;
  while (PRINTED_BRACKET.test(s)) {
    const i = PRINTED_BRACKET.lastIndex - 1;
    if (PRINTED_OPENING_CODES.has(s.charCodeAt(i))) {
      if (depth === 0) open = i;
      depth++;
    } else if (depth > 0) {
      depth--;
      if (depth === 0) out.push([open, i]);
    }
  }
  if (depth > 0 && open >= 0) out.push([open, s.length]);
  return out;
}
