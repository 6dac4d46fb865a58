/**
 * What a search asks and what it answers: the options, hits and facets the search engine
 * (src/search/engine.ts) works with and every backend's `Archive.search` returns.
 */
import type { IsoDate, LineNo } from '../model.js';
import type { ValidityStatus } from './validity.js';

/**
 * Orders of search results: relevance (score, ties to the newer document), newest or oldest
 * first by document date (成文日期; documents without one last, ties by score).
 */
export const SEARCH_SORTS = ['relevance', 'newest', 'oldest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface SearchOptions {
  limit?: number;
  offset?: number;
  /** Default 'relevance'. */
  sort?: SearchSort;
  /** Filters (ANDed with the field filters of the query text). */
  type?: string;
  issuer?: string;
  section?: string;
  from?: IsoDate;
  to?: IsoDate;
  status?: ValidityStatus;
  /** Date for the status filter and facet; today by default. */
  asOf?: IsoDate;
  /** Compute facet counts (type, issuer, year) over all matching documents. Default true. */
  facets?: boolean;
  /** Compute snippets for the returned hits. Default true. */
  snippets?: boolean;
}

export interface SearchHit {
  id: number;
  docNumber: string | null;
  title: string;
  date: IsoDate | null;
  docType: string | null;
  issuers: string[];
  issueId: number;
  issueTitle: string | null;
  sourcePath: string;
  startLine: LineNo;
  endLine: LineNo;
  score: number;
  /** Line of the first hit in the body (the title line when only the title matched). */
  line: LineNo;
  /** Text around the first hit, one line or part of one. */
  snippet: string;
  /** [start, end) UTF-16 offsets of the hits inside `snippet`. */
  highlights: [number, number][];
  /** Why it ranked where it did. */
  titleMatch: boolean;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface SearchResult {
  query: string;
  total: number;
  hits: SearchHit[];
  /** Counts over every match: 文种, issuer, year, and validity status at asOf. */
  facets: { type: FacetCount[]; issuer: FacetCount[]; year: FacetCount[]; status: FacetCount[] } | null;
  tookMs: number;
}
