/**
 * Read stage for PDF files: the text layer of every page as positioned text (pdfjs-dist).
 *
 * Only the text layer is read here; pages whose layer is missing or unusable are reported so the
 * caller can OCR them (see quality.ts and ocr.ts). Coordinates are converted to points with the
 * origin at the top-left of the page (types.ts), whatever the page's rotation or crop box.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../core/decode.js';
import { foldRadicals } from '../core/radicals.js';
import { dropJustificationSpaces } from '../layout/justified.js';
import type { PageText, PositionedText } from '../layout/positioned.js';

/** The first bytes of every PDF file (a few producers put junk before it: allow 1 KiB). */
export function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

export interface PdfTextLayer {
  pageCount: number;
  pages: PageText[];
  /** Document information (title, producer …) when the file has it. */
  info: Record<string, string>;
}

export interface ReadPdfOptions {
  /** Read no more than this many pages (default: all). */
  maxPages?: number;
}

// CJK fonts without embedded glyph-to-Unicode maps need Adobe's CMaps, which pdfjs ships.
const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));
const CMAP_URL = pathToFileURL(join(PDFJS_DIR, 'cmaps') + '/').href;
const FONT_URL = pathToFileURL(join(PDFJS_DIR, 'standard_fonts') + '/').href;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;
/** pdfjs is large: load it the first time a PDF is read, not when the CLI starts. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** pdfjs's messages for input it cannot read, as one line a user understands. */
function inputErrorOf(err: unknown): InputError {
  const e = err as { name?: string; message?: string };
  switch (e?.name) {
    case 'PasswordException':
      return new InputError('the PDF is encrypted with a password; decrypt it first (e.g. qpdf --decrypt --password=… in.pdf out.pdf)');
    case 'InvalidPDFException':
      return new InputError(`not a readable PDF file (${e.message ?? 'invalid structure'})`);
    case 'MissingPDFException':
    case 'UnexpectedResponseException':
      return new InputError(`cannot read the PDF file: ${e.message ?? ''}`.trim());
    default:
      return new InputError(`cannot read the PDF file: ${e?.message ?? String(err)}`);
  }
}

/** The text layer of a PDF file. Throws InputError for files pdfjs cannot open. */
export async function readPdfTextLayer(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<PdfTextLayer> {
  const { getDocument, Util } = await loadPdfJs();
  // pdfjs takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const task = getDocument({
    data: new Uint8Array(bytes),
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
    throw inputErrorOf(err);
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
    const last = Math.min(doc.numPages, options.maxPages ?? Infinity);
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
