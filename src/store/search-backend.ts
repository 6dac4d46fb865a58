/**
 * The search engine's storage (src/search/port.ts SearchBackend), once for both backends: document
 * metadata, bodies and document-number references over the database port; posting rows through
 * the backend's layout (posting-rows.ts), kept in memory per archive generation (any committed
 * write drops them), bounded by bytes — a server answering the same frequent bigrams does not
 * fetch them on every request.
 */
import type { DocBody, SearchBackend } from '../search/port.js';
import type { PostingRow } from '../search/postings.js';
import { PostingCache } from '../search/posting-cache.js';
import type { Db } from './db/port.js';
import type { PostingRows } from './posting-rows.js';
import { docMetaRow } from './records.js';
import { inflateLinesPrefix, inflateText } from './packed.js';

/** Stored (compressed) bytes of a body read for a snippet: about 11 KB of text, 4,000 characters (the whole of most bodies). */
const PREFIX_BYTES = 4096;

export interface SearchBackendOptions {
  /** Bytes of posting lists kept in memory (default 256 MiB). */
  postingCacheBytes?: number;
}

export function searchBackend(db: Db, rows: PostingRows, generation: () => Promise<string>, opts: SearchBackendOptions = {}): SearchBackend {
  const maxBytes = opts.postingCacheBytes ?? 256 * 1024 * 1024;
  let cache = new PostingCache('', maxBytes);
  let segments: { gen: string; ids: number[] } | null = null;

  const current = async () => {
    const gen = await generation();
    if (gen !== cache.generation) cache = new PostingCache(gen, maxBytes);
    return gen;
  };

  return {
    generation: current,

    async loadDocMeta() {
      // Documents in id order, issues apart: a join would seek every document through an index.
      const [issues, docs] = await Promise.all([
        db.all('SELECT id, source_path, title FROM issues'),
        db.all(
          `SELECT id, issue_id, title, doc_number, doc_type, issuers, section, date, year, search_length,
                  indexed, effective_from, expires_on, repealed_on, start_line, end_line FROM documents`,
        ),
      ]);
      const byId = new Map(issues.map((i) => [i.id as number, i]));
      return docs.map((r) => docMetaRow(r, byId.get(r.issue_id)));
    },

    async postings(keys, positions) {
      // Rows fetched after this point are at least as new as this cache's generation.
      const gen = await current();
      const into = cache;
      if (!segments || segments.gen !== gen) {
        segments = { gen, ids: (await db.all('SELECT id FROM search_segments ORDER BY min_doc, id')).map((r) => r.id as number) };
      }
      const out = new Map<number, PostingRow[]>();
      const missing: number[] = [];
      // Rows without positions are kept apart from rows with them.
      const cacheKey = (k: number) => (positions ? k : -k - 1);
      for (const k of new Set(keys)) {
        const hit = into.get(cacheKey(k));
        if (hit) out.set(k, hit);
        else missing.push(k);
      }
      if (missing.length) {
        for (const [k, r] of await rows.read(segments.ids, missing, positions)) {
          out.set(k, r);
          into.set(cacheKey(k), r);
        }
      }
      return out;
    },

    async bodies(ids, opts = {}) {
      const out = new Map<number, DocBody>();
      // With `prefix`: the first PREFIX_BYTES of each stored body (aliased: the driver leaves them packed).
      const body = opts.prefix ? `${db.sql.bytesPrefix('t.body', PREFIX_BYTES)} AS body_prefix, length(t.body) AS packed_length` : 't.body';
      for (let i = 0; i < ids.length; i += 500) {
        // (document_texts alone: the engine has each document's first line. A row of documents
        // read beside each body was a third of the pages a cold snippet read touched.)
        const page = await db.all(`SELECT t.document_id, ${body} FROM document_texts t WHERE t.document_id IN ${db.sql.intList}`, [
          db.sql.list(ids.slice(i, i + 500)),
        ]);
        for (const r of page) {
          const complete = !opts.prefix || r.packed_length <= PREFIX_BYTES;
          const text = !opts.prefix ? (r.body as string) : complete ? inflateText(r.body_prefix) : inflateLinesPrefix(r.body_prefix);
          out.set(r.document_id, { id: r.document_id, lines: text.split('\n'), complete });
        }
      }
      return out;
    },

    async docNumberRefs(n) {
      const own: number[] = [];
      const mentioned: number[] = [];
      for (const r of await db.all('SELECT document_id, own FROM doc_number_refs WHERE number = ?', [n])) (r.own ? own : mentioned).push(r.document_id);
      return { own, mentioned };
    },
  };
}
