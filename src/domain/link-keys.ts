/**
 * Linking across the archive, the backend-neutral part: the keys documents are found by when
 * another document cites or repeals them. A citation names a document by its number (normalized,
 * 阳政发〔2020〕2号) or by its title in 《》, which may be
 * - the full title, issuer included: 《阳泉市人民政府关于印发…方案的通知》
 * - the title without its issuer: 《关于印发…方案的通知》
 * - the instrument a 印发/转发 notice issues: 《阳泉市…行动方案》 (an enclosure, or the title inside
 *   关于印发《…》的通知 / 关于印发…的通知).
 * Keys compare without whitespace, width, bracket and dash differences (compareKey).
 */
import type { OfficialDocument } from '../model.js';
import { compareKey } from '../core/text.js';

/** Key of a title for matching: compareKey without 《》 and surrounding quotes. */
export function titleKey(title: string): string {
  return compareKey(title).replace(/[《》〈〉"]/g, '');
}

const ISSUED_INNER = /关于(?:印发|转发|发布|颁布)(.+?)的(?:通知|决定|通告|公告|函)$/;

/** Every key a document can be cited by, longest first, without duplicates. */
export function titleKeysOf(doc: Pick<OfficialDocument, 'title' | 'enclosures'>): { key: string; kind: string }[] {
  const out = new Map<string, string>();
  const add = (t: string | null | undefined, kind: string) => {
    const k = t ? titleKey(t) : '';
    // Very short keys (《办法》) would link unrelated documents.
    if (k.length >= 4 && !out.has(k)) out.set(k, kind);
  };
  add(doc.title, 'title');
  const about = doc.title.indexOf('关于');
  if (about > 0) add(doc.title.slice(about), 'title_without_issuer');
  const inner = ISSUED_INNER.exec(titleKey(doc.title));
  if (inner) add(inner[1], 'issued_title');
  for (const e of doc.enclosures) add(e.title, 'enclosure');
  return [...out].map(([key, kind]) => ({ key, kind }));
}
