/**
 * Document numbers (发文字号). Forms handled:
 * - 阳政发〔2020〕2号, 阳政发〔2020〕2 号 (layout space), 阳政任字〔2020〕1号
 * - other brackets for the year: [2020] ［2020］ (2020) （2020） 【2020】 ﹝2020﹞
 * - the year written as 2020年: 阳政发2020年2号
 * - numbers of other bodies: 晋政办发〔2023〕27号, 国办函〔2022〕17号, 发改能源〔2022〕1916号
 * - orders: 国务院令第713号, 省政府令第 2 号 (中华人民共和国国务院令 filed as 国务院令)
 * Normalized form: no spaces, year in 〔〕, e.g. 阳政发〔2020〕2号.
 */
import { foldWidth, isSpaceCode, squash } from './text.js';

export interface FoundDocNumber {
  raw: string;
  normalized: string;
  prefix: string;
  year: number | null;
  serial: number;
  index: number;
  length: number;
}

const PREFIX = '[\\u4e00-\\u9fff]{1,16}';
/** Most characters a prefix has: a longer run of CJK before a number only ends with it. */
const PREFIX_MAX = 16;
const OPEN = '[〔\\[［(（【﹝{]';
const CLOSE = '[〕\\]］)）】﹞}]';
// Works on width-folded text, where （ ） ［ ］ have become ( ) [ ].
// BRACKETED (阳政发〔2020〕2号) is `(PREFIX)\s*` followed by this: the year in brackets, the serial, 号.
const BRACKETED_REST = new RegExp(`${OPEN}\\s*((?:19|20)\\d\\d)\\s*${CLOSE}\\s*第?\\s*(\\d{1,5})\\s*号`, 'g');
const YEAR_WORD = new RegExp(`(${PREFIX}[发函字])\\s*((?:19|20)\\d\\d)\\s*年\\s*第?\\s*(\\d{1,5})\\s*号`, 'g');
const ORDER = new RegExp(`(${PREFIX}令)\\s*第\\s*(\\d{1,5})\\s*号`, 'g');
/**
 * What YEAR_WORD and ORDER cannot match without (their prefix regexes try every CJK character as
 * a start): one scan that most lines with a 号 and a digit fail.
 */
const YEAR_WORD_CORE = /[发函字]\s*(?:19|20)\d\d\s*年/;
const ORDER_CORE = /令\s*第\s*\d/;

/**
 * Words that end the text before a number rather than belong to its prefix:
 * 根据阳政发〔…〕 → 阳政发; 办公室晋清洁办发〔…〕 → 晋清洁办发.
 */
const PREFIX_BREAK = /^.*(?:根据|依据|依照|遵照|按照|参照|对照|执行|贯彻|落实|印发|转发|关于|以及|文件|通知|的|和|及|与|或|将|由|经|按|据|即|见|室|厅|府|院(?!令)|委员会|领导小组|局|部(?=[\u4e00-\u9fff]{2,}[发函字])|中心|、)/;

/** Orders are named by their issuer (国务院令, 省政府令): only words before the issuer are cut. */
const ORDER_PREFIX_BREAK = /^.*(?:根据|依据|依照|遵照|按照|参照|执行|贯彻|落实|的|和|及|与|、)/;

function trimPrefix(prefix: string, order = false): string {
  const m = (order ? ORDER_PREFIX_BREAK : PREFIX_BREAK).exec(prefix);
  const trimmed = m ? prefix.slice(m[0].length) : prefix;
  return trimmed.length ? trimmed : prefix;
}

/** 中华人民共和国国务院令 is cited and filed as 国务院令: the state name is not part of the number. */
export function orderPrefix(prefix: string): string {
  return prefix.replace(/^中华人民共和国(?=.+令$)/, '');
}

export function formatDocNumber(prefix: string, year: number | null, serial: number): string {
  return year === null ? `${prefix}第${serial}号` : `${prefix}〔${year}〕${serial}号`;
}

const DIGIT = /[0-9０-９]/;

/** The code units PREFIX reads, and the ones \\s matches (isSpaceCode). */
const isHanCode = (c: number): boolean => c >= 0x4e00 && c <= 0x9fff;

/** Where the run of spaces that ends at `end` starts, not before `floor`. */
function spacesStart(t: string, end: number, floor: number): number {
  let i = end;
  while (i > floor && isSpaceCode(t.charCodeAt(i - 1))) i--;
  return i;
}

/** Where the prefix that ends at `end` starts: up to PREFIX_MAX CJK characters, not before `floor`. */
function prefixStart(t: string, end: number, floor: number): number {
  let i = end;
  while (i > floor && end - i < PREFIX_MAX && isHanCode(t.charCodeAt(i - 1))) i--;
  return i;
}

/**
 * Record a number matched at start..end of the folded text, `group` its prefix as matched (CJK
 * only, so without spaces), unless it overlaps one recorded already.
 */
function add(out: FoundDocNumber[], s: string, start: number, end: number, group: string, year: number | null, serial: number): void {
  const trimmed = trimPrefix(group, year === null);
  const prefix = year === null ? orderPrefix(trimmed) : trimmed;
  // Keep index pointing at the first character of the trimmed prefix in the original string.
  const index = start + group.length - trimmed.length;
  for (let k = 0; k < out.length; k++) if (index < out[k]!.index + out[k]!.length && out[k]!.index < end) return;
  out.push({
    raw: s.slice(index, end),
    normalized: formatDocNumber(prefix, year, serial),
    prefix,
    year,
    serial,
    index,
    length: end - index,
  });
}

/**
 * The bracketed numbers (阳政发〔2020〕2号), as `(PREFIX)\\s*` + BRACKETED_REST matched from the left
 * would find them. That pattern tries every CJK character as a prefix start (up to 16 each): here
 * the bracketed year is found first and its prefix read backwards. A prefix is the CJK run before
 * the bracket (and spaces), cut to its last PREFIX_MAX characters, and starts no earlier than the
 * end of the previous number (where the left-to-right search resumes).
 */
function addBracketed(out: FoundDocNumber[], s: string, t: string): void {
  let floor = 0;
  BRACKETED_REST.lastIndex = 0;
  let r: RegExpExecArray | null;
  while ((r = BRACKETED_REST.exec(t))) {
    const prefixEnd = spacesStart(t, r.index, floor);
    const start = prefixStart(t, prefixEnd, floor);
    if (start === prefixEnd) {
      // No prefix before this bracket: the next bracket may start inside what was read.
      BRACKETED_REST.lastIndex = r.index + 1;
      continue;
    }
    floor = r.index + r[0].length;
    add(out, s, start, floor, t.slice(start, prefixEnd), Number(r[1]), Number(r[2]));
  }
}

/** The numbers `re` (YEAR_WORD or ORDER: group 1 the prefix) matches in the folded text. */
function addMatches(out: FoundDocNumber[], s: string, t: string, re: RegExp, order: boolean): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    add(out, s, m.index, m.index + m[0].length, m[1]!, order ? null : Number(m[2]), Number(m[order ? 2 : 3]));
  }
}

/** Every document number in a line, in order, with its position in the given string. */
export function findDocNumbers(s: string): FoundDocNumber[] {
  // Every form ends in a number (ASCII or full-width digits) and 号: most lines are ruled out
  // without running the patterns.
  if (!s.includes('号') || !DIGIT.test(s)) return [];
  const t = foldWidth(s);
  const out: FoundDocNumber[] = [];
  addBracketed(out, s, t);
  if (YEAR_WORD_CORE.test(t)) addMatches(out, s, t, YEAR_WORD, false);
  if (ORDER_CORE.test(t)) addMatches(out, s, t, ORDER, true);
  return out.sort((a, b) => a.index - b.index);
}

/** Normalize a document number typed or printed any common way; null when it is not one. */
export function normalizeDocNumber(s: string): string | null {
  const found = findDocNumbers(s.trim());
  return found.length ? found[0]!.normalized : null;
}

/**
 * The number when a whole line is a document number (the line under a document's title),
 * allowing brackets around it and markdown debris; null otherwise. `found`: findDocNumbers(text),
 * when the caller has it already.
 */
export function docNumberOfLine(text: string, found = findDocNumbers(text)): FoundDocNumber | null {
  if (found.length !== 1) return null;
  const f = found[0]!;
  // Upward documents print the signer beside the number: 晋市政字〔2021〕3号 签发人：张三
  const rest = squash(foldWidth(text.slice(0, f.index) + text.slice(f.index + f.length))).replace(/签发人:.{0,12}$/, '');
  return /^[()\[\]〔〕【】*#_]*$/.test(rest) ? f : null;
}
