/** Documents for the task tests: a document of given lines, its tasks, and a brief of each task. */
import { toSourceLines } from '../src/core/lines.js';
import { defaultAgencyTable } from '../src/extract/agencies.js';
import { extractTasks } from '../src/extract/tasks/index.js';
import type { ExtractContext, Task } from '../src/model.js';

/** A document made of the given lines, numbered from `first`. */
export function doc(lines: string[], opts: Partial<Omit<ExtractContext, 'lines'>> & { first?: number } = {}): ExtractContext {
  const first = opts.first ?? 1;
  const src = toSourceLines(lines).map((l) => ({ ...l, line: l.line + first - 1 }));
  return {
    lines: src,
    title: opts.title ?? '阳泉市人民政府办公室关于印发某某方案的通知',
    docNumber: opts.docNumber ?? null,
    date: opts.date ?? '2023-10-08',
    issueYear: opts.issueYear ?? 2023,
  };
}

export function tasksOf(lines: string[], opts: Parameters<typeof doc>[1] = {}): Task[] {
  return extractTasks(doc(lines, opts), defaultAgencyTable()).tasks;
}

/** [line, leads, cooperators, deadline] of each task. */
export const brief = (tasks: Task[]) => tasks.map((t) => [t.line, t.leads, t.cooperators, t.deadline]);
