/**
 * Scores `parse` against the gold documents and mastheads: segmentation F1 (IoU ≥ 0.5), then
 * field accuracy over matched documents, attachment recall, and masthead fields.
 */
import type { OfficialDocument, ParsedIssue } from '../src/model.js';
import { compareKey, squash } from '../src/core/text.js';
import { normalizeDocNumber } from '../src/core/docnumber.js';
import { similarity } from '../src/core/reconcile.js';
import type { Prf, Row } from './gold.js';

export const DOC_FIELDS = ['docNumber', 'docType', 'date', 'publicity', 'issuer', 'title', 'tocPage', 'section'] as const;
export type DocField = (typeof DOC_FIELDS)[number];

export interface DocScore {
  segmentation: Prf;
  fields: Record<DocField, { right: number; total: number }>;
  attachments: { found: number; total: number };
  issue: { right: number; total: number };
  errors: string[];
}

export function emptyDocScore(): DocScore {
  return {
    segmentation: { tp: 0, fp: 0, fn: 0 },
    fields: Object.fromEntries(DOC_FIELDS.map((f) => [f, { right: 0, total: 0 }])) as DocScore['fields'],
    attachments: { found: 0, total: 0 },
    issue: { right: 0, total: 0 },
    errors: [],
  };
}

export function addDocScore(into: DocScore, s: DocScore): void {
  into.segmentation.tp += s.segmentation.tp;
  into.segmentation.fp += s.segmentation.fp;
  into.segmentation.fn += s.segmentation.fn;
  for (const f of DOC_FIELDS) {
    into.fields[f].right += s.fields[f].right;
    into.fields[f].total += s.fields[f].total;
  }
  into.attachments.found += s.attachments.found;
  into.attachments.total += s.attachments.total;
  into.issue.right += s.issue.right;
  into.issue.total += s.issue.total;
  into.errors.push(...s.errors);
}

function iou(a: [number, number], b: [number, number]): number {
  const inter = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]) + 1);
  const union = Math.max(a[1], b[1]) - Math.min(a[0], b[0]) + 1;
  return inter / union;
}

/**
 * Match gold rows to predicted documents one-to-one by content, for inputs whose line numbers are
 * not the gold's (a PDF's lines are the layout stage's own): the same document number where it
 * is unique, else the most similar title (similarity ≥ 0.8).
 */
export function matchDocumentsByContent(gold: Row[], docs: OfficialDocument[]): Map<Row, OfficialDocument> {
  const out = new Map<Row, OfficialDocument>();
  const used = new Set<OfficialDocument>();
  const numberOf = (g: Row) => (g.doc_number ? (normalizeDocNumber(g.doc_number) ?? squash(g.doc_number)) : null);
  const count = <T>(xs: T[], x: T) => xs.filter((y) => y === x).length;
  const goldNumbers = gold.map(numberOf);
  const docNumbers = docs.map((d) => d.docNumber);
  for (const g of gold) {
    const n = numberOf(g);
    if (!n || count(goldNumbers, n) !== 1 || count(docNumbers, n) !== 1) continue;
    const d = docs.find((x) => x.docNumber === n)!;
    out.set(g, d);
    used.add(d);
  }
  const pairs: Array<{ g: Row; d: OfficialDocument; v: number }> = [];
  for (const g of gold) {
    if (out.has(g)) continue;
    for (const d of docs) {
      if (used.has(d)) continue;
      const v = similarity(strip(g.title), strip(d.title));
      if (v >= 0.8) pairs.push({ g, d, v });
    }
  }
  pairs.sort((a, b) => b.v - a.v);
  for (const p of pairs) {
    if (out.has(p.g) || used.has(p.d)) continue;
    out.set(p.g, p.d);
    used.add(p.d);
  }
  return out;
}

/** Match gold rows to predicted documents one-to-one by best IoU ≥ 0.5. */
export function matchDocuments(gold: Row[], docs: OfficialDocument[]): Map<Row, OfficialDocument> {
  const pairs: Array<{ g: Row; d: OfficialDocument; v: number }> = [];
  for (const g of gold) {
    for (const d of docs) {
      const v = iou([Number(g.start_line), Number(g.end_line)], [d.startLine, d.endLine]);
      if (v >= 0.5) pairs.push({ g, d, v });
    }
  }
  pairs.sort((a, b) => b.v - a.v);
  const out = new Map<Row, OfficialDocument>();
  const used = new Set<OfficialDocument>();
  for (const p of pairs) {
    if (out.has(p.g) || used.has(p.d)) continue;
    out.set(p.g, p.d);
    used.add(p.d);
  }
  return out;
}

const strip = (s: string | null | undefined) => compareKey(s ?? '').replace(/^\[|\]$/g, '');

function fieldValues(g: Row, d: OfficialDocument): Record<DocField, [string, string]> {
  const goldNumber = g.doc_number ? (normalizeDocNumber(g.doc_number) ?? squash(g.doc_number)) : '';
  return {
    docNumber: [goldNumber, d.docNumber ?? ''],
    docType: [g.doc_type ?? '', d.docType ?? ''],
    date: [g.date ?? '', d.date ?? ''],
    publicity: [strip(g.public_note), strip(d.publicity)],
    issuer: [strip(g.issuer), strip(d.issuers.join('、'))],
    title: [strip(g.title), strip(d.title)],
    tocPage: [g.toc_page ?? '', d.tocPage === null ? '' : String(d.tocPage)],
    section: [strip(g.section), strip(d.section)],
  };
}

export interface ScoreOptions {
  /** How gold rows find their documents (default: by line range, IoU ≥ 0.5). */
  match?: (gold: Row[], docs: OfficialDocument[]) => Map<Row, OfficialDocument>;
  /** The gold page of a document where it differs from docs.tsv (a PDF rendering), by start_line. */
  tocPages?: Map<string, string>;
  /**
   * Score only these gold documents (by start_line): a rendering that holds part of the issue (a
   * scan of its first pages). Documents matching another gold document are not counted as extra.
   */
  held?: Set<string>;
}

export function scoreDocuments(name: string, parsed: ParsedIssue, gold: Row[], issueGold: Row | undefined, options: ScoreOptions = {}): DocScore {
  const s = emptyDocScore();
  const matched = (options.match ?? matchDocuments)(gold, parsed.documents);
  const scored = options.held ? gold.filter((g) => options.held!.has(g.start_line!)) : gold;
  const found = scored.filter((g) => matched.has(g)).length;
  s.segmentation.tp = found;
  s.segmentation.fn = scored.length - found;
  s.segmentation.fp = parsed.documents.length - matched.size;
  for (const g of scored) {
    const d = matched.get(g);
    if (!d) {
      s.errors.push(`${name}: missed document ${g.start_line}-${g.end_line} ${g.title}`);
      continue;
    }
    const values = fieldValues(g, d);
    const page = options.tocPages?.get(g.start_line ?? '');
    if (page !== undefined) values.tocPage[0] = page;
    for (const f of DOC_FIELDS) {
      const [want, got] = values[f];
      s.fields[f].total++;
      if (want === got) s.fields[f].right++;
      else s.errors.push(`${name}:${g.start_line} ${f}: want「${want}」got「${got}」`);
    }
    const predicted = new Set(d.attachments.map((a) => compareKey(a.title)));
    for (const a of (g.attachments ?? '').split(';').filter(Boolean)) {
      s.attachments.total++;
      if (predicted.has(compareKey(a))) s.attachments.found++;
      else s.errors.push(`${name}:${g.start_line} attachment missed「${a}」 (have: ${d.attachments.map((x) => x.title).join(' | ')})`);
    }
  }
  for (const d of parsed.documents) {
    if (![...matched.values()].includes(d)) s.errors.push(`${name}: extra item ${d.startLine}-${d.endLine} ${d.title}`);
  }
  if (issueGold) {
    const i = parsed.issue;
    const checks: Array<[string, string, string]> = [
      ['title', issueGold.title ?? '', i?.title ?? ''],
      ['year', issueGold.year ?? '', String(i?.year ?? '')],
      ['number', issueGold.number ?? '', String(i?.number ?? '')],
      ['totalNumber', issueGold.totalNumber ?? '', String(i?.totalNumber ?? '')],
      ['publishedOn', issueGold.publishedOn ?? '', i?.publishedOn ?? ''],
      ['publisher', issueGold.publisher ?? '', i?.publisher ?? ''],
      ['frequency', issueGold.frequency ?? '', i?.frequency ?? ''],
    ];
    for (const [field, want, got] of checks) {
      s.issue.total++;
      if (squash(want) === squash(got)) s.issue.right++;
      else s.errors.push(`${name}: issue ${field}: want「${want}」got「${got}」`);
    }
  }
  return s;
}
