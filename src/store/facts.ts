/**
 * A stored document's facts read back — appointments, rosters, tasks, citations, repeals and
 * warnings from their tables onto the document's stored JSON — for both backends (the port's
 * rows are decoded alike). `span` is present on a fact when one was stored.
 */
import type { OfficialDocument } from '../model.js';
import type { Queries, Row } from './db/port.js';
import { storedTask, unpackTaskRows, withSpan } from './records.js';
import { TASK_BODY } from './task-query.js';

/** The OfficialDocument as stored: its JSON (`data`, without the facts) plus the facts of its tables. */
export async function documentOf(q: Queries, id: number, data: Partial<OfficialDocument>): Promise<OfficialDocument> {
  const d = { ...data } as OfficialDocument;
  const [appointments, rosters, members, tasks, citations, repeals, warnings] = await Promise.all([
    q.all('SELECT * FROM appointments WHERE document_id = ? ORDER BY ord', [id]),
    q.all('SELECT * FROM rosters WHERE document_id = ? ORDER BY ord', [id]),
    q.all('SELECT m.* FROM roster_members m JOIN rosters r ON r.id = m.roster_id WHERE r.document_id = ? ORDER BY r.ord, m.ord', [id]),
    q.all(`SELECT t.*, ${TASK_BODY.column} FROM tasks t ${TASK_BODY.join} WHERE t.document_id = ? ORDER BY t.ord`, [id]).then(unpackTaskRows),
    q.all('SELECT * FROM citations WHERE document_id = ? ORDER BY ord', [id]),
    q.all('SELECT * FROM repeals WHERE document_id = ? ORDER BY ord', [id]),
    q.all('SELECT code, message, line FROM warnings WHERE document_id = ? ORDER BY id', [id]),
  ]);
  d.appointments = appointments.map((a) =>
    withSpan({ action: a.action, person: a.person, post: a.post, qualifiers: a.qualifiers, line: a.line }, a),
  );
  const byRoster = new Map<number, Row[]>();
  for (const m of members) byRoster.set(m.roster_id, [...(byRoster.get(m.roster_id) ?? []), m]);
  d.rosters = rosters.map((g) => ({
    group: g.grp,
    line: g.line,
    members: (byRoster.get(g.id) ?? []).map((m) => withSpan({ role: m.role, person: m.person, post: m.post, line: m.line }, m)),
  }));
  d.tasks = tasks.map(storedTask);
  d.citations = citations.map((c) =>
    withSpan({ kind: c.kind, title: c.title, docNumber: c.doc_number, line: c.line, resolvedIndex: c.resolved_index }, c),
  );
  d.validity = { ...d.validity, repeals: repeals.map((p) => withSpan({ title: p.title, docNumber: p.doc_number, line: p.line }, p)) };
  d.warnings = warnings.map((w) => ({ code: w.code, message: w.message, line: w.line }));
  return d;
}
