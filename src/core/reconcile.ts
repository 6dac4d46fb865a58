/**
 * Reconciliation: match TOC entries to body documents — by document number when it is unique,
 * else by title — and report what does not agree: entries without a document, documents without
 * an entry, and titles that differ beyond layout (e.g. 等四人 in the TOC vs 等4人 in the body). A
 * document whose number could not be read takes its TOC entry's, with a warning.
 */
import type { OfficialDocument, TocEntry, Warning } from '../model.js';
import { compareKey } from './text.js';

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Dice similarity of character bigrams, 0..1. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const A = bigrams(a);
  const B = bigrams(b);
  let inter = 0;
  for (const [g, n] of A) inter += Math.min(n, B.get(g) ?? 0);
  const total = Math.max(1, a.length - 1 + b.length - 1);
  return (2 * inter) / total;
}

const MIN_TITLE_SIMILARITY = 0.75;

const YEAR_IN_NUMBER = /〔(\d{4})〕/;

/** Numbers that differ only in their year, where the TOC's year is the year of the document's date. */
function yearMisread(body: string, toc: string, date: string | null): boolean {
  const b = YEAR_IN_NUMBER.exec(body);
  const t = YEAR_IN_NUMBER.exec(toc);
  if (!b || !t || b[1] === t[1] || !date) return false;
  return body.replace(b[0], t[0]) === toc && date.startsWith(t[1]!);
}

export function reconcile(toc: TocEntry[], docs: OfficialDocument[]): Warning[] {
  const issueWarnings: Warning[] = [];
  const taken = new Set<number>();
  const byNumber = new Map<string, number[]>();
  docs.forEach((d, i) => {
    if (d.docNumber) byNumber.set(d.docNumber, [...(byNumber.get(d.docNumber) ?? []), i]);
  });
  for (const entry of toc) {
    let match: number | null = null;
    const sameNumber = entry.docNumber ? (byNumber.get(entry.docNumber) ?? []).filter((i) => !taken.has(i)) : [];
    if (sameNumber.length === 1) match = sameNumber[0]!;
    else {
      const key = compareKey(entry.title);
      let best = MIN_TITLE_SIMILARITY;
      const pool = sameNumber.length > 1 ? sameNumber : docs.map((_, i) => i).filter((i) => !taken.has(i));
      for (const i of pool) {
        const s = similarity(key, compareKey(docs[i]!.title));
        if (s > best) {
          best = s;
          match = i;
        }
      }
    }
    if (match === null) {
      issueWarnings.push({
        code: 'toc-entry-without-document',
        message: `TOC entry not found in the body: ${entry.title}${entry.docNumber ? `（${entry.docNumber}）` : ''}`,
        line: entry.line,
      });
      continue;
    }
    taken.add(match);
    entry.documentIndex = match;
    const doc = docs[match]!;
    doc.tocPage = entry.page;
    if (entry.section) doc.section = entry.section;
    if (compareKey(entry.title) !== compareKey(doc.title)) {
      doc.warnings.push({
        code: 'toc-title-mismatch',
        message: `title differs from the TOC: TOC「${entry.title}」, body「${doc.title}」`,
        line: doc.startLine,
      });
    }
    if (entry.docNumber && !doc.docNumber && doc.kind === 'document') {
      // The body's number could not be read (a scan, a damaged line): the TOC's, matched by title.
      doc.docNumber = entry.docNumber;
      doc.warnings = doc.warnings.filter((w) => w.code !== 'missing-doc-number');
      doc.warnings.push({ code: 'doc-number-from-toc', message: `number taken from the TOC: ${entry.docNumber}`, line: doc.docNumberLine ?? doc.startLine });
    } else if (entry.docNumber && doc.docNumber && yearMisread(doc.docNumber, entry.docNumber, doc.date)) {
      // The same number but for the year, and the TOC's year is the document's own: a digit of
      // the body's year misread (OCR reads 2021 as 2020).
      doc.warnings.push({ code: 'doc-number-from-toc', message: `year of the number taken from the TOC: ${doc.docNumber} → ${entry.docNumber}`, line: doc.docNumberLine ?? doc.startLine });
      doc.docNumber = entry.docNumber;
    } else if (entry.docNumber && doc.docNumber && entry.docNumber !== doc.docNumber) {
      doc.warnings.push({
        code: 'toc-number-mismatch',
        message: `number differs from the TOC: TOC ${entry.docNumber}, body ${doc.docNumber}`,
        line: doc.docNumberLine ?? doc.startLine,
      });
    }
  }
  if (toc.length) {
    docs.forEach((d, i) => {
      if (!taken.has(i) && d.kind === 'document') {
        d.warnings.push({ code: 'document-without-toc-entry', message: 'document not listed in the TOC', line: d.startLine });
      }
    });
  }
  return issueWarnings;
}
