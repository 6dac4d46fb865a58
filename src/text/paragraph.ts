/**
 * The paragraph builder of the web reader (src/server/web/paragraphs.ts): lines appended one by
 * one in a view, the text joined once when it is read (appending to a string line by line makes a
 * rope that every later read has to flatten), and a LineMap from every offset back to its line and column. When to break a
 * paragraph is each caller's own rule; how lines join and map back is this one. (The task blocks,
 * src/extract/tasks/blocks.ts, keep a document's lines in two arrays instead, joined as trimmed and
 * mapped by the same LineMap when asked: a builder for every block cost more than reading it.)
 */
import { LineMap, type MappedLine } from './line-map.js';
import type { LineView } from './views.js';

const LATIN = /[A-Za-z]/;

export class Paragraph<L extends MappedLine = MappedLine> {
  readonly map: LineMap<L>;
  private readonly parts: string[] = [];
  private joined: string | null = null;
  /** Length of the text so far. */
  length = 0;

  /** A paragraph of `line`, whose `view` text is `text` (the caller has it already). */
  constructor(view: LineView, line: L, text: string) {
    this.map = new LineMap<L>(view);
    this.map.add(0, line);
    this.parts.push(text);
    this.length = text.length;
  }

  /**
   * Line `line` (its view text `text`) continues the paragraph. The displayed (`tidy`) view keeps a
   * space between two Latin words broken over lines; the other views join the lines as they are.
   * Returns the offset where `text` starts.
   */
  append(line: L, text: string): number {
    if (this.map.view === 'tidy' && LATIN.test(this.lastChar()) && LATIN.test(text[0] ?? '')) {
      this.parts.push(' ');
      this.length++;
    }
    const at = this.length;
    this.map.add(at, line);
    this.parts.push(text);
    this.length += text.length;
    this.joined = null;
    return at;
  }

  /** The text of the last line appended. */
  get lastPart(): string {
    return this.parts[this.parts.length - 1]!;
  }

  /** The last `n` characters of the text (without joining it). */
  lastCharacters(n: number): string {
    let s = '';
    for (let i = this.parts.length - 1; i >= 0 && s.length < n; i--) s = this.parts[i]! + s;
    return s.slice(-n);
  }

  private lastChar(): string {
    const last = this.lastPart;
    return last[last.length - 1] ?? '';
  }

  get text(): string {
    return (this.joined ??= this.parts.length === 1 ? this.parts[0]! : this.parts.join(''));
  }
}
