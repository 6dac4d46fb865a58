/**
 * Task state at a date, from the deadline a task's text gives: the words the archive filters and
 * counts tasks by (the API, the reader and the MCP tools accept the same).
 */
import type { IsoDate } from '../model.js';

/** overdue: deadline passed; due: within DUE_SOON_DAYS; open: later; no_deadline: none written. */
export const TASK_STATES = ['open', 'due', 'overdue', 'no_deadline'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** A task is "due" (not just "open") when its deadline is at most this many days away. */
export const DUE_SOON_DAYS = 30;

/** The last day a deadline counts as "due" rather than "open" at `asOf`. */
export function dueSoonEnd(asOf: IsoDate): IsoDate {
  const soon = new Date(asOf + 'T00:00:00Z');
  soon.setUTCDate(soon.getUTCDate() + DUE_SOON_DAYS);
  return soon.toISOString().slice(0, 10);
}

/** State of a task at a date: overdue, due within 30 days, open, or without a deadline. */
export function taskState(deadline: IsoDate | null, asOf: IsoDate): TaskState {
  if (!deadline) return 'no_deadline';
  if (deadline < asOf) return 'overdue';
  return deadline <= dueSoonEnd(asOf) ? 'due' : 'open';
}
