/**
 * Tasks as calendar events: one all-day event on a task's deadline, one on each milestone's date.
 * Tasks without a single date (长期坚持, recurring ones) have no day to stand on and are left out.
 *
 * UIDs are built from the document's stable key (identity.ts), the line of the task's
 * responsibility marker, and the task's place among tasks on that line; milestones add their
 * number. So a re-ingested issue updates the same events instead of adding new ones.
 */
import type { Archive, TaskRecord } from '../../store/archive.js';
import { truncate } from '../web/format.js';
import { pagesOf, whereLabel } from '../../domain/source-location.js';
import { DocumentKeys, keyDigest } from '../feeds/identity.js';
import type { IcsEvent } from './ics.js';

export type Role = 'lead' | 'cooperator';

const ROLE_LABEL: Record<Role, string> = { lead: '牵头', cooperator: '配合' };

export interface TaskWithRole {
  task: TaskRecord;
  /** The roles the calendar's agency has in it (none on a document's calendar). */
  roles: Role[];
}

function description(t: TaskRecord, base: string, milestone?: string): string {
  return [
    ...(milestone ? [`阶段节点：${milestone}`] : []),
    `任务：${t.text}`,
    `牵头单位：${t.leads.join('、') || '未识别'}`,
    ...(t.cooperators.length ? [`配合单位：${t.cooperators.join('、')}`] : []),
    `完成时限：${t.deadlineText ?? '未写明'}${t.deadline ? `（${t.deadline}）` : ''}`,
    `文件：${t.docNumber ? `${t.docNumber} ` : ''}《${t.title}》`,
    `依据：${whereLabel(t.startLine, t.endLine, pagesOf(t))}`,
    `${base}/documents/${t.documentId}#L${t.line}`,
  ].join('\n');
}

export async function taskEvents(archive: Archive, tasks: TaskWithRole[], base: string): Promise<IcsEvent[]> {
  const keys = new DocumentKeys(archive);
  // Tasks in source order, so that two tasks on one line are numbered the same way every time.
  const ordered = [...tasks].sort((a, b) => a.task.documentId - b.task.documentId || a.task.line - b.task.line || a.task.id - b.task.id);
  const seen = new Map<string, number>();
  const events: IcsEvent[] = [];
  for (const { task: t, roles } of ordered) {
    const place = `${keyDigest(await keys.keyOf(t))}-L${t.line}`;
    const n = seen.get(place) ?? 0;
    seen.set(place, n + 1);
    const uid = `task-${place}${n ? `.${n}` : ''}`;
    const role = roles.map((r) => ROLE_LABEL[r]).join('、');
    const prefix = role ? `[${role}] ` : '';
    const url = `${base}/documents/${t.documentId}#L${t.line}`;
    const categories = ['督办任务', ...roles.map((r) => `${ROLE_LABEL[r]}任务`)];
    if (t.deadline) {
      events.push({ uid: `${uid}@gongbao`, date: t.deadline, summary: `${prefix}${truncate(t.text, 60)}`, description: description(t, base), url, categories });
    }
    t.milestones.forEach((m, i) => {
      if (!m.deadline) return;
      events.push({
        uid: `${uid}-M${i + 1}@gongbao`, date: m.deadline, summary: `${prefix}阶段节点：${truncate(m.text, 50)}`,
        description: description(t, base, m.text), url, categories: [...categories, '阶段节点'],
      });
    });
  }
  return events;
}
