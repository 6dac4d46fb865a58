/**
 * Citations: references from one document to other documents and laws.
 *
 * Forms handled (read in the document's joined text of the text layer, src/text/doc-text.ts, with
 * all whitespace removed, so hard-wrapped text, layout spaces and a citation broken over lines or
 * across a blank line read as one; each citation's span maps back to the printed characters):
 * - 《title》（number）: 《…的通知》（晋政办发〔2023〕27号）, half-width brackets (阳政办发〔2021〕76号),
 *   the number right after 》 with no bracket (《…的通知》阳开办发〔2022〕10号), decree numbers
 *   (《…暂行条例》（国务院令 第 713 号）, also 国务院第713号令) and the number on the next line after a
 *   blank one
 * - standards codes in brackets: 《入河(海)排污口命名与编码规则》(HJ 1235—2021), (GB/T 37988-2019)
 * - 《title》 alone; titles in a run separated by 、 和 及 or nothing
 * - 〈〉 or ‹› (or a second 《》) nested in 《》: one citation, the inner title stays part of it;
 *   〈title〉 at the top level (OCR or layouts that print 〈〉 for 《》) is read like 《title》
 * - `<<title>>` written with ASCII angle brackets
 * - a bare number: 晋清洁办发〔2023〕2号文件, 国务院令第713号, or a title printed without 《》 before
 *   its number (原…政策(试行)（阳开办发〔2022〕106号）) → kind number_only
 *
 * Not citations:
 * - the instrument the notice issues (现将《…》印发给你们, 《…》已经市人民政府同意，现印发给你们, 现将《…》
 *   公布如下, …转发给你们) and every later reference to it: the same title, the title with the
 *   issuer's name before it or after it (《阳泉市人民政府关于X》 for 《关于X》), the title without a
 *   trailing (试行), or one letter inserted/dropped; 本《细则》; aliases of it (以下简称《落实方案》)
 * - the document's own number and whole-line document numbers (the number line of an enclosed
 *   document)
 * - forms, licences, maps and newspapers (《…报表》, 《…申请表》, 《…许可证》, 《…图》, 《…日报》)
 *
 * Decisions: when several titles share one number (《A》《B》（number）) the number is attached to
 * the title it follows only — a list of laws followed by one decree number is as common as two
 * instruments of one notice, and the number is printed for the last one. An alias definition
 * (以下简称《X》) is not a citation of its own; later uses of an alias of an outside document are.
 */
import type { Citation, CitationKind, ExtractContext, TextSpan } from '../model.js';
import { compareKey, isCjk } from '../core/text.js';
import { documentText, lineAt, type DocText, type DocumentText } from '../text/index.js';
import { findDocNumbers, formatDocNumber, normalizeDocNumber } from '../core/docnumber.js';
import { findDocNumbersNearHao } from './doc-numbers-near-hao.js';

const referencesOf = new WeakMap<DocText, Reference[]>();

/** findReferences(dt), computed once per DocText (citations and validity both read them). Do not modify the result. */
export function referencesIn(dt: DocText): Reference[] {
  let refs = referencesOf.get(dt);
  if (!refs) referencesOf.set(dt, (refs = findReferences(dt)));
  return refs;
}

/** A title in 《》 or a bare document number found in a document, before any filtering. */
export interface Reference {
  kind: CitationKind;
  title: string | null;
  docNumber: string | null;
  /** Offset of the opening 《 (or of the number) in DocText.text. */
  start: number;
  /** Offset just after the closing 》 or after the attached number and its bracket. */
  end: number;
  line: number;
}

const MAX_TITLE = 150;

/** A sentence ends inside what would be a title: 。；！？ or a half-width full stop (not 1.1). */
function breaksTitle(s: string, i: number): boolean {
  if (s[i] !== '.') return true; // the other sentence ends of BRACKET_KINDS
  const next = s.charCodeAt(i + 1); // NaN past the end
  return !(next >= 0x30 && next <= 0x39);
}

/**
 * Title brackets: 《》, and 〈〉 where OCR or a layout prints them for 《》 at the top level; with each,
 * what closingBrackets stops at while a title is open: its brackets and what ends a sentence (。；！？
 * and `.`, see breaksTitle).
 */
const BRACKET_KINDS: ReadonlyArray<readonly [open: string, close: string, stops: RegExp]> = [
  ['《', '》', /[《》。；;！？.]/g],
  ['〈', '〉', /[〈〉。；;！？.]/g],
];

/** Title brackets that close: each opening bracket's offset → its closing bracket's, and the openings in text order. */
interface TitleBrackets {
  closes: Map<number, number>;
  opens: number[];
}

/**
 * For every opening bracket of s (《 and 〈), the offset of its closing bracket (nested pairs of the
 * same kind counted), when it closes within MAX_TITLE characters and before a sentence ends.
 * One pass with a stack per kind: scanning ahead from each bracket took MAX_TITLE steps per
 * bracket, and a long run of brackets took seconds. The pass jumps (by a native search) from one
 * bracket or sentence end to the next rather than stepping through every character of a title.
 * The openings that close are listed in text order too: findReferences reads those alone, where it
 * searched the text for every bracket again.
 */
function closingBrackets(s: string): TitleBrackets {
  const closes = new Map<number, number>();
  const opens: number[] = [];
  let inOrder = true;
  for (const [o, c, stops] of BRACKET_KINDS) {
    const open: number[] = [];
    for (let i = s.indexOf(o); i >= 0; ) {
      const ch = s[i]!;
      if (ch === o) open.push(i);
      else if (ch === c) {
        const at = open.pop();
        if (at !== undefined && i - (at + 1) < MAX_TITLE) {
          closes.set(at, i);
          // A title closes after the ones nested in it: listed after them, it is out of order.
          if (opens.length && opens[opens.length - 1]! > at) inOrder = false;
          opens.push(at);
        }
      } else if (breaksTitle(s, i)) open.length = 0; // no title spans a sentence end
      if (open.length) {
        stops.lastIndex = i + 1;
        i = stops.test(s) ? stops.lastIndex - 1 : -1;
      } else {
        // Nothing open: go on at the next opening bracket.
        i = s.indexOf(o, i + 1);
      }
    }
  }
  if (!inOrder) opens.sort((a, b) => a - b);
  return { closes, opens };
}

const OPEN_BRACKET = /^[(〔\[【]/;
const CLOSE_BRACKET = /^[)〕\]】]/;
/**
 * Standards codes: HJ 1235—2021, GB/T 37988-2019, GB50359-2016, DB14/T 1234-2020, and a code
 * without its year when the bracket closes right after it (GB/T 2260).
 */
const STANDARD_CODE = /^[A-Z]{1,4}\d{0,2}(?:\/[A-Z]{1,2})?\d{1,6}(?:\.\d+)*(?:[-—–－]\d{4}|(?=[)\]】〕]))/;

/** A decree number written 国务院第713号令 (the usual form is 国务院令第713号). */
const DECREE_AFTER = /^([\u4e00-\u9fff]{1,12}?)第(\d{1,5})号令/;

/** A number (or standards code) printed right after a title, with or without a bracket. */
function attachedNumber(dt: DocText, at: number): { docNumber: string; end: number } | null {
  const window = dt.folded.slice(at, at + 48);
  const skip = OPEN_BRACKET.test(window) ? 1 : 0;
  let code = STANDARD_CODE.exec(window.slice(skip));
  let docNumber: string | null = null;
  let length = 0;
  if (code) {
    docNumber = dt.text.slice(at + skip, at + skip + code[0].length);
    length = code[0].length;
  } else if ((code = DECREE_AFTER.exec(window.slice(skip)))) {
    docNumber = formatDocNumber(`${code[1]}令`, null, Number(code[2]));
    length = code[0].length;
  } else {
    // A number starts with its prefix's first character (CJK) and ends in 号.
    if (!isCjk(window[skip] ?? '') || !window.includes('号', skip)) return null;
    const first = findDocNumbers(window)[0];
    if (!first || first.index !== skip) return null;
    docNumber = first.normalized;
    length = first.length;
  }
  let end = at + skip + length;
  if (skip && CLOSE_BRACKET.test(dt.folded.slice(end, end + 1))) end++;
  return { docNumber, end };
}

/**
 * A number line (the document's own, or an enclosed document's), possibly hard-wrapped, in
 * brackets, or with the title line above run into its prefix in the joined text (…的通知阳政办发〔…〕):
 * a line break at or inside the prefix and another right after the number.
 */
function standsOnItsOwnLine(dt: DocText, start: number, prefixLength: number, end: number): boolean {
  const from = OPEN_BRACKET.test(dt.folded[start - 1] ?? '') ? start - 1 : start;
  let breaksBefore = from === 0 || lineAt(dt, from - 1) !== lineAt(dt, from);
  for (let i = start + 1; i < start + prefixLength && !breaksBefore; i++) breaksBefore = lineAt(dt, i - 1) !== lineAt(dt, i);
  const to = CLOSE_BRACKET.test(dt.folded[end] ?? '') ? end + 1 : end;
  return breaksBefore && (to >= dt.text.length || lineAt(dt, to) !== lineAt(dt, to - 1));
}

/** Every 《title》 (with its attached number) and every bare document number, in text order. */
export function findReferences(dt: DocText): Reference[] {
  const refs: Reference[] = [];
  // Spans of the titles read, in order and disjoint: a bracket inside one is skipped.
  const taken: Array<[number, number]> = [];
  let takenEnd = 0;
  // The brackets that close, in text order (one that does not close reads nothing).
  const { closes, opens } = closingBrackets(dt.text);
  for (let k = 0; k < opens.length; k++) {
    const i = opens[k]!;
    if (i < takenEnd) continue; // nested in a title already read
    const close = closes.get(i)!;
    const title = dt.text.slice(i + 1, close);
    if (title.length < 2) continue;
    const num = attachedNumber(dt, close + 1);
    const end = num ? num.end : close + 1;
    taken.push([i, end]);
    takenEnd = end;
    refs.push({
      kind: num ? 'titled' : 'title_only',
      title,
      docNumber: num?.docNumber ?? null,
      start: i,
      end,
      line: lineAt(dt, i)!,
    });
  }
  let t = 0;
  for (const n of findDocNumbersNearHao(dt.folded)) {
    const end = n.index + n.length;
    // Numbers come in order, so the spans ending before this one never matter again.
    while (t < taken.length && taken[t]![1] <= n.index) t++;
    if (t < taken.length && taken[t]![0] < end) continue;
    if (standsOnItsOwnLine(dt, n.index, n.prefix.length, end)) continue;
    refs.push({ kind: 'number_only', title: null, docNumber: n.normalized, start: n.index, end, line: lineAt(dt, n.index)! });
  }
  return refs.sort((a, b) => a.start - b.start);
}

const KEY_QUOTES = /["'《》〈〉‹›<>]/g;
const TRAILING_QUALIFIER = /(?<!\((?:试行|暂行|草案|征求意见稿|送审稿|修订稿?)\))(?:\((?:试行|暂行|草案|征求意见稿|送审稿|修订稿?)\))+$/;

/** Keys of the titles seen lately: a title is compared with every instrument of its document. */
const titleKeys = new Map<string, { key: string; bare: string }>();

function keysOf(s: string): { key: string; bare: string } {
  let k = titleKeys.get(s);
  if (!k) {
    if (titleKeys.size >= 4096) titleKeys.clear();
    const key = compareKey(s).replace(KEY_QUOTES, '');
    titleKeys.set(s, (k = { key, bare: key.replace(TRAILING_QUALIFIER, '') }));
  }
  return k;
}

/** Comparison key for titles: compareKey without quotes and inner title brackets. */
function titleKey(s: string): string {
  return keysOf(s).key;
}

/** titleKey without a trailing (试行), (暂行) … */
function bareTitleKey(s: string): string {
  return keysOf(s).bare;
}

/** True when one string is the other with exactly one character inserted (not a digit). */
function oneInsertion(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) !== 1) return false;
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return !/\d/.test(long[i]!) && long.slice(i + 1) === short.slice(i);
}

/** Whether two printed titles name the same instrument of this document (see the header). */
function sameInstrument(a: string, b: string, ownTitleKey: string): boolean {
  const x = bareTitleKey(a);
  const y = bareTitleKey(b);
  if (x === y) return true;
  if (Math.min(x.length, y.length) >= 10 && oneInsertion(x, y)) return true;
  const [long, short] = x.length > y.length ? [x, y] : [y, x];
  if (short.length < 6 || !long.endsWith(short)) return false;
  const issuer = long.slice(0, long.length - short.length);
  return issuer.length >= 2 && ownTitleKey.startsWith(issuer);
}

export interface EnclosureRef {
  title: string;
  /** The number printed with it in the issuing sentence (a forwarded document's own number). */
  docNumber: string | null;
  line: number;
}

const TITLE_RUN = '(?:《[^《》。；]{1,200}》(?:[、，,和及与]|以及)?)+';
const BRACKET = '(?:[(〔][^()〔〕]{0,40}[)〕])?';
const ISSUE_VERB = '(?:印发|转发|公布|发布|下发|印送|转送)';
/** 现将《X》印发给你们 / 现将修订后的《X》等3个文件印发给你们 / 现将《X》公布如下 */
const PUT_FORWARD = new RegExp(`(?:现将|现把|特将|兹将|今将)[^。；《]{0,12}?(${TITLE_RUN})${BRACKET}[^。；《]{0,20}?${ISSUE_VERB}`, 'g');
/** 《X》已经市人民政府同意，现印发给你们 / 《X》经…研究通过，现予印发 / 制定了《X》，现印发给你们 */
const APPROVED = new RegExp(
  `(${TITLE_RUN})${BRACKET}(?:(?:已经|业经|已|经)[^。；《]{0,40}?(?:同意|批准|通过|审定|审议))?[,，]?(?:现|特|并)?(?:予以|予)?` +
    `${ISSUE_VERB}(?=给|如下|你们|你|各|到|[,，。])`,
  'g',
);
/** The instrument named in the title: 关于印发X的通知 → X. */
const TITLE_ISSUES = /关于(?:印发|转发|公布|发布|印送|转送)(.+?)的(?:通知|决定|函)$/;

function enclosuresOf(dt: DocText, refs: Reference[], title: string): EnclosureRef[] {
  const out: EnclosureRef[] = [];
  for (const re of [PUT_FORWARD, APPROVED]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(dt.folded))) {
      const from = m.index + m[0].indexOf(m[1]!);
      const to = from + m[1]!.length;
      for (const r of refs) {
        if (r.title && r.start >= from && r.start < to && !out.some((e) => e.line === r.line && e.title === r.title)) {
          out.push({ title: r.title, docNumber: r.docNumber, line: r.line });
        }
      }
    }
  }
  const named = TITLE_ISSUES.exec(title.replace(/[\s\u3000]+/g, ''));
  if (named) {
    const t = named[1]!.replace(/^《(.*)》$/, '$1');
    if (!out.some((e) => titleKey(e.title) === titleKey(t))) out.push({ title: t, docNumber: null, line: lineAt(dt, 0) ?? 0 });
  }
  return out.sort((a, b) => a.line - b.line);
}

const enclosuresKept = new WeakMap<DocText, { title: string; enclosures: EnclosureRef[] }>();

/**
 * enclosuresOf(dt, referencesIn(dt), title), kept for the last title asked of each DocText: the
 * parser asks it of a 印发/转发 notice (is the next span the document it issues?) and the citation
 * step asks it again of the same text and title. Do not modify the result.
 */
function enclosuresIn(dt: DocText, title: string): EnclosureRef[] {
  const kept = enclosuresKept.get(dt);
  if (kept && kept.title === title) return kept.enclosures;
  const enclosures = enclosuresOf(dt, referencesIn(dt), title);
  enclosuresKept.set(dt, { title, enclosures });
  return enclosures;
}

/** The instruments a notice issues (from its 印发/转发/公布 sentence and its title), with numbers. */
export function findEnclosures(ctx: ExtractContext, text: DocumentText = documentText(ctx.lines)): EnclosureRef[] {
  return enclosuresIn(text.joined, ctx.title);
}

/** Titles of the instruments a notice issues (印发/转发/公布 sentence, or its own title). */
export function findEnclosureTitles(ctx: ExtractContext): string[] {
  return findEnclosures(ctx).map((e) => e.title);
}

/** Forms, licences, maps, newspapers: named in 《》 but not documents one could cite. */
const NOT_A_DOCUMENT = /(?:表|证|证书|图|图集|图册|卡|回执|承诺书|申请书|通知书|告知书|日报|晚报|时报|杂志)$/;
const ISSUER_SUFFIX = /[省市县区州盟旗部委局厅院府]$/;
const OWN_PLACE = /^(?:我|本|全|该)/;

/**
 * True when the title is qualified by a body named right before 《 (山西省《…》, 国务院《…》,
 * 工信部《…》) that the document's own title does not name: it is then another body's instrument.
 */
function outsideIssuerBefore(dt: DocText, start: number, ownTitleKey: string): boolean {
  const before = dt.folded.slice(Math.max(0, start - 2), start);
  if (before.length < 2 || !ISSUER_SUFFIX.test(before) || OWN_PLACE.test(before)) return false;
  return !ownTitleKey.includes(before);
}

const ALIAS_BEFORE = /(?:以下简称|以下称|下称|简称)[:：]?$/;

export function extractCitations(ctx: ExtractContext, text: DocumentText = documentText(ctx.lines)): Citation[] {
  const dt = text.joined;
  const refs = referencesIn(dt);
  const own = ctx.docNumber ? normalizeDocNumber(ctx.docNumber) ?? ctx.docNumber : null;
  const ownTitleKey = titleKey(ctx.title);
  const selves: EnclosureRef[] = [
    ...enclosuresIn(dt, ctx.title),
    { title: ctx.title, docNumber: own, line: 0 },
  ];

  const isSelf = (r: Reference): boolean => {
    if (r.docNumber && r.docNumber === own) return true;
    if (!r.title) return false;
    if (dt.folded[r.start - 1] === '本') return true; // 本《细则》
    if (outsideIssuerBefore(dt, r.start, ownTitleKey)) return false; // 山西省《…》 in a city's notice
    return selves.some(
      (e) => (!r.docNumber || r.docNumber === e.docNumber) && sameInstrument(r.title!, e.title, ownTitleKey),
    );
  };

  const out: Citation[] = [];
  const aliases = new Map<string, boolean>(); // alias key → the aliased title is this document's own
  let previous: { self: boolean } | null = null;
  for (const r of refs) {
    if (r.kind === 'number_only') {
      if (r.docNumber === own) continue;
      out.push({ kind: 'number_only', title: null, docNumber: r.docNumber, line: r.line, resolvedIndex: null, ...spanOf(dt, r) });
      continue;
    }
    const key = titleKey(r.title!);
    if (ALIAS_BEFORE.test(dt.folded.slice(Math.max(0, r.start - 6), r.start))) {
      aliases.set(key, previous?.self ?? false);
      continue;
    }
    const self = aliases.get(key) ?? isSelf(r);
    previous = { self };
    if (self || NOT_A_DOCUMENT.test(bareTitleKey(r.title!))) continue;
    out.push({ kind: r.kind, title: r.title, docNumber: r.docNumber, line: r.line, resolvedIndex: null, ...spanOf(dt, r) });
  }
  return out;
}

/** `{ span }` of a reference's characters (《title》 and its number), to spread into a fact. */
export function spanOf(dt: DocText, r: Reference): { span?: TextSpan } {
  const span = dt.map.spanOf(r.start, r.end);
  return span ? { span } : {};
}
