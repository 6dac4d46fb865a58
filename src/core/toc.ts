/**
 * Table of contents (目录). Layouts handled:
 * - markdown bullets with dot leaders and a page in brackets: `- 标题（阳政发〔2020〕2 号）……（1）`
 * - plain lines with a tab before the page: `标题（阳政办发〔2020〕3号）.....\t（ 23 ）`
 * - markdown tables: `| 标题 | 23 |` (cells arrive tab-separated from the normalizer)
 * - entries wrapped over two or more lines (the page stands on the last one)
 * - a page OCR could not read (`…（阳政函〔2021〕77号）\t（GD）`): the entry, without a page
 * - section headings 【政府文件】, possibly as markdown headings (### 【…】)
 * - a TOC split by `---` page rules or blank lines
 */
import type { SourceLine, TocEntry } from '../model.js';
import { findDocNumbers } from './docnumber.js';
import { foldWidth, removeLayoutSpaces, squash } from './text.js';

/** A page number in brackets at the end of an entry: `（ 12 ）`. */
const PAGE_IN_BRACKETS = /[(（]\s*(\d{1,4})\s*[)）]\s*$/;
/** What may stand between a title and its page in brackets. */
const BEFORE_BRACKETS = /[\s.…·．_—-]/;
/** A page number at the end of an entry, after a leader or a tab: `……12`, `\t12`. */
const PAGE_AT_END = /\d{1,4}\s*$/;
/** Dot leaders: a run of two or more. */
const LEADER = /[.…·．_]/;
const SECTION = /^[【\[［]\s*([^】\]］]{1,30}?)\s*[】\]］]$/;
const MAX_FRAGMENTS = 4;

/**
 * Where the printed TOC starts: the 目录 heading — or, where there is none (OCR lost it, or the
 * gazette prints none), the line before the first of three TOC entries close together; null when
 * the front matter has no TOC.
 */
export function findTocStart(lines: SourceLine[], limit: number): number | null {
  for (const l of lines) {
    if (l.line > limit) break;
    // OCR puts a stray mark or two beside a spaced-out heading (目 “录): only the letters count.
    const c = squash(l.text).replace(/[\p{P}\p{S}]/gu, '');
    if (c === '目录' || c === '目次') return l.line;
  }
  const entries = lines.filter((l) => l.line <= limit && l.text && looksLikeTocEntry(l.text)).map((l) => l.line);
  for (let i = 0; i + 2 < entries.length; i++) {
    if (entries[i + 2]! - entries[i]! <= 12) return entries[i]! - 1 - sectionLinesBefore(lines, entries[i]!);
  }
  return null;
}

/** Section headings (【…】) and blank lines right above a line: they belong to the TOC too. */
function sectionLinesBefore(lines: SourceLine[], line: number): number {
  let n = 0;
  for (let k = line - 2; k >= 0 && (!lines[k]!.text || sectionOf(lines[k]!.text)); k--) n++;
  return n;
}

/** What a section heading's first character (spaces aside) must be, folded or not: one of 【 [ ［. */
const SECTION_START = /^\s*[【\[［]/;

export function sectionOf(text: string): string | null {
  // Asked of many lines (every line a title walk meets): most are answered by their first character.
  if (!SECTION_START.test(text)) return null;
  const m = SECTION.exec(squash(foldWidth(text)).replace(/\[/, '[').replace(/]$/, ']'));
  if (m) return m[1]!;
  const m2 = /^【\s*(.{1,30}?)\s*】$/.exec(squash(text));
  return m2 ? m2[1]! : null;
}

/*
 * The page patterns are anchored at the end, and what stands before them (leaders, spaces) is
 * walked back with string code: a pattern starting with a run of leaders, as the earlier
 * /[\s.…·_—-]*[(（]…$/ and /[.…·_]{2,}\s*$/ did, restarts at every character of a long run.
 */

/** Offset where the run of characters matching `cls` that ends at `end` starts. */
function runStart(s: string, end: number, cls: RegExp): number {
  let i = end;
  while (i > 0 && cls.test(s[i - 1]!)) i--;
  return i;
}

/** A page in brackets that cannot be read (OCR: （GD）), after a tab or leaders: the entry ends there. */
const UNREADABLE_PAGE = /[(（]\s*[^()（）\s]{1,3}\s*[)）]\s*$/;

function pageOf(text: string): { page: number | null; rest: string } | null {
  const t = foldWidth(text);
  const inBrackets = PAGE_IN_BRACKETS.exec(t);
  if (inBrackets) return { page: Number(inBrackets[1]), rest: text.slice(0, runStart(t, inBrackets.index, BEFORE_BRACKETS)) };
  const unreadable = UNREADABLE_PAGE.exec(t);
  if (unreadable) {
    const before = runStart(t, unreadable.index, /\s/);
    const leaders = runStart(t, before, LEADER);
    if (t.slice(before, unreadable.index).includes('\t') || before - leaders >= 2) return { page: null, rest: text.slice(0, leaders) };
  }
  const atEnd = PAGE_AT_END.exec(t);
  if (!atEnd || /\d/.test(t[atEnd.index - 1] ?? '')) return null; // five digits or more are no page
  // The page follows two or more leaders (spaces between allowed), or a tab among the spaces.
  const gap = runStart(t, atEnd.index, /\s/);
  const leaders = runStart(t, gap, LEADER);
  const tab = t.indexOf('\t', gap);
  const start = gap - leaders >= 2 ? leaders : tab >= 0 && tab < atEnd.index ? tab : -1;
  return start < 0 ? null : { page: Number(/\d+/.exec(atEnd[0])![0]), rest: text.slice(0, start) };
}

/** The text without the leaders (and spaces) it ends with. */
function withoutLeaders(s: string): string {
  const end = s.trimEnd().length;
  const start = runStart(s, end, LEADER);
  return end - start >= 2 ? s.slice(0, start) : s;
}

function entryFrom(section: string | null, fragments: SourceLine[], page: number | null, rest: string): TocEntry {
  let body = withoutLeaders(rest).replace(/\t+/g, ' ');
  let docNumber: string | null = null;
  const numbers = findDocNumbers(body);
  const last = numbers[numbers.length - 1];
  if (last) {
    const after = foldWidth(body.slice(last.index + last.length));
    if (/^[\s)）\]］〕]*[.…·．_]*\s*$/.test(after)) {
      docNumber = last.normalized;
      body = body.slice(0, last.index).replace(/(?<![\s(（\[［])[\s(（\[［]+$/, '');
    }
  }
  return {
    section,
    title: removeLayoutSpaces(withoutLeaders(body)).replace(/^[-*•·]+/, ''),
    docNumber,
    page,
    line: fragments[0]!.line,
    endLine: fragments[fragments.length - 1]!.line,
    documentIndex: null,
  };
}

/** Parse the TOC between its heading and `end` (the line before the first document). */
export function parseToc(lines: SourceLine[], start: number, end: number): TocEntry[] {
  const entries: TocEntry[] = [];
  let section: string | null = null;
  let fragments: SourceLine[] = [];
  for (const l of lines) {
    if (l.line <= start) continue;
    if (l.line > end) break;
    if (!l.text) continue;
    const sec = sectionOf(l.text);
    if (sec) {
      fragments = [];
      section = sec;
      continue;
    }
    fragments.push(l);
    // Test the joined fragments: hard wrapping can split the page mark itself (（1 / ）).
    const p = pageOf(fragments.map((f) => f.text).join(''));
    if (p) {
      entries.push(entryFrom(section, fragments, p.page, p.rest));
      fragments = [];
    } else if (fragments.length >= MAX_FRAGMENTS) {
      fragments.shift();
    }
  }
  return entries;
}

/** What an entry ends with, spaces aside (folded or not): the page's bracket or digit (pageOf). */
const ENTRY_END = /[)）0-9０-９]\s*$/;

/** True when a line reads like a TOC entry (ends with a page number after a leader or in brackets). */
export function looksLikeTocEntry(text: string): boolean {
  return ENTRY_END.test(text) && pageOf(text) !== null && /[\u4e00-\u9fff]{4,}/.test(text);
}
