/**
 * The search engine, independent of the storage backend: query evaluation over the n-gram index,
 * ranking, facets and snippets. A backend supplies posting rows, document metadata and texts
 * through `SearchBackend` (port.ts); the SQLite archive and a later PostgreSQL one share this code.
 *
 * Matching is exact substring matching on normalized text (normalize.ts):
 * - 1 character: the unigram posting list (document + count), no scan;
 * - 2 characters: the bigram posting list;
 * - n ≥ 3 characters: intersect the documents of its n−1 bigrams, then check positions of the
 *   cheapest set of bigrams that covers every character (cheapestCover; phrase.ts), which is
 *   exact: no false positives, no misses, so recall equals a brute-force scan.
 * Documents stored but not yet in the index (a bulk ingest in progress, or one cut short by a
 * crash) are scanned, so results are complete at any moment.
 */
import type { IsoDate } from '../model.js';
import { VALIDITY_STATUSES, statusAt, today, type ValidityStatus } from '../domain/validity.js';
import type { FacetCount, SearchHit, SearchOptions, SearchResult, SearchSort } from '../domain/search.js';
import { compareKey } from '../core/text.js';
import { TITLE_FIELD, bigramKey, documentSearchText, normalizeForSearch } from './normalize.js';
import { EMPTY_POSTINGS, decodePostings, withPositions, type PostingRow, type Postings } from './postings.js';
import { verifyCover } from './phrase.js';
import type { DocBody, DocMetaRow, SearchBackend } from './port.js';
import { parseQuery, type QueryTerm } from './query.js';
import { makeSnippet, snippetFromFirstLines, type Snippet, type SnippetTerms } from './snippet.js';

const K1 = 1.2;
const B = 0.75;
const TITLE_BONUS = 100;
const PHRASE_BONUS = 50;
const OWN_NUMBER_BONUS = 1000;
const MAX_FACET_VALUES = 50;

/** Matching documents of a term: ids ascending with term frequencies. */
interface Match {
  docs: Int32Array;
  tfs: Int32Array;
}

const NO_MATCH: Match = { docs: new Int32Array(0), tfs: new Int32Array(0) };

/** Interns strings as small integers, for counting facets in typed arrays. */
class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  id(v: string): number {
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.index.set(v, i);
    }
    return i;
  }
}

/** Document metadata in column arrays, by ordinal (documents in id order). */
class Meta {
  readonly n: number;
  readonly rows: DocMetaRow[];
  readonly ordinalOf: Int32Array;
  readonly titles: string[];
  readonly indexed: Uint8Array;
  readonly tail: number[];
  readonly avgLength: number;
  /** BM25 length normalization K1·(1 − B + B·len/avg) per document. */
  readonly lengthNorm: Float64Array;
  /** Date as a number (20200120), 0 when unknown: the tie-break. */
  readonly dateKey: Int32Array;
  readonly types = new Dictionary();
  readonly years = new Dictionary();
  readonly issuers = new Dictionary();
  readonly typeOf: Int32Array;
  readonly yearOf: Int32Array;
  /** Issuers of ordinal i: issuerList[issuerStart[i] … issuerStart[i+1]). */
  readonly issuerStart: Int32Array;
  readonly issuerList: Int32Array;
  /** Validity dates as numbers (isoDateNumber). */
  readonly effectiveFrom: Int32Array;
  readonly expiresOn: Int32Array;
  readonly repealedOn: Int32Array;
  tailTexts: Map<number, string> | null = null;
  /** Per date asked (the last few): every document's status code, and how many have each. */
  private statusCache = new Map<string, { codes: Uint8Array; counts: Int32Array }>();
  private readonly allCounts: { type: Int32Array; year: Int32Array; issuer: Int32Array };

  constructor(rows: DocMetaRow[]) {
    rows.sort((a, b) => a.id - b.id);
    this.rows = rows;
    const n = (this.n = rows.length);
    const maxId = n ? rows[n - 1]!.id : 0;
    this.ordinalOf = new Int32Array(maxId + 1).fill(-1);
    this.titles = new Array(n);
    this.indexed = new Uint8Array(n);
    this.tail = [];
    this.lengthNorm = new Float64Array(n);
    this.dateKey = new Int32Array(n);
    this.typeOf = new Int32Array(n);
    this.yearOf = new Int32Array(n);
    this.issuerStart = new Int32Array(n + 1);
    this.effectiveFrom = new Int32Array(n);
    this.expiresOn = new Int32Array(n);
    this.repealedOn = new Int32Array(n);
    const issuerList: number[] = [];
    let total = 0;
    rows.forEach((r, i) => {
      this.ordinalOf[r.id] = i;
      this.titles[i] = normalizeForSearch(r.title);
      this.indexed[i] = r.indexed ? 1 : 0;
      if (!r.indexed) this.tail.push(r.id);
      total += r.length;
      this.dateKey[i] = r.date ? Number(r.date.replace(/-/g, '')) || 0 : 0;
      this.typeOf[i] = this.types.id(r.docType ?? '(none)');
      this.yearOf[i] = this.years.id(r.year === null ? '(none)' : String(r.year));
      this.effectiveFrom[i] = isoDateNumber(r.effectiveFrom);
      this.expiresOn[i] = isoDateNumber(r.expiresOn);
      this.repealedOn[i] = isoDateNumber(r.repealedOn);
      this.issuerStart[i] = issuerList.length;
      for (const x of r.issuers) issuerList.push(this.issuers.id(x));
    });
    this.issuerStart[n] = issuerList.length;
    this.issuerList = Int32Array.from(issuerList);
    // The whole archive's facet counts (a frequent word's facets are these minus what it misses).
    this.allCounts = { type: new Int32Array(this.types.values.length), year: new Int32Array(this.years.values.length), issuer: new Int32Array(this.issuers.values.length) };
    for (let i = 0; i < n; i++) {
      this.allCounts.type[this.typeOf[i]!]!++;
      this.allCounts.year[this.yearOf[i]!]!++;
    }
    for (const x of issuerList) this.allCounts.issuer[x]!++;
    this.avgLength = n ? total / n || 1 : 1;
    for (let i = 0; i < n; i++) this.lengthNorm[i] = K1 * (1 - B + (B * rows[i]!.length) / this.avgLength);
  }

  ord(id: number): number {
    return id < this.ordinalOf.length ? this.ordinalOf[id]! : -1;
  }

  /** By document id: 1 when live and in the index (tail documents are answered by scanning). */
  get liveIndexed(): Uint8Array {
    if (!this.liveMask) {
      this.liveMask = new Uint8Array(this.ordinalOf.length);
      for (let i = 0; i < this.n; i++) if (this.indexed[i]) this.liveMask[this.rows[i]!.id] = 1;
    }
    return this.liveMask;
  }
  private liveMask: Uint8Array | null = null;

  /**
   * Posting rows decoded, by the rows' identity: the backend's posting cache hands out the same
   * rows for a key until the archive changes, so a frequent key (a common character's 100,000
   * documents) is decoded once per archive generation, not on every query. Long lists only, up
   * to DECODED_BYTES a generation.
   */
  decode(rows: readonly PostingRow[], positional: boolean, offsets: boolean): Postings {
    const cache = offsets ? this.decodedWithOffsets : this.decoded;
    let p = cache.get(rows);
    if (p) return p;
    p = decodePostings(rows, positional, this.liveIndexed, offsets);
    if (p.n >= DECODE_KEEP_MIN && this.decodedBytes < DECODED_BYTES) {
      cache.set(rows, p);
      this.decodedBytes += p.n * (offsets ? 16 : 8);
    }
    return p;
  }
  /**
   * The ids among `ids` (ascending) whose normalized title contains `text`, checked on the titles'
   * code units in one typed array — a string search per candidate (90,000 of them for 人民政府)
   * was a third of such a query.
   */
  titlesWith(ids: Int32Array, text: string): Int32Array {
    if (this.titleCodes === null) {
      const starts = new Int32Array(this.n + 1);
      for (let i = 0; i < this.n; i++) starts[i + 1] = starts[i]! + this.titles[i]!.length;
      const codes = new Uint16Array(starts[this.n]!);
      for (let i = 0; i < this.n; i++) {
        const t = this.titles[i]!;
        for (let k = 0; k < t.length; k++) codes[starts[i]! + k] = t.charCodeAt(k);
      }
      this.titleStarts = starts;
      this.titleCodes = codes;
    }
    const pattern = Uint16Array.from(text, (c) => c.charCodeAt(0));
    return idsWithTitle(ids, this.ordinalOf, this.titleStarts!, this.titleCodes, pattern);
  }
  private titleCodes: Uint16Array | null = null;
  private titleStarts: Int32Array | null = null;

  private decoded = new WeakMap<readonly PostingRow[], Postings>();
  private decodedWithOffsets = new WeakMap<readonly PostingRow[], Postings>();
  private decodedBytes = 0;

  /**
   * Each id's ordinal. Kept for long lists by the list's identity: a one-word query's matches
   * are its decoded posting list (kept above), the same array query after query.
   */
  ordinalsOf(ids: Int32Array): Int32Array {
    let ords = this.ordinals.get(ids);
    if (!ords) {
      ords = ordinalsOf(ids, this.ordinalOf);
      if (ids.length >= DECODE_KEEP_MIN) this.ordinals.set(ids, ords);
    }
    return ords;
  }
  private readonly ordinals = new WeakMap<Int32Array, Int32Array>();

  /** Facet counts of every document (kept since the metadata was built), the statuses at `asOf`. */
  allFacetCounts(asOf: IsoDate): { type: Int32Array; year: Int32Array; issuer: Int32Array; status: Int32Array } {
    return { ...this.allCounts, status: this.statusesAt(asOf).counts };
  }

  status(ord: number, asOf: IsoDate): ValidityStatus {
    return STATUS_CODES[this.statusCodes(asOf)[ord]!]!;
  }

  /**
   * Every document's validity status at `asOf`, computed in one pass from the dates as numbers
   * (a facet counts tens of thousands of matches; statusAt on strings per match was a tenth of
   * a 1-character query). Kept for the last few dates asked.
   */
  statusCodes(asOf: IsoDate): Uint8Array {
    return this.statusesAt(asOf).codes;
  }

  private statusesAt(asOf: IsoDate): { codes: Uint8Array; counts: Int32Array } {
    const kept = this.statusCache.get(asOf);
    if (kept) return kept;
    const codes = new Uint8Array(this.n);
    const counts = new Int32Array(STATUS_CODES.length);
    const at = isoDateNumber(asOf);
    const { effectiveFrom: eff, expiresOn: exp, repealedOn: rep } = this;
    for (let i = 0; i < this.n; i++) {
      const e = eff[i]!;
      const x = exp[i]!;
      const r = rep[i]!;
      if (at < 0 || e < 0 || x < 0 || r < 0) codes[i] = STATUS_CODE[statusAt(this.rows[i]!, asOf)];
      else if (r && r <= at) codes[i] = REPEALED;
      else if (e && at < e) codes[i] = NOT_YET;
      else if (x && at > x) codes[i] = EXPIRED;
      else codes[i] = e || x ? IN_FORCE : UNKNOWN;
      counts[codes[i]!]!++;
    }
    if (this.statusCache.size >= 8) this.statusCache.delete(this.statusCache.keys().next().value!);
    this.statusCache.set(asOf, { codes, counts });
    return { codes, counts };
  }
}

/** Decoded posting lists kept per archive generation: lists of at least this many documents… */
const DECODE_KEEP_MIN = 2048;
/** …up to this many bytes of typed arrays. */
const DECODED_BYTES = 128 * 1024 * 1024;

/** YYYY-MM-DD as 20200120; 0 for none; −1 for anything else (then statusAt decides). */
function isoDateNumber(d: string | null): number {
  if (d === null) return 0;
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? Number(d.slice(0, 4) + d.slice(5, 7) + d.slice(8, 10)) : -1;
}

const STATUS_CODES = VALIDITY_STATUSES;
const STATUS_CODE = Object.fromEntries(STATUS_CODES.map((st, i) => [st, i])) as Record<ValidityStatus, number>;
const [REPEALED, NOT_YET, EXPIRED, IN_FORCE, UNKNOWN] = (['repealed', 'not_yet_in_force', 'expired', 'in_force', 'unknown'] as const).map((st) => STATUS_CODE[st]);

/** A query's ranking: how many documents match, the first ones in order, and the facets of all. */
interface Ranking {
  total: number;
  top: Int32Array;
  scores: Float64Array;
  titleMatch: Uint8Array;
  facets: NonNullable<SearchResult['facets']>;
}

/** Hits kept per ranking: deeper pages rank again. */
const RANK_KEEP = 200;
/** Rankings kept (a few kilobytes each). */
const RANKINGS_KEPT = 500;

export class SearchEngine {
  private meta: Meta | null = null;
  private metaGeneration = '';

  constructor(private readonly backend: SearchBackend) {}

  /** Forget cached metadata (the backend calls this after its own writes). */
  invalidate(): void {
    this.meta = null;
  }

  private async currentMeta(): Promise<Meta> {
    const gen = await this.backend.generation();
    if (!this.meta || gen !== this.metaGeneration) {
      this.meta = new Meta(await this.backend.loadDocMeta());
      this.metaGeneration = gen;
      this.rankings.clear();
    }
    return this.meta;
  }

  private async tailTexts(meta: Meta): Promise<Map<number, string>> {
    if (!meta.tailTexts) {
      const bodies = await this.backend.bodies(meta.tail);
      meta.tailTexts = new Map([...bodies].map(([id, b]) => [id, documentSearchText(b.lines)]));
    }
    return meta.tailTexts;
  }

  /**
   * Rankings of recent queries (one per query and filters, whatever the page): the first
   * RANK_KEEP hits in order, the total and the facets. Paging, the page size, snippets and the
   * facets switch reuse them; they go when the archive changes (new metadata).
   */
  private rankings = new Map<string, Ranking>();

  async search(query: string, opts: SearchOptions = {}): Promise<SearchResult> {
    const started = performance.now();
    const meta = await this.currentMeta();
    const parsed = parseQuery(query);
    const limit = Math.max(0, opts.limit ?? 20);
    const offset = Math.max(0, opts.offset ?? 0);
    const asOf = opts.asOf ?? today();
    const positive = parsed.terms.filter((t) => !t.negated);

    const key = JSON.stringify([query, opts.type, opts.issuer, opts.section, opts.from, opts.to, opts.status, asOf, opts.sort ?? 'relevance']);
    let ranking = this.rankings.get(key);
    if (ranking) {
      // Most recently used last.
      this.rankings.delete(key);
      this.rankings.set(key, ranking);
    }
    if (!ranking || (offset + limit > ranking.top.length && ranking.top.length < ranking.total)) {
      ranking = await this.rank(meta, parsed, opts, asOf, Math.max(RANK_KEEP, offset + limit));
      // (Not kept when the archive changed meanwhile: it was ranked on the old metadata.)
      if (ranking.top.length <= RANK_KEEP && this.meta === meta) {
        this.rankings.set(key, ranking);
        if (this.rankings.size > RANKINGS_KEPT) this.rankings.delete(this.rankings.keys().next().value as string);
      }
    }

    const from = Math.min(offset, ranking.top.length);
    const to = Math.min(offset + limit, ranking.top.length);
    const hitIds = Array.from(ranking.top.subarray(from, to));
    const snippetTerms = {
      // (Words a title must contain are marked where the text repeats them.)
      texts: [...positive.filter((t) => t.kind === 'text').map((t) => t.text), ...parsed.filters.title],
      docNumbers: positive.filter((t) => t.kind === 'docnumber').map((t) => t.text),
    };
    const snippets = opts.snippets === false ? new Map<number, Snippet>() : await this.snippets(meta, hitIds, snippetTerms);
    const hits: SearchHit[] = hitIds.map((id, k) => {
      const i = from + k;
      const o = meta.ord(id);
      const row = meta.rows[o]!;
      const snip = snippets.get(row.id) ?? { line: row.startLine, snippet: '', highlights: [] as [number, number][] };
      return {
        id: row.id,
        docNumber: row.docNumber,
        title: row.title,
        date: row.date,
        docType: row.docType,
        issuers: row.issuers,
        issueId: row.issueId,
        issueTitle: row.issueTitle,
        sourcePath: row.sourcePath,
        startLine: row.startLine,
        endLine: row.endLine,
        score: Math.round(ranking.scores[i]! * 1000) / 1000,
        line: snip.line,
        snippet: snip.snippet,
        highlights: snip.highlights,
        titleMatch: ranking.titleMatch[i] === 1,
      };
    });
    const facets = opts.facets === false ? null : ranking.facets;
    return { query, total: ranking.total, hits, facets, tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  /**
   * Snippets of the hits shown: from the first lines of each body, and from the whole body only
   * where those lines cannot tell (no hit in them, or one near their end).
   */
  private async snippets(meta: Meta, ids: number[], terms: SnippetTerms): Promise<Map<number, Snippet>> {
    const out = new Map<number, Snippet>();
    const make = (b: DocBody) => {
      const o = meta.ord(b.id);
      const title = meta.titles[o];
      const start = meta.rows[o]!.startLine;
      const s = b.complete ? makeSnippet(b.lines, start, terms, title) : snippetFromFirstLines(b.lines, start, terms, title);
      if (s) out.set(b.id, s);
    };
    for (const b of (await this.backend.bodies(ids, { prefix: true })).values()) make(b);
    const rest = ids.filter((id) => !out.has(id));
    if (rest.length) for (const b of (await this.backend.bodies(rest)).values()) make(b);
    return out;
  }

  /** Match, filter and score every document for a query; keep the first `keep` in rank order. */
  private async rank(meta: Meta, parsed: ReturnType<typeof parseQuery>, opts: SearchOptions, asOf: IsoDate, keep: number): Promise<Ranking> {
    const positive = parsed.terms.filter((t) => !t.negated);
    const negative = parsed.terms.filter((t) => t.negated);

    // 1. Documents matching every positive term, cheapest term first.
    let candidates: Int32Array | null = null;
    const termMatches: { term: QueryTerm; match: Match; df: number; own?: Set<number> }[] = [];
    const ordered = await this.orderByCost(positive);
    for (const term of ordered) {
      const { match, own } = await this.evalTerm(meta, term, candidates);
      const df = match.docs.length;
      candidates = candidates ? intersectIds(candidates, match.docs) : match.docs;
      termMatches.push({ term, match, df, own });
      if (candidates.length === 0) break;
    }
    let ids: Int32Array = candidates ?? Int32Array.from(meta.rows.map((r) => r.id));

    // 2. Minus documents matching an excluded term.
    for (const term of negative) {
      if (!ids.length) break;
      const { match } = await this.evalTerm(meta, term, ids);
      ids = subtractIds(ids, match.docs);
    }

    // 3. Filters: words the title must (not) contain, then the metadata.
    for (const text of parsed.filters.title) if (ids.length) ids = intersectIds(ids, await this.titleDocs(meta, text));
    for (const text of parsed.filters.notTitle) if (ids.length) ids = subtractIds(ids, await this.titleDocs(meta, text));
    const filter = this.compileFilters(meta, parsed.filters, opts, asOf);
    if (filter) ids = ids.filter((id) => filter(meta.ord(id)));

    // 4. Scores: BM25 per term, plus bonuses for title matches, the words as one phrase, and
    // a document's own number.
    const n = ids.length;
    const ords = meta.ordinalsOf(ids);
    const scores = new Float64Array(n);
    const textTerms = termMatches.filter((t) => t.term.kind === 'text');
    const N = Math.max(meta.n, 1);
    const norm = meta.lengthNorm;
    for (const { match, df, term, own } of termMatches) {
      const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
      const w = idf * (K1 + 1);
      const mdocs = match.docs;
      const mtfs = match.tfs;
      // One term and nothing removed: the matches are the candidates.
      if (mdocs === ids) addBm25Aligned(scores, mtfs, ords, norm, w);
      else addBm25(scores, ids, ords, mdocs, mtfs, norm, w);
      if (term.kind === 'docnumber' && own) {
        for (let i = 0; i < n; i++) if (own.has(ids[i]!)) scores[i] += OWN_NUMBER_BONUS;
      }
    }
    // Every match of a title: filter is one in its title.
    const titleMatch = new Uint8Array(n).fill(parsed.filters.title.length ? 1 : 0);
    if (textTerms.length && n) {
      const titleHits = new Uint8Array(n);
      for (const { term } of textTerms) countMembers(ids, await this.titleDocs(meta, term.text), titleHits);
      addTitleBonus(scores, titleHits, titleMatch, TITLE_BONUS / textTerms.length);
      const words = textTerms.filter((t) => !t.term.quoted);
      if (words.length >= 2) {
        const phrase = words.map((t) => t.term.text).join('');
        const { match } = await this.evalTerm(meta, { kind: 'text', text: phrase, raw: phrase, negated: false, quoted: true }, ids);
        let j = 0;
        for (let i = 0; i < n && j < match.docs.length; i++) {
          while (j < match.docs.length && match.docs[j]! < ids[i]!) j++;
          if (match.docs[j] === ids[i]) scores[i] += PHRASE_BONUS;
        }
      }
    }

    // 5. Facets over every match.
    const facets = facetCounts(meta, ords, asOf);

    // 6. Top hits in the order asked for.
    const sort = opts.sort ?? 'relevance';
    const top = topK(n, keep, hitOrder(sort, scores, ords, ids, meta.dateKey));
    const k = top.length;
    const ranking = { total: n, top: new Int32Array(k), scores: new Float64Array(k), titleMatch: new Uint8Array(k), facets };
    for (let j = 0; j < k; j++) {
      ranking.top[j] = ids[top[j]!]!;
      ranking.scores[j] = scores[top[j]!]!;
      ranking.titleMatch[j] = titleMatch[top[j]!]!;
    }
    return ranking;
  }

  /**
   * Every stored document (ids ascending) whose normalized text contains `text`, with counts:
   * the exact-match primitive, exposed for tests and the benchmark.
   */
  async matchText(text: string): Promise<Match> {
    const meta = await this.currentMeta();
    const norm = normalizeForSearch(text);
    return (await this.evalTerm(meta, { kind: 'text', text: norm, raw: text, negated: false, quoted: true }, null)).match;
  }

  /** Cheapest term first, judged by its rarest key; document numbers (tiny lists) before text. */
  private async orderByCost(terms: QueryTerm[]): Promise<QueryTerm[]> {
    if (terms.length <= 1) return terms;
    const cost = new Map<QueryTerm, number>();
    const keys = new Set<number>();
    for (const t of terms) if (t.kind === 'text') for (const k of termKeys(t.text)) keys.add(k);
    const rows = keys.size ? await this.backend.postings([...keys], false) : new Map<number, PostingRow[]>();
    for (const t of terms) {
      if (t.kind === 'docnumber') cost.set(t, -1);
      else {
        let c = Infinity;
        for (const k of termKeys(t.text)) c = Math.min(c, (rows.get(k) ?? []).reduce((s, r) => s + r.docs.length, 0));
        cost.set(t, c);
      }
    }
    return [...terms].sort((a, b) => cost.get(a)! - cost.get(b)!);
  }

  private async evalTerm(meta: Meta, term: QueryTerm, restrict: Int32Array | null): Promise<{ match: Match; own?: Set<number> }> {
    if (term.kind === 'docnumber') {
      const refs = await this.backend.docNumberRefs(term.text);
      const all = [...new Set([...refs.own, ...refs.mentioned])].filter((id) => meta.ord(id) >= 0).sort((a, b) => a - b);
      let docs: Int32Array = Int32Array.from(all);
      if (restrict) docs = intersectIds(docs, restrict);
      return { match: { docs, tfs: new Int32Array(docs.length).fill(1) }, own: new Set(refs.own) };
    }
    const indexed = await this.indexedMatch(meta, term.text, restrict);
    if (!meta.tail.length) return { match: indexed };
    // Not-yet-indexed documents: scan.
    const texts = await this.tailTexts(meta);
    const extraDocs: number[] = [];
    const extraTfs: number[] = [];
    for (const id of meta.tail) {
      if (restrict && findSorted(restrict, id) < 0) continue;
      const tf = countOccurrences(texts.get(id) ?? '', term.text);
      if (tf) {
        extraDocs.push(id);
        extraTfs.push(tf);
      }
    }
    return { match: mergeMatches(indexed, { docs: Int32Array.from(extraDocs), tfs: Int32Array.from(extraTfs) }) };
  }

  private async indexedMatch(meta: Meta, text: string, restrict: Int32Array | null): Promise<Match> {
    if (!text.length) return NO_MATCH;
    if (text.length <= 2) {
      const key = text.length === 1 ? text.charCodeAt(0) : bigramKey(text, 0);
      const rows = (await this.backend.postings([key], false)).get(key) ?? [];
      const p = meta.decode(rows, text.length === 2, false);
      return restrict ? restrictMatch(p, restrict) : { docs: p.docs, tfs: p.tfs };
    }
    const offsets = Array.from({ length: text.length - 1 }, (_, i) => i);
    const keys = [...new Set(offsets.map((o) => bigramKey(text, o)))];
    const allPositions = ALL_POSITIONS_PLAN();
    // The `docs` blobs of every bigram first (without positions): their sizes choose the cover.
    const docRows = await this.backend.postings(keys, allPositions);
    const bytes = (k: number) => (docRows.get(k) ?? []).reduce((n, r) => n + r.docs.length, 0);
    // Positions of a covering set of bigrams decide; only those are read (a frequent bigram's
    // positions run to megabytes, the bulk of a cold phrase query).
    const cover = allPositions ? evenCover(text.length) : cheapestCover(offsets.map((o) => bytes(bigramKey(text, o))));
    const coverKeys = new Set(cover.map((o) => bigramKey(text, o)));
    const lists = new Map<number, Postings>();
    const decoded = (k: number) => {
      let p = lists.get(k);
      if (!p) lists.set(k, (p = meta.decode(docRows.get(k) ?? [], true, true)));
      return p;
    };
    // Candidates: in every cover bigram's list (smallest first), then in the lists of the other
    // bigrams that are small next to the candidates (decoding a long list to drop a few
    // candidates costs more than checking their positions). The old plan intersects them all.
    const bySize = [...coverKeys].sort((a, b) => bytes(a) - bytes(b));
    let cand: Int32Array = decoded(bySize[0]!).docs;
    if (restrict) cand = intersectIds(cand, restrict);
    for (let i = 1; i < bySize.length && cand.length; i++) cand = intersectIds(cand, decoded(bySize[i]!).docs);
    for (const k of keys.filter((k) => !coverKeys.has(k)).sort((a, b) => bytes(a) - bytes(b))) {
      if (!cand.length || (!allPositions && bytes(k) > cand.length * 8)) break;
      cand = intersectIds(cand, decoded(k).docs);
    }
    if (!cand.length) return NO_MATCH;
    if (!allPositions) {
      const posRows = await this.backend.postings([...coverKeys], true);
      for (const k of coverKeys) {
        const rows = posRows.get(k) ?? [];
        lists.set(k, withPositions(lists.get(k)!, docRows.get(k) ?? [], rows) ?? meta.decode(rows, true, true));
      }
    }
    const coverLists = cover.map((o) => lists.get(bigramKey(text, o)) ?? EMPTY_POSTINGS);
    return verifyCover(cand, cover, coverLists);
  }

  /** Ids (ascending) of the documents whose title contains `text`: title keys, checked on the title. */
  private async titleDocs(meta: Meta, text: string): Promise<Int32Array> {
    const keys =
      text.length === 1
        ? [TITLE_FIELD + text.charCodeAt(0)]
        : [...new Set(Array.from({ length: text.length - 1 }, (_, i) => TITLE_FIELD + bigramKey(text, i)))];
    const rows = await this.backend.postings(keys, false);
    const lists = keys.map((k) => meta.decode(rows.get(k) ?? [], false, false)).sort((a, b) => a.n - b.n);
    let cand: Int32Array = lists[0]!.docs;
    for (let i = 1; i < lists.length && cand.length; i++) cand = intersectIds(cand, lists[i]!.docs);
    if (text.length > 2) cand = meta.titlesWith(cand, text);
    if (!meta.tail.length) return cand;
    const tail = Int32Array.from(meta.tail.filter((id) => meta.titles[meta.ord(id)]!.includes(text)));
    return mergeMatches({ docs: cand, tfs: new Int32Array(cand.length) }, { docs: tail, tfs: new Int32Array(tail.length) }).docs;
  }

  private compileFilters(
    meta: Meta,
    f: ReturnType<typeof parseQuery>['filters'],
    opts: SearchOptions,
    asOf: IsoDate,
  ): ((ord: number) => boolean) | null {
    // (Memoized: a filter tests every match, and the same few names come back.)
    const keys = new Map<string, string>();
    const key = (s: string) => {
      let k = keys.get(s);
      if (k === undefined) keys.set(s, (k = compareKey(s).replace(/^[\[【]|[\]】]$/g, '')));
      return k;
    };
    const issuers = [...f.issuer, ...(opts.issuer ? [opts.issuer] : [])].map(key);
    const types = [...f.type, ...(opts.type ? [opts.type] : [])].map(key);
    const sections = [...f.section, ...(opts.section ? [opts.section] : [])].map(key);
    const years = f.years;
    const status = opts.status ?? f.status;
    const from = opts.from ?? null;
    const to = opts.to ?? null;
    if (!issuers.length && !types.length && !sections.length && !years.length && !status && !from && !to) return null;
    return (ord) => {
      const r = meta.rows[ord]!;
      if (issuers.length && !issuers.every((i) => r.issuers.some((x) => key(x) === i))) return false;
      if (types.length && !types.every((t) => r.docType !== null && key(r.docType) === t)) return false;
      if (sections.length && !sections.every((s) => r.section !== null && key(r.section) === s)) return false;
      if (years.length && !years.some(([a, b]) => r.year !== null && r.year >= a && r.year <= b)) return false;
      if (from && !(r.date && r.date >= from)) return false;
      if (to && !(r.date && r.date <= to)) return false;
      if (status && meta.status(ord, asOf) !== status) return false;
      return true;
    };
  }
}

/**
 * How two matches (indices into ids/ords/scores) compare, as topK wants it: positive when `a`
 * ranks before `b`. relevance: score, then the newer document, then the higher id. newest /
 * oldest: the document date (documents without one last either way), then score, then id (the
 * higher first for newest, the lower for oldest). Every key is the backend-neutral metadata, so
 * both backends give the same order.
 */
interface HitOrder {
  /** 0: relevance; 1: newest first; -1: oldest first. */
  later: number;
  scores: Float64Array;
  ords: Int32Array;
  ids: Int32Array;
  dateKey: Int32Array;
}

function hitOrder(sort: SearchSort, scores: Float64Array, ords: Int32Array, ids: Int32Array, dateKey: Int32Array): HitOrder {
  return { later: sort === 'relevance' ? 0 : sort === 'newest' ? 1 : -1, scores, ords, ids, dateKey };
}

// One function for every order, not a closure per query: topK calls it for every match that can
// enter the top, and a closure new to each query made V8 throw away topK's optimized code
// ("wrong call target") query after query.
function compareHits(h: HitOrder, a: number, b: number): number {
  const { scores, ords, ids, dateKey, later } = h;
  const da = dateKey[ords[a]!]!;
  const db = dateKey[ords[b]!]!;
  if (later === 0) return scores[a]! - scores[b]! || da - db || ids[a]! - ids[b]!;
  if (da !== db) return !da ? -1 : !db ? 1 : (da - db) * later;
  return scores[a]! - scores[b]! || (ids[a]! - ids[b]!) * later;
}

/**
 * The plan before the cover was chosen by cost (GONGBAO_SEARCH_PLAN=all-positions): positions of
 * every bigram read, the cover fixed at offsets 0, 2, 4 … and n−2. Kept for the benchmark's
 * side-by-side figures and for tests that compare the two plans' answers.
 */
const ALL_POSITIONS_PLAN = () => process.env.GONGBAO_SEARCH_PLAN === 'all-positions';

/** Bigram offsets 0, 2, 4 … and n−2 of an n-character text: every character covered. */
function evenCover(n: number): number[] {
  const cover: number[] = [];
  for (let o = 0; o < n - 1; o += 2) cover.push(o);
  if (cover[cover.length - 1] !== n - 2) cover.push(n - 2);
  return cover;
}

/**
 * The bigram offsets of least cost in all that still cover every character: offset 0 (the only
 * one covering the first character) and the last one, and no two chosen offsets more than 2
 * apart (else the character between is uncovered). `cost[o]`: the size of the bigram at offset
 * o's document list, which grows with its positions.
 */
export function cheapestCover(cost: readonly number[]): number[] {
  const m = cost.length;
  const best = new Float64Array(m);
  const from = new Int32Array(m).fill(-1);
  for (let o = 0; o < m; o++) {
    if (o === 0) best[o] = cost[0]!;
    else if (o === 1 || best[o - 1]! <= best[o - 2]!) {
      best[o] = best[o - 1]! + cost[o]!;
      from[o] = o - 1;
    } else {
      best[o] = best[o - 2]! + cost[o]!;
      from[o] = o - 2;
    }
  }
  const cover: number[] = [];
  for (let o = m - 1; o >= 0; o = from[o]!) cover.push(o);
  return cover.reverse();
}

/** Keys whose lists bound a text term's matches (for cost estimates). */
function termKeys(text: string): number[] {
  if (text.length === 1) return [text.charCodeAt(0)];
  return Array.from({ length: text.length - 1 }, (_, i) => bigramKey(text, i));
}

function facetCounts(meta: Meta, ords: Int32Array, asOf: IsoDate): NonNullable<SearchResult['facets']> {
  const type = new Int32Array(meta.types.values.length);
  const year = new Int32Array(meta.years.values.length);
  const issuer = new Int32Array(meta.issuers.values.length);
  // Validity at asOf, in the fixed order of the statuses.
  const byCode = new Int32Array(STATUS_CODES.length);
  const statusOf = meta.statusCodes(asOf);
  if (2 * ords.length > meta.n) {
    // Most documents match (a frequent character or word): the whole archive's counts, kept,
    // minus the documents that do not match — a pass over the few instead of the many.
    const all = meta.allFacetCounts(asOf);
    type.set(all.type);
    year.set(all.year);
    byCode.set(all.status);
    issuer.set(all.issuer);
    countFacetValues(ordinalsOutside(ords, meta.n), meta.typeOf, meta.yearOf, statusOf, meta.issuerStart, meta.issuerList, type, year, byCode, issuer, -1);
  } else {
    countFacetValues(ords, meta.typeOf, meta.yearOf, statusOf, meta.issuerStart, meta.issuerList, type, year, byCode, issuer);
  }
  const list = (counts: Int32Array, values: string[], byValue = false): FacetCount[] => {
    const out: FacetCount[] = [];
    counts.forEach((count, i) => {
      if (count) out.push({ value: values[i]!, count });
    });
    out.sort((a, b) => (byValue ? (a.value < b.value ? 1 : -1) : b.count - a.count || (a.value < b.value ? -1 : 1)));
    return out.slice(0, MAX_FACET_VALUES);
  };
  return {
    type: list(type, meta.types.values),
    issuer: list(issuer, meta.issuers.values),
    year: list(year, meta.years.values, true),
    status: STATUS_CODES.flatMap((st, c) => (byCode[c] ? [{ value: st, count: byCode[c]! }] : [])),
  };
}

/** The ids whose title (codes[starts[o] … starts[o + 1]), o its ordinal) holds `pattern`. */
function idsWithTitle(ids: Int32Array, ordinalOf: Int32Array, starts: Int32Array, codes: Uint16Array, pattern: Uint16Array): Int32Array {
  const out = new Int32Array(ids.length);
  const m = pattern.length;
  const first = pattern[0]!;
  let n = 0;
  for (let i = 0; i < ids.length; i++) {
    const o = ordinalOf[ids[i]!]!;
    const end = starts[o + 1]! - m;
    search: for (let at = starts[o]!; at <= end; at++) {
      if (codes[at] !== first) continue;
      for (let k = 1; k < m; k++) if (codes[at + k] !== pattern[k]) continue search;
      out[n++] = ids[i]!;
      break;
    }
  }
  return out.subarray(0, n);
}

/** Facet counts of the documents `ords`, in one pass: type, year, validity status and issuers (`by` −1: taken off). */
function countFacetValues(
  ords: Int32Array,
  typeOf: Int32Array,
  yearOf: Int32Array,
  statusOf: Uint8Array,
  issuerStart: Int32Array,
  issuerList: Int32Array,
  type: Int32Array,
  year: Int32Array,
  status: Int32Array,
  issuer: Int32Array,
  by = 1,
): void {
  for (let i = 0; i < ords.length; i++) {
    const o = ords[i]!;
    type[typeOf[o]!]! += by;
    year[yearOf[o]!]! += by;
    status[statusOf[o]!]! += by;
    for (let k = issuerStart[o]!; k < issuerStart[o + 1]!; k++) issuer[issuerList[k]!]! += by;
  }
}

/** The ordinals below n that are not in `ords` (ascending). */
function ordinalsOutside(ords: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n - ords.length);
  let j = 0;
  let k = 0;
  for (let o = 0; o < n; o++) {
    if (j < ords.length && ords[j] === o) j++;
    else out[k++] = o;
  }
  return out.subarray(0, k);
}

/**
 * Indices of the k greatest matches under `order` (compareHits), best first. By relevance, the
 * score is the first key: a match scoring below the current k-th is passed over without a
 * comparison, as most of a 100,000-match query are.
 */
function topK(n: number, k: number, order: HitOrder): Int32Array {
  if (k <= 0 || n === 0) return new Int32Array(0);
  const byScore = order.later === 0;
  const scores = order.scores;
  const heap = new Int32Array(Math.min(k, n)); // min-heap of the best k so far
  let size = 0;
  // The score of the worst of the k (once there are k): most matches score below it.
  let floor = -Infinity;
  for (let i = 0; i < n; i++) {
    if (size < heap.length) {
      heap[size] = i;
      siftUp(heap, size++, order);
      if (size === heap.length && byScore) floor = scores[heap[0]!]!;
    } else if (scores[i]! < floor) {
      continue;
    } else if (compareHits(order, i, heap[0]!) > 0) {
      heap[0] = i;
      siftDown(heap, size, order);
      if (byScore) floor = scores[heap[0]!]!;
    }
  }
  return heap.subarray(0, size).sort((a, b) => compareHits(order, b, a));
}

function siftUp(heap: Int32Array, i: number, order: HitOrder): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (compareHits(order, heap[i]!, heap[p]!) >= 0) break;
    const t = heap[i]!;
    heap[i] = heap[p]!;
    heap[p] = t;
    i = p;
  }
}

function siftDown(heap: Int32Array, size: number, order: HitOrder): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < size && compareHits(order, heap[l]!, heap[m]!) < 0) m = l;
    if (r < size && compareHits(order, heap[r]!, heap[m]!) < 0) m = r;
    if (m === i) break;
    const t = heap[i]!;
    heap[i] = heap[m]!;
    heap[m] = t;
    i = m;
  }
}

// The loops over every match, each a small function of its own: V8 optimizes them early and
// keeps them optimized (inside rank(), a large async function, they ran unoptimized or were
// recompiled on stack query after query — most of a 1-character query's time).

/** Each id's ordinal in the metadata. */
function ordinalsOf(ids: Int32Array, ordinalOf: Int32Array): Int32Array {
  const n = ids.length;
  const ords = new Int32Array(n);
  for (let i = 0; i < n; i++) ords[i] = ordinalOf[ids[i]!]!;
  return ords;
}

/** BM25 of a term whose matches are exactly the candidates (tfs aligned with them). */
function addBm25Aligned(scores: Float64Array, tfs: Int32Array, ords: Int32Array, norm: Float64Array, w: number): void {
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    const tf = tfs[i]!;
    scores[i] += (w * tf) / (tf + norm[ords[i]!]!);
  }
}

/** BM25 of a term matching `mdocs` (a superset of the candidates `ids`, both ascending). */
function addBm25(scores: Float64Array, ids: Int32Array, ords: Int32Array, mdocs: Int32Array, mtfs: Int32Array, norm: Float64Array, w: number): void {
  const n = ids.length;
  const m = mdocs.length;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    while (j < m && mdocs[j]! < id) j++;
    if (j >= m) break;
    if (mdocs[j] !== id) continue;
    const tf = mtfs[j]!;
    scores[i] += (w * tf) / (tf + norm[ords[i]!]!);
  }
}

/** counts[i]++ for every ids[i] in `set` (both ascending). */
function countMembers(ids: Int32Array, set: Int32Array, counts: Uint8Array): void {
  const n = ids.length;
  const m = set.length;
  let j = 0;
  for (let i = 0; i < n && j < m; i++) {
    const id = ids[i]!;
    while (j < m && set[j]! < id) j++;
    if (set[j] === id) counts[i]++;
  }
}

function addTitleBonus(scores: Float64Array, titleHits: Uint8Array, titleMatch: Uint8Array, bonus: number): void {
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    if (titleHits[i]) {
      titleMatch[i] = 1;
      scores[i] += bonus * titleHits[i]!;
    }
  }
}

export function intersectIds(a: Int32Array, b: Int32Array): Int32Array {
  if (a.length > b.length) [a, b] = [b, a];
  const out = new Int32Array(a.length);
  let n = 0;
  // Small against large: binary search; similar sizes: walk both.
  if (a.length * 16 < b.length) {
    let from = 0;
    for (const v of a) {
      const at = lowerBound(b, v, from);
      if (at < b.length && b[at] === v) out[n++] = v;
      from = at;
    }
  } else {
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a[i]!;
      const y = b[j]!;
      if (x === y) {
        out[n++] = x;
        i++;
        j++;
      } else if (x < y) i++;
      else j++;
    }
  }
  return out.subarray(0, n);
}

function subtractIds(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  let n = 0;
  let j = 0;
  for (const x of a) {
    while (j < b.length && b[j]! < x) j++;
    if (j < b.length && b[j] === x) continue;
    out[n++] = x;
  }
  return out.subarray(0, n);
}

function restrictMatch(p: Postings, restrict: Int32Array): Match {
  const docs = new Int32Array(Math.min(restrict.length, p.n));
  const tfs = new Int32Array(docs.length);
  let n = 0;
  let from = 0;
  for (let i = 0; i < restrict.length; i++) {
    const id = restrict[i]!;
    const at = lowerBound(p.docs, id, from);
    if (at < p.n && p.docs[at] === id) {
      docs[n] = id;
      tfs[n++] = p.tfs[at]!;
    }
    from = at;
  }
  return { docs: docs.subarray(0, n), tfs: tfs.subarray(0, n) };
}

function mergeMatches(a: Match, b: Match): Match {
  if (!b.docs.length) return a;
  if (!a.docs.length) return b;
  const docs = new Int32Array(a.docs.length + b.docs.length);
  const tfs = new Int32Array(docs.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.docs.length || j < b.docs.length) {
    if (j >= b.docs.length || (i < a.docs.length && a.docs[i]! < b.docs[j]!)) {
      docs[n] = a.docs[i]!;
      tfs[n++] = a.tfs[i++]!;
    } else if (i >= a.docs.length || b.docs[j]! < a.docs[i]!) {
      docs[n] = b.docs[j]!;
      tfs[n++] = b.tfs[j++]!;
    } else {
      docs[n] = a.docs[i]!;
      tfs[n++] = a.tfs[i++]! + b.tfs[j++]!;
    }
  }
  return { docs: docs.subarray(0, n), tfs: tfs.subarray(0, n) };
}

function lowerBound(arr: Int32Array, v: number, from = 0): number {
  let lo = from;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function findSorted(arr: Int32Array, v: number): number {
  const at = lowerBound(arr, v);
  return at < arr.length && arr[at] === v ? at : -1;
}

/** Occurrences of `needle` in `hay`, overlapping ones included (like the index counts them). */
export function countOccurrences(hay: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) n++;
  return n;
}
