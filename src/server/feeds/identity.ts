/**
 * Stable identities of documents for Atom entry ids and iCalendar UIDs: the same document keeps
 * the same id when its issue is ingested again (row ids change then), and on any host.
 *
 * A document is known by its document number (normalized, 阳政发〔2020〕2号), which the issuing
 * body gives it once and for good. A document without one is known by its issue's masthead
 * (gazette title, year, number) and its index in that issue; an issue without a masthead by the
 * SHA-256 of its file. The archive's identity is the tag URI authority below (RFC 4151): fixed,
 * not the server's host name, so a feed moved to another address keeps its entry ids.
 */
import { createHash } from 'node:crypto';
import type { Archive, DocumentSummary, IssueSummary } from '../../store/archive.js';

/** The tagging entity of every id Gongbao mints (RFC 4151: authority and date). */
export const TAG_AUTHORITY = 'gongbao,2024';

/** What a document's key is made of. */
export interface DocumentIdentity {
  docNumber: string | null;
  index: number;
  issue: Pick<IssueSummary, 'title' | 'year' | 'number' | 'sha256'>;
}

/** The host-independent key of a document: `number:…`, `issue:…/index`, or `file:…/index`. */
export function documentKey(d: DocumentIdentity): string {
  if (d.docNumber) return numberKey(d.docNumber);
  const { title, year, number, sha256 } = d.issue;
  if (title && year !== null && number !== null) return `issue:${title}/${year}/${number}/${d.index}`;
  return `file:${sha256}/${d.index}`;
}

const numberKey = (docNumber: string): string => `number:${docNumber}`;

/** A tag URI (ASCII: the key percent-encoded), e.g. tag:gongbao,2024:document/number%3A… */
export function tagUri(kind: string, key: string): string {
  return `tag:${TAG_AUTHORITY}:${kind}/${encodeURIComponent(key)}`;
}

/** A short ASCII digest of a key, for iCalendar UIDs (which calendar programs compare as text). */
export function keyDigest(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

/**
 * Keys of documents known only by id (search hits, task records): a document's number answers
 * at once; the rest are looked up once per request (issues and documents, cached).
 */
export class DocumentKeys {
  private issues: Map<number, IssueSummary> | null = null;
  private readonly docs = new Map<number, DocumentSummary>();

  constructor(private readonly archive: Archive) {}

  async keyOf(doc: { id: number; docNumber: string | null; issueId?: number }): Promise<string> {
    if (doc.docNumber) return numberKey(doc.docNumber);
    const summary = await this.summary(doc.id, doc.issueId);
    if (!summary) return `document:${doc.id}`;
    const issue = (await this.issueMap()).get(summary.issueId);
    if (!issue) return `document:${doc.id}`;
    return documentKey({ docNumber: null, index: summary.index, issue });
  }

  /** The issue a document belongs to (for dates), loaded with the others on first use. */
  async issueOf(issueId: number): Promise<IssueSummary | null> {
    return (await this.issueMap()).get(issueId) ?? null;
  }

  private async issueMap(): Promise<Map<number, IssueSummary>> {
    if (!this.issues) {
      const all: IssueSummary[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await this.archive.listIssues({ limit: 500, offset });
        all.push(...page);
        if (page.length < 500) break;
      }
      this.issues = new Map(all.map((i) => [i.id, i]));
    }
    return this.issues;
  }

  private async summary(id: number, issueId?: number): Promise<DocumentSummary | null> {
    if (!this.docs.has(id)) {
      const found = issueId !== undefined ? null : await this.archive.getDocument(id);
      const inIssue = issueId ?? found?.issueId;
      if (inIssue === undefined) return null;
      for (const d of await this.archive.listDocuments({ issueId: inIssue })) this.docs.set(d.id, d);
    }
    return this.docs.get(id) ?? null;
  }
}
