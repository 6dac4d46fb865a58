/**
 * Layout reconstruction: positioned text of PDF pages → lines in reading order, with the page and
 * box each line came from. The result feeds the same normalize → segment → parse pipeline as text
 * files; what the layout knows beyond the text (page, box, alignment) travels with each line.
 */
import type { PageOrigin } from './positioned.js';

/** A rectangle on a page, in points, origin top-left. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * How a line sits in its column: a hint for the later stages (a centred line is a title or a
 * document number, a right-aligned one a signature or date, an indented one starts a paragraph).
 */
export type Align = 'left' | 'indent' | 'center' | 'right' | 'full';

/** A run of text on one baseline with no wide gap inside: one line of one column, or one table cell. */
export interface Fragment {
  text: string;
  box: Box;
  size: number;
  bold: boolean;
}

/** A line of the reconstructed text: one paragraph, one title line, or one table row. */
export interface LayoutLine {
  text: string;
  /** Physical page (1-based) where the line starts, and where it ends (a paragraph may go on). */
  page: number;
  endPage: number;
  /** Box of the line's part on its first page. */
  box: Box;
  align: Align;
  /** Font size in points. */
  size: number;
  bold: boolean;
  /** Printed lines joined into this one (a paragraph's wraps). */
  wraps: number;
  /** A table row: cells are separated by tabs. */
  table: boolean;
}

export type FurnitureRole = 'header' | 'footer' | 'page-number';

/** Text printed on every page (running header, footer, page number): kept aside, never in a document. */
export interface Furniture {
  role: FurnitureRole;
  text: string;
  box: Box;
}

export interface PageLayout {
  page: number;
  /** The page number printed on the page (or inferred from its neighbours), null when unknown. */
  printedPage: number | null;
  /** true when printedPage was read on this page; false when inferred from the neighbours. */
  printedPageSeen: boolean;
  width: number;
  height: number;
  origin: PageOrigin;
  /** 2 when part of the page is set in two columns. */
  columns: 1 | 2;
  furniture: Furniture[];
  /** Index into Layout.lines of the first line that starts on this page (-1 when none). */
  firstLine: number;
  lineCount: number;
}

export interface Layout {
  lines: LayoutLine[];
  pages: PageLayout[];
}
