/**
 * The evidence every MCP answer carries: which stored document (id, number, title), which source
 * lines (and pages, for documents read from a PDF), and a link to the reader at that line when the
 * server knows its own address. Assistants are told to cite these, never a document from memory.
 */
import { z } from 'zod';
import { pagesOf, type PageRange } from '../domain/source-location.js';

export interface McpContext {
  archive: import('../store/archive.js').Archive;
  /** The web reader's address (http://host:port), for links; null when unknown (stdio without --base-url). */
  baseUrl: string | null;
}

export const pageRangeSchema = z
  .object({
    first: z.number().int().describe('First physical page of the PDF file'),
    last: z.number().int(),
    firstPrinted: z.union([z.number(), z.string()]).nullable().optional().describe('Page number printed on the first page'),
    lastPrinted: z.union([z.number(), z.string()]).nullable().optional(),
  })
  .describe('Pages of the source PDF (documents read from a PDF only)');

/** A document with the source lines it spans. */
export const documentRefSchema = z.object({
  documentId: z.number().int().describe('Id in this archive (use with get_document and gongbao://document/{id})'),
  docNumber: z.string().nullable().describe('发文字号, normalized, e.g. 阳政发〔2020〕2号; null when the document has none'),
  title: z.string(),
  lines: z.object({ first: z.number().int(), last: z.number().int() }).describe('Line range of the document in its source file'),
  pages: pageRangeSchema.nullable(),
  url: z.string().nullable().describe('The document in the web reader'),
});
export type DocumentRef = z.infer<typeof documentRefSchema>;

/** A fact's source: the document and the one line its evidence stands on. */
export const lineRefSchema = z.object({
  documentId: z.number().int(),
  docNumber: z.string().nullable(),
  title: z.string(),
  line: z.number().int().describe('Source line of the evidence'),
  url: z.string().nullable().describe('The document in the web reader, at that line'),
});
export type LineRef = z.infer<typeof lineRefSchema>;

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'not a valid calendar date');

export const docIdSchema = z.number().int().min(1).max(2147483647).describe('Document id (from search_documents, lookup_doc_number …)');

function link(ctx: McpContext, id: number, line?: number): string | null {
  return ctx.baseUrl ? `${ctx.baseUrl}/documents/${id}${line ? `#L${line}` : ''}` : null;
}

export function documentRef(
  ctx: McpContext,
  d: { id: number; docNumber: string | null; title: string; startLine: number; endLine: number },
  pagesFrom?: object | null,
): DocumentRef {
  return {
    documentId: d.id, docNumber: d.docNumber, title: d.title, lines: { first: d.startLine, last: d.endLine },
    pages: (pagesFrom !== undefined ? pagesOf(pagesFrom) : pagesOf(d)) as PageRange | null, url: link(ctx, d.id),
  };
}

export function lineRef(ctx: McpContext, d: { documentId: number; docNumber: string | null; title: string }, line: number): LineRef {
  return { documentId: d.documentId, docNumber: d.docNumber, title: d.title, line, url: link(ctx, d.documentId, line) };
}

/** 阳政发〔2020〕2号《title》(document 12, lines 30–88) — how a text answer names a document. */
export function citeText(r: DocumentRef | LineRef): string {
  const where = 'line' in r ? `line ${r.line}` : `lines ${r.lines.first}–${r.lines.last}${r.pages ? `, PDF pages ${r.pages.first}–${r.pages.last}` : ''}`;
  return `${r.docNumber ? `${r.docNumber} ` : ''}《${r.title}》(document ${r.documentId}, ${where})`;
}
