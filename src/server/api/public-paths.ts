/**
 * Where the archive's files are on the server's disk is none of a client's business: answers of
 * the API name a stored file by its file name (`2020-01.txt`; uploads keep `upload:<name>`), while
 * the archive keeps the full path for the operator (`gongbao` CLI output).
 */
import type { DocumentDetail, DocumentSummary, IngestResult, IssueDetail, IssueSummary } from '../../store/archive.js';
import type { SearchResult } from '../../domain/search.js';

/** The last part of a path (either kind of separator); `upload:<name>` as it is. */
export function publicPath(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export const publicIssue = <T extends IssueSummary>(issue: T): T => ({ ...issue, sourcePath: publicPath(issue.sourcePath) });

export const publicIssueDetail = (issue: IssueDetail): IssueDetail => ({ ...publicIssue(issue), documents: issue.documents.map(publicDocument) });

export const publicDocument = <T extends DocumentSummary>(doc: T): T => ({ ...doc, sourcePath: publicPath(doc.sourcePath) });

export const publicDocumentDetail = (doc: DocumentDetail): DocumentDetail => ({ ...publicDocument(doc), issue: publicIssue(doc.issue) });

export const publicSearch = (result: SearchResult): SearchResult => ({
  ...result,
  hits: result.hits.map((h) => ({ ...h, sourcePath: publicPath(h.sourcePath) })),
});

export function publicIngestResult(result: IngestResult): IngestResult {
  return result.duplicateOf === undefined ? result : { ...result, duplicateOf: publicPath(result.duplicateOf) };
}
