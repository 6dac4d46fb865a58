/**
 * A task's deadline: from its marker or field, else the end of the task sentence (…，2023年底前完成。)
 * or a bracket in the item heading (（2020年1月15日前）). Tests: test/tasks-deadlines.test.ts.
 */
import { foldWidth, removeLayoutSpaces } from '../../core/text.js';
import { looksLikeDeadline, parseDeadline, type ParsedDeadline } from '../deadlines.js';
import { bracketGroups } from './blocks.js';


const END_DEADLINE_START =
  /^(?:并|确保|力争|争取|要|须|务必|必须|均|全部|要在|须在|于|在)*[0-9零〇一二三四五六七八九十年上下第本当]/;
const END_DEADLINE_VERB = /(?:完成|完工|建成|办结|到位|实现|投用|投运|出台|上线)(?:任务|工作)?$/;

/** The punctuation and spaces ending a text. */
const CLAUSE_TRAIL = /(?<![。；;\s])[。；;\s]+$/;

/** …，2023年底前完成。 — the deadline clause that ends a task sentence. */
function endOfTextDeadline(text: string): string | null {
  // The last clause is found in the printed text (the sets hold both widths); only it is folded.
  const trail = text.search(CLAUSE_TRAIL);
  const end = trail >= 0 ? trail : text.length;
  const upTo = text.slice(0, end);
  let start = 0;
  for (const mark of '，,；;。') start = Math.max(start, upTo.lastIndexOf(mark) + 1);
  const clause = text.slice(start, end);
  // (Squashing keeps every character that is not a space: no need to fold a long clause.)
  if (clause.length > 24 && clause.replace(/\s+/g, '').length > 24) return null;
  const s = removeLayoutSpaces(foldWidth(clause));
  if (s.length > 24 || !END_DEADLINE_START.test(s) || !END_DEADLINE_VERB.test(s) || !looksLikeDeadline(s)) return null;
  return text.slice(start, end);
}

/** （2020年1月15日前） in an item heading: a bracket holding only a due date or period. */
function headingDeadline(text: string): string | null {
  const head = text.slice(0, 80);
  for (const [a, b] of bracketGroups(head)) {
    const inner = removeLayoutSpaces(foldWidth(head.slice(a + 1, b)));
    if (/^[0-9零〇一二三四五六七八九十年月日底前末上下半季度第—–\-~至到止]+$/.test(inner) && /前|底|末|日/.test(inner)) {
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
