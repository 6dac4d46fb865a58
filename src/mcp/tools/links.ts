/**
 * How documents stand to each other and in time: document_validity (in force, expired, repealed
 * at a date), document_citations (what a document cites, what cites it) and check_citation (is a
 * document an assistant wants to cite really in the archive, under that title and number?).
 */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Archive, DocumentSummary } from '../../store/archive.js';
import { findDocNumbers } from '../../core/docnumber.js';
import { squash } from '../../core/text.js';
import { titleKey, titleKeysOf } from '../../domain/link-keys.js';
import { QuerySyntaxError } from '../../search/query.js';
import { citeText, docIdSchema, documentRef, documentRefSchema, isoDateSchema, lineRef, lineRefSchema, type McpContext } from '../evidence.js';
import { ToolInputError, answer } from '../result.js';
import { validitySchema } from './documents.js';

const citationSchema = z.object({
  kind: z.enum(['titled', 'title_only', 'number_only']),
  title: z.string().nullable().describe('The title inside 《》 as printed'),
  docNumber: z.string().nullable(),
  resolvedBy: z.enum(['number', 'title']).nullable(),
});

/** What a quoted citation names: the title inside 《》 (else the text left when the number is taken out) and the number. */
export function parseCitation(text: string): { title: string | null; docNumber: string | null } {
  const t = text.trim();
  const numbers = findDocNumbers(t);
  const docNumber = numbers[0]?.normalized ?? null;
  const quoted = /《([^《》]+)》/.exec(t)?.[1];
  let rest = t;
  for (const n of [...numbers].reverse()) rest = rest.slice(0, n.index) + rest.slice(n.index + n.length);
  const title = squash(quoted ?? rest.replace(/[()（）〔〕\[\]【】"“”'‘’]/g, '')).replace(/[，,。；;：:]+$/, '');
  return { title: title.length >= 4 ? title : null, docNumber };
}

/** Stored documents whose title, or the title of an instrument they issue, is this title (the keys citations are resolved by). */
type Found = Pick<DocumentSummary, 'id' | 'docNumber' | 'title' | 'startLine' | 'endLine' | 'date'>;

async function findByTitle(archive: Archive, title: string): Promise<Found[]> {
  const key = titleKey(title);
  const phrase = title.replace(/[《》"“”]/g, '').trim();
  let hits;
  try {
    hits = (await archive.search(`"${phrase}"`, { limit: 20, facets: false, snippets: false })).hits;
  } catch (e) {
    if (e instanceof QuerySyntaxError) return [];
    throw e;
  }
  const out: Found[] = [];
  let fetched = 0;
  for (const h of hits) {
    const byOwnTitle = titleKeysOf({ title: h.title, enclosures: [] }).some((k) => k.key === key);
    // An instrument's title (an enclosure's) needs the stored document: only for the best few hits.
    const d = byOwnTitle || fetched >= 5 ? null : (fetched++, await archive.getDocument(h.id));
    if (byOwnTitle || (d && titleKeysOf(d.document).some((k) => k.key === key))) out.push(h);
  }
  return out;
}

async function mustExist(archive: Archive, id: number): Promise<void> {
  if (!(await archive.validity(id))) throw new ToolInputError(`document ${id} is not in the archive`);
}

const DOCUMENT_VALIDITY_INPUT = { id: docIdSchema, asOf: isoDateSchema.optional().describe('Default today') };

const DOCUMENT_VALIDITY_OUTPUT = { document: documentRefSchema, validity: validitySchema };

const DOCUMENT_CITATIONS_INPUT = { id: docIdSchema, direction: z.enum(['cites', 'cited_by', 'both']).default('both') };

const DOCUMENT_CITATIONS_OUTPUT = {
  documentId: z.number().int(),
  cites: z.array(citationSchema.extend({ source: lineRefSchema, target: lineRefSchema.omit({ line: true }).nullable().describe('The stored document it resolves to; null when not in the archive') })),
  citedBy: z.array(citationSchema.extend({ source: lineRefSchema.describe('The citing document and the line of the citation') })),
};

const CHECK_CITATION_INPUT = { citation: z.string().min(1).max(300).describe('The title and/or document number as you would quote it') };

const CHECK_CITATION_OUTPUT = {
  verdict: z.enum(['found', 'conflict', 'not_found']),
  message: z.string(),
  asked: z.object({ title: z.string().nullable(), docNumber: z.string().nullable() }),
  matches: z.array(documentRefSchema.extend({ date: z.string().nullable(), matchedBy: z.array(z.enum(['number', 'title'])) })),
  similar: z.array(documentRefSchema).describe('Documents with similar words (not matches; only when nothing matched)'),
};

export function registerLinkTools(server: McpServer, ctx: McpContext): void {
  const { archive } = ctx;

  server.registerTool('document_validity', {
    title: 'Validity of a document at a date',
    description: 'Whether a document is in force, expired, repealed, not yet in force, or unknown (no validity stated) at a date, with the clause it rests on and the repealing document.',
    inputSchema: DOCUMENT_VALIDITY_INPUT,
    outputSchema: DOCUMENT_VALIDITY_OUTPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async (a) => {
    const d = await archive.getDocument(a.id, a.asOf ? { asOf: a.asOf } : {});
    if (!d) throw new ToolInputError(`document ${a.id} is not in the archive`);
    const v = d.validity;
    const clause = d.document.validity;
    const validity = {
      status: v.status, asOf: v.asOf, effectiveFrom: v.effectiveFrom, expiresOn: v.expiresOn, effectiveText: clause.effectiveText,
      termText: clause.termText, line: clause.line,
      repealedBy: v.repealedBy
        ? { ...lineRef(ctx, { documentId: v.repealedBy.byDocumentId, docNumber: v.repealedBy.byDocNumber, title: v.repealedBy.byTitle }, v.repealedBy.line), on: v.repealedBy.on }
        : null,
    };
    const ref = documentRef(ctx, d, d.document);
    const text = [
      `${citeText(ref)}: ${v.status} at ${v.asOf}.`,
      ...(clause.effectiveText ? [`Start: ${clause.effectiveText} (line ${clause.line ?? '?'})${v.effectiveFrom ? ` → ${v.effectiveFrom}` : ''}`] : []),
      ...(clause.termText ? [`Term: ${clause.termText}${v.expiresOn ? ` → expires ${v.expiresOn}` : ''}`] : []),
      ...(validity.repealedBy ? [`Repealed${validity.repealedBy.on ? ` from ${validity.repealedBy.on}` : ''} by ${citeText(validity.repealedBy)}`] : []),
    ].join('\n');
    return answer({ document: ref, validity }, text);
  });

  server.registerTool('document_citations', {
    title: 'What a document cites and what cites it',
    description: 'The documents and laws a document cites (resolved to stored documents where the archive has them) and the stored documents that cite it, each with the line of the citation.',
    inputSchema: DOCUMENT_CITATIONS_INPUT,
    outputSchema: DOCUMENT_CITATIONS_OUTPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async (a) => {
    await mustExist(archive, a.id);
    const [cites, citedBy] = await Promise.all([
      a.direction === 'cited_by' ? [] : archive.citations(a.id),
      a.direction === 'cites' ? [] : archive.citedBy(a.id),
    ]);
    const base = (c: (typeof cites)[number]) => ({ kind: c.kind, title: c.title, docNumber: c.docNumber, resolvedBy: c.resolvedBy });
    const source = (c: (typeof cites)[number]) => lineRef(ctx, { documentId: c.documentId, docNumber: c.documentDocNumber, title: c.documentTitle }, c.line);
    const out = {
      documentId: a.id,
      cites: cites.map((c) => ({
        ...base(c), source: source(c),
        target: c.targetId !== null ? { documentId: c.targetId, docNumber: c.targetDocNumber, title: c.targetTitle ?? '', url: ctx.baseUrl ? `${ctx.baseUrl}/documents/${c.targetId}` : null } : null,
      })),
      citedBy: citedBy.map((c) => ({ ...base(c), source: source(c) })),
    };
    const name = (c: { title: string | null; docNumber: string | null }) => [c.title && `《${c.title}》`, c.docNumber].filter(Boolean).join(' ');
    const text = [
      ...(a.direction !== 'cited_by' ? [`Cites ${cites.length}:`, ...out.cites.map((c) => `- line ${c.source.line}: ${name(c)}${c.target ? ` → document ${c.target.documentId}` : ' (not in the archive)'}`)] : []),
      ...(a.direction !== 'cites' ? [`Cited by ${citedBy.length}:`, ...out.citedBy.map((c) => `- ${citeText(c.source)}`)] : []),
    ].join('\n');
    return answer(out, text);
  });

  server.registerTool('check_citation', {
    title: 'Check a citation before quoting it',
    description:
      'Check that a document you are about to cite exists in the archive: give its title (with or without 《》), its document number, ' +
      'or both as quoted (《…》（阳政发〔2020〕2号）). Answers found (the exact stored record), conflict (the number and the title ' +
      'belong to different stored documents) or not_found. Titles match as the archive links citations: the full title, the title ' +
      'without its issuer, or the title of the instrument a notice issues (…方案, …办法). Never cite a document this tool does not find.',
    inputSchema: CHECK_CITATION_INPUT,
    outputSchema: CHECK_CITATION_OUTPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async (a) => {
    const asked = parseCitation(a.citation);
    if (!asked.title && !asked.docNumber) throw new ToolInputError('give a document title (at least 4 characters) or a document number');
    const [byNumber, byTitle] = await Promise.all([
      asked.docNumber ? archive.findByDocNumber(asked.docNumber) : [],
      asked.title ? findByTitle(archive, asked.title) : [],
    ]);
    const both = byNumber.filter((d) => byTitle.some((t) => t.id === d.id));
    const chosen = asked.docNumber && asked.title ? both : [...byNumber, ...byTitle];
    const verdict = chosen.length ? 'found' : byNumber.length || byTitle.length ? 'conflict' : 'not_found';
    const listed = verdict === 'conflict' ? [...byNumber, ...byTitle.filter((t) => !byNumber.some((n) => n.id === t.id))] : chosen;
    const unique = [...new Map(listed.map((d) => [d.id, d])).values()];
    const matches = unique.map((d) => ({
      ...documentRef(ctx, d), date: d.date,
      matchedBy: [...(byNumber.some((x) => x.id === d.id) ? ['number' as const] : []), ...(byTitle.some((x) => x.id === d.id) ? ['title' as const] : [])],
    }));
    let similar: z.infer<typeof documentRefSchema>[] = [];
    if (verdict === 'not_found' && asked.title) {
      const words = asked.title.replace(/[《》"“”:：-]/g, ' ');
      try {
        similar = (await archive.search(words, { limit: 3, facets: false, snippets: false })).hits.map((h) => documentRef(ctx, h));
      } catch (e) {
        if (!(e instanceof QuerySyntaxError)) throw e;
      }
    }
    const named = [asked.title && `《${asked.title}》`, asked.docNumber].filter(Boolean).join(' ');
    const message =
      verdict === 'found'
        ? `In the archive: ${matches.map(citeText).join('; ')}.`
        : verdict === 'conflict'
          ? `Conflict: ${named} is not one stored document. ${matches.map((m) => `${m.matchedBy.join(' and ')} matches ${citeText(m)}`).join('; ')}. Check which one you mean before citing.`
          : `Not in the archive: ${named}. Do not cite it as a document of this archive.`;
    return answer({ verdict, message, asked, matches, similar }, message);
  });
}
