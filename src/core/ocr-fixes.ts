/**
 * Corrections of typical OCR slips in a line of OCR'd text, made only where the structure of the
 * text says what was printed. Pure; the caller keeps the raw OCR text beside the corrected one.
 *
 * In this order:
 * - fullwidth digits → ASCII digits (０-９)
 * - letters read for digits inside a number: O/o → 0, I/l → 1 between digits (2O21) or in a number
 *   that ends a date or a document number (l6日, 2O2l年); never inside a Latin word (ISO9001)
 * - 曰 or 目 read for 日 after the day of a date (2021年3月5曰, 2023年8月29目)
 * - 一 read for a dash between two years (2021一2025年 → 2021—2025年)
 * - document numbers (文号): prefix + year in any brackets + serial + 号 — 阳政发[2021]12号,
 *   阳政发(2021)12号, 阳政发【2021】12号, 阳政发〔2021]12 号, 阳政发[2021]]12号 (〕 read as two
 *   brackets), 阳政发[2021 12号 (the closing bracket lost in a space) — become 阳政发〔2021〕12号 (and ] | l I in the serial become 1: 15]号 → 151号), when the
 *   prefix ends like one (发 函 办 字 令 复 电 规) or is a prefix the issue uses; and a prefix one
 *   character off a prefix seen ≥ 2 times in the issue (阳政办友, 阳攻办发 with 阳政办发 known) becomes
 *   it, when exactly one known prefix is that close (or, of several, exactly one has a character OCR
 *   is known to misread as the one read: 友 for 发, 攻 for 政), the first character (the issuer's place:
 *   晋政办发 is not a slip of 阳政办发) is the same, and the character that differs is not one that
 *   prefixes are made of (阳开办发 and 阳政办函 are prefixes of their own, not slips of 阳政办发)
 * - letters and brackets read for 1 or 0 inside a date (2020年]月20日, 2O21年l月5日), and specks
 *   beside its numbers or after it (2021]年9月13日, 2021年9月8日.)
 * - punctuation OCR reads from specks before the first character of a line (，阳政任字…, .关于…,
 *   .2023年10月8日: before a year, never before other numbers: .5 stays)
 * Place names read wrong are corrected against the national list of divisions (places.ts).
 * - a bracket pair of mismatched kinds around a short text: 〈区) (区〉 （区) 《区) → （区）;
 *   〈办法》 《办法〉 → 《办法》; matching pairs ([1], (2021), 〈一〉) and lone brackets are left alone
 */
import { findDocNumbers } from './docnumber.js';
import { TITLE_END_WORDS, wordsSource } from './grammar/doc-kinds.js';

export interface OcrFixContext {
  /** Document-number prefixes that occur at least twice in the issue (see knownDocNumberPrefixes). */
  knownPrefixes: Iterable<string>;
}

export interface OcrFixResult {
  text: string;
  /** What was changed, one entry per correction: `kind: before → after`. */
  fixes: string[];
}

const HAN = '\\u3400-\\u9fff\\uf900-\\ufaff';
const DIGIT_LIKE = '0-9OoIl';

/** A run of digits and digit-like letters that is not part of a longer Latin word. */
const NUMBER_TOKEN = new RegExp(`(?<![A-Za-z0-9])[${DIGIT_LIKE}]+(?![A-Za-z0-9])`, 'g');
/** What may follow a number that is surely a number: a date unit, 号, a closing bracket of a 文号 year. */
const NUMBER_UNIT = /^\s*[年月日号〕\]］）)】]/;
const NUMBER_LEAD = /(?:第|[〔\[［(（【])\s*$/;

// 目 too (the standard model's slip), but not starting a word (月1目标, 目录, 目的, 目前).
const DAY_AFTER_MONTH = /(月\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*)[曰目](?![标录的前])/g;
const YEAR_DASH = /(?<!\d)((?:19|20)\d\d)\s*一\s*((?:19|20)\d\d)(?!\d)/g;

const OPEN = '[〔\\[［(（【﹝{｛〈《<]';
const CLOSE = '[〕\\]］)）】﹞}｝〉》>]';
/** The serial after its first character: digits, or ] | l I read for 1 (〔2021〕15]号 is 151, 〔2020]]号 is 〔2020〕1号). */
const SERIAL_REST = '[0-9\\]|lI]{0,4}';
/**
 * A 文号 with the year bracketed (or one bracket lost, or the closing one read as a space): prefix,
 * brackets, year, serial, and 号 — or a character OCR reads for it (生 弓 丐 亏) where a bracket
 * closes right after, as in a TOC entry `…的通知（阳政函〔2021〕77生）`.
 */
const DOC_NUMBER = new RegExp(
  `([${HAN}]{2,16})(\\s*)(?:${OPEN}{1,2}\\s*((?:19|20)\\d\\d)(?:\\s*${CLOSE}{1,2}|\\s+)|((?:19|20)\\d\\d)\\s*${CLOSE}{1,2})\\s*(第?)\\s*((?:\\d|[\\]|lI])${SERIAL_REST})\\s*(?:号|[生弓丐亏](?=\\s*[)）]))`,
  'g',
);
const DOC_PREFIX_END = /[发函办字令复电规]$/;

const PAIRS: Record<string, string> = { '(': ')', '（': '）', '〈': '〉', '《': '》', '[': ']', '［': '］', '【': '】', '〔': '〕', '{': '}' };
const OPENERS = Object.keys(PAIRS).join('').replace(/[\]\[]/g, '\\$&');
const CLOSERS = Object.values(PAIRS).join('').replace(/[\]\[]/g, '\\$&');
/** An innermost bracketed span: an opener, up to 40 characters without brackets, a closer. */
const INNER_SPAN = new RegExp(`([${OPENERS}])([^${OPENERS}${CLOSERS}\\n]{1,40})([${CLOSERS}])`, 'g');
const PAREN_OPEN = new Set(['(', '（']);
const PAREN_CLOSE = new Set([')', '）']);
/** What a title in 《》 ends with. */
const TITLE_END = new RegExp(`${wordsSource(TITLE_END_WORDS)}$`);

/** Characters prefixes are made of after the issuer's place (政 办 发 函 字 任 …): a prefix differing in one of them is another prefix, not a slip. */
const PREFIX_CHARACTERS = new Set('政办发函字任令府委党组宣统财教卫建交环文安审监开信改能源通复电规纪预保运行部联企城总务院厅局');

type Step = (text: string, fixes: string[]) => string;

function replaceAll(text: string, re: RegExp, kind: string, fixes: string[], fn: (m: RegExpExecArray) => string): string {
  let out = '';
  let last = 0;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const replacement = fn(m);
    if (replacement !== m[0]) fixes.push(`${kind}: ${m[0]} → ${replacement}`);
    out += text.slice(last, m.index) + replacement;
    last = m.index + m[0].length;
  }
  return last === 0 ? text : out + text.slice(last);
}

const fullwidthDigits: Step = (text, fixes) =>
  replaceAll(text, /[０-９]+/g, 'fullwidth digits', fixes, (m) => m[0].replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));

const letterDigits: Step = (text, fixes) =>
  replaceAll(text, NUMBER_TOKEN, 'digit', fixes, (m) => {
    const token = m[0];
    if (!/\d/.test(token) || !/[OoIl]/.test(token)) return token;
    const toDigit = (c: string) => (c === 'O' || c === 'o' ? '0' : '1');
    const between = token.replace(/(?<=\d)[OoIl]+(?=\d)/g, (s) => [...s].map(toDigit).join(''));
    // A whole token is a number where what follows or precedes it says so (l6日, 第l2号, 〔2O2l〕).
    const inNumberContext = NUMBER_UNIT.test(text.slice(m.index + token.length)) || NUMBER_LEAD.test(text.slice(0, m.index));
    const digitCount = token.replace(/[^0-9]/g, '').length;
    return inNumberContext && digitCount * 2 >= token.length ? token.replace(/[OoIl]/g, toDigit) : between;
  });

const dayCharacter: Step = (text, fixes) => replaceAll(text, DAY_AFTER_MONTH, 'date', fixes, (m) => `${m[1]}日`);

const yearDash: Step = (text, fixes) => replaceAll(text, YEAR_DASH, 'dash', fixes, (m) => `${m[1]}—${m[2]}`);

/** Characters of prefixes and what OCR reads them as: breaks a tie between known prefixes one character off. */
const LOOK_ALIKES: Record<string, string> = { 发: '友犮岌', 政: '攻玫故', 办: '力为', 函: '面亟涵', 字: '宇子', 任: '仟住', 令: '今合', 府: '附' };

/** The known prefix one character off the end of `run`, when there is exactly one (see the module comment). */
function nearPrefix(run: string, known: readonly string[]): string | null {
  const found: string[] = [];
  const alike: string[] = [];
  for (const p of known) {
    if (p.length < 3 || p.length > run.length) continue;
    const tail = run.slice(run.length - p.length);
    if (tail === p) return null; // the line already ends in a known prefix
    let diff = 0;
    for (let i = 0; i < p.length && diff < 2; i++) if (tail[i] !== p[i]) diff++;
    const at = [...p].findIndex((c, i) => tail[i] !== c);
    if (diff !== 1 || at === 0 || PREFIX_CHARACTERS.has(tail[at]!)) continue;
    found.push(p);
    if (LOOK_ALIKES[p[at]!]?.includes(tail[at]!)) alike.push(p);
  }
  if (found.length === 1) return found[0]!;
  return alike.length === 1 ? alike[0]! : null;
}

function docNumbers(known: readonly string[]): Step {
  return (text, fixes) =>
    replaceAll(text, DOC_NUMBER, 'doc-number', fixes, (m) => {
      const [, run, , yearA, yearB, di, serial] = m as unknown as string[];
      const near = nearPrefix(run!, known);
      const prefix = near ? run!.slice(0, run!.length - near.length) + near : run!;
      const isKnown = known.some((p) => prefix.endsWith(p));
      if (!isKnown && !DOC_PREFIX_END.test(prefix)) return m[0];
      return `${prefix}〔${yearA ?? yearB}〕${di}${serial!.replace(/[\]|lI]/g, '1')}号`;
    });
}

const brackets: Step = (text, fixes) => {
  // Innermost spans first; a corrected span may let the one around it be seen next time round.
  for (let round = 0; round < 3; round++) {
    const before = fixes.length;
    text = replaceAll(text, INNER_SPAN, 'brackets', fixes, (m) => {
      const [, open, inner, close] = m as unknown as [string, string, string, string];
      if (PAIRS[open] === close) return m[0];
      const parenish = (c: string, set: Set<string>, angle: string) => set.has(c) || c === angle;
      const openParen = parenish(open, PAREN_OPEN, '〈');
      const closeParen = parenish(close, PAREN_CLOSE, '〉');
      const openTitle = open === '《' || open === '〈';
      const closeTitle = close === '》' || close === '〉';
      // Both sides round or angle: a parenthesis, unless both are angles of a title (〈…》, 《…〉).
      if (openParen && closeParen) return `（${inner}）`;
      if (openTitle && closeTitle) return `《${inner}》`;
      // 《…) or (…》: what is inside decides; a title ends in a document type.
      if ((open === '《' && PAREN_CLOSE.has(close)) || (PAREN_OPEN.has(open) && close === '》')) {
        return TITLE_END.test(inner) ? `《${inner}》` : `（${inner}）`;
      }
      return m[0];
    });
    if (fixes.length === before) break;
  }
  return text;
};

/** A date whose digits OCR read as letters or brackets: 2020年]月20日, 2O21年l月5日. */
const STRAY = "[\\]|'’.,、]?";
const DATE_DIGITS = new RegExp(
  `((?:19|20)[0-9OoIl\\]|]{2})${STRAY}(\\s*年\\s*)([0-9OoIl\\]|]{1,2})${STRAY}(\\s*月\\s*)([0-9OoIl\\]|]{1,2})${STRAY}(\\s*[日曰])(?:[.,'’、·]+$)?`,
  'g',
);
const dateDigits: Step = (text, fixes) =>
  replaceAll(text, DATE_DIGITS, 'date', fixes, (m) => {
    const digits = (s: string) => s.replace(/[Oo]/g, '0').replace(/[Il\]|]/g, '1');
    return [1, 2, 3, 4, 5, 6].map((i) => (i % 2 ? digits(m[i]!) : m[i]!)).join('');
  });

/** Marks no line begins with (a speck read before its first character). */
const LEADING_SPECK = /^[，,.。、·'`‘’]+(?=[\u3400-\u9fff（(《〔【“]|(?:19|20)\d\d\s*年)/g;
const leadingSpeck: Step = (text, fixes) => replaceAll(text, LEADING_SPECK, 'speck', fixes, () => '');

/** Correct the OCR slips of one line (see the module comment); `fixes` lists what changed. */
export function fixOcrLine(text: string, ctx: OcrFixContext = { knownPrefixes: [] }): OcrFixResult {
  const known = [...ctx.knownPrefixes].sort((a, b) => b.length - a.length);
  const fixes: string[] = [];
  for (const step of [leadingSpeck, fullwidthDigits, letterDigits, dateDigits, dayCharacter, yearDash, docNumbers(known), brackets]) {
    text = step(text, fixes);
  }
  return { text, fixes };
}

/**
 * The document-number prefixes that occur at least `minCount` times (default 2) in the lines of an
 * issue, read as OCR gives them (after the corrections that need no prefix: digits and brackets).
 */
export function knownDocNumberPrefixes(lines: Iterable<string>, minCount = 2): Set<string> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    for (const found of findDocNumbers(fixOcrLine(line).text)) counts.set(found.prefix, (counts.get(found.prefix) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, n]) => n >= minCount).map(([p]) => p));
}
