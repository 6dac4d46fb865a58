/**
 * Validity: when a document takes effect, when it expires, and what it repeals.
 *
 * Forms handled (matched on the document's text joined with whitespace removed, so hard-wrapped
 * and space-damaged sentences read whole; full- and half-width punctuation alike):
 * - 自印发之日起施行 / 自发布之日起实施 / 自公布之日起执行 … → effectiveFrom = the document's date
 * - 自2023年10月18日起执行 (also 二〇二三年…, 2023.10.18, 零时起, 起 left out) → that date
 * - 自印发之日起试行 (试行 as the verb)
 * - 自发布之日起30日后施行 / 三十日后 → the document's date + 30 days
 * - 有效期为2年 / 有效期五年 / 有效期两年 / 有效期6个月 → expiresOn = start + term − 1 day
 * - 有效期至2025年12月31日 / 有效期至2025年底 / 有效期至2025.12.31 → that day (end of year/month when no day)
 * - 执行期限暂定为自印发之日起3个月 / 试行期为一年 / 试行两年 → start (印发之日 or a date) + term − 1 day
 * - 执行至2025年 → 2025-12-31; 执行至2025年6月 → 2025-06-30; 执行至2025年6月30日 → that day;
 *   实施期限为2021—2025年 → 2025-12-31; …起施行，至2025年12月31日止 → that day;
 *   2027年12月31日废止 → that day; 自2028年1月1日起失效 → the day before
 * - 期满自行失效 / 到期自动失效 → termText only
 * - repeals: 《…》（number）同时废止, 原《…》…自动废止, 原…（number）自本政策生效之日起废止,
 *   停止执行 / 不再执行. A repeal must name a title or a number; 以前相关政策…废止 is not a repeal.
 *
 * Convention: a term of N years (months, days) starting on day D ends on the day before the N-th
 * anniversary (2023-10-18 + 2 years → 2025-10-17), as the last day the document is in force.
 * When several effective clauses are found, the last one whose subject is the document itself
 * (本办法, 以上政策, no subject) wins: an enclosure usually carries the clause near its end.
 * A clause about something else (调整后最低工资标准自2021年10月1日起实行) is taken only in the last third
 * of the document and when its sentence cites nothing (not 新修订的《安全生产法》自…起施行).
 * Terms are only taken from clauses about the document (本X…, 以上/上述X…, or no subject), so
 * 证书有效期一年以上 or 在有效期内 are not read as the document's term.
 */
import type { ExtractContext, IsoDate, Repeal, Validity } from '../model.js';
import { addToDate, endOfMonth, findDates, isoDate } from '../core/dates.js';
import { parseNumber } from '../core/text.js';
import { SELF_REFERENCE_WORDS, wordsSource } from '../core/grammar/doc-kinds.js';
import { CN_DIGITS, CN_NUMERAL_CHARS } from '../core/grammar/outline-labels.js';
import { referencesIn, spanOf, type Reference } from './citations.js';
import { documentText, lineAt, lineChangesDown, type DocText, type DocumentText } from '../text/index.js';

const NUM = '[0-9零〇一二两三四五六七八九十百]+';
const DATE = '(?:[0-9零〇Oo一二三四五六七八九]{4}年[0-9零〇一二三四五六七八九十]{1,3}月[0-9零〇一二三四五六七八九十]{1,4}日|\\d{4}[./-]\\d{1,2}[./-]\\d{1,2})';
const EVENT = '(?:印发|发布|公布|颁布|发文|下发|签发)';
const IN_FORCE = '(?:施行|实施|执行|实行|生效|试行)';
/** Not followed by more words: 起施行。 / 起施行，有效期… but not 起实施新的标准. */
const CLAUSE_END = '(?=$|[^\\u4e00-\\u9fff]|有效|并)';

/** Scanned near its verbs only (effectiveMatches): keep VERB_AFTER and the lengths there in step. */
const EFFECTIVE = new RegExp(
  `(?:自|从)?(?:${EVENT}之日|(${DATE}))(?:零时|0时)?(?:起|开始)?(?:(${NUM})(日|天|个月)后)?(?:正式)?${IN_FORCE}${CLAUSE_END}`,
  'g',
);
/**
 * Where EFFECTIVE can match. Scanning a whole document with it is slow (a match can start at
 * almost any character), so only the stretches around its verbs are scanned: every match ends in
 * a verb right after 日, a digit, 时, 起, 始, 后 or 式 (VERB_AFTER), reads at most 2 characters
 * after it (CLAUSE_END), and starts at most 21 characters before the verb, or, with a delay
 * (三十日后), 19 characters before the delay's number, which ends 2 to 5 characters before the verb.
 */
const VERB_AFTER = new RegExp(`[日\\d时起始后式]${IN_FORCE}`, 'g');
const NUM_CHARS = '0123456789零〇一二两三四五六七八九十百';
const BEFORE_VERB = 21;
const BEFORE_NUMBER = 19;

/** EFFECTIVE matches in `text`: the same as a whole-text scan, found near the verbs only. */
function effectiveMatches(text: string): RegExpExecArray[] {
  const stretches: Array<[number, number]> = [];
  VERB_AFTER.lastIndex = 0;
  for (let v: RegExpExecArray | null; (v = VERB_AFTER.exec(text)); ) {
    const verb = v.index + 1;
    // The longest number that can end 2 to 5 characters before the verb.
    let numberStart = verb - 6;
    while (numberStart > 0 && NUM_CHARS.includes(text[numberStart - 1]!)) numberStart--;
    const from = Math.max(0, Math.min(verb - BEFORE_VERB, numberStart - BEFORE_NUMBER));
    stretches.push([from, Math.min(text.length, verb + 4)]);
  }
  // Each stretch ends at the text's end or 2 characters after a verb, so CLAUSE_END reads the same.
  return matchesWithin(text, EFFECTIVE, stretches);
}

/**
 * The matches of the global pattern `re` in `text` that a whole-text scan finds, when every one
 * of them lies within one of `stretches` ([from, to), merged where they overlap) and `re` reads
 * nothing outside its match, or reads the same at a stretch's end: each stretch is scanned alone.
 */
function matchesWithin(text: string, re: RegExp, stretches: Array<[number, number]>): RegExpExecArray[] {
  stretches.sort((a, b) => a[0] - b[0]);
  const out: RegExpExecArray[] = [];
  for (let i = 0; i < stretches.length; ) {
    let [from, to] = stretches[i++]!;
    while (i < stretches.length && stretches[i]![0] <= to) to = Math.max(to, stretches[i++]![1]);
    const part = text.slice(from, to);
    re.lastIndex = 0;
    for (let m: RegExpExecArray | null; (m = re.exec(part)); ) {
      m.index += from;
      out.push(m);
    }
  }
  return out;
}
const UNIT = '(年|个月|月|天|日)';
const NOT_A_BOUND = '(?![以之内后前])';
const TERM_LENGTH = new RegExp(`有效期(?:为|是)?(${NUM})${UNIT}${NOT_A_BOUND}`, 'g');
const TERM_PERIOD = new RegExp(
  `(?:执行|试行|实施)期(?:限)?(?:暂定)?(?:为|是)?(?:自(?:${EVENT}之日|(${DATE}))起)?(${NUM})${UNIT}${NOT_A_BOUND}`,
  'g',
);
const TRIAL = new RegExp(`(?<!期)试行(${NUM})${UNIT}${NOT_A_BOUND}`, 'g');
/** 有效期至2025年12月31日 / 至2025年底 / 至2025.12.31 (groups: year; month, day of 年月日; month, day of dots) */
const TERM_UNTIL =
  /(?:有效期|(?:执行|实施|试行)(?:期限?)?)(?:为)?(?:至|到|截至)(\d{4})(?:年(?:(\d{1,2})月(?:(\d{1,2})日)?)?(?:底|末)?|[./-](\d{1,2})(?:[./-](\d{1,2}))?(?!\d))(?:止)?/g;
/** …起施行，至2025年12月31日止 */
const TERM_TO = new RegExp(`至(${DATE})止`, 'g');
/** …起施行，2027年12月31日废止 / 自2028年1月1日起失效 (the day before) */
const TERM_ENDS = new RegExp(`(?:自|从)?(${DATE})(起)?(?:自动|自行)?(?:废止|失效)`, 'g');
/** 实施期限为2021—2025年 → the end of the last year. */
const TERM_YEARS = /(?:执行|实施|试行|有效)期(?:限)?(?:为|是)?\d{4}年?[—–\-~～至到](\d{4})年/g;
const LAPSE = /(?:期满|到期|届满)后?(?:自行|自动)?(?:失效|废止)/g;
/** A declaration ends its clause (同时废止。); 做好废止或修订工作 is a task, not a repeal. */
const REPEAL = /(?:同时|自动|自行|即行|一并|予以|相应)?(?:废止|停止执行|不再执行|失效)(?=$|[，,。；;.])/g;

/**
 * Words one of which every match of a pattern holds (keep in step with the patterns above): a
 * document without them is not scanned.
 */
const NEEDS = new Map<RegExp, readonly string[]>([
  [TERM_LENGTH, ['有效期']],
  [TERM_PERIOD, ['执行期', '试行期', '实施期']],
  [TRIAL, ['试行']],
  [TERM_UNTIL, ['至', '到']],
  [TERM_YEARS, ['执行期', '实施期', '试行期', '有效期']],
  [TERM_TO, ['止']],
  [TERM_ENDS, ['废止', '失效']],
  [LAPSE, ['废止', '失效']],
  [REPEAL, ['废止', '失效', '停止执行', '不再执行']],
]);

/**
 * Where TERM_ENDS can match. It can start at almost any character (a date's digit or numeral, 自,
 * 从), which made it the costliest scan of a document holding 废止 or 失效 (~75 instructions a
 * character); every match ends with one of these verbs and is at most 20 characters long (自, a
 * date of 14, 起, 自动, the verb), so only the 18 characters before each verb and the verb are
 * scanned. (The other patterns start with one of a few characters, and a search for an anchor
 * costs them as much as the scan.)
 */
const TERM_ENDS_VERB = /废止|失效/g;
const TERM_ENDS_BEFORE_VERB = 18;

function termEndsStretches(text: string): Array<[number, number]> {
  const stretches: Array<[number, number]> = [];
  TERM_ENDS_VERB.lastIndex = 0;
  for (let v: RegExpExecArray | null; (v = TERM_ENDS_VERB.exec(text)); ) {
    stretches.push([Math.max(0, v.index - TERM_ENDS_BEFORE_VERB), v.index + v[0].length]);
  }
  return stretches;
}

/**
 * The patterns whose every match lies in stretches of the text found more cheaply than by
 * scanning it all (matchesWithin); the others are scanned whole.
 */
const STRETCHES = new Map<RegExp, (text: string) => Array<[number, number]>>([[TERM_ENDS, termEndsStretches]]);

/**
 * Whether the document's folded text holds a word, each word looked for once: the patterns share
 * their words (废止 and 失效 are asked by three), and most documents hold few of them, so that
 * each of those asks was a search of the whole text.
 */
type HasWord = (word: string) => boolean;

function wordsIn(dt: DocText): HasWord {
  const held = new Map<string, boolean>();
  return (word) => {
    let has = held.get(word);
    if (has === undefined) held.set(word, (has = dt.folded.includes(word)));
    return has;
  };
}

/** Every match of a global pattern in the document (none when it lacks the pattern's words). */
function matchesIn(dt: DocText, has: HasWord, re: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  if (!NEEDS.get(re)!.some(has)) return out;
  const stretches = STRETCHES.get(re);
  if (stretches) return matchesWithin(dt.folded, re, stretches(dt.folded));
  re.lastIndex = 0;
  for (let m: RegExpExecArray | null; (m = re.exec(dt.folded)); ) out.push(m);
  return out;
}

/** Clause bounds: Chinese and ASCII clause punctuation, not a dot between digits. */
const CLAUSE_PUNCT = /[，,。；;：:！!？?]|\.(?!\d)/;
const SENTENCE_PUNCT = /[。；;！!？?]|\.(?!\d)/;
/** Leading 第十条 / 三、 / （二） / 4. / 6.4 before a clause (not 2023年 or 2023.10.18). */
const LABEL = new RegExp(
  `^(?:第[0-9${CN_NUMERAL_CHARS}]+条|[${CN_DIGITS}]+、|[(（][${CN_DIGITS}0-9]+[)）]|\\d{1,2}(?:\\.\\d{1,2})+(?!\\d)|\\d{1,2}[.、](?!\\d))`,
);
/** The clause is about the document itself: 本办法 / 以上扶持政策 / 上述措施 … right before the form. */
const SELF_SUBJECT = new RegExp(
  '(?:本|以上|上述)[\\u4e00-\\u9fff]{0,8}?' +
    `${wordsSource(SELF_REFERENCE_WORDS)}$`,
);

interface Span {
  start: number;
  end: number;
}

function clauseAround(dt: DocText, at: Span, punct: RegExp, useParagraphs: boolean): Span {
  let start = at.start;
  while (start > 0 && !punct.test(dt.folded[start - 1]!)) start--;
  let end = at.end;
  while (end < dt.folded.length && !punct.test(dt.folded[end]!)) end++;
  if (useParagraphs) {
    for (const b of dt.paragraphBreaks) {
      if (b > start && b <= at.start) start = b;
      if (b >= at.end && b < end) end = b;
    }
  }
  // A heading line has no punctuation and runs into the clause under it: start at the last line
  // that opens with an article or item label (第十条, 三、, （二）, 4.).
  for (const i of lineChangesDown(dt, start, at.start)) {
    if (LABEL.test(dt.folded.slice(i, i + 8))) {
      start = i;
      break;
    }
  }
  const label = LABEL.exec(dt.folded.slice(start, at.start));
  if (label) start += label[0].length;
  return { start, end };
}

interface Found {
  text: string;
  line: number;
  span: Span;
  /** The clause is about the document: no words before the form, or 本办法 / 以上政策 … right before it. */
  aboutDocument: boolean;
}

function found(dt: DocText, m: RegExpExecArray): Found {
  const span = clauseAround(dt, { start: m.index, end: m.index + m[0].length }, CLAUSE_PUNCT, true);
  const before = dt.folded.slice(span.start, m.index);
  const subject = SELF_SUBJECT.exec(before);
  // A heading without punctuation may run into the clause (6.4预案实施本预案自…): start at the subject.
  if (subject) span.start = m.index - subject[0].length;
  return { text: dt.text.slice(span.start, span.end), line: lineAt(dt, span.start)!, span, aboutDocument: !before || !!subject };
}

function dateOf(s: string | undefined): IsoDate | null {
  return s ? findDates(s)[0]?.iso ?? null : null;
}

function addTerm(start: IsoDate, n: number, unit: string): IsoDate {
  const amount = unit === '年' ? { years: n } : unit === '个月' || unit === '月' ? { months: n } : { days: n };
  return addToDate(start, amount);
}

/** Last day in force for a term of n units starting on `start`. */
function lastDay(start: IsoDate, n: number, unit: string): IsoDate {
  return addToDate(addTerm(start, n, unit), { days: -1 });
}

interface Effective extends Found {
  from: IsoDate | null;
}

/**
 * A clause whose subject is something else (调整后最低工资标准自2021年10月1日起实行) counts only near
 * the end of the document and when its sentence cites nothing: 新修订的《安全生产法》自2021年9月1日
 * 起施行 in the body is about another law.
 */
function plausibleOtherSubject(dt: DocText, f: Found, refs: Reference[]): boolean {
  if (f.span.start < dt.text.length * (2 / 3)) return false;
  const s = clauseAround(dt, f.span, SENTENCE_PUNCT, false);
  return !refs.some((r) => r.start < s.end && r.end > s.start);
}

function findEffective(dt: DocText, refs: Reference[], docDate: IsoDate | null): Effective | null {
  let best: Effective | null = null;
  for (const m of effectiveMatches(dt.folded)) {
    const f = found(dt, m);
    if (!f.aboutDocument && !plausibleOtherSubject(dt, f, refs)) continue;
    let from = m[1] ? dateOf(m[1]) : docDate;
    const delay = m[2] ? parseNumber(m[2]) : null;
    if (from && delay !== null) from = addTerm(from, delay, m[3]!);
    const e: Effective = { ...f, from };
    if (!best || e.aboutDocument || !best.aboutDocument) best = e;
  }
  return best;
}

interface Term extends Found {
  /** Start implied by the term itself (执行期限自印发之日起…). */
  start: IsoDate | null | undefined;
  expires: (start: IsoDate | null) => IsoDate | null;
}

function findTerms(dt: DocText, has: HasWord, docDate: IsoDate | null): Term[] {
  const terms: Term[] = [];
  const add = (re: RegExp, make: (m: RegExpExecArray) => Omit<Term, keyof Found>) => {
    for (const m of matchesIn(dt, has, re)) {
      const f = found(dt, m);
      if (f.aboutDocument) terms.push({ ...f, ...make(m) });
    }
  };
  const length = (n: string, unit: string) => (start: IsoDate | null) => {
    const k = parseNumber(n);
    return start && k !== null ? lastDay(start, k, unit) : null;
  };
  add(TERM_LENGTH, (m) => ({ start: undefined, expires: length(m[1]!, m[2]!) }));
  add(TERM_PERIOD, (m) => ({
    start: m[1] ? dateOf(m[1]) : m[0].includes('之日起') ? docDate : undefined,
    expires: length(m[2]!, m[3]!),
  }));
  add(TRIAL, (m) => ({ start: undefined, expires: length(m[1]!, m[2]!) }));
  add(TERM_UNTIL, (m) => {
    const y = Number(m[1]);
    const monthText = m[2] ?? m[4];
    const dayText = m[3] ?? m[5];
    const mo = monthText ? Number(monthText) : 12;
    const day = dayText ? isoDate(y, mo, Number(dayText)) : endOfMonth(y, mo);
    return { start: undefined, expires: () => day };
  });
  add(TERM_YEARS, (m) => ({ start: undefined, expires: () => endOfMonth(Number(m[1]), 12) }));
  add(TERM_TO, (m) => ({ start: undefined, expires: () => dateOf(m[1]) }));
  add(TERM_ENDS, (m) => {
    const d = dateOf(m[1]);
    return { start: undefined, expires: () => (d && m[2] ? addToDate(d, { days: -1 }) : d) };
  });
  add(LAPSE, () => ({ start: undefined, expires: () => null }));
  return terms.sort((a, b) => a.span.start - b.span.start);
}

const CITES_BASIS = /根据|依据|按照|参照|对照|贯彻|落实/;

function findRepeals(dt: DocText, has: HasWord, refs: Reference[]): Repeal[] {
  const out: Repeal[] = [];
  for (const m of matchesIn(dt, has, REPEAL)) {
    if (/(?:期满|到期|届满)后?(?:自行|自动)?$/.test(dt.folded.slice(Math.max(0, m.index - 5), m.index))) continue;
    const sentence = clauseAround(dt, { start: m.index, end: m.index + m[0].length }, SENTENCE_PUNCT, false);
    const inSentence = refs.filter((r) => r.start >= sentence.start && r.end <= sentence.end);
    let objects = inSentence.filter((r) => r.start < m.index);
    if (!objects.length) objects = inSentence.filter((r) => r.start >= m.index + m[0].length);
    for (const r of objects) {
      const clause = clauseAround(dt, { start: r.start, end: r.end }, CLAUSE_PUNCT, false);
      if (CITES_BASIS.test(dt.folded.slice(clause.start, r.start))) continue; // 根据《…》, not repealed
      if (out.some((o) => o.line === r.line && o.title === r.title && o.docNumber === r.docNumber)) continue;
      out.push({ title: r.title, docNumber: r.docNumber, line: r.line, ...spanOf(dt, r) });
    }
  }
  return out;
}

export function extractValidity(ctx: ExtractContext, text: DocumentText = documentText(ctx.lines)): Validity {
  const dt = text.joined;
  const refs = referencesIn(dt);
  const effective = findEffective(dt, refs, ctx.date);
  const has = wordsIn(dt);
  const terms = findTerms(dt, has, ctx.date);
  // Prefer the term stated in the same sentence as the effective clause, else the last one.
  const sentence = effective ? clauseAround(dt, effective.span, SENTENCE_PUNCT, false) : null;
  const term =
    (sentence && terms.find((t) => t.span.start >= sentence.start && t.span.start <= sentence.end)) ||
    terms[terms.length - 1] ||
    null;
  const effectiveFrom = effective?.from ?? term?.start ?? null;
  const expiresOn = term ? term.expires(term.start ?? effectiveFrom) : null;
  const repeals = findRepeals(dt, has, refs);
  return {
    effectiveFrom,
    expiresOn,
    effectiveText: effective?.text ?? null,
    termText: term?.text ?? null,
    repeals,
    line: effective?.line ?? term?.line ?? repeals[0]?.line ?? null,
  };
}
