/** What the passes over a document's blocks share. */
import type { Task, Warning } from '../../model.js';
import { AgencyTable } from '../agencies.js';
import type { Block } from './blocks.js';
import type { RoleGroup } from './roles.js';

/** What the passes over the blocks share (kept apart so that each step stays a small function). */
export interface TaskState {
  blocks: Block[];
  tasks: Task[];
  warnings: Warning[];
  /** The last task made, and the block that ended it. */
  last: { task: Task; block: number } | null;
  year: number | null;
  leadFirst: boolean;
  agencies: AgencyTable;
  /** Blocks read as items of a 责任分工 list (`N. 单位：负责…`). */
  dutyItems: Set<number>;
  /** Units a field line said take part in every following item (以下均需X落实，不再列出). */
  carried: RoleGroup | null;
}
