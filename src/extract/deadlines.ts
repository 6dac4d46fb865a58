/**
 * Deadlines of task assignments (完成时限), as printed in a responsibility marker, a table column
 * or at the end of a task sentence.
 *
 * Forms handled (layout spaces and full-width digits tolerated, Arabic or Chinese numerals):
 * - 2020年底前, 2020年年底前, 2020年末            → 2020-12-31
 * - 2024年6月底前, 2024年6月份, 2021年12月前       → last day of the month
 * - 2023年10月15日前                                → that day
 * - 6月中旬前 / 上旬 / 下旬                         → the 20th / 10th / last day
 * - 2月28日前, 6月底前, 年底前, 年内 (no year)      → year taken from the context year
 * - 上半年 / 下半年, 第三季度末 / 三季度            → 06-30 / 12-31, end of the quarter
 * - 到2025年, 2025年前, 2025年完成                  → 2025-12-31
 * - 2020年1月16日—8月31日 (a period)                → the end of the period
 * - yearly milestones "2023年…，2024年…，2025年底前…" → `milestones`, deadline = the last one
 * - 长期坚持, 持续推进, 常态化推进 …                → deadline null, text kept
 * - 每年3月底前 / 每季度 / 每月 / 每半年 / 每周      → deadline null, `recurrence`, text kept
 */
import type { IsoDate, Milestone } from '../model.js';
import { endOfMonth, isoDate } from '../core/dates.js';
import { foldWidth, parseNumber, removeLayoutSpaces } from '../core/text.js';

export interface ParsedDeadline {
  deadline: IsoDate | null;
  deadlineText: string | null;
  recurrence: string | null;
  milestones: Milestone[];
}

const N = '[0-9零〇Oo一二两三四五六七八九十]';
const YEAR = `((?:19|20)\\d{2}|[零〇Oo一二][零〇Oo一二三四五六七八九]{3})年`;
const MONTH = `(${N}{1,2})月份?`;
const DAY = `(${N}{1,3})[日号]`;

/** Date expressions, most specific first; each returns the due date for a context year. */
interface DateForm {
  re: RegExp;
  date: (m: RegExpExecArray, ctxYear: number | null) => IsoDate | null;
}

const QUARTER_END: Record<number, [number, number]> = { 1: [3, 31], 2: [6, 30], 3: [9, 30], 4: [12, 31] };

function num(s: string | undefined): number | null {
  return s === undefined ? null : parseNumber(s);
}

function monthDate(y: number | null, m: number | null, part: string | undefined): IsoDate | null {
  if (y === null || m === null || m < 1 || m > 12) return null;
  if (part === '上旬') return isoDate(y, m, 10);
  if (part === '中旬') return isoDate(y, m, 20);
  return endOfMonth(y, m);
}

function quarterDate(y: number | null, q: number | null): IsoDate | null {
  if (y === null || q === null || !QUARTER_END[q]) return null;
  const [m, d] = QUARTER_END[q]!;
  return isoDate(y, m, d);
}

const DATE_FORMS: DateForm[] = [
  // 2023年10月15日
  { re: new RegExp(`${YEAR}${MONTH}${DAY}`, 'y'), date: (m) => isoDateOf(num(m[1]), num(m[2]), num(m[3])) },
  // 2024年6月底 / 2024年6月 / 2024年6月中旬
  {
    re: new RegExp(`${YEAR}${MONTH}(上旬|中旬|下旬|底|末)?`, 'y'),
    date: (m) => monthDate(num(m[1]), num(m[2]), m[3]),
  },
  // 2023年上半年 / 下半年
  { re: new RegExp(`${YEAR}(上半年|下半年)`, 'y'), date: (m) => halfDate(num(m[1]), m[2]!) },
  // 2023年第三季度(末)
  { re: new RegExp(`${YEAR}第?([1-4一二三四])季度`, 'y'), date: (m) => quarterDate(num(m[1]), num(m[2])) },
  // 2020年底 / 2020年年底 / 2020年末 / 2020年 (alone: by the end of that year)
  { re: new RegExp(`${YEAR}(?:年?底|末|年末)?`, 'y'), date: (m) => isoDateOf(num(m[1]), 12, 31) },
  // Without a year: 2月28日, 6月底, 上半年, 第三季度, 年底, 年内
  { re: new RegExp(`${MONTH}${DAY}`, 'y'), date: (m, y) => isoDateOf(y, num(m[1]), num(m[2])) },
  { re: new RegExp(`${MONTH}(上旬|中旬|下旬|底|末)`, 'y'), date: (m, y) => monthDate(y, num(m[1]), m[2]) },
  { re: /(上半年|下半年)/y, date: (m, y) => halfDate(y, m[1]!) },
  { re: /第?([1-4一二三四])季度/y, date: (m, y) => quarterDate(y, num(m[1])) },
  { re: /(?:年底|年末|年内|当年|年度内)/y, date: (_m, y) => isoDateOf(y, 12, 31) },
];

function isoDateOf(y: number | null, m: number | null, d: number | null): IsoDate | null {
  return y === null || m === null || d === null ? null : isoDate(y, m, d);
}

function halfDate(y: number | null, half: string): IsoDate | null {
  return y === null ? null : half === '上半年' ? isoDate(y, 6, 30) : isoDate(y, 12, 31);
}

/** A month-day that continues a period after a full date: 2020年1月16日—8月31日. */
const PERIOD_END = new RegExp(`^[—–\\-~～至到](?:${YEAR})?${MONTH}(?:${DAY})?`);

interface FoundToken {
  index: number;
  end: number;
  /** null when the form needs a context year that is unknown. */
  date: IsoDate | null;
  /** The form carried its own year. */
  hasYear: boolean;
}

/** The first characters of the DATE_FORMS: a year or month digit, 上/下半年, 第…季度, 年底, 当年. */
const TOKEN_START = /[0-9零〇Oo一二两三四五六七八九十上下第年当]/g;

/** Every date token of a squashed (no spaces, half-width) string, left to right. */
function findTokens(s: string, ctxYear: number | null): FoundToken[] {
  const out: FoundToken[] = [];
  let i = 0;
  while (i < s.length) {
    // Jump to the next character a form can start with (the others can start none).
    TOKEN_START.lastIndex = i;
    const next = TOKEN_START.exec(s);
    if (!next) break;
    i = next.index;
    // A token never starts inside a longer number (e.g. the 023 of 2023).
    if (i > 0 && /[0-9]/.test(s[i - 1]!) && /[0-9]/.test(s[i]!)) {
      i++;
      continue;
    }
    let hit: FoundToken | null = null;
    for (let k = 0; k < DATE_FORMS.length && !hit; k++) {
      const form = DATE_FORMS[k]!;
      form.re.lastIndex = i;
      const m = form.re.exec(s);
      if (!m || !m[0]) continue;
      hit = { index: i, end: i + m[0].length, date: form.date(m, ctxYear), hasYear: k < 5 };
    }
    if (!hit) {
      i++;
      continue;
    }
    const period = PERIOD_END.exec(s.slice(hit.end));
    if (period) {
      const y = num(period[1]) ?? Number(hit.date?.slice(0, 4) ?? ctxYear ?? NaN);
      const end = period[3] ? isoDateOf(y, num(period[2]), num(period[3])) : monthDate(y, num(period[2]), undefined);
      hit = { ...hit, end: hit.end + period[0].length, date: end ?? hit.date };
    }
    out.push(hit);
    i = hit.end;
  }
  return out;
}

const RECURRENCE: Array<[RegExp, string]> = [
  [/每半年/, 'half-yearly'],
  [/每(?:个)?季度|每季/, 'quarterly'],
  [/每(?:个)?月/, 'monthly'],
  [/每(?:个)?(?:年|年度)/, 'yearly'],
  [/每(?:个)?周/, 'weekly'],
  [/每旬/, 'ten-daily'],
];

const ONGOING = /长期坚持|长期推进|长期开展|持续推进|持续开展|持续实施|持续抓好|常态化|长期/;

/** Trim brackets, punctuation and spaces around a deadline phrase; keep what is printed inside. */
function trimText(s: string): string {
  return s.replace(/^[\s\u3000，,。；;：:、（(〔）)〕]+|(?<![\s\u3000，,。；;：:、（(〔）)〕])[\s\u3000，,。；;：:、（(〔）)〕]+$/g, '');
}

/** Split on clause punctuation, keeping each clause as printed. */
function clauses(s: string): string[] {
  return s.split(/[，,；;。]/).map(trimText).filter((c) => c.length > 0);
}

/** True when the text holds a due date, a recurrence or an ongoing phrase. */
/**
 * A character every deadline holds: the first of a date token (TOKEN_START, full-width digits and
 * Ｏ/ｏ too), the 每 of a recurrence, the 长/持/常 of an ongoing phrase.
 */
const DEADLINE_CHARACTER = /[0-9０-９零〇OoＯｏ一二两三四五六七八九十上下第年当每长持常]/;

export function looksLikeDeadline(text: string): boolean {
  if (!DEADLINE_CHARACTER.test(text)) return false;
  const s = removeLayoutSpaces(foldWidth(text));
  return findTokens(s, 2000).length > 0 || RECURRENCE.some(([re]) => re.test(s)) || ONGOING.test(s);
}

/**
 * Parse a deadline phrase. `contextYear` (the 成文日期 year, else the issue year) fills yearless
 * forms. Returns all-null when the text holds no deadline.
 */
export function parseDeadline(text: string, contextYear: number | null): ParsedDeadline {
  const none: ParsedDeadline = { deadline: null, deadlineText: null, recurrence: null, milestones: [] };
  const printed = trimText(text ?? '');
  if (!printed) return none;
  const s = removeLayoutSpaces(foldWidth(printed));

  for (const [re, kind] of RECURRENCE) {
    if (re.test(s)) return { ...none, deadlineText: printed, recurrence: kind };
  }

  // Milestones: several clauses that each carry their own year.
  const parts = clauses(foldWidth(printed));
  const dated = parts
    .map((part) => ({ part, tokens: findTokens(removeLayoutSpaces(part), contextYear) }))
    .filter((p) => p.tokens.length > 0);
  const yearly = dated.filter((p) => p.tokens[0]!.hasYear);
  if (yearly.length >= 2) {
    const milestones: Milestone[] = dated.map((p) => ({
      deadline: p.tokens[p.tokens.length - 1]!.date,
      text: printedClause(printed, p.part),
    }));
    return { ...none, deadline: milestones[milestones.length - 1]!.deadline, deadlineText: printed, milestones };
  }

  const tokens = findTokens(s, contextYear);
  if (tokens.length) return { ...none, deadline: tokens[tokens.length - 1]!.date, deadlineText: printed };
  if (ONGOING.test(s)) return { ...none, deadlineText: printed };
  return none;
}

/** The printed (unfolded) clause of `printed` that `foldedPart` was cut from. */
function printedClause(printed: string, foldedPart: string): string {
  const at = foldWidth(printed).indexOf(foldedPart);
  return at >= 0 ? printed.slice(at, at + foldedPart.length) : foldedPart;
}
