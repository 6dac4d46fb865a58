/** Version 2 (as src/store/migrations/002): an agency's names, tasks per agency and role, task lists in deadline order. */
export const version = 2;
export const name = 'lookup-indexes';
export const sql = `
CREATE INDEX agency_names_name_canonical ON agency_names (name, canonical);
CREATE INDEX agency_names_canonical_name ON agency_names (canonical, name);
DROP INDEX agency_names_name;
DROP INDEX agency_names_canonical;
ALTER TABLE task_agencies ADD COLUMN deadline_key text COLLATE "C" NOT NULL DEFAULT '~';
UPDATE task_agencies a SET deadline_key = t.deadline FROM tasks t WHERE t.id = a.task_id AND t.deadline IS NOT NULL;
CREATE INDEX task_agencies_unit_deadline ON task_agencies (name, deadline_key, task_id, role);
CREATE INDEX task_agencies_unit_role_deadline ON task_agencies (name, role, deadline_key, task_id);
DROP INDEX task_agencies_name;
CREATE INDEX tasks_deadline_order ON tasks ((COALESCE(deadline, '~') COLLATE "C"), id);
`;
