/**
 * Stage 6 — link: resolve citations to other documents of the same issue, by document number
 * first and by title (the document's own title or the title of an instrument it issues) second.
 */
import type { OfficialDocument } from './model.js';
import { compareKey } from './core/text.js';

export function linkWithinIssue(docs: OfficialDocument[]): void {
  const byNumber = new Map<string, number>();
  const byTitle = new Map<string, number>();
  for (const d of docs) {
    if (d.docNumber && !byNumber.has(d.docNumber)) byNumber.set(d.docNumber, d.index);
    byTitle.set(compareKey(d.title), d.index);
    for (const e of d.enclosures) byTitle.set(compareKey(e.title), d.index);
  }
  for (const d of docs) {
    for (const c of d.citations) {
      const hit =
        (c.docNumber ? byNumber.get(c.docNumber) : undefined) ?? (c.title ? byTitle.get(compareKey(c.title)) : undefined);
      c.resolvedIndex = hit !== undefined && hit !== d.index ? hit : null;
    }
  }
}
