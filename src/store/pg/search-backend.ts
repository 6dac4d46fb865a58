/**
 * The search engine's storage interface (src/search/engine.ts SearchBackend) on PostgreSQL.
 * Query evaluation, ranking, facets and snippets are the shared engine's; this supplies rows:
 * posting lists by key (B-tree on search_postings.key), document metadata, bodies and
 * document-number references.
 *
 * Posting rows are cached in memory, tied to the archive generation (any committed write clears
 * the cache), bounded by bytes; a server answering the same frequent bigrams does not fetch them
 * from the database on every request.
 */
import type pg from 'pg';
import type { DocBody, SearchBackend } from '../../search/port.js';
import { docMetaRow } from '../records.js';
import type { PostingRow } from '../../search/postings.js';
import { PostingCache, type PostingCacheOptions } from '../../search/posting-cache.js';
import { query } from './db.js';
import type { Row } from './rows.js';

export function pgSearchBackend(pool: pg.Pool, opts: PostingCacheOptions = {}): SearchBackend {
  const maxBytes = opts.maxBytes ?? 256 * 1024 * 1024;
  let cache = new PostingCache('', maxBytes);

  return {
    // (Not shared between concurrent callers: a read begun before this process's own commit
    // would hide that commit from the request that follows it.)
    async generation() {
      const { rows } = await query<Row>(pool, 'SELECT generation FROM archive_state WHERE id = 1');
      const gen = String(rows[0]?.generation ?? 0);
      if (gen !== cache.generation) cache = new PostingCache(gen, maxBytes);
      return gen;
    },

    async loadDocMeta() {
      const { rows } = await query<Row>(
        pool,
        `SELECT d.id, d.issue_id, d.title, d.doc_number, d.doc_type, d.issuers, d.section, d.date, d.year, d.search_length,
                d.indexed, d.effective_from, d.expires_on, d.repealed_on, d.start_line, d.end_line, i.source_path,
                i.title AS issue_title
         FROM documents d JOIN issues i ON i.id = d.issue_id`,
      );
      return rows.map((r) => docMetaRow(r, { source_path: r.source_path, title: r.issue_title }));
    },

    async postings(keys) {
      // Rows fetched after this point are at least as new as this cache's generation.
      const into = cache;
      const out = new Map<number, PostingRow[]>();
      const missing: number[] = [];
      for (const k of new Set(keys)) {
        const hit = into.get(k);
        if (hit) out.set(k, hit);
        else missing.push(k);
      }
      if (missing.length) {
        const { rows } = await query<Row>(
          pool,
          `SELECT p.key, p.docs, p.pos FROM search_postings p JOIN search_segments s ON s.id = p.seg
           WHERE p.key = ANY($1::bigint[]) ORDER BY p.key, s.min_doc, s.id`,
          [missing],
        );
        for (const k of missing) out.set(k, []);
        for (const r of rows) out.get(r.key)!.push({ docs: r.docs, pos: r.pos });
        for (const k of missing) into.set(k, out.get(k)!);
      }
      return out;
    },

    async bodies(ids) {
      const out = new Map<number, DocBody>();
      for (let i = 0; i < ids.length; i += 1000) {
        const { rows } = await query<Row>(pool, 'SELECT d.id, d.start_line, t.body FROM documents d JOIN document_texts t ON t.document_id = d.id WHERE d.id = ANY($1::int[])', [
          ids.slice(i, i + 1000),
        ]);
        for (const r of rows) out.set(r.id, { id: r.id, startLine: r.start_line, lines: (r.body as string).split('\n') });
      }
      return out;
    },

    async docNumberRefs(n) {
      const own: number[] = [];
      const mentioned: number[] = [];
      const { rows } = await query<Row>(pool, 'SELECT document_id, own FROM doc_number_refs WHERE number = $1', [n]);
      for (const r of rows) (r.own ? own : mentioned).push(r.document_id);
      return { own, mentioned };
    },
  };
}
