/**
 * Writing an issue, deleting one and linking documents, once for both backends, inside a write
 * transaction of the port (db/port.ts). Values arrive prepared and normalised (records.ts
 * prepareDocument); the port's bulk insert writes each table's rows in one go.
 */
import { basename } from 'node:path';
import type { IngestInput } from './archive.js';
import type { Queries, Row, Db } from './db/port.js';
import { titleKey, titleKeysOf } from '../domain/link-keys.js';
import { UNKNOWN_DATE } from '../domain/validity.js';
import { agencyRows, issuePdfColumns, taskUnits, documentData, type Orphaned, type PreparedDocument } from './records.js';
import { taskTextPacker } from './packed.js';

/** Store one issue (its documents prepared); the ids it got. */
export async function insertIssue(tx: Queries, input: IngestInput, prepared: PreparedDocument[]): Promise<{ issueId: number; docIds: number[] }> {
  const { parsed, sourcePath } = input;
  const m = parsed.issue;
  const [issue] = await tx.insert(
    'issues',
    [{
      source_path: sourcePath,
      file_name: parsed.source.fileName ?? basename(sourcePath),
      sha256: parsed.source.sha256,
      bytes: parsed.source.bytes,
      encoding: parsed.source.encoding,
      line_ending: parsed.source.lineEnding,
      line_count: parsed.source.lineCount,
      parser_version: parsed.parserVersion,
      title: m?.title ?? null,
      year: m?.year ?? null,
      number: m?.number ?? null,
      total_number: m?.totalNumber ?? null,
      published_on: m?.publishedOn ?? null,
      masthead: m ?? null,
      ingested_at: new Date().toISOString(),
      ...issuePdfColumns(parsed),
    }],
    'id',
  );
  const issueId = issue!.id as number;
  if (parsed.pages.length) await tx.insert('issue_pages', [{ issue_id: issueId, pages: parsed.pages }]);
  if (input.original) {
    await tx.run('INSERT INTO originals (sha256, media_type, size, bytes) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING', [
      parsed.source.sha256, 'application/pdf', input.original.length, Buffer.from(input.original),
    ]);
  }

  const issueYear = m?.year ?? null;
  const docs = await tx.insert(
    'documents',
    prepared.map(({ doc: d, searchText }) => ({
      issue_id: issueId,
      idx: d.index,
      kind: d.kind,
      start_line: d.startLine,
      end_line: d.endLine,
      section: d.section,
      title: d.title,
      issuers: d.issuers,
      doc_number: d.docNumber,
      doc_type: d.docType,
      date: d.date,
      year: d.date ? Number(d.date.slice(0, 4)) : issueYear,
      effective_from: d.validity.effectiveFrom,
      expires_on: d.validity.expiresOn,
      search_length: searchText.length,
      indexed: false,
    })),
    'id, idx',
  );
  const docIdByIndex = new Map(docs.map((r) => [r.idx as number, r.id as number]));
  const docIds = prepared.map((p) => docIdByIndex.get(p.doc.index)!);
  await tx.insert(
    'document_texts',
    prepared.map((p, k) => {
      // Compressed on the packing thread, or given as text for the driver to compress.
      const t = p.packed ?? { body: p.body, rawLines: p.rawLines, linePlaces: p.linePlaces, data: documentData(p.doc) };
      return { document_id: docIds[k], body: t.body, raw_lines: t.rawLines, line_places: t.linePlaces, data: t.data };
    }),
  );

  const warnings: Row[] = [];
  const titleKeys: Row[] = [];
  const refs: Row[] = [];
  const appointments: Row[] = [];
  const rosters: Row[] = [];
  const tasks: Row[] = [];
  const citations: Row[] = [];
  const repeals: Row[] = [];
  prepared.forEach((p, k) => {
    const { doc: d, mentions } = p;
    const id = docIds[k]!;
    const taskText = storedTaskText(p);
    for (const w of d.warnings) warnings.push({ issue_id: issueId, document_id: id, code: w.code, message: w.message, line: w.line });
    for (const t of titleKeysOf(d)) titleKeys.push({ key: t.key, document_id: id, doc_number: d.docNumber, kind: t.kind });
    if (d.docNumber) refs.push({ number: d.docNumber, document_id: id, line: d.docNumberLine, own: true });
    for (const [num, line] of mentions) if (num !== d.docNumber) refs.push({ number: num, document_id: id, line, own: false });
    d.appointments.forEach((a, i) =>
      appointments.push({ document_id: id, ord: i, action: a.action, person: a.person, post: a.post, qualifiers: a.qualifiers, line: a.line, span: a.span ?? null }),
    );
    d.rosters.forEach((r, i) => rosters.push({ document_id: id, ord: i, grp: r.group, line: r.line }));
    d.tasks.forEach((t, i) =>
      tasks.push({
        document_id: id,
        ord: i,
        text: taskText(t.text, i),
        leads: t.leads,
        cooperators: t.cooperators,
        lead_agencies: t.leadAgencies,
        cooperator_agencies: t.cooperatorAgencies,
        deadline: t.deadline,
        deadline_text: t.deadlineText,
        recurrence: t.recurrence,
        milestones: t.milestones,
        start_line: t.startLine,
        end_line: t.endLine,
        line: t.line,
        span: t.span ?? null,
      }),
    );
    d.citations.forEach((c, i) => {
      // Citations the parser resolved inside the issue keep that resolution.
      const target = c.resolvedIndex !== null && c.resolvedIndex !== d.index ? docIdByIndex.get(c.resolvedIndex) ?? null : null;
      citations.push({
        document_id: id,
        ord: i,
        kind: c.kind,
        title: c.title,
        title_key: c.title ? titleKey(c.title) : null,
        doc_number: c.docNumber,
        line: c.line,
        resolved_index: c.resolvedIndex,
        target_id: target,
        resolved_by: target !== null ? (c.docNumber ? 'number' : 'title') : null,
        span: c.span ?? null,
      });
    });
    d.validity.repeals.forEach((r, i) =>
      repeals.push({ document_id: id, ord: i, title: r.title, title_key: r.title ? titleKey(r.title) : null, doc_number: r.docNumber, line: r.line, span: r.span ?? null }),
    );
  });
  for (const w of parsed.warnings) warnings.push({ issue_id: issueId, document_id: null, code: w.code, message: w.message, line: w.line });

  await tx.insert('warnings', warnings);
  await tx.insert('title_keys', titleKeys);
  await tx.insert('doc_number_refs', refs);
  await tx.insert('appointments', appointments);
  await tx.insert('citations', citations);
  await tx.insert('repeals', repeals);

  // Roster members and task units under the ids their rosters and tasks just got.
  const rosterIds = new Map((await tx.insert('rosters', rosters, 'id, document_id, ord')).map((r) => [`${r.document_id}:${r.ord}`, r.id as number]));
  const taskIds = new Map((await tx.insert('tasks', tasks, 'id, document_id, ord')).map((r) => [`${r.document_id}:${r.ord}`, r.id as number]));
  const members: Row[] = [];
  const units: Row[] = [];
  prepared.forEach(({ doc: d }, k) => {
    const id = docIds[k]!;
    d.rosters.forEach((r, i) =>
      r.members.forEach((mb, j) =>
        members.push({ roster_id: rosterIds.get(`${id}:${i}`), ord: j, role: mb.role, person: mb.person, post: mb.post, line: mb.line, span: mb.span ?? null }),
      ),
    );
    d.tasks.forEach((t, i) => {
      for (const u of taskUnits(t, parsed.region)) units.push({ task_id: taskIds.get(`${id}:${i}`), ...u });
    });
  });
  await tx.insert('roster_members', members);
  await tx.insert('task_agencies', units);

  await tx.insert(
    'toc_entries',
    parsed.toc.map((t, i) => ({
      issue_id: issueId,
      ord: i,
      section: t.section,
      title: t.title,
      doc_number: t.docNumber,
      page: t.page,
      line: t.line,
      end_line: t.endLine,
      document_index: t.documentIndex,
    })),
  );
  const agencies = agencyRows(parsed.agencies, parsed.region);
  await tx.insert('agencies', agencies.map((a) => ({ issue_id: issueId, name: a.name, aliases: a.aliases })));
  await tx.insert('agency_names', agencies.flatMap((a) => a.names.map((n) => ({ issue_id: issueId, name: n, canonical: a.name }))));
  return { issueId, docIds };
}

/** Each task's text as stored: as packed on the thread, else packed here against the body (once a task needs it). */
function storedTaskText(p: PreparedDocument): (text: string, i: number) => Uint8Array {
  const packed = p.packed?.tasks;
  if (packed) return (_text, i) => packed[i]!;
  let pack: ((text: string) => Buffer) | null = null;
  return (text) => (pack ??= taskTextPacker(p.body))(text);
}

/** Original files no stored issue points at any more. */
export async function dropOrphanOriginals(tx: Queries): Promise<void> {
  await tx.run('DELETE FROM originals WHERE NOT EXISTS (SELECT 1 FROM issues i WHERE i.sha256 = originals.sha256)');
}

/** Links (citations, repeals) that point into an issue about to be deleted. */
export async function linksInto(tx: Queries, issueId: number): Promise<Orphaned> {
  const ids = async (table: string) =>
    (await tx.all(`SELECT x.id FROM documents d JOIN ${table} x ON x.target_id = d.id WHERE d.issue_id = ?`, [issueId])).map((r) => r.id as number);
  return { citations: await ids('citations'), repeals: await ids('repeals') };
}

/**
 * Resolve citations and repeals: those of the new documents against the whole archive, and the
 * unresolved ones anywhere that the new documents answer (a cited document arriving later); by
 * number first, then by title key; the newest match wins. Then recompute which documents stand
 * repealed. `deleted`: documents were deleted in this transaction (a repealer may be gone);
 * `orphaned`: links that pointed at them (linksInto), resolved again against what is left.
 * Every lookup is one index seek, so linking costs the same in a small archive and a big one.
 */
export async function relink(db: Db, tx: Queries, newDocIds: number[], deleted: boolean, orphaned: Orphaned = { citations: [], repeals: [] }): Promise<void> {
  const { intList, list, codePoint, indexedBy } = db.sql;
  const ids = list(newDocIds);
  // What the new documents can be cited by: their numbers, and their title keys (with the number
  // a citation must not contradict).
  const newKeys = await tx.all(`SELECT DISTINCT key, doc_number FROM title_keys WHERE document_id IN ${intList}`, [ids]);
  const numbers = (await tx.all(`SELECT DISTINCT doc_number AS n FROM documents WHERE id IN ${intList} AND doc_number IS NOT NULL`, [ids])).map((r) => r.n as string);
  const byNumber = (n: string, self: number) => tx.get('SELECT id FROM documents WHERE doc_number = ? AND id <> ? ORDER BY id DESC LIMIT 1', [n, self]);
  // By title: any document with the key when the link has no number; otherwise one whose number
  // is the same or unknown. Each branch is one indexed seek.
  const byTitle = (key: string, number: string | null, self: number) =>
    number === null
      ? tx.get('SELECT document_id AS id FROM title_keys WHERE key = ? AND document_id <> ? ORDER BY document_id DESC LIMIT 1', [key, self])
      : tx.get(
          `SELECT MAX(id) AS id FROM (
             SELECT MAX(document_id) AS id FROM title_keys WHERE key = ? AND doc_number IS NULL AND document_id <> ?
             UNION ALL
             SELECT MAX(document_id) AS id FROM title_keys WHERE key = ? AND doc_number = ? AND document_id <> ?) m`,
          [key, self, key, number, self],
        );
  const repealTargets = new Set<number>();
  for (const table of ['citations', 'repeals'] as const) {
    // Indexed lookups only (one OR would scan the table on every ingest): the new documents' own
    // links; links whose target was just deleted; unresolved ones naming a new number; unresolved
    // ones naming a new title without a number that contradicts it.
    const cols = 'id, document_id, title_key, doc_number, target_id';
    const found = new Map<number, Row>();
    const add = (rows: Row[]) => rows.forEach((r) => found.set(r.id, r));
    add(await tx.all(`SELECT ${cols} FROM ${table} WHERE document_id IN ${intList}`, [ids]));
    if (orphaned[table].length) add(await tx.all(`SELECT ${cols} FROM ${table} WHERE id IN ${intList}`, [list(orphaned[table])]));
    if (numbers.length) {
      add(await tx.all(`SELECT ${cols} FROM ${table} ${indexedBy(`${table}_number`)} WHERE doc_number IN ${db.sql.textList} AND target_id IS NULL`, [list(numbers)]));
    }
    for (const k of newKeys) {
      // A document without a number answers a titled link whatever number it gives.
      add(await tx.all(
        `SELECT ${cols} FROM ${table} ${indexedBy(`${table}_title_key`)} WHERE title_key = ? AND target_id IS NULL${k.doc_number ? ' AND doc_number IS NULL' : ''}`,
        [k.key],
      ));
    }
    const resolved: [number, number, string][] = [];
    for (const r of found.values()) {
      if (r.target_id !== null) {
        if (table === 'repeals') repealTargets.add(r.target_id);
        continue;
      }
      let target: number | null = null;
      const n = r.doc_number ? await byNumber(r.doc_number, r.document_id) : undefined;
      if (n) {
        resolved.push([r.id, n.id, 'number']);
        target = n.id;
      } else if (r.title_key) {
        const t = await byTitle(r.title_key, r.doc_number, r.document_id);
        if (t?.id) {
          resolved.push([r.id, t.id, 'title']);
          target = t.id;
        }
      }
      if (target !== null && table === 'repeals') repealTargets.add(target);
    }
    for (const [id, target, how] of resolved) await tx.run(`UPDATE ${table} SET target_id = ?, resolved_by = ? WHERE id = ?`, [target, how, id]);
  }
  // Documents whose repeal status may have changed: new targets, and, after a delete, those whose
  // repealer is gone (repealed_by was set to NULL by the foreign key).
  if (deleted) {
    for (const r of await tx.all(`SELECT id FROM documents ${indexedBy('documents_repealed')} WHERE repealed_on IS NOT NULL AND repealed_by IS NULL`)) {
      repealTargets.add(r.id);
    }
  }
  if (repealTargets.size) {
    const on = `COALESCE(p.effective_from, p.date, '${UNKNOWN_DATE}')`;
    await tx.run(
      `UPDATE documents SET (repealed_on, repealed_by) = (
         SELECT ${on}, p.id FROM repeals r JOIN documents p ON p.id = r.document_id
         WHERE r.target_id = documents.id AND r.document_id <> documents.id ORDER BY ${codePoint(on)}, p.id LIMIT 1)
       WHERE id IN ${intList}`,
      [list([...repealTargets])],
    );
  }
}
