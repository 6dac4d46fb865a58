/** Version 2 (as src/store/migrations/002): an agency's names, tasks per agency and role, task lists in deadline order. */
export const version = 2;
export const name = 'lookup-indexes';
export const sql = `
CREATE INDEX agency_names_name_canonical ON agency_names (name, canonical);
CREATE INDEX agency_names_canonical_name ON agency_names (canonical, name);
DROP INDEX agency_names_name;
DROP INDEX agency_names_canonical;
CREATE INDEX task_agencies_name_role_task ON task_agencies (name, role, task_id);
DROP INDEX task_agencies_name;
CREATE INDEX tasks_deadline_order ON tasks ((COALESCE(deadline, '~') COLLATE "C"), document_id, line, id);
`;
