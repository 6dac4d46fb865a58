/**
 * A task's deadline: from its marker or field, else the end of the task sentence (…，2023年底前完成。)
 * or a bracket in the item heading (（2020年1月15日前）). Tests: test/tasks-deadlines.test.ts.
 */
import { foldWidth, isSpaceCode, removeLayoutSpaces } from '../../core/text.js';
import { looksLikeDeadline, parseDeadline, type ParsedDeadline } from '../deadlines.js';
import { bracketGroups } from './blocks.js';


const END_DEADLINE_START =
  /^(?:并|确保|力争|争取|要|须|务必|必须|均|全部|要在|须在|于|在)*[0-9零〇一二三四五六七八九十年上下第本当]/;
const END_DEADLINE_VERB = /(?:完成|完工|建成|办结|到位|实现|投用|投运|出台|上线)(?:任务|工作)?$/;

/** 。；; (either width) end a text with the spaces (isSpaceCode: /\s/) after them. */
function isTrailCode(c: number): boolean {
  return c === 0x3002 || c === 0xff1b || c === 0x3b || isSpaceCode(c);
}

/** The last clause of a text: after its last ，,；;。 (either width). */
const LAST_CLAUSE = /[，,；;。][^，,；;。]*$/;
/** The longest a deadline clause is, spaces apart. */
const MAX_CLAUSE = 24;

/**
 * Where the clause ending at `end` starts; -1 when it holds more than MAX_CLAUSE characters that
 * are not spaces (too long for a deadline). Only the characters a deadline clause can have are
 * searched first: a task text is often long, its last clause short.
 */
function lastClauseStart(text: string, end: number): number {
  const from = Math.max(0, end - (MAX_CLAUSE + 1));
  const near = text.slice(from, end);
  const mark = near.search(LAST_CLAUSE);
  if (mark >= 0 || from === 0) return from + mark + 1;
  // No mark in MAX_CLAUSE + 1 characters: too long, unless some of them are spaces.
  return /\s/.test(near) ? text.slice(0, end).search(LAST_CLAUSE) + 1 : -1;
}

/** …，2023年底前完成。 — the deadline clause that ends a task sentence. */
function endOfTextDeadline(text: string): string | null {
  // The trail of the text (most often one 。) is walked back from its end, and the last clause is
  // found by a search for the clause marks (the sets hold both widths); only it is folded.
  let end = text.length;
  while (end > 0 && isTrailCode(text.charCodeAt(end - 1))) end--;
  const start = lastClauseStart(text, end);
  if (start < 0) return null;
  const clause = text.slice(start, end);
  // (Squashing keeps every character that is not a space: no need to fold a long clause.)
  if (clause.length > MAX_CLAUSE && clause.replace(/\s+/g, '').length > MAX_CLAUSE) return null;
  const s = removeLayoutSpaces(foldWidth(clause));
  if (s.length > MAX_CLAUSE || !END_DEADLINE_START.test(s) || !END_DEADLINE_VERB.test(s) || !looksLikeDeadline(s)) return null;
  return clause;
}

/** What a heading's deadline bracket must hold (after folding and squashing, which leave them). */
const HEADING_DEADLINE_WORD = /前|底|末|日/;

/** （2020年1月15日前） in an item heading: a bracket holding only a due date or period. */
function headingDeadline(text: string): string | null {
  const head = text.slice(0, 80);
  // The bracket must hold 前, 底, 末 or 日, which folding and squashing leave as they are: a head
  // without one is answered by one search, without its bracket groups.
  if (!HEADING_DEADLINE_WORD.test(head)) return null;
  const groups = bracketGroups(head);
  for (let gi = 0; gi < groups.length; gi++) {
    const a = groups[gi]![0];
    const b = groups[gi]![1];
    const inner = removeLayoutSpaces(foldWidth(head.slice(a + 1, b)));
    if (/^[0-9零〇一二三四五六七八九十年月日底前末上下半季度第—–\-~至到止]+$/.test(inner) && HEADING_DEADLINE_WORD.test(inner)) {
      return head.slice(a + 1, b);
    }
  }
  return null;
}

export function deadlineOf(markerText: string | null, taskText: string, year: number | null): ParsedDeadline {
  // Each source is looked at only when the ones before it gave nothing.
  for (let source = 0; source < 3; source++) {
    const candidate =
      source === 0 ? markerText : source === 1 ? endOfTextDeadline(taskText) : headingDeadline(taskText);
    if (!candidate) continue;
    const d = parseDeadline(candidate, year);
    if (d.deadlineText) return d;
  }
  return { deadline: null, deadlineText: null, recurrence: null, milestones: [] };
}
