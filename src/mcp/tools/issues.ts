/** list_issues: the stored gazette issues, and the documents of one. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { citeText, documentRef, documentRefSchema, type McpContext } from '../evidence.js';
import { ToolInputError, answer } from '../result.js';

const issueSchema = z.object({
  id: z.number().int(), title: z.string().nullable(), year: z.number().int().nullable(), number: z.number().int().nullable(),
  totalNumber: z.number().int().nullable(), publishedOn: z.string().nullable(), documentCount: z.number().int(), fileName: z.string().nullable(),
});

const LIST_ISSUES_INPUT = {
  issueId: z.number().int().min(1).optional().describe('List the documents of this issue'),
  limit: z.number().int().min(1).max(100).default(20),
  offset: z.number().int().min(0).max(100000).default(0),
};

const LIST_ISSUES_OUTPUT = {
  issues: z.array(issueSchema),
  nextOffset: z.number().int().nullable(),
  documents: z.array(documentRefSchema.extend({ date: z.string().nullable(), docType: z.string().nullable(), section: z.string().nullable() })).nullable(),
};

export function registerIssueTool(server: McpServer, ctx: McpContext): void {
  server.registerTool('list_issues', {
    title: 'List gazette issues',
    description: 'The gazette issues in the archive (by year and number) with their masthead and number of documents; with issueId, that issue and the documents it holds.',
    inputSchema: LIST_ISSUES_INPUT,
    outputSchema: LIST_ISSUES_OUTPUT,
    annotations: { readOnlyHint: true, openWorldHint: false },
  }, async (a) => {
    const pick = (i: z.infer<typeof issueSchema>) => ({
      id: i.id, title: i.title, year: i.year, number: i.number, totalNumber: i.totalNumber, publishedOn: i.publishedOn, documentCount: i.documentCount, fileName: i.fileName,
    });
    const label = (i: z.infer<typeof issueSchema>) => `issue ${i.id}: ${i.title ?? '(no masthead)'} ${i.year ?? '?'}年第${i.number ?? '?'}期, ${i.publishedOn ?? 'date unknown'}, ${i.documentCount} documents (${i.fileName ?? ''})`;
    if (a.issueId !== undefined) {
      const issue = await ctx.archive.getIssue(a.issueId);
      if (!issue) throw new ToolInputError(`issue ${a.issueId} is not in the archive`);
      const documents = issue.documents.map((d) => ({ ...documentRef(ctx, d), date: d.date, docType: d.docType, section: d.section }));
      return answer({ issues: [pick(issue)], nextOffset: null, documents }, [label(issue), ...documents.map((d) => `- ${citeText(d)}`)].join('\n'));
    }
    const rows = await ctx.archive.listIssues({ limit: a.limit + 1, offset: a.offset });
    const issues = rows.slice(0, a.limit).map(pick);
    const next = rows.length > a.limit ? a.offset + a.limit : null;
    return answer({ issues, nextOffset: next, documents: null }, issues.length ? issues.map(label).join('\n') : 'No issues in the archive.');
  });
}
