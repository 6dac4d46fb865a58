/**
 * `gongbao mcp`: the archive as an MCP server on stdin/stdout, for desktop assistants that start
 * it as a subprocess. stdout carries the protocol only; messages go to stderr. The MCP modules
 * are loaded when the command runs, so other commands do not pay for them.
 */
import type { Command } from 'commander';
import { connectArchive, resolveDbPath } from '../../store/open.js';
import { UsageError } from '../errors.js';

interface McpOptions {
  db?: string;
  baseUrl?: string;
}

/** --base-url: the web reader's address, for links in answers (http(s), no trailing slash kept). */
function resolveBaseUrl(option: string | undefined): string | null {
  const raw = option ?? process.env.GONGBAO_BASE_URL;
  if (!raw) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`--base-url must be an http(s) URL, got "${raw}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--base-url must be an http(s) URL, got "${raw}"`);
  return u.href.replace(/\/+$/, '');
}

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('serve the archive to AI assistants over MCP (Model Context Protocol) on stdin/stdout; read-only')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('--base-url <url>', "the web reader's address, for links to documents in answers (default: $GONGBAO_BASE_URL; none)")
    .action(async (opts: McpOptions) => {
      const baseUrl = resolveBaseUrl(opts.baseUrl);
      const archive = await connectArchive(resolveDbPath(opts.db), { mustExist: true });
      const [{ createMcpServer }, { StdioServerTransport }] = await Promise.all([
        import('../../mcp/server.js'),
        import('@modelcontextprotocol/sdk/server/stdio.js'),
      ]);
      const server = createMcpServer({ archive, baseUrl });
      const transport = new StdioServerTransport();
      let closing = false;
      const close = async () => {
        if (closing) return;
        closing = true;
        await server.close().catch(() => {});
        await archive.close();
        process.exit(0);
      };
      // The client ends the session by closing our stdin (or by a signal).
      process.stdin.once('end', close);
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await server.connect(transport);
    });
}
