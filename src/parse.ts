/**
 * The one entry point of the core: a gazette issue file → ParsedIssue.
 *
 *   decode → normalize → segment → parse → extract → link
 *
 * Every stage is a pure function of data; line numbers of the input file are carried through so
 * each fact points at its evidence.
 */
import type { OfficialDocument, PageInfo, ParsedIssue, SourceLine, Warning } from './model.js';
import { decode, InputError } from './core/decode.js';
import { toSourceLines } from './core/lines.js';
import { parseMasthead } from './core/masthead.js';
import { findTocStart, parseToc, sectionOf } from './core/toc.js';
import { segmentItems, titleText, type ItemSpan } from './core/segment.js';
import { docTypeOfTitle } from './core/doctype.js';
import {
  attachmentsOf, enclosuresOf, issuersOf, orderOf, publicityOf, recipientsOf, signatureOf,
} from './core/metadata.js';
import { parseOutline } from './core/outline.js';
import { reconcile } from './core/reconcile.js';
import { paginate } from './core/pages.js';
import { compareKey } from './core/text.js';
import { extractAll, agenciesOfIssue, emptyValidity } from './extract/index.js';
import type { LearnedAgencies } from './extract/agencies.js';
import { findEnclosures } from './extract/citations.js';
import { DocumentText } from './text/index.js';
import { linkWithinIssue } from './link-within-issue.js';
import { PARSER_VERSION } from './version.js';
import { regionOfIssue } from './core/region.js';
import { createHash } from 'node:crypto';
import { isPdf } from './pdf/sniff.js';
import type { PdfReadOptions } from './pdf/input.js';

export { InputError } from './core/decode.js';
export { PARSER_VERSION } from './version.js';

export interface ParseOptions {
  fileName?: string;
}

export interface ParseFileOptions extends ParseOptions, PdfReadOptions {}

/**
 * Any input file → ParsedIssue: a PDF (text layer, OCR where needed, layout reconstruction) or
 * text in any common encoding.
 */
export async function parseFile(bytes: Uint8Array, options: ParseFileOptions = {}): Promise<ParsedIssue> {
  return (await parseFileWithLines(bytes, options)).parsed;
}

/** parseFile, also giving the lines it parsed (a PDF's lines are the layout stage's reconstruction). */
export async function parseFileWithLines(bytes: Uint8Array, options: ParseFileOptions = {}): Promise<ParsedIssueWithLines> {
  if (!isPdf(bytes)) {
    // A file named .pdf that is something else (an HTML error page saved by a download script).
    if (/\.pdf$/i.test(options.fileName ?? '')) throw new InputError(`${options.fileName} is not a PDF file (${whatItLooksLike(bytes)})`);
    return parseIssueWithLines(bytes, options);
  }
  if (bytes.length > MAX_INPUT_BYTES) throw new InputError(`input is larger than ${MAX_INPUT_BYTES} bytes`);
  // The PDF path (pdf.js, OCR, layout) is loaded when a PDF comes: a text issue does not pay for it.
  const [{ readPdfPages }, { sourceLinesOfLayout }, { layoutPages }] = await Promise.all([
    import('./pdf/input.js'), import('./pdf/lines.js'), import('./layout/index.js'),
  ]);
  const read = await readPdfPages(bytes, options);
  const { lines, pages } = sourceLinesOfLayout(layoutPages(read.pages));
  const source: ParsedIssue['source'] = {
    format: 'pdf',
    fileName: options.fileName ?? null,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    encoding: 'pdf',
    lineEnding: 'none',
    lineCount: lines.length,
    pageCount: read.pageCount,
    ocrPages: read.ocrPages,
  };
  return { parsed: parseLines(lines, source, read.warnings, pages), lines };
}

/** Inputs larger than this are refused with a clear message rather than exhausting memory. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

/** A parse result and the source lines it was parsed from (what the archive stores beside it). */
export interface ParsedIssueWithLines {
  parsed: ParsedIssue;
  lines: SourceLine[];
}

function whatItLooksLike(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'it looks like an HTML page';
  if (!bytes.length) return 'it is empty';
  return 'no %PDF- header';
}

/** A text file → ParsedIssue (synchronous; `parseFile` also takes PDFs). */
export function parseIssue(input: Uint8Array | string, options: ParseOptions = {}): ParsedIssue {
  return parseIssueWithLines(input, options).parsed;
}

/** parseIssue, also giving the decoded and cleaned lines: ingest needs both, and cleans each line once. */
export function parseIssueWithLines(input: Uint8Array | string, options: ParseOptions = {}): ParsedIssueWithLines {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  if (typeof input !== 'string' && isPdf(bytes)) throw new InputError('PDF input is read by parseFile (asynchronous), not parseIssue');
  if (bytes.length > MAX_INPUT_BYTES) throw new InputError(`input is larger than ${MAX_INPUT_BYTES} bytes`);
  const decoded = decode(bytes);
  // Without a CR (line ending lf or none) the lines were split at \n alone, each ended by \n in the
  // text: they are cleaned by searching it.
  const splitAtLf = decoded.lineEnding === 'lf' || decoded.lineEnding === 'none';
  const lines = toSourceLines(decoded.lines, splitAtLf ? decoded.text : undefined);
  const source: ParsedIssue['source'] = {
    format: 'text',
    fileName: options.fileName ?? null,
    sha256: decoded.sha256,
    bytes: decoded.bytes,
    encoding: decoded.encoding,
    lineEnding: decoded.lineEnding,
    lineCount: lines.length,
    pageCount: null,
    ocrPages: [],
  };
  return { parsed: parseLines(lines, source, decoded.warnings), lines };
}

/**
 * The core after reading: lines (of a text file, or reconstructed from a PDF's pages) → ParsedIssue.
 * `pages` describes the PDF's pages (empty for text); lines then carry their page.
 */
export function parseLines(lines: SourceLine[], source: ParsedIssue['source'], readWarnings: Warning[], pages: PageInfo[] = []): ParsedIssue {
  const warnings: Warning[] = [...readWarnings];
  const texts = new TextsOfLines(lines);
  let spans = segmentItems(lines, 1);
  spans = mergeForwardedDocuments(texts, spans);
  const bodyStart = spans[0]?.startLine ?? lines.length + 1;
  const issue = parseMasthead(lines, bodyStart - 1);
  const tocStart = findTocStart(lines, bodyStart - 1);
  const toc = tocStart !== null ? parseToc(lines, tocStart, bodyStart - 1) : [];

  const documents = spans.map((span, index) => parseItem(texts, span, index));
  assignBodySections(lines, documents);
  warnings.push(...reconcile(toc, documents));
  warnings.push(...paginate(documents, lines, pages, toc.length > 0));
  flagDuplicateNumbers(documents);
  if (!documents.length) {
    warnings.push({ code: 'no-documents', message: 'no official document found in the input', line: null });
  }

  const agencies = agenciesOfIssue(lines);
  // Each document is extracted against the issue's table alone; what it learns is merged after,
  // in document order, so the results do not depend on the order of extraction.
  const learned: LearnedAgencies[] = [];
  for (const doc of documents) {
    const ctx = {
      lines: lines.slice(doc.startLine - 1, doc.endLine),
      title: doc.title,
      docNumber: doc.docNumber,
      date: doc.date,
      issueYear: issue?.year ?? null,
    };
    const x = extractAll(ctx, agencies, texts.take(doc.startLine, doc.endLine) ?? new DocumentText(ctx.lines));
    doc.appointments = x.appointments;
    doc.appointmentBasis = x.appointmentBasis;
    doc.rosters = x.rosters;
    doc.tasks = x.tasks;
    doc.citations = x.citations;
    doc.validity = x.validity;
    doc.warnings.push(...x.warnings);
    learned.push(x.agencies.learned());
  }
  for (const l of learned) agencies.merge(l);
  linkWithinIssue(documents);
  return {
    parserVersion: PARSER_VERSION,
    source,
    issue,
    toc,
    documents,
    region: regionOfIssue(issue, agencies.cityNames()),
    agencies: agencies.list(),
    pages,
    warnings,
  };
}

function parseItem(texts: TextsOfLines, span: ItemSpan, index: number): OfficialDocument {
  const lines = texts.lines;
  const itemLines = lines.slice(span.startLine - 1, span.endLine);
  const headerEnd = Math.max(span.numberLine?.line ?? 0, span.titleLines[span.titleLines.length - 1]!.line);
  // An order (国务院令 第N号) is titled by the instrument it promulgates and issued by its body.
  const order = orderOf(span, itemLines, headerEnd);
  const title = order?.instrument ?? titleText(span);
  const warnings: Warning[] = [];
  const { recipients } = recipientsOf(itemLines, headerEnd);
  const sig = signatureOf(itemLines, headerEnd);
  const issuers = order ? [order.issuer] : issuersOf(span.titleLines, title);
  if (!issuers.length && sig.signedBy) issuers.push(sig.signedBy);
  const issuing = !order && /印发|转发|发布|颁发/.test(title);
  const firstNotice = publicityOf(itemLines);
  const noticeEnd = sig.dateLine ?? firstNotice.line ?? Math.min(span.endLine, headerEnd + 12);
  const enclosureTitles = order?.instrument ? [order.instrument] : issuing ? issuedBy(texts, headerEnd + 1, noticeEnd, title) : [];
  const enclosures = enclosuresOf(itemLines, enclosureTitles, noticeEnd);
  // The 附注 of an enclosed or forwarded document is not the notice's own: the first note counts
  // only when it stands before the first enclosure (the lines are not read again to know it).
  const publicity = enclosures.length ? noteBefore(firstNotice, Math.min(...enclosures.map((e) => e.startLine))) : firstNotice;
  const docType = span.kind === 'chronicle' ? '大事记' : order ? '令' : docTypeOfTitle(title);
  if (span.kind === 'document') {
    if (!span.number) warnings.push({ code: 'missing-doc-number', message: 'no document number printed', line: span.startLine });
    if (!sig.date) warnings.push({ code: 'missing-date', message: 'no date (成文日期) found', line: span.startLine });
    if (!docType) warnings.push({ code: 'unknown-doc-type', message: `document kind not recognised in title: ${title}`, line: span.startLine });
  }
  return {
    index,
    kind: span.kind,
    startLine: span.startLine,
    endLine: span.endLine,
    section: null,
    title,
    issuers,
    docNumber: span.number?.normalized ?? null,
    docNumberRaw: span.number ? span.number.raw.trim() : null,
    docNumberLine: span.numberLine?.line ?? null,
    docType,
    recipients,
    signedBy: sig.signedBy,
    date: sig.date,
    publicity: publicity.text,
    attachments: attachmentsOf(itemLines),
    enclosures,
    tocPage: null,
    pages: null,
    // The lines after the header: line n is lines[n - 1], so they are a slice of the item's.
    outline: parseOutline(itemLines.slice(Math.max(0, headerEnd - span.startLine + 1))),
    appointments: [],
    appointmentBasis: null,
    rosters: [],
    tasks: [],
    citations: [],
    validity: emptyValidity(),
    warnings,
  };
}

/** publicityOf(lines, before) from publicityOf(lines): the first note, if it stands before line `before`. */
function noteBefore(first: { text: string | null; line: number | null }, before: number): { text: string | null; line: number | null } {
  return first.line !== null && first.line < before ? first : { text: null, line: null };
}

/**
 * The text layers of ranges of an issue's lines, kept from the metadata stage (issuedBy reads the
 * whole of a 印发/转发 notice when it decides whether the next span is the document it forwards)
 * to extraction, which reads the same lines: the joined text and its references are built once.
 */
class TextsOfLines {
  private readonly kept = new Map<string, DocumentText>();
  constructor(readonly lines: SourceLine[]) {}

  /** The text layer of lines from..to (numbers of the input file), kept for `take`. */
  of(from: number, to: number): DocumentText {
    const key = `${from}:${to}`;
    let text = this.kept.get(key);
    if (!text) {
      text = new DocumentText(this.lines.slice(Math.max(0, from - 1), Math.max(from - 1, to)));
      this.kept.set(key, text);
    }
    return text;
  }

  /** The text layer of lines from..to if one was built, forgotten here (each document is extracted once). */
  take(from: number, to: number): DocumentText | undefined {
    const key = `${from}:${to}`;
    const text = this.kept.get(key);
    this.kept.delete(key);
    return text;
  }
}

/** Titles of the instruments a notice issues, from its 印发/转发 sentence in lines from..to and its title. */
function issuedBy(texts: TextsOfLines, from: number, to: number, title: string): string[] {
  const text = texts.of(from, to);
  const titles = findEnclosures({ lines: text.lines, title, docNumber: null, date: null, issueYear: null }, text).map((e) => e.title);
  // The title may name several instruments at once (…实施意见和若干措施): keep the separate ones.
  // Only a title that joins another with a conjunction is such a combination — 《…办法》 and
  // 《…办法实施细则》 are two instruments.
  const keys = titles.map(compareKey);
  const joins = (whole: string, part: string) => {
    const at = whole.indexOf(part);
    return at >= 0 && /^(?:和|及|与|、|以及)/.test(whole.slice(at + part.length));
  };
  return titles.filter((_, i) => !keys.some((k, j) => j !== i && k.length < keys[i]!.length && joins(keys[i]!, k)));
}

/**
 * A 转发/印发 notice followed by the forwarded document printed with its own title and number is
 * one document: fold the second span into the first when its title is the one the notice issues.
 */
const NOT_BLANK = /\S/;

function mergeForwardedDocuments(texts: TextsOfLines, spans: ItemSpan[]): ItemSpan[] {
  const out: ItemSpan[] = [];
  for (const span of spans) {
    const prev = out[out.length - 1];
    if (prev && /印发|转发/.test(titleText(prev))) {
      // Blank lines add nothing to the joined text: without the ones before this span, the range
      // read is the previous document's own, whose text layer extraction then reuses.
      let to = span.startLine - 1;
      while (to > prev.startLine && !NOT_BLANK.test(texts.lines[to - 1]!.text)) to--;
      const issued = issuedBy(texts, prev.startLine, to, titleText(prev)).map(compareKey);
      const own = compareKey(titleText(span));
      if (issued.some((t) => t === own || (t.length > 8 && own.endsWith(t)))) {
        prev.endLine = span.endLine;
        continue;
      }
    }
    out.push(span);
  }
  return out;
}

/** Section headings printed in the body (【…】 between documents) apply to the documents below. */
function assignBodySections(lines: SourceLine[], docs: OfficialDocument[]): void {
  let current: string | null = null;
  let prevEnd = 0;
  for (const doc of docs) {
    for (let n = prevEnd + 1; n < doc.startLine; n++) {
      const s = sectionOf(lines[n - 1]!.text);
      if (s) current = s;
    }
    doc.section = current;
    prevEnd = doc.endLine;
  }
}

function flagDuplicateNumbers(docs: OfficialDocument[]): void {
  const seen = new Map<string, OfficialDocument>();
  for (const d of docs) {
    if (!d.docNumber) continue;
    const first = seen.get(d.docNumber);
    if (first) {
      const message = `document number ${d.docNumber} is printed on two documents (lines ${first.startLine} and ${d.startLine})`;
      d.warnings.push({ code: 'duplicate-doc-number', message, line: d.docNumberLine });
      first.warnings.push({ code: 'duplicate-doc-number', message, line: first.docNumberLine });
    } else seen.set(d.docNumber, d);
  }
}
