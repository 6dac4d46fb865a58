/**
 * Every fact of the three sample issues carries the span of its evidence, and the characters under
 * it are the fact's own: a column off by one (or a span on the wrong line) fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { parseIssue } from '../src/parse.js';
import { foldWidth, squash } from '../src/core/text.js';
import type { SourceLine, TextSpan } from '../src/model.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';

const DIR = 'fixtures/corpus';

/** The characters of the lines under a span, as printed. */
export function charactersUnder(lines: SourceLine[], s: TextSpan): string {
  let out = '';
  for (let n = s.line; n <= s.endLine; n++) {
    const t = lines[n - 1]!.text;
    out += t.slice(n === s.line ? s.column : 0, n === s.endLine ? s.endColumn : t.length);
  }
  return out;
}

/** Comparable form: no whitespace, half-width, << >> as 《》. */
const key = (s: string): string => foldWidth(squash(s)).replace(/<</g, '《').replace(/>>/g, '》');

/** The span's characters are exactly `first…last`: it starts with `first` and ends with `last`. */
function assertBounds(under: string, first: string, last: string, what: string): void {
  const u = key(under);
  assert.ok(u.startsWith(key(first)) && u.endsWith(key(last)), `${what}: "${under}" should run from "${first}" to "${last}"`);
}

for (const file of readdirSync(DIR).filter((f) => f.endsWith('.txt'))) {
  test(`every fact of ${file} carries a span over its own characters`, () => {
    const bytes = readFileSync(`${DIR}/${file}`);
    const lines = toSourceLines(decode(bytes).lines);
    const parsed = parseIssue(bytes, { fileName: file });
    let facts = 0;
    for (const d of parsed.documents) {
      const inDoc = (s: TextSpan) => assert.ok(s.line >= d.startLine && s.endLine <= d.endLine && (s.line < s.endLine || s.column < s.endColumn));
      for (const c of d.citations) {
        assert.ok(c.span, `citation at line ${c.line} has a span`);
        inDoc(c.span);
        assert.equal(c.span.line, c.line);
        const under = charactersUnder(lines, c.span);
        if (c.title) assertBounds(under, `《${c.title}`, c.docNumber ? under.slice(-1) : '》', `citation line ${c.line}`);
        if (c.docNumber) assert.ok(key(under).includes(key(c.docNumber)) || c.kind !== 'number_only', `number ${c.docNumber} under "${under}"`);
        if (c.kind === 'number_only') assertBounds(under, c.docNumber!.slice(0, 1), '号', `number at line ${c.line}`);
        facts++;
      }
      for (const r of d.validity.repeals) {
        assert.ok(r.span, `repeal at line ${r.line} has a span`);
        const under = charactersUnder(lines, r.span);
        if (r.title) assertBounds(under, `《${r.title}`, r.docNumber ? under.slice(-1) : '》', `repeal line ${r.line}`);
        facts++;
      }
      for (const a of d.appointments) {
        assert.ok(a.span, `appointment of ${a.person} has a span`);
        inDoc(a.span);
        assert.equal(a.span.line, a.line);
        const under = charactersUnder(lines, a.span);
        // The clause starts with the person's name and holds the post.
        assertBounds(under, a.person, under.slice(-1), `appointment of ${a.person}`);
        // A record mended with its tail printed elsewhere holds only the first part of the post.
        const mended = d.warnings.some((w) => w.code === 'record-reconstructed' && w.line === a.line);
        assert.ok(key(under).includes(key(mended ? a.post.slice(0, 4) : a.post)), `post ${a.post} under "${under}"`);
        facts++;
      }
      for (const r of d.rosters) {
        for (const m of r.members) {
          assert.ok(m.span, `roster member ${m.person} at line ${m.line} has a span`);
          assert.equal(m.span.line, m.line);
          const under = charactersUnder(lines, m.span);
          assertBounds(under, m.person, under.slice(-1), `roster member ${m.person}`);
          facts++;
        }
      }
      for (const t of d.tasks) {
        assert.ok(t.span, `task at line ${t.line} has a span`);
        inDoc(t.span);
        const under = charactersUnder(lines, t.span);
        // The task text is the printed text (layout spaces removed, leading punctuation dropped).
        const k = key(under);
        const text = key(t.text);
        assert.ok(k.endsWith(text) && k.length - text.length <= 2, `task at line ${t.line}: "${under}" should be "${t.text}"`);
        facts++;
      }
    }
    assert.ok(facts > 50, `${facts} facts checked`);
  });
}
