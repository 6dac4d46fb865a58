/**
 * Issue-level consensus corrections of OCR'd text: OCR reads a long name right most of the times it
 * occurs, so an occurrence one character off a frequent spelling is taken for a slip of it.
 *
 * A frequent string is a run of 4 or more Chinese characters (within one line, never across
 * punctuation, digits or Latin) that occurs at least 3 times in the issue: 阳泉师范高等专科学校,
 * 阳泉市第一人民医院. A same-length string of a line that differs from one in exactly one character
 * becomes it (为阳录师范高等专科学校 → 为阳泉师范高等专科学校), when
 *
 * - exactly one frequent string is that close (of the windows of a line, the longest decides);
 * - the character that differs has two matching characters on each side (a slip inside a name, not
 *   another ending or beginning: 人民政协 is no slip of 人民政府);
 * - both characters are ordinary Chinese characters: not ones that tell otherwise identical names
 *   apart (numerals 第一/第二人民医院, levels 市委/县委, 正/副, directions, 大/小 …), nor function
 *   words (与/和/或/及 are a writer's choice);
 * - the character read makes no pair with either neighbour that the issue uses anywhere else (a
 *   slip makes pairs nobody writes: 阳录, 录师; another word makes pairs of its own: 入海 beside 入河);
 * - the frequent string occurs more than twice as often as the string read.
 *
 * Measured on the sample issues: 16 corrections on the three OCR'd scans, 15 right; on their clean
 * text (where every correction is wrong) 1. Strings one character off that do not meet these rules
 * (4-character words, function words, pairs used elsewhere) were mostly real variants of the text:
 * 各项决策/各项政策, 技术革新/技术创新, 部门或单位/部门和单位.
 *
 * Person names (2–3 characters) are not corrected this way: of the sample issues' misread names,
 * none was read right more often than wrong (most occur once; 任海鑫 was read 任海奢 three times in
 * four), and names one character apart are often different people (张冰, 张峰).
 * Pure; the caller keeps the raw text beside the corrected one.
 */

const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;

/** Characters that distinguish names otherwise alike: never replaced, never put in. */
const CONTRAST = new Set(
  '〇一二三四五六七八九十百千万亿零两壹贰叁肆伍陆柒捌玖拾' + // ordinals and numbers
    '省市县区乡镇村街州盟旗' + // levels of government
    '正副总分主次' + // ranks
    '东西南北中上下左右前后内外' + // directions
    '大小高低新老男女' + // contrasts in names of schools and offices
    '不无非未',
);

/** Function words: 与/和/或/及 are alternatives a writer chooses, not slips of one another. */
const FUNCTION = new Set('与和或及并且而之的地得在对为由以把被将从向于至等其此该各每');

const protectedChar = (c: string): boolean => CONTRAST.has(c) || FUNCTION.has(c);

export interface ConsensusOptions {
  /** Shortest frequent string (default 4). */
  minLength?: number;
  /** Longest frequent string looked for (default 16). */
  maxLength?: number;
  /** Occurrences that make a string frequent (default 3). */
  minCount?: number;
}

export interface ConsensusContext {
  minLength: number;
  maxLength: number;
  minCount: number;
  /** Frequent strings and their counts. */
  frequent: Map<string, number>;
  /** A frequent string with one inner character replaced by ? → the frequent strings it stands for. */
  near: Map<string, string[]>;
  /** All Han runs of the issue, one per line, to count a string read on demand. */
  text: string;
}

/** Matching characters needed on each side of the one that differs. */
const MARGIN = 2;
const wildcard = (s: string, i: number): string => s.slice(0, i) + '?' + s.slice(i + 1);

function runsOf(line: string): string[] {
  return line.match(HAN_RUN) ?? [];
}

/**
 * What the whole issue says: its frequent strings. Counted level by level (a string of n + 1
 * characters can only be frequent where its first n are), so only frequent strings are kept.
 */
export function consensusContext(lines: Iterable<string>, options: ConsensusOptions = {}): ConsensusContext {
  const minLength = options.minLength ?? 4;
  const maxLength = options.maxLength ?? 16;
  const minCount = options.minCount ?? 3;
  const runs: string[] = [];
  for (const line of lines) for (const r of runsOf(line)) if (r.length >= minLength) runs.push(r);
  const frequent = new Map<string, number>();
  // Starts (run index, offset) whose string of the current length is frequent.
  let starts: [number, number][] = runs.flatMap((r, i) => Array.from({ length: r.length - minLength + 1 }, (_, a) => [i, a] as [number, number]));
  for (let n = minLength; n <= maxLength && starts.length; n++) {
    const counts = new Map<string, number>();
    for (const [i, a] of starts) {
      const s = runs[i]!.slice(a, a + n);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const next: [number, number][] = [];
    for (const [i, a] of starts) {
      const s = runs[i]!.slice(a, a + n);
      if ((counts.get(s) ?? 0) < minCount) continue;
      frequent.set(s, counts.get(s)!);
      if (a + n < runs[i]!.length) next.push([i, a]);
    }
    starts = next;
  }
  const near = new Map<string, string[]>();
  for (const s of frequent.keys()) {
    for (let i = MARGIN; i < s.length - MARGIN; i++) {
      if (protectedChar(s[i]!)) continue;
      const k = wildcard(s, i);
      const list = near.get(k);
      if (list) list.push(s);
      else near.set(k, [s]);
    }
  }
  return { minLength, maxLength, minCount, frequent, near, text: runs.join('\n') };
}

function countIn(text: string, s: string): number {
  let n = 0;
  for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) n++;
  return n;
}

/** The one correction of a window (position and frequent string), or null. */
function correctionOf(w: string, ctx: ConsensusContext): { at: number; to: string } | null {
  if (ctx.frequent.has(w)) return null;
  let found: { at: number; to: string } | null = null;
  for (let i = MARGIN; i < w.length - MARGIN; i++) {
    for (const s of ctx.near.get(wildcard(w, i)) ?? []) {
      if (found && found.to !== s) return null; // two frequent strings this close: a guess
      found = { at: i, to: s };
    }
  }
  if (!found || protectedChar(w[found.at]!)) return null;
  const readCount = countIn(ctx.text, w);
  if (ctx.frequent.get(found.to)! <= 2 * readCount) return null;
  const c = w[found.at]!;
  const left = w[found.at - 1]! + c;
  const right = c + w[found.at + 1]!;
  // The character read forms no pair with its neighbours that the issue uses elsewhere: a slip
  // makes pairs nobody writes (阳录, 录师), a different word makes pairs of its own (入海, 专职).
  if ([left, right].some((pair) => countIn(ctx.text, pair) > readCount)) return null;
  return found;
}

/** One run with its slips corrected (longest windows first; each correction is one character). */
function correctRun(run: string, ctx: ConsensusContext, fixes: string[]): string {
  if (run.length < ctx.minLength) return run;
  // A window one character off a frequent string has every minLength-gram frequent except those
  // covering that character: windows with non-frequent grams further apart are skipped unlooked.
  for (let rounds = 0; rounds < 8; rounds++) {
    const grams = run.length - ctx.minLength + 1;
    // The first non-frequent gram starting at or after a, and the last starting at or before b.
    const nextRare = new Array<number>(grams + 1).fill(Infinity);
    const prevRare = new Array<number>(grams).fill(-Infinity);
    for (let a = grams - 1; a >= 0; a--) nextRare[a] = ctx.frequent.has(run.slice(a, a + ctx.minLength)) ? nextRare[a + 1]! : a;
    for (let a = 0; a < grams; a++) prevRare[a] = nextRare[a] === a ? a : a > 0 ? prevRare[a - 1]! : -Infinity;
    if (nextRare[0] === Infinity) return run;
    let applied = false;
    for (let n = Math.min(ctx.maxLength, run.length); n >= ctx.minLength && !applied; n--) {
      for (let a = 0; a + n <= run.length && !applied; a++) {
        const first = nextRare[a]!;
        const last = prevRare[a + n - ctx.minLength]!;
        if (first > last || last - first >= ctx.minLength) continue;
        const w = run.slice(a, a + n);
        const c = correctionOf(w, ctx);
        if (!c) continue;
        const at = a + c.at;
        fixes.push(`consensus: ${w} → ${c.to}`);
        run = run.slice(0, at) + c.to[c.at] + run.slice(at + 1);
        applied = true;
      }
    }
    if (!applied) return run;
  }
  return run;
}

/** A line with the strings one character off a frequent string of the issue corrected. */
export function correctByConsensus(line: string, ctx: ConsensusContext): { text: string; fixes: string[] } {
  const fixes: string[] = [];
  const text = line.replace(HAN_RUN, (run) => correctRun(run, ctx, fixes));
  return { text, fixes };
}

/**
 * The corrector of an issue's OCR'd lines: `consensusFixes(ocrTexts)` once per issue, then
 * `fix(line)` for each OCR'd line.
 */
export function consensusFixes(lines: Iterable<string>, options: ConsensusOptions = {}): (line: string) => string {
  const ctx = consensusContext(lines, options);
  return (line) => correctByConsensus(line, ctx).text;
}
