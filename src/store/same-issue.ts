/**
 * The same issue arriving from another file: a stored issue (under another source path) with the
 * same masthead (刊名, 年, 期), or with the same set of documents (title and number of each) —
 * the PDF and its text, another encoding, a corrected copy. Ingest reports such a file as a
 * duplicate of the stored issue instead of storing the issue twice (see IngestInput.reportSameIssue).
 *
 * Run inside the write transaction (under PostgreSQL's write lock), over the database port.
 */
import type { ParsedIssue } from '../model.js';
import { titleKey } from '../domain/link-keys.js';
import { normalizeDocNumber } from '../core/docnumber.js';
import type { Queries } from './db/port.js';

/** Why a file is a duplicate: its bytes, its masthead, or its documents match a stored issue. */
export type DuplicateReason = 'content' | 'masthead' | 'documents';

export interface SameIssue {
  issueId: number;
  sourcePath: string;
  by: Exclude<DuplicateReason, 'content'>;
}

/** One document's identity: its title as citations match it, and its number in canonical spelling. */
function documentKey(title: string, docNumber: string | null): string {
  return `${titleKey(title)}\u0001${docNumber ? (normalizeDocNumber(docNumber) ?? docNumber) : ''}`;
}

const sortedKeys = (docs: { title: string; docNumber: string | null }[]) => docs.map((d) => documentKey(d.title, d.docNumber)).sort();

/** The stored issue this parse is the same issue as, or null. */
export async function findSameIssue(q: Queries, parsed: ParsedIssue, sourcePath: string): Promise<SameIssue | null> {
  const m = parsed.issue;
  if (m?.title && m.year !== null && m.number !== null) {
    const r = await q.get(
      'SELECT id, source_path FROM issues WHERE title = ? AND year = ? AND number = ? AND source_path <> ? ORDER BY id LIMIT 1',
      [m.title, m.year, m.number, sourcePath],
    );
    if (r) return { issueId: r.id, sourcePath: r.source_path, by: 'masthead' };
  }
  // Candidates: issues with a document of the first document's title (an indexed seek), then the
  // whole sets compared.
  const docs = parsed.documents;
  const first = docs.find((d) => titleKey(d.title).length > 0);
  if (!first) return null;
  const wanted = sortedKeys(docs);
  const candidates = await q.all(
    `SELECT DISTINCT d.issue_id AS id, i.source_path FROM title_keys t JOIN documents d ON d.id = t.document_id
     JOIN issues i ON i.id = d.issue_id WHERE t.key = ? AND t.kind = 'title' AND i.source_path <> ? ORDER BY d.issue_id`,
    [titleKey(first.title), sourcePath],
  );
  for (const c of candidates) {
    const stored = await q.all('SELECT title, doc_number FROM documents WHERE issue_id = ?', [c.id]);
    if (stored.length !== wanted.length) continue;
    const keys = sortedKeys(stored.map((s) => ({ title: s.title, docNumber: s.doc_number })));
    if (keys.every((k, i) => k === wanted[i])) return { issueId: c.id, sourcePath: c.source_path, by: 'documents' };
  }
  return null;
}
