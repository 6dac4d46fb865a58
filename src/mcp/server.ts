/**
 * The MCP server over an archive: tools, resources and prompts, all read-only, all thin adapters
 * over the Archive interface and its search engine (the same calls the JSON API makes). One
 * server per connection: the stdio command makes one, the HTTP endpoint one per request.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { PARSER_VERSION } from '../version.js';
import type { McpContext } from './evidence.js';
import { registerSearchTool } from './tools/search.js';
import { registerDocumentTools } from './tools/documents.js';
import { registerLinkTools } from './tools/links.js';
import { registerPeopleTool } from './tools/people.js';
import { registerTaskTool } from './tools/tasks.js';
import { registerIssueTool } from './tools/issues.js';
import { registerResources } from './resources.js';
import { registerPrompts } from './prompts.js';

export type { McpContext } from './evidence.js';

export const INSTRUCTIONS =
  'Gongbao is an archive of Chinese government gazettes (政府公报): official documents with their numbers (发文字号), ' +
  'issuers, dates, text, and facts extracted from them — appointments, tasks with lead units and deadlines, citations, validity. ' +
  'Every answer names the stored document (documentId, docNumber, title) and the source lines its evidence stands on: cite ' +
  'those, and quote only what the tools return. Before citing a document by title or number, call check_citation; a ' +
  'document it does not find is not in this archive. Extracted facts can be incomplete: the source text prevails.';

// The SDK makes a JSON-schema validator (an Ajv instance, slow to build) per server unless given
// one; it is stateless, so the servers of all requests share this one.
let validator: AjvJsonSchemaValidator | null = null;

export function createMcpServer(ctx: McpContext): McpServer {
  validator ??= new AjvJsonSchemaValidator();
  const server = new McpServer(
    { name: 'gongbao', title: 'Gongbao gazette archive', version: PARSER_VERSION },
    { instructions: INSTRUCTIONS, jsonSchemaValidator: validator },
  );
  registerSearchTool(server, ctx);
  registerDocumentTools(server, ctx);
  registerLinkTools(server, ctx);
  registerPeopleTool(server, ctx);
  registerTaskTool(server, ctx);
  registerIssueTool(server, ctx);
  registerResources(server, ctx);
  registerPrompts(server, ctx);
  return server;
}
