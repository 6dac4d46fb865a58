/**
 * Form: task tables — tab-separated or markdown columns 序号 / 任务内容 / 完成时限 / 牵头单位 /
 * 责任单位 / 配合单位, header rows repeated at page breaks, cells shifted by OCR, rows broken over
 * lines; columns headed by years hold milestones (each kept, the task due with the last).
 * Tests: test/tasks-tables.test.ts, test/forms-tasks.test.ts (year columns).
 */
import { foldWidth, removeLayoutSpaces } from '../../core/text.js';
import type { Milestone, SourceLine, Task, TextSpan } from '../../model.js';
import { findSpan, type DocText } from '../../text/index.js';
import { AgencyTable, isAgencyLike } from '../agencies.js';
import { looksLikeDeadline, parseDeadline, type ParsedDeadline } from '../deadlines.js';
import { startsItem } from './blocks.js';
import { makeTask } from './make-task.js';
import { assemble, parseRoles, splitResponsibleUnits, type Role, type RoleGroup } from './roles.js';
import { deadlineOf } from './task-deadlines.js';


/** `year`: a column headed by a year (2021年), holding that year's milestone of each task. */
type Column = 'seq' | 'content' | 'deadline' | 'year' | Role;

const YEAR_COLUMN = /^((?:19|20)\d{2})年?度?$/;

/** The name of a unit column (牵头单位, 责任部门 …), on the folded, squashed cell. */
const UNIT_COLUMN = /(?:牵头|配合|协办|协同|参与|责任|主责|承办|主办)(?:单位|部门|处室|科室|县区)/;

function columnOf(cell: string): Column | null {
  const c = removeLayoutSpaces(foldWidth(cell));
  if (!c) return null;
  if (/^(?:序号|编号|序)$/.test(c)) return 'seq';
  if (YEAR_COLUMN.test(c)) return 'year';
  if (UNIT_COLUMN.test(c)) {
    if (/牵头/.test(c)) return 'lead';
    if (/配合|协办|协同|参与/.test(c)) return 'coop';
    return 'bare';
  }
  if (/时限|时间|期限|节点|进度/.test(c)) return 'deadline';
  if (/任务|内容|事项|措施|工作|项目|举措|要求|目标/.test(c)) return 'content';
  return null;
}

/**
 * A header row names a unit column (see columnOf, taskHeader): a table line without UNIT_COLUMN as
 * printed holds no header row, and its cells need not be classified. Its cells are pieces of the
 * line, which folding and squashing leave these characters in: the line holds the name with at
 * most spaces inside. Written by hand as the characters of each pair (a few more pairs match, no
 * name is missed): generating the printed pattern cost more at start-up than the test saves.
 * (The unit pair alone, 单位/部门/县区, let many rows through: 各县区人民政府.)
 */
const UNIT_COLUMN_HINT = /[牵配协参责主承]\s*[头合办同与任责]\s*[单部处科县]\s*[位门室区]/;

/**
 * Can the document hold a task table: does its joined text (lines run together without
 * whitespace, src/text/doc-text.ts) name a unit column? One search spares most documents the test
 * of every line. Only for lines whose text is their raw line cleaned (text input, src/core/lines.ts:
 * the cleaning removes markdown marks and spaces, never these characters); an OCR'd PDF line's
 * text may be corrected apart from the raw line the header is read from.
 */
export function mayHoldTaskTable(lines: SourceLine[], joined: string): boolean {
  const first = lines[0];
  return first === undefined || first.page !== undefined || UNIT_COLUMN.test(joined);
}

function taskHeader(cells: string[]): Array<Column | null> | null {
  const cols = cells.map(columnOf);
  const has = (k: Column) => cols.includes(k);
  return has('content') && (has('lead') || has('bare')) ? cols : null;
}

/** The cells of a table line: tab-separated, or a markdown pipe row. */
/** Can the printed line be a table row: tab-separated or markdown columns? */
const mayBeTableRow = (raw: string): boolean => raw.includes('\t') || raw.includes('|');

function tableCells(l: SourceLine): string[] | null {
  if (!mayBeTableRow(l.raw)) return null;
  const raw = l.raw.replace(/\r$/, '');
  if (raw.includes('\t')) return raw.split('\t').map((c) => c.trim());
  if (/^\s*\|.*\|\s*$/.test(raw)) return raw.trim().slice(1, -1).split('|').map((c) => c.trim());
  return null;
}

interface Row {
  cells: string[];
  lines: number[];
}

function cellKind(cell: string, agencies: AgencyTable): Column | null {
  const c = removeLayoutSpaces(foldWidth(cell));
  if (!c) return null;
  if (/^\d{1,3}$|^[一二三四五六七八九十]{1,3}$/.test(c)) return 'seq';
  if (c.length <= 30 && looksLikeDeadline(c) && !isAgencyLike(c)) return 'deadline';
  const units = splitResponsibleUnits(c);
  if (units.length && units.every((u) => isAgencyLike(u) || agencies.canonical(u) !== null)) return 'bare';
  return 'content';
}

/** Can a cell of this kind stand in this column? */
function fits(col: Column | null, kind: Column | null): boolean {
  if (kind === null || col === null || col === 'content') return true;
  if (col === 'seq' || col === 'deadline') return kind === col;
  if (col === 'year') return kind === 'content' || kind === 'deadline';
  return kind === 'bare';
}

/**
 * Put each cell under its column. Cells are taken by position when they fit (trailing empty
 * cells may be missing); when OCR shifted them, each is placed by what it holds: the number, the
 * due date, the first other cell as the task, the unit lists in the order of the unit columns.
 */
function align(cells: string[], cols: Array<Column | null>, agencies: AgencyTable): string[] {
  const trimmed = [...cells];
  while (trimmed.length > cols.length && !trimmed[trimmed.length - 1]) trimmed.pop();
  const kinds = trimmed.map((c) => cellKind(c, agencies));
  if (trimmed.length <= cols.length && kinds.every((k, i) => fits(cols[i]!, k))) {
    return cols.map((_, i) => trimmed[i] ?? '');
  }
  const out = cols.map(() => '');
  const free = (want: Column[]) => cols.findIndex((c, i) => c !== null && want.includes(c) && !out[i]);
  trimmed.forEach((cell, i) => {
    if (!cell) return;
    const kind = kinds[i];
    let at = -1;
    if (kind === 'seq') at = free(['seq']);
    else if (kind === 'deadline') at = free(['deadline']);
    if (at < 0) at = free(['content']);
    if (at < 0 && kind === 'bare') at = free(['lead', 'bare', 'coop']);
    if (at < 0) at = out.findIndex((c) => !c);
    if (at >= 0) out[at] = cell;
  });
  return out;
}

function isPageFurniture(t: string): boolean {
  return /^[-—–\s]*\d{1,3}[-—–\s]*$/.test(t) || /^[(（]?续(?:表)?[)）]?$/.test(t);
}

interface TableTask {
  cells: string[];
  cols: Array<Column | null>;
  /** The header cells as printed (the years of `year` columns). */
  head: string[];
  lines: number[];
}

/** Task tables of the document; the lines they use are added to `used`. */
export function findTables(lines: SourceLine[], agencies: AgencyTable, used: Set<number>): TableTask[] {
  const out: TableTask[] = [];
  for (let i = 0; i < lines.length; i++) {
    // A header row is a table line holding a unit column's name: both tested before the line is
    // split into cells (most table lines are rows of other tables).
    const raw = lines[i]!.raw;
    if (!mayBeTableRow(raw) || !UNIT_COLUMN_HINT.test(raw)) continue;
    const headCells = tableCells(lines[i]!);
    if (!headCells) continue;
    const cols = taskHeader(headCells);
    if (!cols) continue;
    const { rows, last } = tableRows(lines, i, cols, agencies);
    for (let k = i; k <= last; k++) used.add(lines[k]!.line);
    for (const r of rows) out.push({ cells: r.cells, cols, head: headCells, lines: r.lines });
    i = last;
  }
  return out;
}

/** The rows of the table whose header is line `head`, and the index of its last line. */
function tableRows(
  lines: SourceLine[],
  head: number,
  cols: Array<Column | null>,
  agencies: AgencyTable,
): { rows: Row[]; last: number } {
  const rows: Row[] = [];
  let last = head;
  for (let j = head + 1; j < lines.length; j++) {
    const l = lines[j]!;
    const t = l.text.trim();
    if (!t || isPageFurniture(t)) continue;
    const cells = tableCells(l);
    if (cells) {
      if (UNIT_COLUMN_HINT.test(l.raw) && taskHeader(cells)) {
        last = j;
        continue; // header repeated after a page break
      }
      addRow(rows, align(cells, cols, agencies), cols, l.line);
      last = j;
      continue;
    }
    // A row broken over lines: a short piece without tabs continues the previous row.
    if (rows.length && t.length <= 40 && !startsItem(t) && !/。$/.test(t)) {
      continueRow(rows[rows.length - 1]!, t, cols, agencies);
      rows[rows.length - 1]!.lines.push(l.line);
      last = j;
      continue;
    }
    break;
  }
  return { rows, last };
}

/** A line of aligned cells: a new row at a number (or a task with its units), else more of the last. */
function addRow(rows: Row[], aligned: string[], cols: Array<Column | null>, line: number): void {
  const seq = cols.indexOf('seq');
  const content = cols.indexOf('content');
  const hasUnits = cols.some((c, k) => (c === 'lead' || c === 'bare' || c === 'coop') && Boolean(aligned[k]));
  const complete = Boolean(aligned[content]) && hasUnits;
  const newRow = seq >= 0 ? Boolean(aligned[seq]) || complete : complete;
  if (newRow || !rows.length) rows.push({ cells: aligned, lines: [line] });
  else {
    const prev = rows[rows.length - 1]!;
    prev.cells = prev.cells.map((c, k) => c + (aligned[k] ?? ''));
    prev.lines.push(line);
  }
}

/** A piece of a row broken over lines goes to the column its kind belongs to. */
function continueRow(prev: Row, t: string, cols: Array<Column | null>, agencies: AgencyTable): void {
  const kind = cellKind(t, agencies);
  const byKind = (kinds: Column[]) => {
    for (let k = cols.length - 1; k >= 0; k--) if (kinds.includes(cols[k] as Column) && prev.cells[k]) return k;
    return cols.findIndex((c) => c !== null && kinds.includes(c));
  };
  let k = kind === 'bare' ? byKind(['coop', 'bare', 'lead']) : kind === 'deadline' ? byKind(['deadline']) : -1;
  if (k < 0) k = cols.indexOf('content');
  if (k >= 0) prev.cells[k] = (prev.cells[k] ?? '') + t;
}

/** Tasks of the rows of task tables. */
export function tableTasks(rows: TableTask[], leadFirst: boolean, year: number | null, agencies: AgencyTable, dt: DocText): Task[] {
  const tasks: Task[] = [];
  for (const row of rows) {
    const groups: RoleGroup[] = [];
    const texts: string[] = [];
    let deadlineCell: string | null = null;
    const milestones: Milestone[] = [];
    row.cols.forEach((col, k) => {
      const cell = row.cells[k] ?? '';
      if (!cell || !col || col === 'seq') return;
      if (col === 'year') milestones.push(yearMilestone(row.head[k]!, cell));
      else if (col === 'content') texts.push(cell);
      else if (col === 'deadline') deadlineCell = cell;
      else {
        const r = parseRoles(cell, col);
        groups.push(...r.groups);
        deadlineCell ??= r.deadlineText;
      }
    });
    const resp = assemble(groups, leadFirst);
    const text = texts.join(' ');
    if (!resp.leads.length || !text) continue;
    const [start, end] = [row.lines[0]!, row.lines[row.lines.length - 1]!];
    const lines = { start, end, marker: start, span: contentSpan(dt, texts, start, end) };
    const deadline = deadlineOf(deadlineCell, text, year);
    tasks.push(makeTask(text, resp, deadline.deadlineText || !milestones.length ? deadline : byMilestones(milestones), lines, agencies));
  }
  return tasks;
}

/**
 * Where a row's task text is printed: its content cells as they stand on the row's lines; else the
 * first cell (OCR may have shifted the others); else the row's lines whole.
 */
function contentSpan(dt: DocText, texts: string[], start: number, end: number): TextSpan | undefined {
  const found = findSpan(dt, texts.join(''), start, end) ?? findSpan(dt, texts[0]!, start, end);
  if (found) return found;
  const from = dt.map.pieceFromLine(start);
  const to = dt.map.pieceFromLine(end + 1);
  return from < to ? dt.map.spanOf(dt.map.starts[from]!, to < dt.map.size ? dt.map.starts[to]! : dt.text.length) : undefined;
}

/** The cell of a year column: that year's milestone, due at the date it names or the end of the year. */
function yearMilestone(head: string, cell: string): Milestone {
  const y = YEAR_COLUMN.exec(removeLayoutSpaces(foldWidth(head)))![1]!;
  const text = removeLayoutSpaces(cell);
  const named = parseDeadline(text, Number(y));
  return { deadline: named.deadline ?? `${y}-12-31`, text: `${y}年：${text}` };
}

/** A task whose only dates are its yearly milestones: due with the last one. */
function byMilestones(milestones: Milestone[]): ParsedDeadline {
  return {
    deadline: milestones[milestones.length - 1]!.deadline,
    deadlineText: milestones.map((m) => m.text).join('；'),
    recurrence: null,
    milestones,
  };
}
