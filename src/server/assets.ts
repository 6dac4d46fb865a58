/**
 * Static assets of the web reader: our CSS and scripts (src/server/static) and Cytoscape from
 * node_modules, all served from this server — no font, script or style comes from elsewhere.
 * Files are read once and served with an ETag; their URLs carry a content hash so browsers can
 * cache them for long.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** The package root: the nearest directory above this module holding package.json (works from src/ and dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'server', 'static'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the gongbao package root (src/server/static)');
    dir = up;
  }
}

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

function load(path: string): Asset {
  const body = readFileSync(path);
  const ext = path.slice(path.lastIndexOf('.') + 1);
  return { body, type: TYPES[ext] ?? 'application/octet-stream', etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` };
}

let assets: Map<string, Asset> | null = null;

function allAssets(): Map<string, Asset> {
  if (assets) return assets;
  const staticDir = join(packageRoot(), 'src', 'server', 'static');
  const require = createRequire(import.meta.url);
  const map = new Map<string, Asset>();
  for (const name of ['style.css', 'app.js', 'graph.js', 'favicon.svg']) map.set(name, load(join(staticDir, name)));
  map.set('cytoscape.min.js', load(require.resolve('cytoscape/dist/cytoscape.min.js')));
  assets = map;
  return map;
}

/** URL of an asset, with its content hash for cache busting. */
export function assetUrl(name: string): string {
  const a = allAssets().get(name);
  return `/static/${name}${a ? `?v=${a.etag.slice(1, 9)}` : ''}`;
}

export function registerAssets(app: FastifyInstance): void {
  const map = allAssets();
  app.get<{ Params: { name: string } }>('/static/:name', { schema: { hide: true } }, async (req, reply) => {
    const a = map.get(req.params.name);
    if (!a) return reply.callNotFound();
    reply.header('etag', a.etag);
    reply.header('cache-control', 'public, max-age=86400');
    if (req.headers['if-none-match'] === a.etag) return reply.code(304).send();
    return reply.type(a.type).send(a.body);
  });
  app.get('/favicon.ico', { schema: { hide: true } }, async (_req, reply) => {
    const a = map.get('favicon.svg')!;
    return reply.header('cache-control', 'public, max-age=86400').type(a.type).send(a.body);
  });
}
