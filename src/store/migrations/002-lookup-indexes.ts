/**
 * Version 2: lookups that scanned or sorted a whole table at 100,000 documents — an agency's names
 * (agency_names has a row per issue and name); a unit's tasks listed, counted and ordered by
 * deadline from task_agencies alone (it now holds each task's deadline as `deadline_key`, '~' for none); task lists in deadline
 * order (tasks without a deadline last: the key '~' sorts after every date).
 */
export const version = 2;
export const name = 'lookup-indexes';
export const sql = `
CREATE INDEX agency_names_name_canonical ON agency_names(name, canonical);
CREATE INDEX agency_names_canonical_name ON agency_names(canonical, name);
DROP INDEX agency_names_name;
ALTER TABLE task_agencies ADD COLUMN deadline_key TEXT NOT NULL DEFAULT '~';
UPDATE task_agencies SET deadline_key = COALESCE((SELECT t.deadline FROM tasks t WHERE t.id = task_agencies.task_id), '~');
CREATE INDEX task_agencies_unit_deadline ON task_agencies(name, deadline_key, task_id, role);
CREATE INDEX task_agencies_unit_role_deadline ON task_agencies(name, role, deadline_key, task_id);
DROP INDEX task_agencies_name;
CREATE INDEX tasks_deadline_order ON tasks(COALESCE(deadline, '~'), id);
`;
