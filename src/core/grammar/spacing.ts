/**
 * Layout-tolerant spacing: the "printed" form of a pattern, generated from its canonical form.
 *
 * Extractors match most patterns on text that is width-folded and squashed
 * (`removeLayoutSpaces(foldWidth(s))`). Folding and squashing every line costs more than the rest
 * of a pass, so the hot paths test the line as printed, with a pattern that takes both widths and
 * a layout space between any two characters. `printedPattern` writes that pattern from the
 * canonical one, so the two never drift apart (test/grammar.test.ts checks with random strings
 * that both match the same inputs):
 * - every consuming atom that something consuming follows gets `\s*` after it;
 * - an ASCII character (alone or in a class) also takes its full-width form, `\d` takes ０-９;
 * - `^` becomes `^\s*`, `$` becomes `\s*$`, a lookahead `(?!X)` becomes `(?!\s*X')`;
 * - a `\s*` of the canonical pattern is dropped (the atom before it has one already).
 *
 * The canonical patterns are read by a small parser of the regex subset they use (literals,
 * classes, groups, alternation, quantifiers, \d \s and escaped punctuation, anchors, lookaround);
 * anything else throws, so an unsupported pattern is found when the module loads, not by a miss.
 */

type Node =
  | { t: 'alt'; alts: Node[][] }
  | { t: 'group'; open: string; body: Node }
  | { t: 'look'; open: string; body: Node }
  | { t: 'char'; src: string }
  | { t: 'space' }
  | { t: 'start' }
  | { t: 'end' }
  | { t: 'rep'; atom: Node; q: string; min: number; max: number | null };

const SPACE = '\\s*';
/** The full-width form of a printable ASCII character (！ for !), or '' for others. */
function wide(code: number): string {
  return code >= 0x21 && code <= 0x7e ? String.fromCharCode(code + 0xfee0) : '';
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node {
    const n = this.alternation();
    if (this.i < this.s.length) this.fail('unbalanced )');
    return n;
  }

  private fail(why: string): never {
    throw new Error(`printedPattern: ${why} at ${this.i} of /${this.s}/`);
  }

  private alternation(): Node {
    const alts: Node[][] = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return { t: 'alt', alts };
  }

  private sequence(): Node[] {
    const out: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const atom = this.atom();
      out.push(this.quantified(atom));
    }
    return out;
  }

  private quantified(atom: Node): Node {
    const rest = this.s.slice(this.i);
    const m = /^(?:([*+?])|\{(\d+)(?:(,)(\d*))?\})(\??)/.exec(rest);
    if (!m) return atom;
    this.i += m[0].length;
    if (atom.t === 'start' || atom.t === 'end' || atom.t === 'look') this.fail('quantified assertion');
    let min: number;
    let max: number | null;
    if (m[1] === '*') [min, max] = [0, null];
    else if (m[1] === '+') [min, max] = [1, null];
    else if (m[1] === '?') [min, max] = [0, 1];
    else {
      min = Number(m[2]);
      max = m[3] ? (m[4] ? Number(m[4]) : null) : min;
    }
    if (atom.t === 'space') {
      if (min > 0) this.fail('a required space (\\s+) has no printed form');
      return atom;
    }
    return { t: 'rep', atom, q: m[0], min, max };
  }

  private atom(): Node {
    const s = this.s;
    const c = s[this.i]!;
    if (c === '^') return this.i++, { t: 'start' };
    if (c === '$') return this.i++, { t: 'end' };
    if (c === '[') return this.charClass();
    if (c === '(') {
      const m = /^\((\?(?:[:=!]|<[=!]|<[A-Za-z]\w*>))?/.exec(s.slice(this.i))!;
      this.i += m[0].length;
      const body = this.alternation();
      if (s[this.i] !== ')') this.fail('unclosed group');
      this.i++;
      const look = m[1] !== undefined && /[=!]$/.test(m[1]);
      return look ? { t: 'look', open: m[0], body } : { t: 'group', open: m[0], body };
    }
    if (c === '\\') {
      const e = s[this.i + 1];
      if (e === undefined) this.fail('trailing backslash');
      this.i += 2;
      if (e === 's') return { t: 'space' };
      if (e === 'd') return { t: 'char', src: '[\\d０-９]' };
      if (/[.\\/()[\]{}|*+?^$\-:]/.test(e)) return literal(e);
      return this.fail(`escape \\${e}`);
    }
    if (c === '.' || c === '*' || c === '+' || c === '?' || c === '{') this.fail(`unsupported ${c}`);
    this.i++;
    return literal(c);
  }

  private charClass(): Node {
    const s = this.s;
    this.i++; // [
    if (s[this.i] === '^') this.fail('negated classes have no printed form here');
    let body = '';
    let added = '';
    const widened: string[] = [];
    while (this.i < s.length && s[this.i] !== ']') {
      let item: string;
      let code: number;
      if (s[this.i] === '\\') {
        const e = s[this.i + 1]!;
        this.i += 2;
        if (e === 'd') {
          body += '\\d';
          added += '０-９';
          continue;
        }
        if (e === 's' || /[A-Za-z0-9]/.test(e)) this.fail(`class escape \\${e}`);
        item = '\\' + e;
        code = e.charCodeAt(0);
      } else {
        item = s[this.i]!;
        code = item.charCodeAt(0);
        this.i++;
      }
      if (s[this.i] === '-' && s[this.i + 1] !== ']') {
        // A range: both ends widen when both are ASCII.
        const to = s[this.i + 1] === '\\' ? s[this.i + 2]! : s[this.i + 1]!;
        this.i += s[this.i + 1] === '\\' ? 3 : 2;
        body += `${item}-${/[\\\]\-^]/.test(to) ? '\\' + to : to}`;
        const w1 = wide(code);
        const w2 = wide(to.charCodeAt(0));
        if (w1 && w2) added += `${w1}-${w2}`;
        else if (w1 || w2) this.fail('a range across widths');
        continue;
      }
      body += item;
      const w = wide(code);
      if (w) widened.push(w);
    }
    if (s[this.i] !== ']') this.fail('unclosed class');
    this.i++;
    // A full-width form the class names already is not named twice.
    const missing = widened.filter((w, k) => !body.includes(w) && widened.indexOf(w) === k).join('');
    return { t: 'char', src: `[${body}${added}${missing}]` };
  }
}

function literal(ch: string): Node {
  const w = wide(ch.charCodeAt(0));
  const esc = /[\\\]\-^]/.test(ch) ? '\\' + ch : ch;
  if (w) return { t: 'char', src: `[${esc}${w}]` };
  return { t: 'char', src: /[.\\/()[\]{}|*+?^$]/.test(ch) ? '\\' + ch : ch };
}

/** Does the node consume characters (a space of the canonical pattern is not counted)? */
function consumes(n: Node): boolean {
  return n.t === 'char' || n.t === 'group' || n.t === 'rep' || n.t === 'alt';
}

function renderAlt(n: Node, tail: boolean): string {
  if (n.t !== 'alt') return render(n, tail);
  return n.alts.map((seq) => renderSeq(seq, tail)).join('|');
}

function renderSeq(seq: Node[], tail: boolean): string {
  let out = '';
  for (let k = 0; k < seq.length; k++) {
    let follows = tail;
    for (let j = k + 1; j < seq.length && !follows; j++) follows = consumes(seq[j]!);
    out += render(seq[k]!, follows);
  }
  return out;
}

/** `tail`: something consuming follows, so the node ends with `\s*`. */
function render(n: Node, tail: boolean): string {
  switch (n.t) {
    case 'alt':
      return `(?:${renderAlt(n, tail)})`;
    case 'start':
      return '^' + SPACE;
    case 'end':
      return SPACE + '$';
    case 'space':
      return '';
    case 'char':
      return n.src + (tail ? SPACE : '');
    case 'group':
      return `${n.open}${renderAlt(n.body, tail)})`;
    case 'look': {
      const behind = n.open.startsWith('(?<');
      return behind ? `${n.open}${renderAlt(n.body, true)})` : `${n.open}${SPACE}${renderAlt(n.body, false)})`;
    }
    case 'rep': {
      const lazy = n.q.endsWith('?') && n.q.length > 1;
      if (tail || n.max === 1) {
        // (?:A\s*)q — the repeated atom carries its own trailing space.
        const inner = render(n.atom, tail);
        const wrapped = n.atom.t === 'group' ? inner : `(?:${inner})`;
        return wrapped + n.q;
      }
      if (lazy) throw new Error('printedPattern: a lazy repeat at the end of a pattern');
      // At the end: (?:A\s*){min-1,max-1}A, so no trailing space is taken.
      const atom = render(n.atom, false);
      const spaced = `(?:${render(n.atom, true)})`;
      const one = n.atom.t === 'group' || n.atom.t === 'char' ? atom : `(?:${atom})`;
      const rest = `{${Math.max(0, n.min - 1)},${n.max === null ? '' : n.max - 1}}`;
      const body = `${spaced}${rest}${one}`;
      return n.min === 0 ? `(?:${body})?` : body;
    }
  }
}

/**
 * The source of the printed form of a canonical pattern: it matches a printed string exactly when
 * the canonical pattern matches the string width-folded and without layout spaces.
 */
export function printedSource(canonical: RegExp | string): string {
  const src = typeof canonical === 'string' ? canonical : canonical.source;
  return renderAlt(new Parser(src).parse(), false);
}

/** `printedSource` as a RegExp with the canonical pattern's flags (or `flags`). */
export function printedPattern(canonical: RegExp, flags = canonical.flags): RegExp {
  return new RegExp(printedSource(canonical), flags);
}
