/**
 * Outline (heading tree) of a document. Forms, by rank:
 * 第X章 (chapter) > 第X节 (section) > 第X条 (article); 一、 (cn-number) > （一） (cn-paren) >
 * 1. / 1、 / 1． (arabic) > 1.1 (decimal) > （1） (arabic-paren). An arabic item's title may open with a
 * year or a name like 5G (1.2021年度…, 6. 5G+智慧能源), never with another number (1.5万吨, 1、2月份).
 * A heading's title is its text up to the first sentence break (（一）指导思想。以… → 指导思想).
 */
import type { OutlineKind, OutlineNode, SourceLine } from '../model.js';
import { foldWidth, removeLayoutSpaces } from './text.js';
import { CN_NUMBER, CN_NUMERAL_CHARS } from './grammar/outline-labels.js';

const CN = CN_NUMBER;
const FORMS: Array<{ kind: OutlineKind; rank: number; re: RegExp }> = [
  { kind: 'chapter', rank: 0, re: new RegExp(`^(第${CN}章)\\s*(.*)$`) },
  { kind: 'section', rank: 1, re: new RegExp(`^(第${CN}节)\\s*(.*)$`) },
  { kind: 'article', rank: 2, re: new RegExp(`^(第${CN}条)\\s*(.*)$`) },
  { kind: 'cn-number', rank: 3, re: new RegExp(`^(${CN}\\s*[、.])\\s*(.*)$`) },
  { kind: 'cn-paren', rank: 4, re: new RegExp(`^([(]\\s*${CN}\\s*[)])\\s*(.*)$`) },
  // 6.3 预案制订及解释 — a space must follow, and no unit (1.5 万吨 is a quantity).
  { kind: 'decimal', rank: 6, re: /^(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\s+(?![万亿千百%个元吨倍])(\S.*)$/ },
  { kind: 'arabic', rank: 5, re: /^(\d{1,2}\s*[.、])\s*(.*)$/ },
  { kind: 'arabic-paren', rank: 7, re: /^([(]\s*\d{1,2}\s*[)])\s*(.*)$/ },
];

/** What every form above starts with (after width folding): 第, a numeral, a bracket, a digit. */
const HEADING_FIRST_CHARS = `第${CN_NUMERAL_CHARS}(0123456789`;
/**
 * Their code units, with the full-width forms of the ASCII ones (（, ０–９) that width folding
 * turns into them: a line's first unit is looked up without folding it.
 */
const HEADING_FIRST = new Set<number>();
for (let i = 0; i < HEADING_FIRST_CHARS.length; i++) {
  const c = HEADING_FIRST_CHARS.charCodeAt(i);
  HEADING_FIRST.add(c);
  if (c >= 0x21 && c <= 0x7e) HEADING_FIRST.add(c + 0xfee0);
}

/** A number that can open an item's title: a year (2021年度…) or a name such as 5G, 4K. */
const NUMBER_OPENING_A_TITLE = /^(?:(?:19|20)\d{2}\s*年|\d{1,3}[A-Z])/;

function headingTitle(rest: string): string {
  const t = rest.split(/[。；;：:]/)[0] ?? '';
  const clean = removeLayoutSpaces(t);
  return clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
}

export function parseOutline(lines: SourceLine[]): OutlineNode[] {
  const roots: OutlineNode[] = [];
  const stack: Array<{ node: OutlineNode; rank: number }> = [];
  // Indexed loops: for…of allocates an iterator result per step in code V8 does not fully optimize.
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    // Most lines start otherwise: passed without folding them or trying each form.
    if (!l.text || !HEADING_FIRST.has(l.text.charCodeAt(0))) continue;
    const t = foldWidth(l.text);
    for (let f = 0; f < FORMS.length; f++) {
      const form = FORMS[f]!;
      const m = form.re.exec(t);
      if (!m) continue;
      // 1.5万吨 or 1、2月份 are not headings; 6. 5G+智慧能源 and 1.2021年度… are.
      if (form.kind === 'arabic' && /^\d/.test(m[2]!) && !NUMBER_OPENING_A_TITLE.test(m[2]!)) break;
      const node: OutlineNode = {
        kind: form.kind,
        label: removeLayoutSpaces(l.text.slice(0, m[1]!.length)),
        title: headingTitle(l.text.slice(t.length - m[2]!.length)),
        line: l.line,
        children: [],
      };
      while (stack.length && stack[stack.length - 1]!.rank >= form.rank) stack.pop();
      if (stack.length) stack[stack.length - 1]!.node.children.push(node);
      else roots.push(node);
      stack.push({ node, rank: form.rank });
      break;
    }
  }
  return roots;
}
