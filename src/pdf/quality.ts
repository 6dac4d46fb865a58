/**
 * Is a page's text layer usable, or must the page be OCR'd?
 *
 * Forms handled:
 * - no text at all (a scan, a page made of one image): `empty`;
 * - glyphs without a Unicode mapping: pdfjs hands out private-use code points, U+FFFD or control
 *   characters: `garbage`;
 * - glyph ids read as if they were Unicode (fonts without a ToUnicode map that number their glyphs
 *   from 1): a jumble of rare characters. Chinese official text is written almost entirely with
 *   the 3,755 common characters of GB 2312 level 1; a page where fewer than half of the Chinese
 *   characters are common ones is `garbage`.
 */
import type { PageText } from '../layout/positioned.js';

export type PageQuality = 'ok' | 'empty' | 'garbage';

/** Fewer characters than this on a page means there is no text layer to speak of. */
const MIN_CHARS = 8;

let common: Set<number> | null = null;
/** GB 2312 level 1 (rows 16–55: the common characters), decoded from the encoding itself. */
function commonHanzi(): Set<number> {
  if (common) return common;
  const set = new Set<number>();
  const decoder = new TextDecoder('gb18030');
  for (let hi = 0xb0; hi <= 0xd7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1) set.add(ch.charCodeAt(0));
    }
  }
  common = set;
  return set;
}

const isHan = (c: number): boolean => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
const isBroken = (c: number): boolean =>
  (c >= 0xe000 && c <= 0xf8ff) || c === 0xfffd || (c < 0x20 && c !== 9 && c !== 10 && c !== 13);

export function pageQuality(page: PageText): PageQuality {
  let chars = 0;
  let broken = 0;
  let han = 0;
  let commonHan = 0;
  const set = commonHanzi();
  for (const item of page.items) {
    for (const ch of item.text) {
      const c = ch.codePointAt(0)!;
      if (c === 0x20 || c === 0x3000) continue;
      chars++;
      if (isBroken(c) || c > 0xffff) broken++;
      else if (isHan(c)) {
        han++;
        if (set.has(c)) commonHan++;
      }
    }
  }
  if (chars < MIN_CHARS) return 'empty';
  if (broken / chars > 0.1) return 'garbage';
  if (han >= 20 && commonHan / han < 0.5) return 'garbage';
  return 'ok';
}
