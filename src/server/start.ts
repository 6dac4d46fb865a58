/** Starting and stopping the server for the `serve` and `demo` commands. */
import type { FastifyInstance } from 'fastify';
import type { Archive } from '../store/archive.js';
import { buildServer } from './app.js';

export const DEFAULT_PORT = 8080;

/** The port from --port, else PORT, else 8080; a clear error for anything else. */
export function resolvePort(option: string | undefined, env = process.env.PORT): number {
  const raw = option ?? (env ? env : undefined) ?? String(DEFAULT_PORT);
  if (!/^\d{1,5}$/.test(raw.trim()) || Number(raw) > 65535) throw new Error(`invalid port "${raw}" (0–65535)`);
  return Number(raw);
}

export interface Started {
  app: FastifyInstance;
  /** The address to print: http://localhost:PORT/ for a loopback host. */
  url: string;
  port: number;
}

/** GONGBAO_BASE_URL: where the server is reached from outside (links in downloads); checked here so a typo fails at start. */
export function resolveBaseUrl(env = process.env.GONGBAO_BASE_URL): string | undefined {
  if (!env) return undefined;
  let u: URL;
  try {
    u = new URL(env);
  } catch {
    throw new Error(`GONGBAO_BASE_URL "${env}" is not a URL (e.g. https://gongbao.example.org)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`GONGBAO_BASE_URL "${env}" must be an http:// or https:// URL`);
  return u.href.replace(/\/+$/, '');
}

export async function startServer(opts: { archive: Archive; port: number; host: string; token?: string | undefined; logger?: boolean }): Promise<Started> {
  const baseUrl = resolveBaseUrl();
  // Documents left unindexed by an interrupted ingest would otherwise be scanned on every search.
  await opts.archive.flushIndex();
  const app = await buildServer({ archive: opts.archive, token: opts.token, logger: opts.logger ?? false, baseUrl });
  try {
    await app.listen({ port: opts.port, host: opts.host });
  } catch (e) {
    await app.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${opts.port} is already in use (set PORT or --port to another one)`);
    if (code === 'EACCES') throw new Error(`no permission to listen on port ${opts.port}`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new Error(`cannot listen on host ${opts.host}`);
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const loopback = opts.host === '127.0.0.1' || opts.host === 'localhost' || opts.host === '::1';
  const shown = loopback ? 'localhost' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return { app, port, url: `http://${shown}:${port}/` };
}

/** Close the server and the archive on Ctrl-C / SIGTERM. */
export function closeOnSignals(app: FastifyInstance, archive: Archive): void {
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    try {
      await app.close();
    } finally {
      await archive.close();
      process.exit(0);
    }
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
}
