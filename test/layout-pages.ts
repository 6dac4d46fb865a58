/**
 * Hand-made PDF pages for the layout tests: text placed at a point, with the width a CJK font
 * gives it (a Chinese character one em wide, ASCII half an em).
 */
import type { PageText, PositionedText } from '../src/layout/positioned.js';

export const A4 = { width: 595, height: 842 };
/** Text box of the pages below: left and right margins, body size, line pitch. */
export const FRAME = { x0: 80, x1: 515, size: 15, pitch: 26 };

export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x2000 ? size / 2 : size;
  return w;
}

export function item(text: string, x: number, y: number, size = FRAME.size, bold = false): PositionedText {
  return { text, x, y, width: textWidth(text, size), height: size, size, bold, confidence: null };
}

export function page(n: number, items: PositionedText[]): PageText {
  return { page: n, ...A4, items, origin: 'text-layer' };
}

/** Characters of the body size that fit between two x positions. */
export const fits = (x0: number, x1: number, size = FRAME.size): number => Math.floor((x1 - x0) / size);

/**
 * A paragraph set in a column: first line indented two characters, lines filled to the right edge
 * (justified), the last line short. Returns the items and the y below the paragraph.
 */
export function paragraph(text: string, y: number, col: { x0: number; x1: number } = FRAME, size = FRAME.size): { items: PositionedText[]; y: number } {
  const items: PositionedText[] = [];
  let rest = [...text];
  let first = true;
  while (rest.length) {
    const x0 = first ? col.x0 + 2 * size : col.x0;
    const n = fits(x0, col.x1, size);
    const chunk = rest.slice(0, n).join('');
    rest = rest.slice(n);
    const it = item(chunk, x0, y, size);
    // Justified: a full line is stretched to the right edge.
    if (rest.length) it.width = col.x1 - x0;
    items.push(it);
    y += FRAME.pitch;
    first = false;
  }
  return { items, y };
}

/** A line centred in a column. */
export function centred(text: string, y: number, size = FRAME.size, col: { x0: number; x1: number } = FRAME, bold = false): PositionedText {
  const w = textWidth(text, size);
  return item(text, col.x0 + (col.x1 - col.x0 - w) / 2, y, size, bold);
}

/** A line right-aligned in a column. */
export function right(text: string, y: number, size = FRAME.size, col: { x0: number; x1: number } = FRAME): PositionedText {
  return item(text, col.x1 - textWidth(text, size), y, size);
}

/** Running header and footer page number of a gazette page. */
export function furniture(n: number): PositionedText[] {
  return [centred('阳泉市人民政府公报 2021年第5期', 40, 9), centred(`— ${n} —`, 800, 10)];
}

export const LOREM =
  '为进一步加强文物保护工作，根据有关法律法规的规定，结合本市实际，市人民政府决定对普济寺等文物保护单位划定保护范围及建设控制地带，请各县区认真贯彻落实，依法做好文物保护和管理工作。';
