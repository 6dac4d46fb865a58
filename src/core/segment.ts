/**
 * Stage 3 — segment: find where each item (document, chronicle …) of the body starts and ends.
 *
 * Anchors, strongest first:
 * - a line that is only a document number (阳政发〔2020〕2号) with the title above it — the title may
 *   be split over lines (`阳泉市人民政府` / `关于…的通知`), carry markdown (# …), or stand below the
 *   number in number-first layouts;
 * - a title line that carries its number in brackets at the end (…的通知（阳政发〔2020〕2号）) outside the TOC;
 * - a title of the form [issuer]关于…的通知 without a number (or with one that cannot be read, as
 *   on a scan), followed by a recipients line (主送机关：);
 * - a chronicle heading (…大事记).
 * An item ends where the next one starts, less trailing blank lines, section headings and the
 * back-cover colophon. A 转发/印发 notice and the forwarded document printed with its own title are
 * merged later (see parse.ts), because they are one document.
 */
import type { ItemKind, SourceLine } from '../model.js';
import { lineDate } from './dates.js';
import { docNumberOfLine, findDocNumbers, orderPrefix, type FoundDocNumber } from './docnumber.js';
import { docTypeOfTitle, ISSUER_LAST_CHARS, looksLikeIssuer } from './doctype.js';
import { foldWidth, removeLayoutSpaces, squash } from './text.js';
import { looksLikeTocEntry, sectionOf } from './toc.js';

export interface ItemSpan {
  kind: ItemKind;
  startLine: number;
  endLine: number;
  titleLines: SourceLine[];
  number: FoundDocNumber | null;
  numberLine: SourceLine | null;
}

const MAX_TITLE_LINES = 6;
const MAX_TITLE_CHARS = 150;
const MAX_BLANK_RUN = 6;

/**
 * Each form below starts with a bracket, 此 or 本 (spaces aside, folded or not), and has 件 (此件,
 * 本件), 公 (公开) or 文 (本文, 此文): most lines fail one of these tests.
 */
const PUBLICITY_START = /^\s*[(（此本]/;
const PUBLICITY_CHAR = /[件公文]/;

export function isPublicityNote(text: string): boolean {
  if (!PUBLICITY_START.test(text) || !PUBLICITY_CHAR.test(text)) return false;
  const t = squash(foldWidth(text));
  return (
    /^\(?(此件|本件)[^)]{0,30}\)?$/.test(t) ||
    /^\((?:[^)]{0,12}公开[^)]{0,12})\)$/.test(t) ||
    // （本文有删减）, （此文有删节）: a note on the text as published.
    /^\((?:本文|此文)有?(?:删减|删节|节选|摘编)\)$/.test(t)
  );
}

const PAGE_MARK = /^[-—–_\s第]*\d{1,4}[-—–_\s页]*$/;
const COLOPHON = /^(主办单位|主办|承办|编辑|编印|出版|地址|邮编|邮政编码|电话|传真|网址|印刷|内部资料|准印证|刊号|ISSN|CN|定价|发送|邮箱|E-?mail|投稿)/i;

/** A line that cannot be part of a title: dates, notes, sentences, tables, TOC entries, headings. */
function stopsTitle(text: string): boolean {
  const t = foldWidth(text);
  const c = squash(t);
  if (!c) return false;
  // One test of many ORed: the cheap character tests come first, since most body lines are
  // sentences they settle; dates, notes, sections, TOC entries and numbers are parsed only after.
  if (c.length > 90 || text.includes('\t')) return true;
  if (/[。；;！？!?:：，,]$/.test(c)) return true;
  if (/[。；;！？!?]/.test(c) && c.length > 20) return true;
  if (/^(附件|附表)/.test(c) || /\(略\)$/.test(c)) return true;
  if (PAGE_MARK.test(c) || /公报$/.test(c)) return true;
  if (lineDate(t) || isPublicityNote(t)) return true;
  if (sectionOf(text)) return true;
  if (looksLikeTocEntry(text) || docNumberOfLine(text)) return true;
  return false;
}

/**
 * A PDF line that is not set as a title: titles are centred (or fill the line they wrap on);
 * a flush-left, indented or right-aligned line above a number is the end of the previous text.
 * Text input carries no alignment and is never stopped here.
 */
function setOffTitle(l: SourceLine): boolean {
  return l.align === 'left' || l.align === 'indent' || l.align === 'right';
}

function hasAbout(text: string): boolean {
  return squash(text).includes('关于');
}

/**
 * Walk up from a number line and collect the title lines above it (nearest first reversed).
 * Returns [] when no plausible title stands there.
 */
function titleAbove(lines: SourceLine[], numberIdx: number, floorIdx: number): SourceLine[] {
  const got: SourceLine[] = [];
  let blanks = 0;
  for (let j = numberIdx - 1; j >= floorIdx && got.length < MAX_TITLE_LINES; j--) {
    const l = lines[j]!;
    if (!l.text) {
      if (++blanks > MAX_BLANK_RUN) break;
      continue;
    }
    blanks = 0;
    if (stopsTitle(l.text) || setOffTitle(l)) break;
    got.unshift(l);
    const c = squash(l.text);
    if (hasAbout(l.text)) {
      const before = c.slice(0, c.indexOf('关于'));
      if (!before) {
        // Issuer printed on its own line(s) above 关于…: take them too (joint issuers stack up).
        for (let k = j - 1; k >= floorIdx; k--) {
          const u = lines[k]!;
          if (!u.text) continue;
          if (!looksLikeIssuer(u.text) || stopsTitle(u.text) || setOffTitle(u)) break;
          got.unshift(u);
        }
      }
      // A real title ends with its document kind; a wrapped sentence ending in 》 or ， does not.
      return docTypeOfTitle(got.map((g) => g.text).join('')) ? trimToTitle(got) : [];
    }
  }
  if (!got.length) return [];
  // No 关于: keep the nearest lines that together end with a document kind (…办法, …令).
  const joined = got.map((g) => squash(g.text)).join('');
  if (docTypeOfTitle(joined) && joined.length <= MAX_TITLE_CHARS) return got.slice(-3);
  return [];
}

function trimToTitle(got: SourceLine[]): SourceLine[] {
  let total = got.reduce((n, g) => n + squash(g.text).length, 0);
  while (got.length > 1 && total > MAX_TITLE_CHARS) {
    total -= squash(got[0]!.text).length;
    got.shift();
  }
  return got;
}

/** Number-first layouts: the title stands under the number. */
function titleBelow(lines: SourceLine[], numberIdx: number): SourceLine[] {
  const got: SourceLine[] = [];
  for (let j = numberIdx + 1; j < lines.length && got.length < 4; j++) {
    const l = lines[j]!;
    if (!l.text) continue;
    if (stopsTitle(l.text)) break;
    got.push(l);
    if (docTypeOfTitle(got.map((g) => g.text).join(''))) return got;
  }
  return [];
}

function nextNonEmpty(lines: SourceLine[], idx: number): SourceLine | null {
  for (let j = idx + 1; j < lines.length; j++) if (lines[j]!.text) return lines[j]!;
  return null;
}

function isRecipientsLine(text: string): boolean {
  const c = squash(foldWidth(text));
  return /[:：]$/.test(c) && c.length <= 120 && !/[。；;]/.test(c);
}

/** `…的通知（阳政发〔2020〕2号）` printed as one line in the body. */
function titleWithNumber(l: SourceLine, found = findDocNumbers(l.text)): FoundDocNumber | null {
  const last = found[found.length - 1];
  if (!last) return null;
  const before = l.text.slice(0, last.index);
  const after = foldWidth(l.text.slice(last.index + last.length));
  if (!/^[\s)）\]］〕]*$/.test(after)) return null;
  const title = squash(before).replace(/(?<![(（\[［])[(（\[［]+$/, '');
  if (title.length < 8 || !(hasAbout(title) || docTypeOfTitle(title))) return null;
  if (/[。；;]/.test(title)) return null;
  return last;
}

/**
 * A line where a number stood that could not be read (a scan: 阳政任字[2020)?号): short, with a
 * year, ending in 号, no sentence.
 */
function damagedNumberLine(text: string): boolean {
  const c = squash(foldWidth(text));
  return c.length <= 24 && /(?:19|20)\d\d/.test(c) && /号$/.test(c) && !/[。；;，,：:]/.test(c);
}

/** A line that opens with 关于 once its spaces are gone (squash(text).indexOf('关于') === 0). */
const OPENS_WITH_ABOUT = /^\s*关\s*于/;

/**
 * `[issuer]关于…的通知` without a (readable) number, with recipients right below. The issuer may
 * stand on a line of its own above 关于…; a line where the number was printed but cannot be read
 * may stand between the title and the recipients (it is returned as `numberLine`). `c`: the line
 * squashed, when the caller has it.
 */
function unnumberedTitle(
  lines: SourceLine[],
  idx: number,
  c = squash(lines[idx]!.text),
): { title: SourceLine[]; numberLine: SourceLine | null } | null {
  const first = lines[idx]!;
  const about = c.indexOf('关于');
  // Most lines have neither 关于 after an issuer nor an issuer alone: settled before stopsTitle.
  if (about === 0) return null;
  const got: SourceLine[] = [first];
  let j = idx;
  if (about < 0) {
    // An issuer alone, with 关于… on the next line. Most such lines are signatures or names in a
    // list, followed by a date or another name: the next line is looked at first, before the
    // issuer test and stopsTitle, the costlier tests, are asked of either.
    const n = nextNonEmpty(lines, idx);
    if (!n || !OPENS_WITH_ABOUT.test(n.text) || !looksLikeIssuer(c) || stopsTitle(first.text) || stopsTitle(n.text)) return null;
    got.push(n);
    j = n.line - 1;
  } else if (!looksLikeIssuer(c.slice(0, about)) || stopsTitle(first.text)) return null;
  while (!docTypeOfTitle(got.map((g) => g.text).join('')) && got.length < 4) {
    const n = nextNonEmpty(lines, j);
    if (!n || stopsTitle(n.text)) return null;
    got.push(n);
    j = n.line - 1;
  }
  if (!docTypeOfTitle(got.map((g) => g.text).join(''))) return null;
  let after = nextNonEmpty(lines, got[got.length - 1]!.line - 1);
  let numberLine: SourceLine | null = null;
  if (after && damagedNumberLine(after.text)) {
    numberLine = after;
    after = nextNonEmpty(lines, after.line - 1);
  }
  return after && isRecipientsLine(after.text) ? { title: got, numberLine } : null;
}

const CHRONICLE = /^(.{0,24})大事记$/;
/** Policy interpretations printed after a document: 《…》政策解读, 关于《…》的解读. */
const INTERPRETATION = /^(?:关于)?《[^》]{2,60}》(?:的)?(?:政策)?解读$|^[^\d一二三四五六七八九十(（第]{2,40}政策解读$/;
/** Government orders: `XX市人民政府令` over `第 5 号`. */
const ORDER_NUMBER = /^第(\d{1,4})号$/;

function orderAnchor(lines: SourceLine[], idx: number, floorIdx: number): { title: SourceLine; number: FoundDocNumber } | null {
  const text = lines[idx]!.text;
  if (text.length > 24 || !text.includes('号')) return null;
  const c = squash(foldWidth(text));
  const m = ORDER_NUMBER.exec(c);
  if (!m) return null;
  for (let j = idx - 1; j >= floorIdx && j >= idx - 4; j--) {
    const above = squash(lines[j]!.text);
    if (!above) continue;
    if (!/令$/.test(above) || above.length > 30 || stopsTitle(lines[j]!.text)) return null;
    const prefix = orderPrefix(above);
    return {
      title: lines[j]!,
      number: { raw: lines[idx]!.text, normalized: `${prefix}第${Number(m[1])}号`, prefix, year: null, serial: Number(m[1]), index: 0, length: lines[idx]!.text.length },
    };
  }
  return null;
}

/**
 * What the first line of every anchor has: 号 (its number, or 第N号 under an order), 关于 (an
 * unnumbered title, maybe spaced), or a last character that ends a heading (大事记, 解读) or an
 * issuer's name (an issuer alone above 关于…); a space there leaves the line to the full tests.
 * Most lines have none: two tests settle them, where the anchors' own tests made some ten calls a
 * line. Two patterns, not one: irregexp tries a pattern joining both several times slower.
 */
const ANCHOR_WORD = /号|关\s*于/;
const ANCHOR_END = new RegExp(`[记读${ISSUER_LAST_CHARS}\\s]$`);

/**
 * A line ending a sentence or clause (either width; stopsTitle's test of the folded line) is no
 * anchor's first line: a number line ends in its number or a bracket, a title with its number in
 * a bracket, a heading in 大事记/解读, an issuer alone in its name, and an unnumbered title is
 * stopped by stopsTitle. One exception: a number line may end in a signer's name after 签发人,
 * which docNumberOfLine drops with whatever follows it. Such lines are the longest with 号 or
 * 关于 (paragraphs citing a number or a 关于… title): the number tests fold them whole.
 */
const SENTENCE_END = /[。；;！？!?:：，,]$/;

function mayAnchor(text: string): boolean {
  if (!ANCHOR_END.test(text) && !ANCHOR_WORD.test(text)) return false;
  return !SENTENCE_END.test(text) || text.includes('签');
}

/**
 * Find the items of the body. `bodyStart` is the first line after the front matter (masthead and
 * TOC) as far as it is known; anchors before it are ignored.
 */
export function segmentItems(lines: SourceLine[], bodyStart: number): ItemSpan[] {
  const starts: ItemSpan[] = [];
  let floorIdx = Math.max(0, bodyStart - 1);
  const claimed = new Set<number>();

  for (let i = floorIdx; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.text || !mayAnchor(l.text) || claimed.has(l.line)) continue;
    // Every numbered anchor has 号: the number tests are asked only of such lines.
    if (l.text.includes('号')) {
      // The numbers of the line, read once for both the number-line and the title-with-number test.
      const numbers = findDocNumbers(l.text);
      const number = docNumberOfLine(l.text, numbers);
      if (number) {
        const next = nextNonEmpty(lines, i);
        if (next && (looksLikeTocEntry(next.text) || /^[(（]?\s*\d{1,4}\s*[)）]?$/.test(squash(next.text)))) continue;
        let title = titleAbove(lines, i, floorIdx);
        if (!title.length) title = titleBelow(lines, i);
        if (!title.length) continue;
        for (const t of title) claimed.add(t.line);
        const startLine = Math.min(title[0]!.line, l.line);
        starts.push({ kind: 'document', startLine, endLine: 0, titleLines: title, number, numberLine: l });
        floorIdx = i + 1;
        continue;
      }
      const order = orderAnchor(lines, i, floorIdx);
      if (order) {
        claimed.add(order.title.line);
        starts.push({ kind: 'document', startLine: order.title.line, endLine: 0, titleLines: [order.title], number: order.number, numberLine: l });
        floorIdx = i + 1;
        continue;
      }
      const inline = titleWithNumber(l, numbers);
      if (inline && !looksLikeTocEntry(l.text)) {
        starts.push({ kind: 'document', startLine: l.line, endLine: 0, titleLines: [l], number: inline, numberLine: l });
        floorIdx = i + 1;
        continue;
      }
    }
    const c = squash(l.text);
    // Both headings end in a word of their own: other lines skip the patterns (tried at each length).
    const chronicle = c.endsWith('大事记') ? CHRONICLE.exec(c) : null;
    const interpretation = !chronicle && c.endsWith('解读') && INTERPRETATION.test(c) && !/[。；;，,]/.test(l.text);
    if ((chronicle || interpretation) && !stopsTitle(l.text)) {
      starts.push({ kind: chronicle ? 'chronicle' : 'other', startLine: l.line, endLine: 0, titleLines: [l], number: null, numberLine: null });
      floorIdx = i + 1;
      continue;
    }
    const unnumbered = unnumberedTitle(lines, i, c);
    if (unnumbered) {
      const { title, numberLine } = unnumbered;
      // Only when no numbered anchor follows right under it (then the number anchor claims it).
      const after = nextNonEmpty(lines, title[title.length - 1]!.line - 1);
      if (!after || !docNumberOfLine(after.text)) {
        for (const t of title) claimed.add(t.line);
        starts.push({ kind: 'document', startLine: l.line, endLine: 0, titleLines: title, number: null, numberLine });
        i = (numberLine ?? title[title.length - 1]!).line - 1;
        floorIdx = i + 1;
      }
    }
  }

  starts.sort((a, b) => a.startLine - b.startLine);
  for (let k = 0; k < starts.length; k++) {
    const limit = k + 1 < starts.length ? starts[k + 1]!.startLine - 1 : lines.length;
    starts[k]!.endLine = lastContentLine(lines, starts[k]!.startLine, limit, k + 1 === starts.length);
  }
  return starts;
}

/** The last line of an item: trailing blanks, section headings and (for the last item) the colophon go. */
function lastContentLine(lines: SourceLine[], start: number, limit: number, isLast: boolean): number {
  let end = limit;
  while (end > start) {
    const l = lines[end - 1]!;
    const c = squash(foldWidth(l.text));
    if (!c || sectionOf(l.text) || PAGE_MARK.test(c)) {
      end--;
      continue;
    }
    if (isLast && (COLOPHON.test(c) || /公报$/.test(c) || /^[A-Z\s]+$/.test(c))) {
      end--;
      continue;
    }
    break;
  }
  return end;
}

/** Title text of an item: lines joined, markdown gone, layout spaces removed. */
export function titleText(span: ItemSpan): string {
  const raw = span.titleLines.map((l) => l.text).join(' ');
  if (span.numberLine && span.titleLines.includes(span.numberLine) && span.number) {
    const cut = span.numberLine.text.slice(0, span.number.index).replace(/(?<![\s(（\[［])[\s(（\[［]+$/, '');
    return removeLayoutSpaces(cut);
  }
  return removeLayoutSpaces(raw);
}
