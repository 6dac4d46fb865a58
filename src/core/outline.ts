/**
 * Outline (heading tree) of a document. Forms, by rank:
 * 第X章 (chapter) > 第X节 (section) > 第X条 (article); 一、 (cn-number) > （一） (cn-paren) >
 * 1. / 1、 / 1． (arabic) > 1.1 (decimal) > （1） (arabic-paren). An arabic item's title may open with a
 * year or a name like 5G (1.2021年度…, 6. 5G+智慧能源), never with another number (1.5万吨, 1、2月份).
 * A heading's title is its text up to the first sentence break (（一）指导思想。以… → 指导思想).
 */
import type { OutlineKind, OutlineNode, SourceLine } from '../model.js';
import { removeLayoutSpaces } from './text.js';
import { CN_NUMBER, CN_NUMERAL_CHARS } from './grammar/outline-labels.js';

/*
 * The forms read the line as printed, in either width: each class of an ASCII character holds its
 * full-width form too (（ for (, ０–９ for 0–9, ． for .), the same as matching the width-folded line
 * (\s holds the ideographic space) — a heading line often has full-width commas, each of which a
 * fold replaces.
 */
const CN = CN_NUMBER;
const DIGIT = '[0-9０-９]';
const DOT = '[.．]';
const OPEN = '[(（]';
const CLOSE = '[)）]';

interface Form {
  kind: OutlineKind;
  rank: number;
  re: RegExp;
}
const FORMS: Form[] = [
  { kind: 'chapter', rank: 0, re: new RegExp(`^(第${CN}章)\\s*(.*)$`) },
  { kind: 'section', rank: 1, re: new RegExp(`^(第${CN}节)\\s*(.*)$`) },
  { kind: 'article', rank: 2, re: new RegExp(`^(第${CN}条)\\s*(.*)$`) },
  { kind: 'cn-number', rank: 3, re: new RegExp(`^(${CN}\\s*[、.．])\\s*(.*)$`) },
  { kind: 'cn-paren', rank: 4, re: new RegExp(`^(${OPEN}\\s*${CN}\\s*${CLOSE})\\s*(.*)$`) },
  // 6.3 预案制订及解释 — a space must follow, and no unit (1.5 万吨 is a quantity).
  {
    kind: 'decimal',
    rank: 6,
    re: new RegExp(`^(${DIGIT}{1,2}${DOT}${DIGIT}{1,2}(?:${DOT}${DIGIT}{1,2})?)\\s+(?![万亿千百%％个元吨倍])(\\S.*)$`),
  },
  { kind: 'arabic', rank: 5, re: new RegExp(`^(${DIGIT}{1,2}\\s*[.．、])\\s*(.*)$`) },
  { kind: 'arabic-paren', rank: 7, re: new RegExp(`^(${OPEN}\\s*${DIGIT}{1,2}\\s*${CLOSE})\\s*(.*)$`) },
];

/**
 * The forms a line can take, by the code unit it starts with (第, a numeral, a bracket, a digit, in
 * either width), in the order of FORMS: a line is tried against those alone.
 */
const FORMS_BY_FIRST = new Map<number, Form[]>();
function formsStartingWith(chars: string, kinds: OutlineKind[]): void {
  const forms = FORMS.filter((f) => kinds.includes(f.kind));
  for (let i = 0; i < chars.length; i++) FORMS_BY_FIRST.set(chars.charCodeAt(i), forms);
}
formsStartingWith('第', ['chapter', 'section', 'article']);
formsStartingWith(CN_NUMERAL_CHARS, ['cn-number']);
formsStartingWith('(（', ['cn-paren', 'arabic-paren']);
formsStartingWith('0123456789０１２３４５６７８９', ['decimal', 'arabic']);

/** A title that opens with a number (1、2月份, 1.5万吨) is no item's… */
const OPENS_WITH_DIGIT = new RegExp(`^${DIGIT}`);
/** …unless the number is a year (2021年度…) or names something such as 5G, 4K. */
const NUMBER_OPENING_A_TITLE = new RegExp(`^(?:(?:[1１][9９]|[2２][0０])${DIGIT}{2}\\s*年|${DIGIT}{1,3}[A-ZＡ-Ｚ])`);

/** What ends a heading's title: a sentence break. */
const TITLE_END = /[。；;：:]/;

function headingTitle(rest: string): string {
  const end = rest.search(TITLE_END);
  const t = end < 0 ? rest : rest.slice(0, end);
  const clean = removeLayoutSpaces(t);
  return clean.length > 40 ? clean.slice(0, 40) + '…' : clean;
}

export function parseOutline(lines: SourceLine[]): OutlineNode[] {
  const roots: OutlineNode[] = [];
  const stack: Array<{ node: OutlineNode; rank: number }> = [];
  // Indexed loops: for…of allocates an iterator result per step in code V8 does not fully optimize.
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    // Most lines start otherwise: passed without trying any form.
    const forms = l.text ? FORMS_BY_FIRST.get(l.text.charCodeAt(0)) : undefined;
    if (!forms) continue;
    for (let f = 0; f < forms.length; f++) {
      const form = forms[f]!;
      const m = form.re.exec(l.text);
      if (!m) continue;
      // 1.5万吨 or 1、2月份 are not headings; 6. 5G+智慧能源 and 1.2021年度… are.
      if (form.kind === 'arabic' && OPENS_WITH_DIGIT.test(m[2]!) && !NUMBER_OPENING_A_TITLE.test(m[2]!)) break;
      const node: OutlineNode = {
        kind: form.kind,
        label: removeLayoutSpaces(m[1]!),
        title: headingTitle(m[2]!),
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
