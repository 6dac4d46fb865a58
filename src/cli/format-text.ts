import type { ParsedIssue } from '../model.js';

/** A readable summary: the masthead, then one line per document. */
export function formatIssueText(p: ParsedIssue): string {
  const out: string[] = [];
  const i = p.issue;
  out.push(
    i
      ? `${i.title ?? '(untitled)'} ${i.year ?? '?'}年第${i.number ?? '?'}期 (总第${i.totalNumber ?? '?'}期) ${i.publishedOn ?? ''}`.trim()
      : '(no masthead)',
  );
  out.push(`${p.documents.length} documents, ${p.toc.length} TOC entries, ${p.source.encoding}, ${p.source.lineCount} lines`);
  for (const d of p.documents) {
    const warn = d.warnings.length ? `  ⚠ ${d.warnings.map((w) => w.code).join(',')}` : '';
    out.push(
      `${(d.docNumber ?? '—').padEnd(18)} ${(d.date ?? '—').padEnd(10)} ${(d.docType ?? '—').padEnd(4)} ${d.title} [${d.startLine}-${d.endLine}]${warn}`,
    );
  }
  for (const w of p.warnings) out.push(`⚠ ${w.code} (line ${w.line ?? '-'}): ${w.message}`);
  return out.join('\n');
}
