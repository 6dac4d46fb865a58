/**
 * What a fixture PDF is made from: the text of an issue (fixtures/corpus/NAME.txt), where each
 * document starts and ends with its clean title and number (gold NAME.docs.tsv, else the project's
 * parser), and the masthead (gold NAME.issue.tsv, else the parser; null for a compilation without
 * a cover).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseIssue } from '../../src/parse.js';

export interface Masthead {
  title: string | null;
  year: number | null;
  number: number | null;
  totalNumber: number | null;
  /** ISO date */
  publishedOn: string | null;
  publisher: string | null;
  frequency: string | null;
}

export interface SourceDoc {
  /** 1-based lines of the text, enclosures and attachments included. */
  startLine: number;
  endLine: number;
  /** TOC heading with its brackets, e.g. 【人事任免】; null when unknown. */
  section: string | null;
  title: string;
  docNumber: string | null;
}

export interface SourceIssue {
  name: string;
  /** The lines of the text, index 0 = line 1. */
  lines: string[];
  masthead: Masthead | null;
  /** The romanised title line of the cover (YANGQUANSHI RENMIN ZHENGFU GONGBAO) when the text has one. */
  pinyin: string | null;
  docs: SourceDoc[];
  /** Where the documents' lines and titles come from: the gold docs.tsv, or the parser. */
  docsFrom: 'gold' | 'parser';
}

export interface SourcePaths {
  text: string;
  /** Gold docs.tsv; when missing, the parser finds the documents. */
  docs?: string | null;
  /** Gold issue.tsv; when missing, the parser reads the masthead. */
  masthead?: string | null;
}

export function loadIssue(name: string, paths: SourcePaths): SourceIssue {
  const raw = readFileSync(paths.text, 'utf8');
  const lines = raw.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  let parsed: ReturnType<typeof parseIssue> | null = null;
  const parsedIssue = () => (parsed ??= parseIssue(raw, { fileName: paths.text }));

  const docsFrom = paths.docs && existsSync(paths.docs) ? 'gold' : 'parser';
  const docs = docsFrom === 'gold' && paths.docs
    ? docsFromTsv(readTsv(paths.docs))
    : parsedIssue().documents.map((d) => ({
      startLine: d.startLine,
      endLine: d.endLine,
      section: d.section ? `【${d.section}】` : null,
      title: d.title,
      docNumber: d.docNumber,
    }));
  if (!docs.length) throw new Error(`${paths.text}: no document found`);
  for (const [i, d] of docs.entries()) {
    if (d.startLine < 1 || d.endLine > lines.length || d.endLine < d.startLine) {
      throw new Error(`${name}: document ${i + 1} has lines ${d.startLine}-${d.endLine} outside the text`);
    }
    if (i > 0 && d.startLine <= docs[i - 1].endLine) throw new Error(`${name}: documents ${i} and ${i + 1} overlap`);
  }

  const masthead = paths.masthead && existsSync(paths.masthead)
    ? mastheadFromTsv(readTsv(paths.masthead))
    : parsedIssue().issue;
  const frontMatter = lines.slice(0, docs[0].startLine - 1);
  const pinyin = frontMatter.map((l) => l.trim()).find((l) => /^[A-Z][A-Z ]{9,}$/.test(l)) ?? null;
  return { name, lines, masthead: masthead && hasTitleOrNumber(masthead) ? masthead : null, pinyin, docs, docsFrom };
}

function hasTitleOrNumber(m: Masthead): boolean {
  return Boolean(m.title) || m.number !== null;
}

type TsvRow = Record<string, string>;

function readTsv(path: string): TsvRow[] {
  const [header, ...rows] = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const names = header.split('\t');
  return rows.map((row) => {
    const cells = row.split('\t');
    return Object.fromEntries(names.map((n, i) => [n, (cells[i] ?? '').trim()]));
  });
}

function docsFromTsv(rows: TsvRow[]): SourceDoc[] {
  return rows.map((r) => ({
    startLine: Number(r.start_line),
    endLine: Number(r.end_line),
    section: r.section || null,
    title: r.title,
    docNumber: r.doc_number || null,
  }));
}

function mastheadFromTsv(rows: TsvRow[]): Masthead | null {
  const r = rows[0];
  if (!r) return null;
  const num = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : null);
  return {
    title: r.title || null,
    year: num(r.year),
    number: num(r.number),
    totalNumber: num(r.totalNumber),
    publishedOn: r.publishedOn || null,
    publisher: r.publisher || null,
    frequency: r.frequency || null,
  };
}
