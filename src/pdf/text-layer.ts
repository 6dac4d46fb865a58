/**
 * The text layer of a PDF through pdfjs-dist: every page's runs, positioned in points with the
 * origin at the top-left of the page (layout/positioned.ts), whatever the page's rotation or crop
 * box. Runs in the pdf.js thread (pdfjs-thread.ts); read.ts is what the rest of Gongbao calls.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { foldRadicals } from '../core/radicals.js';
import { dropJustificationSpaces } from '../layout/justified.js';
import type { PageText, PositionedText } from '../layout/positioned.js';

export interface PdfTextLayer {
  pageCount: number;
  pages: PageText[];
  /** Document information (title, producer …) when the file has it. */
  info: Record<string, string>;
}

// CJK fonts without embedded glyph-to-Unicode maps need Adobe's CMaps, which pdfjs ships.
const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));
const CMAP_URL = pathToFileURL(join(PDFJS_DIR, 'cmaps') + '/').href;
const FONT_URL = pathToFileURL(join(PDFJS_DIR, 'standard_fonts') + '/').href;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;
/**
 * pdf.js's API and its worker code (which pdf.js would import at the first document: on Node it
 * runs on the calling thread), loaded together so that everything they install is in place here.
 */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.worker.mjs').then(() => import('pdfjs-dist/legacy/build/pdf.mjs'));
  return pdfjs;
}

/**
 * The text layer of the file's first `maxPages` pages. pdf.js's own errors are thrown as they are
 * (read.ts turns them into one line a user understands).
 */
export async function readTextLayer(bytes: Uint8Array, maxPages = Infinity): Promise<PdfTextLayer> {
  const { getDocument, Util } = await loadPdfJs();
  // pdfjs takes ownership of (and detaches) the buffer it is given.
  const task = getDocument({
    data: bytes,
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    standardFontDataUrl: FONT_URL,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    throw err;
  }
  try {
    const info: Record<string, string> = {};
    try {
      const meta = await doc.getMetadata();
      for (const [k, v] of Object.entries((meta.info ?? {}) as Record<string, unknown>)) {
        if (typeof v === 'string' && v) info[k] = v;
      }
    } catch {
      // Metadata is a nicety; a broken info dictionary must not stop the text.
    }
    const last = Math.min(doc.numPages, maxPages);
    const pages: PageText[] = [];
    for (let n = 1; n <= last; n++) pages.push(await readPage(doc, n, Util));
    return { pageCount: doc.numPages, pages, info };
  } finally {
    await doc.destroy().catch(() => {});
  }
}

type PdfDoc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

async function readPage(doc: PdfDoc, n: number, Util: PdfJs['Util']): Promise<PageText> {
  let page;
  try {
    page = await doc.getPage(n);
  } catch {
    // A damaged page object: an empty page, so the others still read (the caller may OCR it).
    return { page: n, width: 595, height: 842, items: [], origin: 'text-layer' };
  }
  const viewport = page.getViewport({ scale: 1 });
  const items: PositionedText[] = [];
  try {
    const content = await page.getTextContent({ disableNormalization: false });
    for (const raw of content.items) {
      if (!('str' in raw) || !raw.str || !raw.str.trim()) continue;
      const item = positioned(foldRadicals(raw.str), raw.transform as number[], raw.width, viewport.transform, Util);
      if (item) items.push(item);
    }
  } catch {
    // Unreadable content stream: keep the page, without text.
  }
  page.cleanup();
  return { page: n, width: viewport.width, height: viewport.height, items, origin: 'text-layer' };
}

/** CJK fonts put the top of the em box at about 0.88 of the size above the baseline. */
const ASCENT = 0.88;

function positioned(
  text: string, transform: number[], width: number, viewport: number[], Util: PdfJs['Util'],
): PositionedText | null {
  const m = Util.transform(viewport, transform);
  const size = Math.hypot(m[2]!, m[3]!);
  if (!(size > 0) || !Number.isFinite(size)) return null;
  // Horizontal text only has b = c = 0 in viewport space; rotated runs keep their start point.
  const rotated = Math.abs(m[1]!) > 1e-3 || Math.abs(m[2]!) > 1e-3;
  const x = m[4]!;
  const baseline = m[5]!;
  const w = rotated ? size * [...text].length : Math.abs(width * Math.hypot(viewport[0]!, viewport[1]!));
  const spaced = rotated ? text : dropJustificationSpaces(text, w, size);
  return { text: spaced, x, y: baseline - size * ASCENT, width: w, height: size, size, bold: false, confidence: null };
}
