/**
 * The original of an issue read from a PDF, and its pages as images: the evidence behind every
 * fact of such an issue is a page of the file the gazette office published.
 *
 *   /issues/:id/original.pdf          the file as ingested (open it at a page with #page=N)
 *   /issues/:id/pages/:page.png       page N rendered (poppler's pdftoppm), cached on disk
 *   /issues/:id/pages/:page           an HTML view of page N with lines highlighted (?doc=&from=&to=)
 *
 * Rendering needs poppler-utils on the server; without it the image routes answer 503 with the
 * package to install, and the PDF itself is still served.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Archive } from '../store/archive.js';
import { rasterizePage } from '../pdf/raster.js';
import { ToolMissingError } from '../pdf/exec.js';
import { HttpError, notFound } from './errors.js';
import { html } from './web/html.js';
import { page as layout } from './web/layout.js';
import { docHref, issueHref } from './web/parts.js';

/** Resolution of page images: A4 at 110 dpi is about 910 pixels wide, readable on a laptop. */
export const PAGE_IMAGE_DPI = 110;

export interface OriginalsOptions {
  archive: Archive;
  /** Where rendered pages and original files are cached (default: $XDG_CACHE_HOME/gongbao/pages). */
  cacheDir?: string;
}

export function defaultPageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'gongbao', 'pages');
}

const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647 }, page: { type: 'integer', minimum: 1, maximum: 100000 } },
  required: ['id'],
};

export function registerOriginals(app: FastifyInstance, opts: OriginalsOptions): void {
  const { archive } = opts;
  const cacheDir = opts.cacheDir ?? defaultPageCacheDir();

  const original = async (id: number) => {
    const o = await archive.getOriginal(id);
    if (!o) throw notFound('original file of this issue');
    return o;
  };

  app.get<{ Params: { id: number } }>('/issues/:id/original.pdf', { schema: { hide: true, params: idParams } }, async (req, reply) => {
    const o = await original(req.params.id);
    return reply
      .type(o.mediaType)
      .header('content-disposition', `inline; filename="issue-${req.params.id}.pdf"`)
      .header('cache-control', 'public, max-age=86400, immutable')
      .header('etag', `"${o.sha256}"`)
      .send(Buffer.from(o.bytes));
  });

  app.get<{ Params: { id: number; page: number } }>('/issues/:id/pages/:page.png', { schema: { hide: true, params: idParams } }, async (req, reply) => {
    const { id, page } = req.params;
    const o = await original(id);
    const file = join(cacheDir, `${o.sha256}-${page}-${PAGE_IMAGE_DPI}.png`);
    let png: Buffer;
    if (existsSync(file)) png = await readFile(file);
    else {
      const pdf = join(cacheDir, `${o.sha256}.pdf`);
      await mkdir(cacheDir, { recursive: true });
      if (!existsSync(pdf)) await writeAtomically(pdf, o.bytes);
      try {
        png = await rasterizePage(pdf, page, { dpi: PAGE_IMAGE_DPI, gray: false, format: 'png' });
      } catch (e) {
        if (e instanceof ToolMissingError) throw new HttpError(503, 'renderer_unavailable', e.message);
        throw notFound(`page ${page} of this issue`);
      }
      await writeAtomically(file, png).catch(() => {});
    }
    return reply.type('image/png').header('cache-control', 'public, max-age=86400').send(png);
  });

  app.get<{ Params: { id: number; page: number }; Querystring: { doc?: number; from?: number; to?: number } }>(
    '/issues/:id/pages/:page',
    {
      schema: {
        hide: true,
        params: idParams,
        querystring: {
          type: 'object',
          properties: { doc: { type: 'integer', minimum: 1 }, from: { type: 'integer', minimum: 1 }, to: { type: 'integer', minimum: 1 } },
          additionalProperties: false,
        },
      },
    },
    async (req, reply) => {
      const { id, page } = req.params;
      const issue = await archive.getIssue(id);
      if (!issue || !issue.hasOriginal) throw notFound('original file of this issue');
      const info = issue.pages.find((p) => p.page === page);
      if (!info) throw notFound(`page ${page} of this issue`);
      const { doc, from, to } = req.query;
      const lines = doc ? (await archive.documentLines(doc, from, to ?? from)).filter((l) => l.page === page && l.box) : [];
      const boxes = lines.map((l) => {
        const b = l.box!;
        const pct = (v: number, of: number) => `${((v / of) * 100).toFixed(2)}%`;
        return html`<a class="hl" href="${docHref(doc!, l.line)}" title="第${l.line}行" style="left:${pct(b.x0, info.width)};top:${pct(b.y0, info.height)};width:${pct(b.x1 - b.x0, info.width)};height:${pct(b.y1 - b.y0, info.height)}"></a>`;
      });
      const printed = info.printedPage !== null ? `（印刷页码第${info.printedPage}页）` : '';
      const body = html`<header class="doc-head"><h1>原件第${page}页${printed}</h1>
        <p class="doc-sub"><a href="${issueHref(id)}">${issue.title ?? '公报'}</a>
        ${page > 1 ? html` · <a href="/issues/${id}/pages/${page - 1}">上一页</a>` : ''}
        ${page < issue.pages.length ? html` · <a href="/issues/${id}/pages/${page + 1}">下一页</a>` : ''}
        · <a href="/issues/${id}/original.pdf#page=${page}">在PDF中打开</a>${info.origin === 'ocr' ? ' · 本页文字由OCR识别' : ''}</p></header>
        <figure class="page-image" style="aspect-ratio:${info.width} / ${info.height}">
          <img src="/issues/${id}/pages/${page}.png" alt="原件第${page}页的图像" width="${info.width}" height="${info.height}">
          ${boxes}
        </figure>`;
      return reply.type('text/html; charset=utf-8').send(layout({ title: `原件第${page}页`, body, breadcrumbs: [{ href: '/', label: '首页' }, { href: issueHref(id), label: issue.title ?? '公报' }, { label: `第${page}页` }] }));
    },
  );
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}
