/**
 * MCP over streamable HTTP at /mcp on `gongbao serve`, stateless: every POST gets a new server and
 * transport (no session to keep, so any worker of a cluster can answer), answered as plain JSON.
 * GET (a server-to-client stream) and DELETE (ending a session) have nothing to do without
 * sessions and answer 405.
 *
 * Access: everything here is read-only, so it follows the API's rule for reads — public, token or
 * not (GONGBAO_TOKEN guards only ingest, which MCP does not offer). See docs/mcp.md.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Archive } from '../store/archive.js';
import { classify } from './errors.js';
import { baseUrlOf } from './feeds/routes.js';
import { createMcpServer } from '../mcp/server.js';

export const MCP_PATH = '/mcp';

/** A JSON-RPC error without a request id (the request could not be read). */
function jsonRpcError(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ jsonrpc: '2.0', error: { code, message }, id: null });
}

function mcpErrors(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const c = classify(err);
  if (c.unexpected) {
    req.log.error(err);
    return jsonRpcError(reply, 500, -32603, 'Internal error');
  }
  // A body that is not JSON is a JSON-RPC parse error; anything else the client sent wrong, an invalid request.
  return jsonRpcError(reply, c.status, c.code === 'invalid_body' ? -32700 : -32600, c.message);
}

export function registerMcpHttp(parent: FastifyInstance, opts: { archive: Archive }): void {
  // The server takes no JSON bodies elsewhere (its upload is raw text): JSON is parsed in this
  // route's own scope only.
  void parent.register(async (app) => {
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch {
        done(Object.assign(new Error('the body is not JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined);
      }
    });
    mcpRoutes(app, opts);
  });
}

function mcpRoutes(app: FastifyInstance, opts: { archive: Archive }): void {
  app.post(MCP_PATH, { schema: { hide: true }, errorHandler: mcpErrors }, async (req, reply) => {
    const server = createMcpServer({ archive: opts.archive, baseUrl: baseUrlOf(req) });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req.raw, reply.raw, req.body);
    } catch (e) {
      req.log.error(e);
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }));
      }
    }
  });

  const notAllowed = async (_req: FastifyRequest, reply: FastifyReply) =>
    jsonRpcError(reply.header('allow', 'POST'), 405, -32000, 'Method not allowed: this MCP endpoint is stateless; POST JSON-RPC messages to it');
  app.get(MCP_PATH, { schema: { hide: true } }, notAllowed);
  app.delete(MCP_PATH, { schema: { hide: true } }, notAllowed);
}
