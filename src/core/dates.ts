/**
 * Date forms found in gazettes:
 * - 2020年1月20日, 2021 年 7 月 14 日 (layout spaces)
 * - 二〇二三年八月二十九日, 二O二三年… (Chinese numerals, letter O for 〇)
 * - 2023.10.18, 2023-10-18, 2023/10/18
 */
import { foldWidth, parseNumber } from './text.js';
import type { IsoDate } from '../model.js';

const NUM = '[0-9零〇Oo一二两三四五六七八九十]';
const CN_DATE = new RegExp(`(${NUM}{4})\\s*年\\s*(${NUM}{1,3})\\s*月\\s*(${NUM}{1,4})\\s*日`, 'g');
const DOTTED_DATE = /(?<!\d)(\d{4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})(?!\d)/g;

/** A date has 日 (CN_DATE) or digits (DOTTED_DATE; full-width ones fold to them): most lines have neither. */
const MAY_HOLD_DATE = /[日0-9\uff10-\uff19]/;

export interface FoundDate {
  iso: IsoDate;
  index: number;
  length: number;
}

export function isoDate(y: number, m: number, d: number): IsoDate | null {
  if (!(y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The dates `re` (CN_DATE or DOTTED_DATE: year, month, day in groups 1–3) finds in `t`, added to `out`. */
function addDates(re: RegExp, t: string, out: FoundDate[]): void {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t))) {
    const y = parseNumber(m[1]!);
    const mo = parseNumber(m[2]!);
    const d = parseNumber(m[3]!);
    const iso = y !== null && mo !== null && d !== null ? isoDate(y, mo, d) : null;
    if (iso) out.push({ iso, index: m.index, length: m[0].length });
  }
}

/** Every full date (year, month, day) in a string, in order. */
export function findDates(s: string): FoundDate[] {
  if (!MAY_HOLD_DATE.test(s)) return [];
  const t = foldWidth(s);
  const out: FoundDate[] = [];
  // CN_DATE ends in 日 (which folding keeps): text without one is not searched for it.
  if (t.includes('日')) addDates(CN_DATE, t, out);
  addDates(DOTTED_DATE, t, out);
  return out.length > 1 ? out.sort((a, b) => a.index - b.index) : out;
}

/**
 * Every character a date line can hold, in either width: the dates' own (digits, Chinese
 * numerals, 年月日, separators, spaces), brackets, and the marks lineDate removes (* # > _).
 */
const DATE_LINE_CHARS = /^[\s0-9０-９OoＯｏ零〇一二两三四五六七八九十年月日.．\-－/／()（）*＊#＃>＞_＿]*$/;

/** The date when the whole line is just a date (a 成文日期 line), else null. */
export function lineDate(s: string): IsoDate | null {
  // Most lines hold some other character: answered by one anchored test, without folding them.
  if (!DATE_LINE_CHARS.test(s)) return null;
  const t = foldWidth(s).replace(/[\s*#>_]/g, '');
  const found = findDates(t);
  if (found.length !== 1) return null;
  const f = found[0]!;
  const rest = t.slice(0, f.index) + t.slice(f.index + f.length);
  return /^[()（）]*$/.test(rest) ? f.iso : null;
}

/** Last day of a month. */
export function endOfMonth(y: number, m: number): IsoDate {
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return isoDate(y, m, d)!;
}

/** Add years/months/days to an ISO date; used for 有效期 computations. */
export function addToDate(iso: IsoDate, amount: { years?: number; months?: number; days?: number }): IsoDate {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y + (amount.years ?? 0), m - 1 + (amount.months ?? 0), d + (amount.days ?? 0)));
  // OCR can turn a term into an absurd number (1234567890123日): clamp instead of throwing.
  if (Number.isNaN(dt.getTime()) || dt.getUTCFullYear() > 9999) return '9999-12-31';
  if (dt.getUTCFullYear() < 1) return '0001-01-01';
  return dt.toISOString().slice(0, 10);
}
