/**
 * Documents as resources, gongbao://document/{id}: the document's metadata and its text with line
 * numbers (Markdown), so an assistant can attach a whole document and cite its lines.
 */
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import type { DocumentDetail } from '../store/archive.js';
import { pagesOf, whereLabel } from '../domain/source-location.js';
import type { McpContext } from './evidence.js';

export const DOCUMENT_URI = 'gongbao://document/{id}';
export const documentUri = (id: number): string => `gongbao://document/${id}`;

/** JSON-RPC code for an unknown resource (MCP specification, resources: error handling). */
const RESOURCE_NOT_FOUND = -32002;
/** How many documents the resource list offers (newest issues first); any id can be read. */
const LISTED = 100;

export function documentMarkdown(d: DocumentDetail): string {
  const meta = [
    ['发文字号', d.docNumber], ['发文机关', d.issuers.join('、')], ['文种', d.docType], ['成文日期', d.date],
    ['公报', `${d.issue.title ?? ''} ${d.issue.year ?? ''}年第${d.issue.number ?? '?'}期`], ['效力', `${d.validity.status}（${d.validity.asOf}）`],
    ['来源', `${d.issue.fileName ?? d.sourcePath}，${whereLabel(d.startLine, d.endLine, pagesOf(d.document))}`],
  ].filter(([, v]) => v) as [string, string][];
  return [
    `# ${d.title}`,
    '',
    ...meta.map(([k, v]) => `- ${k}：${v}`),
    `- 文档编号：${d.id}（gongbao://document/${d.id}）`,
    '',
    '## 原文（行号：文字）',
    '',
    ...d.lines.map((l) => `${l.line}: ${l.text}`),
    '',
  ].join('\n');
}

export function registerResources(server: McpServer, ctx: McpContext): void {
  const { archive } = ctx;
  server.registerResource(
    'document',
    new ResourceTemplate(DOCUMENT_URI, {
      list: async () => {
        const issues = await archive.listIssues({});
        const newestFirst = [...issues].reverse();
        const resources = [];
        for (const issue of newestFirst) {
          if (resources.length >= LISTED) break;
          for (const d of await archive.listDocuments({ issueId: issue.id, limit: LISTED - resources.length })) {
            resources.push({ uri: documentUri(d.id), name: `${d.docNumber ? `${d.docNumber} ` : ''}${d.title}`, mimeType: 'text/markdown' });
          }
        }
        return { resources };
      },
    }),
    {
      title: 'Gazette document',
      description: 'A stored document: metadata and its source text, one numbered line per line of the source file.',
      mimeType: 'text/markdown',
    },
    async (uri, vars) => {
      const raw = String(vars.id ?? '');
      const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : NaN;
      const d = Number.isSafeInteger(id) && id <= 2147483647 ? await archive.getDocument(id) : null;
      if (!d) throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: ${uri.href} (no such document in the archive)`);
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: documentMarkdown(d) }] };
    },
  );
}
