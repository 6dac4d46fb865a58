/**
 * Deadlines of a task from the end of its sentence, recurring and milestone deadlines in markers —
 * src/extract/tasks/task-deadlines.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tasksOf } from './tasks-fixture.js';

test('deadline at the end of the task sentence (…，2023年底前完成。) (synthetic)', () => {
  const line = '2.完善应急预案。修订完善全市应急预案体系，2023年底前完成。（市应急局负责）';
  const [t] = tasksOf([line]);
  assert.equal(t!.deadline, '2023-12-31');
  assert.equal(t!.deadlineText, '2023年底前完成');
  // A date that opens the sentence is not the deadline of the task.
  const other = '3.开展试点。2023年底前，在市交通局开展改革试点，总结经验做法。（市交通局负责）';
  assert.equal(tasksOf([other])[0]!.deadline, null);
});

test('recurring and milestone deadlines in markers (synthetic)', () => {
  const a = tasksOf(['4.报送进展情况。（各县区人民政府负责，每年3月底前完成）'])[0]!;
  assert.deepEqual([a.deadline, a.recurrence, a.deadlineText], [null, 'yearly', '每年3月底前完成']);
  const b = tasksOf(['5.推进改造。（市住建局牵头，各县区配合；2023年完成30%，2024年完成60%，2025年底前全部完成）'])[0]!;
  assert.equal(b.deadline, '2025-12-31');
  assert.deepEqual(b.milestones.map((m) => m.deadline), ['2023-12-31', '2024-12-31', '2025-12-31']);
});
