/** Search for the API and the pages: query syntax errors become 400s, not 500s. */
import type { Archive } from '../store/archive.js';
import type { SearchOptions, SearchResult } from '../domain/search.js';
import { QuerySyntaxError } from '../search/query.js';
import { badRequest } from './errors.js';

export async function runSearch(archive: Archive, q: string, opts: SearchOptions = {}): Promise<SearchResult> {
  try {
    return await archive.search(q, opts);
  } catch (e) {
    if (e instanceof QuerySyntaxError) throw badRequest(e.message, 'invalid_query');
    throw e;
  }
}
