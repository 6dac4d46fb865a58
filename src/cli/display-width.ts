/**
 * Display width of text in a terminal, for aligning columns. The text of a gazette's cells
 * (document numbers, dates, 文种, mastheads, file paths) is printable ASCII, CJK ideographs, CJK
 * and full-width punctuation: their widths need no Unicode segmentation. string-width (grapheme
 * clusters, emoji sequences) is loaded only for a cell holding anything else: setting it up costs
 * about as much CPU as a small parse (its emoji pattern and Intl.Segmenter: ~0.3 G instructions,
 * docs/performance.md "Eleventh round"), paid by every `gongbao parse --format text` and
 * `gongbao list` before.
 */

/** Characters one column wide besides printable ASCII (East Asian Width "ambiguous", narrow as string-width counts them). */
const NARROW = new Set(['·', '—', '―', '‘', '’', '“', '”', '…', '※']);

/**
 * Width of `s` when every character is of a kind listed here, else undefined: printable ASCII
 * and NARROW 1; CJK symbols and punctuation (U+3000–303E: 、。〔〕《》, but not the combining tone marks
 * U+302A–302D), CJK ideographs (U+3400–4DBF,
 * U+4E00–9FFF) and full-width forms (U+FF01–FF60, U+FFE0–FFE6) 2.
 */
export function plainWidth(s: string): number | undefined {
  let width = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) width += 1;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3000 && c <= 0x3029) || (c >= 0x302e && c <= 0x303e) || (c >= 0xff01 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6)) width += 2;
    else if (NARROW.has(s[i]!)) width += 1;
    else return undefined;
  }
  return width;
}

/** A width function good for all of `cells`: plainWidth when it knows them all, else string-width. */
export async function widthFor(cells: Iterable<string>): Promise<(s: string) => number> {
  for (const cell of cells) {
    if (plainWidth(cell) === undefined) {
      const { default: stringWidth } = await import('string-width');
      return stringWidth;
    }
  }
  return (s) => plainWidth(s)!;
}
