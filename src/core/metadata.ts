/**
 * Stage 4 — parse: the metadata of one item from its lines.
 *
 * - issuers: the title before 关于 (split on layout spaces and 、 for joint issuance), else the signature
 * - recipients (主送机关): the first line after the number that ends with ：, split on ，、 outside brackets
 * - signature and 成文日期: the first date line preceded by a signer line; a date on the signer's line;
 *   Chinese-numeral dates
 * - publicity (附注): （此件公开发布）, (此件部分公开), （此件公开发布，附件详见网络版）
 * - attachments: 附件：1. A / 2. B lists, 附件：A on one line, 附表：, wrapped items, (略) marks
 * - enclosures: the 《…》 a 印发/转发 notice issues, located where its title is printed again
 */
import type { Attachment, Enclosure, SourceLine, Warning } from '../model.js';
import { findDates, lineDate } from './dates.js';
import { docTypeOfTitle, looksLikeIssuer } from './doctype.js';
import { isPublicityNote } from './segment.js';
import { compareKey, foldWidth, removeLayoutSpaces, squash } from './text.js';
import { similarity } from './reconcile.js';

export function issuersOf(titleLines: SourceLine[], title: string): string[] {
  // A 转发/批转 notice is issued by the body before the verb; the forwarded document's own issuer
  // follows it (国务院办公厅转发民政部关于…的通知 → 国务院办公厅).
  const about = title.indexOf('关于');
  const forward = /转发|批转/.exec(title);
  const end = forward && (about < 0 || forward.index < about) ? forward.index : about;
  if (end <= 0) return [];
  const head = title.slice(0, end);
  // Split where the printed title put layout spaces, line breaks or 、 between issuing bodies.
  const printed = titleLines.map((l) => l.text).join('\n');
  const cutAt = printed.search(forward && end === forward.index ? /转\s*发|批\s*转/ : /关\s*于/);
  const parts = printed
    .slice(0, cutAt >= 0 ? cutAt : printed.length)
    .split(/[\s\n、]+/)
    .map((p) => removeLayoutSpaces(p))
    .filter(Boolean);
  if (parts.join('') !== head.replace(/、/g, '')) return [head];
  // Only split where each part is itself an issuing body; otherwise the spaces were layout noise.
  return parts.length > 1 && parts.every((p) => looksLikeIssuer(p)) ? parts : [head];
}

/**
 * An order (`中华人民共和国国务院令` over `第N号`, `XX市人民政府令` …): its issuer (the body that
 * names the order) and the instrument it promulgates (the first 《…》 of the sentence that 公布s it).
 */
export function orderOf(
  span: { number: { prefix: string; year: number | null } | null },
  lines: SourceLine[],
  headerEnd: number,
): { issuer: string; instrument: string | null } | null {
  const n = span.number;
  if (!n || n.year !== null || !/.令$/.test(n.prefix)) return null;
  let instrument: string | null = null;
  let seen = 0;
  for (const l of lines) {
    if (l.line <= headerEnd || !l.text) continue;
    if (++seen > 3) break;
    const m = /《([^《》]{2,60})》[^。]*(?:公布|发布|施行|颁布)/.exec(foldWidth(l.text));
    if (m) {
      instrument = removeLayoutSpaces(m[1]!);
      break;
    }
  }
  return { issuer: n.prefix.slice(0, -1), instrument };
}

/** Split a list of units on ，,、；; outside brackets. */
export function splitUnits(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if ('（(〔[【'.includes(ch)) depth++;
    if ('）)〕]】'.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && '，,、；;'.includes(ch)) {
      if (cur.trim()) out.push(removeLayoutSpaces(cur));
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(removeLayoutSpaces(cur));
  return out;
}

export function recipientsOf(lines: SourceLine[], afterLine: number): { recipients: string[]; line: number | null } {
  let seen = 0;
  for (const l of lines) {
    if (l.line <= afterLine || !l.text) continue;
    if (++seen > 3) break;
    const c = squash(foldWidth(l.text));
    if (/[:：]$/.test(c) && c.length <= 150 && !/[。；;]/.test(c.slice(0, -1))) {
      const units = splitUnits(l.text.replace(/[:：]\s*$/, ''));
      return { recipients: units, line: l.line };
    }
  }
  return { recipients: [], line: null };
}

export interface Signature {
  signedBy: string | null;
  date: string | null;
  dateLine: number | null;
}

/** An HTML entity left in text copied from a web page (国务院办公厅 &sp;, &nbsp;): layout, not text. */
const ENTITY_DEBRIS = /&(?:[a-z]{2,8}|#\d{2,5});/gi;

function signerText(text: string): string {
  return removeLayoutSpaces(text.replace(ENTITY_DEBRIS, ' '));
}

function isSignerLine(text: string): boolean {
  const c = squash(foldWidth(text.replace(ENTITY_DEBRIS, ' ')));
  return c.length >= 2 && c.length <= 60 && !/[。；;：:，,]/.test(c) && looksLikeIssuer(c);
}

/** The last character of a line that ends with a date, in either width… */
const DATE_END = /[日0-9０-９]$/;
/**
 * …or one after spaces (cleaned lines end with none): DATE_AT_END alone, `\s*$` after a class, cost
 * a third more on every line.
 */
const SPACE_END = /\s$/;
const DATE_AT_END = /[日0-9０-９]\s*$/;

const endsLikeDate = (text: string): boolean => DATE_END.test(text) || (SPACE_END.test(text) && DATE_AT_END.test(text));

/** The first non-empty line after index k, if any. */
function nextNonEmpty(lines: SourceLine[], k: number): SourceLine | undefined {
  for (let j = k + 1; j < lines.length; j++) if (lines[j]!.text) return lines[j];
  return undefined;
}

/**
 * The signature block: a date line (成文日期) under a signer line. The first such block after the
 * number belongs to the outer document (a notice's enclosure may carry its own date further down).
 * The body is read in place (lines are in order): the non-empty lines after the number, each beside
 * the one before it, and the one after it when a date stands there.
 */
export function signatureOf(lines: SourceLine[], afterLine: number): Signature {
  let firstDate: Signature | null = null;
  let prev: SourceLine | undefined;
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k]!;
    if (l.line <= afterLine || !l.text) continue;
    const above = prev;
    prev = l;
    const date = lineDate(l.text);
    if (date) {
      const signer = above && isSignerLine(above.text) ? signerText(above.text) : null;
      const sig = { signedBy: signer, date, dateLine: l.line };
      if (signer) return sig;
      const next = nextNonEmpty(lines, k);
      if (next && isPublicityNote(next.text)) return sig;
      firstDate ??= sig;
      continue;
    }
    // Signer and date on one line: 阳泉市人民政府 2020年1月20日. The date ends the line, so the
    // line ends (spaces aside) with 日 or a digit: other lines are not searched for dates.
    if (!endsLikeDate(l.text)) continue;
    const dates = findDates(l.text);
    if (dates.length === 1) {
      const d = dates[0]!;
      const t = foldWidth(l.text);
      const before = t.slice(0, d.index).trim();
      const after = t.slice(d.index + d.length).trim();
      if (!after && before && isSignerLine(before)) {
        return { signedBy: removeLayoutSpaces(before), date: d.iso, dateLine: l.line };
      }
    }
  }
  return firstDate ?? { signedBy: null, date: null, dateLine: null };
}

/** The first 附注 of the lines (before line `before` when given: an enclosure's note is its own). */
export function publicityOf(lines: SourceLine[], before = Infinity): { text: string | null; line: number | null } {
  for (const l of lines) {
    if (l.line >= before) break;
    if (l.text && isPublicityNote(l.text)) {
      const inner = removeLayoutSpaces(l.text).replace(/^[(（]\s*/, '').replace(/\s*[)）]$/, '');
      return { text: inner, line: l.line };
    }
  }
  return { text: null, line: null };
}

/**
 * A 附件 list head: 附件：A / 附表：A; 附件1.A with the first number after 附件 and no colon (the
 * State Council's form); 附：A under a report. Group 2 is the list's first item.
 */
const ATTACHMENT_HEAD = /(?:^|\s)(附件|附表)\s*[:：]\s*(.*)$|^\s*(附件)\s*(\d{1,2}\s*[.．、]\s*\S.*)$|^\s*(附)\s*[:：]\s*(.*)$/;
// `1.2021年8月份…`: a year may follow the item number directly.
const ITEM_NUMBER = /^(\d{1,2})\s*[.．、,，]\s*(?=\D|(?:19|20)\d\d年)/;

function cleanAttachmentTitle(s: string): Attachment['title'] {
  return removeLayoutSpaces(s.replace(ITEM_NUMBER, '')).replace(/(?<![。；;，,])[。；;，,]+$/, '');
}

function isOmitted(title: string): boolean {
  return /[(（]\s*略\s*[)）]$/.test(title);
}

/** True when the next non-empty line after index j starts with item number `n`. */
function nextNumberIs(lines: SourceLine[], j: number, n: number): boolean {
  for (let k = j + 1; k < lines.length && k <= j + 3; k++) {
    const t = lines[k]!.text;
    if (!t) continue;
    return Number(ITEM_NUMBER.exec(foldWidth(t))?.[1]) === n;
  }
  return false;
}

/**
 * 附件 lists. `附件：1. A` then `2. B` on the following lines; `附件：A` alone; an item wrapped onto the
 * next line when that line carries no number and the item does not end a sentence. A bare
 * `附件：` or `附件1：` heading introduces the attached content, not a list, and is skipped.
 */
export function attachmentsOf(lines: SourceLine[]): Attachment[] {
  const out: Attachment[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    // Every form of the heading has 附 (附件, 附表, 附): other lines are passed without folding.
    if (!l.text.includes('附')) continue;
    const m = ATTACHMENT_HEAD.exec(foldWidth(l.text).replace(/：/g, ':'));
    const first = m ? (m[2] ?? m[4] ?? m[6])! : '';
    if (!first.trim()) continue;
    const offset = foldWidth(l.text).length - first.length;
    const items: Array<{ text: string; line: number }> = [{ text: l.text.slice(offset), line: l.line }];
    let expected = (ITEM_NUMBER.exec(foldWidth(first))?.[1] ? Number(ITEM_NUMBER.exec(foldWidth(first))![1]) : 1) + 1;
    for (let j = i + 1; j < lines.length && j <= i + 12; j++) {
      const n = lines[j]!;
      if (!n.text) continue;
      const t = foldWidth(n.text);
      const num = ITEM_NUMBER.exec(t);
      if (num && Number(num[1]) === expected) {
        items.push({ text: n.text, line: n.line });
        expected++;
        i = j;
        continue;
      }
      const last = items[items.length - 1]!;
      const lastText = squash(last.text);
      // A wrapped item: the next line cannot start a title, or the item cannot end where it does.
      const wrapped =
        !num && t.length <= 40 && !t.includes('\t') && !isOmitted(lastText) && !/[。；;:：]/.test(t) &&
        !isPublicityNote(t) && !lineDate(t) &&
        (/^[(（)）、，的和及与之等]/.test(squash(t)) || /[的和及与“（(、]$/.test(lastText) ||
          nextNumberIs(lines, j, expected));
      if (wrapped) {
        last.text += n.text;
        i = j;
        continue;
      }
      break;
    }
    for (const it of items) {
      const title = cleanAttachmentTitle(it.text);
      if (!title || seen.has(compareKey(title))) continue;
      seen.add(compareKey(title));
      out.push({ title, omitted: isOmitted(title), line: it.line });
    }
  }
  return out;
}

const MIN_HEADING_SIMILARITY = 0.75;

/**
 * The heading printed a little differently from the notice's 《》 (阳泉火灾事故应急预案 for
 * 《阳泉市火灾事故应急预案》): the first title-like line soon after the notice that is close enough.
 */
function nearTitleLine(lines: SourceLine[], key: string, afterLine: number): number | null {
  let seen = 0;
  for (const l of lines) {
    if (l.line <= afterLine || !l.text) continue;
    if (++seen > 6) break;
    const c = compareKey(l.text);
    if (/[。；;，,:：]/.test(c) || c.length > key.length * 1.5) continue;
    if (similarity(c, key) >= MIN_HEADING_SIMILARITY) return l.line;
  }
  return null;
}

/**
 * The first character of a text's compareKey, '' when it has none (a blank line): compareKey
 * changes a text character by character (spaces go), so it is the key of the first one that is
 * not a space.
 */
function keyLead(text: string): string {
  const first = text.trimStart().charAt(0);
  return first && compareKey(first);
}

/** Where each issued instrument starts: the line (or two joined lines) that prints its title again. */
export function enclosuresOf(lines: SourceLine[], titles: string[], afterLine: number): Enclosure[] {
  const out: Enclosure[] = [];
  // Each line's key is made once: every start below reads the keys of up to three lines, for
  // every title.
  const keys: Array<string | undefined> = new Array(lines.length);
  const keyOf = (j: number): string => (keys[j] ??= compareKey(lines[j]!.text));
  for (const title of titles) {
    const key = compareKey(title);
    let found: number | null = null;
    for (let i = 0; i < lines.length && found === null; i++) {
      const l = lines[i]!;
      if (l.line <= afterLine || !l.text) continue;
      // A start's key opens the title's: a line whose first character does not is passed without
      // keying the whole of it (a notice's enclosure runs on for hundreds of lines).
      const lead = keys[i]?.charAt(0) ?? keyLead(l.text);
      if (lead && lead !== key.charAt(0)) continue;
      let acc = '';
      for (let j = i, taken = 0; j < lines.length && taken < 3; j++) {
        if (!lines[j]!.text) continue;
        acc += keyOf(j);
        taken++;
        if (acc === key) {
          found = l.line;
          break;
        }
        if (!key.startsWith(acc)) break;
      }
    }
    found ??= nearTitleLine(lines, key, afterLine);
    if (found !== null) out.push({ title, docType: docTypeOfTitle(title), startLine: found });
  }
  return out;
}

export function warning(code: string, message: string, line: number | null): Warning {
  return { code, message, line };
}
