/**
 * Task assignments (督办 items): one Task per responsibility marker, with the text it closes.
 *
 * Marker forms handled (full- or half-width punctuation, layout spaces, a marker broken over lines
 * or a page break):
 * - （X牵头，Y配合） / （X牵头，Y协助，Z配合） / （X、Y分别牵头） / （X按职责牵头，Y配合，Z负责）
 * - （责任单位：A、B） / 〔责任单位：A、B〕 / 责任单位：A（a line of its own after the task)
 * - 〔牵头单位：X；配合单位：Y负责〕, and the same as separate lines 牵头单位：/配合单位：/责任单位：
 *   (牵头单位：新建管网由X牵头，改造管网由Y牵头 → leads X, Y)
 * - （X会同Y负责） / （X会同Y负责，Z配合） / （X、会同Y负责）: X leads, Y cooperates
 * - （由X牵头，Y配合，Z负责落实。2022 年 6 月底前完成。） / （由X牵头落实。）
 * - （A、B按职责分工负责，2023 年底前完成）, （A和B等C按职责分工负责）: no lead named → all lead
 * - （A、B负责） / （A负责，B配合） / （A牵头、B、C负责，D配合） / 责任单位：A（牵头）、B
 * - fields run together: 牵头单位：X 配合单位：Y 完成时限：…; 完成时限： on a line of its own
 * - a short task title followed by field lines (1.加快充电设施建设 / 牵头单位：…)
 * - a bare list of units closing a sentence: 。（A、B、C）
 * - unbracketed: X牵头，Y等配合 / X牵头，Y协同实施
 * - a convention stated in the document (排在第一位的为牵头单位): the first unit leads
 * - task tables: tab-separated (or markdown) columns 序号 / 任务内容 / 完成时限 / 牵头单位 /
 *   责任单位 / 配合单位, header rows repeated at page breaks, cells shifted by OCR, rows broken
 *   over lines; columns headed by years (2021年 / 2022年 …) hold milestones: each kept, the task
 *   due with the last
 * - 责任单位：A，B（以下均需B落实，不再列出）: B takes part in every following field item too
 * - 责任分工 lists: `1.区财政局：负责…` (a unit, a colon and a duty, or any unit under a heading
 *   about 分工/职责) → the unit leads the duties after the colon
 * - 牵头单位：X。负责… under a task heading: the duties after the field are the task's text
 *
 * Units are split on 、，, ；, on 和/及/与 where they join two units, and on 等 (A等B → A, B);
 * a lead named → every other unit cooperates; only 负责 units → all lead.
 * Deadlines come from the marker, a table column or field, the end of the task sentence
 * (…，2023年底前完成。) or a bracket in the item heading (（2020年1月15日前）).
 * Not tasks: 由X会同有关部门负责解释; 负责人; working groups and compositions (1.热源保障组 /
 * 牵头单位：…); drafting notes quoting the draft (征求意见稿意见：…（X负责）).
 * Text spans: a marker closes the text since the previous marker or the item label; a marker
 * opening a paragraph closes the paragraphs before it (back to the item label or heading).
 *
 * Where each form is read (one module a concern, one function a form; tests in brackets):
 * - bracketed markers and bare lists: markers.ts bracketMarkers; unbracketed: inlineMarkers
 *   (test/tasks-markers.test.ts, test/tasks-not-tasks.test.ts); the marker grammar, units and
 *   roles: roles.ts parseRoles, splitResponsibleUnits (test/tasks-units.test.ts)
 * - field lines: fields.ts fieldTask; the carried-over clause: carriedUnits; 牵头单位：X。负责…:
 *   dutiesAfterField (test/tasks-fields.test.ts, test/forms-tasks.test.ts)
 * - 责任分工 lists: duty-lists.ts dutyListTask (test/forms-tasks.test.ts)
 * - task tables and year milestones: tables.ts findTables, tableTasks (test/tasks-tables.test.ts,
 *   test/forms-tasks.test.ts)
 * - the lead-first convention: lead-first.ts statesLeadFirst (test/tasks-lead-first.test.ts)
 * - deadlines of the task text: task-deadlines.ts deadlineOf (test/tasks-deadlines.test.ts)
 * - item labels and paragraphs: blocks.ts buildBlocks (labels from src/core/grammar/, test/grammar.test.ts)
 *
 * Speed: the text is read as printed — patterns take both widths and layout spaces where the
 * folded, squashed text would have had one form — so only the pieces a test needs are folded.
 */
import type { ExtractContext, Task, Warning } from '../../model.js';
import { documentText, type DocumentText } from '../../text/index.js';
import { AgencyTable } from '../agencies.js';
import { buildBlocks, mayHoldBracketMarkers } from './blocks.js';
import { dutyListTask } from './duty-lists.js';
import { fieldTask } from './fields.js';
import { statesLeadFirst } from './lead-first.js';
import { contextYear } from './make-task.js';
import { findMarkers, markerTasks, mayHoldInlineMarkers } from './markers.js';
import type { TaskState } from './state.js';
import { findTables, mayHoldTaskTable, tableTasks } from './tables.js';

export { parseResponsibility, splitResponsibleUnits, type Responsibility } from './roles.js';
export { statesLeadFirst } from './lead-first.js';

/**
 * One Task per responsibility marker of the document. `agencies` maps units to canonical names;
 * it learns the document's 以下简称 definitions and records the agencies the tasks name.
 */
export function extractTasks(
  ctx: ExtractContext,
  agencies: AgencyTable,
  text: DocumentText = documentText(ctx.lines),
): { tasks: Task[]; warnings: Warning[] } {
  agencies.learnFromDocument(ctx.title, ctx.lines, text);
  const year = contextYear(ctx);
  const leadFirst = statesLeadFirst(text.joined.text);

  const used = new Set<number>();
  const tables = mayHoldTaskTable(ctx.lines, text.joined.text) ? findTables(ctx.lines, agencies, used) : [];
  // The joined text (built once per document; other extractors read it too) also finds where the
  // task cells of a table are printed.
  const tasks = tables.length ? tableTasks(tables, leadFirst, year, agencies, text.joined) : [];
  const blocks = buildBlocks(ctx.lines, used);
  const inline = mayHoldInlineMarkers(text.joined.text);
  for (let bi = 0; bi < blocks.length; bi++) {
    // Without a bracket group (half the blocks) and without inline markers in the document a block
    // has nothing for findMarkers to read: the calls are spared.
    const b = blocks[bi]!;
    if (!b.field && (inline || mayHoldBracketMarkers(b))) findMarkers(b, agencies, leadFirst, inline);
  }

  const state: TaskState = { blocks, tasks, warnings: [], last: null, year, leadFirst, agencies, carried: null, dutyItems: new Set() };
  for (let bi = 0; bi < blocks.length; bi++) {
    // A block without markers has no marker task: only a duty list item can make one.
    const b = blocks[bi]!;
    if (b.field) bi = fieldTask(state, bi);
    else if (b.markers.length) markerTasks(state, bi);
    else dutyListTask(state, bi);
  }
  tasks.sort((a, b) => a.line - b.line || a.startLine - b.startLine);
  return { tasks, warnings: state.warnings };
}
