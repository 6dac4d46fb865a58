/**
 * What the PDF reader and OCR hand to layout reconstruction: positioned text per page (the layout stage's input, so src/pdf depends on src/layout and not the other way round).
 *
 * Coordinates are PDF points (1/72 inch) with the origin at the top-left corner of the page and y
 * growing downwards, whatever the source (a text layer's baseline coordinates or an OCR engine's
 * pixel boxes are converted to this), so one layout stage serves both.
 */

/** A run of text at a place on the page: a text-layer item or an OCR word. */
export interface PositionedText {
  text: string;
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  width: number;
  height: number;
  /** Font size in points (for OCR, the height of the line's glyphs). */
  size: number;
  bold: boolean;
  /** OCR confidence 0–100; null for a text layer. */
  confidence: number | null;
}

/** Where a page's text came from. */
export type PageOrigin = 'text-layer' | 'ocr';

/** The positioned text of one page of a file. */
export interface PageText {
  /** 1-based physical page number in the file. */
  page: number;
  width: number;
  height: number;
  items: PositionedText[];
  origin: PageOrigin;
}
