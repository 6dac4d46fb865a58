/**
 * `gongbao mcp`: the archive as an MCP server on stdin/stdout, for desktop assistants that start
 * it as a subprocess. stdout carries the protocol only; messages go to stderr. The MCP modules
 * are loaded when the command runs, so other commands do not pay for them.
 */
import type { Command } from 'commander';
import type { Archive } from '../../store/archive.js';
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

/** The archive with a count of the calls still running, to wait for them before closing. */
function inFlight(archive: Archive): { archive: Archive; settled(): Promise<void> } {
  let pending = 0;
  const tracked = new Proxy(archive, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const out = value.apply(target, args);
        if (out instanceof Promise) {
          pending++;
          void out.finally(() => pending--).catch(() => {});
        }
        return out;
      };
    },
  });
  const settled = async () => {
    // An answer is written a few ticks after the archive's promise settles: let it go out.
    do await new Promise((r) => setTimeout(r, 20));
    while (pending > 0);
  };
  return { archive: tracked, settled };
}

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('serve the archive to AI assistants over MCP (Model Context Protocol) on stdin/stdout; read-only')
    .option('--db <file|url>', 'SQLite file or postgres:// URL (default: $GONGBAO_DB, else $DATABASE_URL if a postgres:// URL, else ./gongbao.db)')
    .option('--base-url <url>', "the web reader's address, for links to documents in answers (default: $GONGBAO_BASE_URL; none)")
    .action(async (opts: McpOptions) => {
      const baseUrl = resolveBaseUrl(opts.baseUrl);
      const { connectArchive, resolveDbPath } = await import('../../store/open.js');
      const archive = await connectArchive(resolveDbPath(opts.db), { mustExist: true });
      const [{ createMcpServer }, { StdioServerTransport }] = await Promise.all([
        import('../../mcp/server.js'),
        import('@modelcontextprotocol/sdk/server/stdio.js'),
      ]);
      const calls = inFlight(archive);
      const server = createMcpServer({ archive: calls.archive, baseUrl });
      const transport = new StdioServerTransport();
      let closing = false;
      const close = async () => {
        if (closing) return;
        closing = true;
        await server.close().catch(() => {});
        await archive.close();
        process.exit(0);
      };
      // The client ends the session by closing our stdin (or by a signal); requests it sent just
      // before (`… | gongbao mcp`) are answered first.
      process.stdin.once('end', () => void calls.settled().then(close));
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await server.connect(transport);
    });
}
