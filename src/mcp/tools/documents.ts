/**
 * One document: get_document (metadata, outline, extracted facts, text by line range so a long
 * 方案 is read in pages) and lookup_doc_number (a document number in any spelling).
 */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { OutlineNode } from '../../model.js';
import { normalizeDocNumber } from '../../core/docnumber.js';
import { citeText, docIdSchema, documentRef, documentRefSchema, isoDateSchema, lineRef, lineRefSchema, type McpContext } from '../evidence.js';
import { ToolInputError, answer } from '../result.js';
import { taskSchema, taskOut } from './tasks.js';

export const DEFAULT_LINES = 80;
export const MAX_LINES = 400;

const issueSchema = z.object({
  id: z.number().int(), title: z.string().nullable(), year: z.number().int().nullable(), number: z.number().int().nullable(),
  publishedOn: z.string().nullable(),
});

export const validitySchema = z.object({
  status: z.enum(['in_force', 'expired', 'repealed', 'not_yet_in_force', 'unknown']),
  asOf: z.string(),
  effectiveFrom: z.string().nullable(),
  expiresOn: z.string().nullable(),
  effectiveText: z.string().nullable().describe('The sentence that sets the start, as printed'),
  termText: z.string().nullable().describe('The sentence that sets the term, as printed'),
  line: z.number().int().nullable().describe('Source line of the validity clause'),
  repealedBy: lineRefSchema.extend({ on: z.string().nullable() }).nullable(),
});

function flatOutline(nodes: OutlineNode[], depth = 0, out: { depth: number; label: string; title: string; line: number }[] = []) {
  for (const n of nodes) {
    out.push({ depth, label: n.label, title: n.title, line: n.line });
    flatOutline(n.children, depth + 1, out);
  }
  return out;
}

const GET_DOCUMENT_INPUT = {
  id: docIdSchema,
  fromLine: z.number().int().min(1).optional().describe('First line of text to return (file line number)'),
  maxLines: z.number().int().min(0).max(MAX_LINES).default(DEFAULT_LINES),
  asOf: isoDateSchema.optional().describe('Date for validity and task states (default today)'),
};

const GET_DOCUMENT_OUTPUT = {
  document: documentRefSchema.extend({
    kind: z.string(), docType: z.string().nullable(), docNumberRaw: z.string().nullable(), issuers: z.array(z.string()),
    recipients: z.array(z.string()), signedBy: z.string().nullable(), date: z.string().nullable(), publicity: z.string().nullable(),
    section: z.string().nullable(),
    attachments: z.array(z.object({ title: z.string(), omitted: z.boolean(), line: z.number().int() })),
    enclosures: z.array(z.object({ title: z.string(), docType: z.string().nullable(), line: z.number().int() })),
  }),
  issue: issueSchema,
  outline: z.array(z.object({ depth: z.number().int(), label: z.string(), title: z.string(), line: z.number().int() })),
  validity: validitySchema,
  appointments: z.array(z.object({ action: z.string(), person: z.string(), post: z.string(), qualifiers: z.array(z.string()), line: z.number().int() })),
  rosters: z.array(z.object({
    group: z.string(), line: z.number().int(),
    members: z.array(z.object({ role: z.string(), person: z.string(), post: z.string().nullable(), line: z.number().int() })),
  })),
  tasks: z.array(taskSchema),
  citations: z.object({ cites: z.number().int(), citedBy: z.number().int() }).describe('Counts; document_citations lists them'),
  text: z.object({
    fromLine: z.number().int(), toLine: z.number().int(),
    lines: z.array(z.object({ line: z.number().int(), text: z.string() })),
    nextFromLine: z.number().int().nullable().describe('Where the next page of text starts; null at the end'),
  }),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), line: z.number().int().nullable() })),
};

const LOOKUP_DOC_NUMBER_INPUT = { docNumber: z.string().min(1).max(100).describe('The document number') };

const LOOKUP_DOC_NUMBER_OUTPUT = {
  query: z.string(),
  normalized: z.string().nullable().describe('The number as the archive writes it; null when the text is not a document number'),
  matches: z.array(documentRefSchema.extend({ date: z.string().nullable(), issuers: z.array(z.string()), issueId: z.number().int() })),
};

export function registerDocumentTools(server: McpServer, ctx: McpContext): void {
  const { archive } = ctx;

  server.registerTool('get_document', {
    title: 'Get a document',
    description:
      'One stored document: metadata (number, issuers, type, date, recipients, attachments, the instruments a notice issues), ' +
      'its outline, the facts extracted from it (appointments, rosters, tasks with deadlines and state, validity), with source ' +
      `lines for each, and its text by line range: fromLine (default the first line) and maxLines (default ${DEFAULT_LINES}, ` +
      `at most ${MAX_LINES}; 0 for no text). Follow text.nextFromLine to read on.`,
    inputSchema: GET_DOCUMENT_INPUT,
    outputSchema: GET_DOCUMENT_OUTPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async (a) => {
    const d = await archive.getDocument(a.id, a.asOf ? { asOf: a.asOf } : {});
    if (!d) throw new ToolInputError(`document ${a.id} is not in the archive`);
    const from = a.fromLine ?? d.startLine;
    if (from < d.startLine || from > d.endLine) throw new ToolInputError(`fromLine must be within the document's lines ${d.startLine}–${d.endLine}`);
    const page = a.maxLines ? d.lines.filter((l) => l.line >= from).slice(0, a.maxLines) : [];
    const to = page.length ? page[page.length - 1]!.line : from - 1;
    const tasks = await archive.tasks({ documentId: d.id, sort: 'document', ...(a.asOf ? { asOf: a.asOf } : {}) });
    const doc = d.document;
    const ref = documentRef(ctx, d, doc);
    const v = d.validity;
    const out = {
      document: {
        ...ref, kind: d.kind, docType: d.docType, docNumberRaw: doc.docNumberRaw, issuers: d.issuers, recipients: doc.recipients,
        signedBy: doc.signedBy, date: d.date, publicity: doc.publicity, section: d.section,
        attachments: doc.attachments.map((x) => ({ title: x.title, omitted: x.omitted, line: x.line })),
        enclosures: doc.enclosures.map((x) => ({ title: x.title, docType: x.docType, line: x.startLine })),
      },
      issue: { id: d.issue.id, title: d.issue.title, year: d.issue.year, number: d.issue.number, publishedOn: d.issue.publishedOn },
      outline: flatOutline(doc.outline),
      validity: {
        status: v.status, asOf: v.asOf, effectiveFrom: v.effectiveFrom, expiresOn: v.expiresOn, effectiveText: doc.validity.effectiveText,
        termText: doc.validity.termText, line: doc.validity.line,
        repealedBy: v.repealedBy
          ? { ...lineRef(ctx, { documentId: v.repealedBy.byDocumentId, docNumber: v.repealedBy.byDocNumber, title: v.repealedBy.byTitle }, v.repealedBy.line), on: v.repealedBy.on }
          : null,
      },
      appointments: doc.appointments.map((x) => ({ action: x.action, person: x.person, post: x.post, qualifiers: x.qualifiers, line: x.line })),
      rosters: doc.rosters.map((r) => ({ group: r.group, line: r.line, members: r.members.map((m) => ({ role: m.role, person: m.person, post: m.post, line: m.line })) })),
      tasks: tasks.map((t) => taskOut(ctx, t)),
      citations: { cites: d.citations.length, citedBy: d.citedBy.length },
      text: { fromLine: from, toLine: to, lines: page.map((l) => ({ line: l.line, text: l.text })), nextFromLine: to < d.endLine && a.maxLines ? to + 1 : null },
      warnings: doc.warnings.map((w) => ({ code: w.code, message: w.message, line: w.line })),
    };
    const text = [
      `${citeText(ref)}`,
      [d.issuers.join('、'), d.date, d.docType, `validity: ${v.status} at ${v.asOf}`].filter(Boolean).join(' · '),
      `${doc.appointments.length} appointments, ${doc.rosters.length} rosters, ${tasks.length} tasks, cites ${d.citations.length}, cited by ${d.citedBy.length}.`,
      ...(page.length ? [`Text, lines ${from}–${to}${out.text.nextFromLine ? ` (continues at ${out.text.nextFromLine})` : ''}:`, ...page.map((l) => `${l.line}: ${l.text}`)] : []),
    ].join('\n');
    return answer(out, text);
  });

  server.registerTool('lookup_doc_number', {
    title: 'Look up a document number',
    description: 'Find the stored documents with a document number (发文字号), typed in any common spelling: 阳政发〔2020〕2号, 阳政发[2020]2号, 阳政发(2020)2 号.',
    inputSchema: LOOKUP_DOC_NUMBER_INPUT,
    outputSchema: LOOKUP_DOC_NUMBER_OUTPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async (a) => {
    const normalized = normalizeDocNumber(a.docNumber);
    const found = await archive.findByDocNumber(a.docNumber);
    const matches = found.map((d) => ({ ...documentRef(ctx, d), date: d.date, issuers: d.issuers, issueId: d.issueId }));
    const text = matches.length
      ? matches.map((m) => citeText(m)).join('\n')
      : `${normalized ?? a.docNumber}: not in the archive${normalized ? '' : ' (and not recognised as a document number)'}.`;
    return answer({ query: a.docNumber, normalized, matches }, text);
  });
}
