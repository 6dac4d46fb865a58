/**
 * Version 2: indexes for lookups that scanned or sorted a whole table at 100,000 documents — an
 * agency's names (agency_names has a row per issue and name), tasks per agency and role, and task
 * lists in deadline order (tasks without a deadline last: the key '~' sorts after every date).
 */
export const version = 2;
export const name = 'lookup-indexes';
export const sql = `
CREATE INDEX agency_names_name_canonical ON agency_names(name, canonical);
CREATE INDEX agency_names_canonical_name ON agency_names(canonical, name);
DROP INDEX agency_names_name;
CREATE INDEX task_agencies_name_role_task ON task_agencies(name, role, task_id);
DROP INDEX task_agencies_name;
CREATE INDEX tasks_deadline_order ON tasks(COALESCE(deadline, '~'), document_id, line, id);
`;
