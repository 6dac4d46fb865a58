/** Prompts: ready-made requests that make an assistant work from the archive's evidence. */
import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { documentMarkdown, documentUri } from './resources.js';
import type { McpContext } from './evidence.js';

export function registerPrompts(server: McpServer, ctx: McpContext): void {
  server.registerPrompt('summarise_document', {
    title: 'Summarise a document with its evidence',
    description: 'Summarise one stored document: what it decides, who must do what by when, whether it is in force — every point with its source line.',
    argsSchema: { id: z.string().regex(/^[1-9]\d{0,9}$/, 'a document id').describe('Document id') },
  }, async ({ id }) => {
    const d = await ctx.archive.getDocument(Number(id));
    if (!d) throw new McpError(ErrorCode.InvalidParams, `document ${id} is not in the archive`);
    return {
      description: `Summary of ${d.docNumber ?? d.title}`,
      messages: [
        { role: 'user', content: { type: 'resource', resource: { uri: documentUri(d.id), mimeType: 'text/markdown', text: documentMarkdown(d) } } },
        {
          role: 'user',
          content: {
            type: 'text',
            text:
              `请根据上面这份公文（文档编号 ${d.id}${d.docNumber ? `，${d.docNumber}` : ''}）写一份摘要：它决定或要求了什么，哪些单位在什么时限前做什么，` +
              '它自何时起施行、是否仍然有效。每一条都用方括号注明原文行号，如［第12行］或［第12–15行］；只使用原文中有的内容，原文没有写明的就说没有写明。' +
              '需要核对任务状态或效力时，可调用 get_document、agency_tasks 和 document_validity 工具。',
          },
        },
      ],
    };
  });

  server.registerPrompt('agency_deadlines', {
    title: "An agency's upcoming deadlines",
    description: 'The deadlines an agency (单位) faces: overdue and due soon first, each with the document and line it comes from.',
    argsSchema: { agency: z.string().min(1).max(100).describe('Agency name or alias, e.g. 市财政局') },
  }, async ({ agency }) => ({
    messages: [{
      role: 'user',
      content: {
        type: 'text',
        text:
          `请用 agency_tasks 工具查询“${agency}”的任务（先 state=overdue，再 state=due，再 state=open），按完成时限列出：任务内容、` +
          '牵头或配合、完成时限（原文写法）、来源文件（文号、标题）和原文行号。“已逾期”只表示文件写明的时限已过，不代表任务未完成，请照此表述。',
      },
    }],
  }));
}
