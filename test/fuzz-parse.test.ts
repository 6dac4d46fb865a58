/**
 * Bad input, part 1: `parseIssue` and the search query parser over hostile input. `parseIssue`
 * never throws anything but an InputError, and every line number it reports — documents, TOC,
 * outline, appointments, rosters, tasks, citations, attachments, enclosures, warnings — lies inside
 * the file, with ranges ordered and nested. `parseQuery` never throws anything but a
 * QuerySyntaxError, and every term it returns is non-empty normalized text.
 * (robustness.test.ts covers random text and shuffled lines; this suite adds adversarial shapes:
 * injection strings, control characters, broken surrogates, markup debris, giant lines.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseIssue, InputError } from '../src/parse.js';
import type { OfficialDocument, OutlineNode, ParsedIssue } from '../src/model.js';
import { parseQuery, QuerySyntaxError } from '../src/search/query.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import { corpusFile } from '../eval/gold.js';

const NASTY = [
  "'; DROP TABLE documents; --",
  "' OR '1'='1",
  '" OR ""="',
  '\\x00\\u0000',
  '\u0000',
  '\u0007\u001b[31m',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '${process.exit(1)}',
  '{{7*7}}',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u200f',
  '\ufeff\ufeff',
  '〔〕〔〔〕〕',
  '第第第第十十十章',
  '（（（（一）',
  '《《《《》》',
  '阳政发〔〕号',
  '阳政发〔99999999999999999999〕99999999999999号',
  '2020年13月45日',
  '二〇二〇年十三月四十五日',
  '附件：',
  '目  录',
  '【】',
  '| --- | --- |',
  '# ## ### **',
  '\t\t\t',
  '﻿',
  'ＡＢＣ１２３（）',
  '主送：',
  '牵头单位：；责任单位：',
  '任命张三为…职务；免去…职务。',
];

const sampleLines = readFileSync(corpusFile('yangquan-2021-05'), 'utf8').split('\n');

/** Every reported line lies in 1..lineCount; ranges are ordered and nested in their document. */
function assertSpansValid(p: ParsedIssue): void {
  const n = p.source.lineCount;
  const at = (what: string, l: number | null, lo = 1, hi = n) => {
    if (l === null) return;
    assert.ok(Number.isInteger(l) && l >= lo && l <= hi, `${what}: line ${l} outside ${lo}..${hi}`);
  };
  assert.equal(typeof n, 'number');
  if (p.issue) at('masthead', p.issue.line);
  for (const w of p.warnings) at('issue warning', w.line);
  for (const e of p.toc) {
    at('toc', e.line);
    at('toc end', e.endLine, e.line);
    if (e.documentIndex !== null) assert.ok(e.documentIndex >= 0 && e.documentIndex < p.documents.length, 'toc documentIndex');
  }
  let prevEnd = 0;
  p.documents.forEach((d: OfficialDocument, i) => {
    assert.equal(d.index, i);
    at('document start', d.startLine, prevEnd + 1);
    at('document end', d.endLine, d.startLine);
    prevEnd = d.endLine;
    const inDoc = (what: string, l: number | null) => at(`${what} of document ${i}`, l, d.startLine, d.endLine);
    inDoc('docNumberLine', d.docNumberLine);
    for (const a of d.attachments) inDoc('attachment', a.line);
    for (const e of d.enclosures) inDoc('enclosure', e.startLine);
    for (const a of d.appointments) inDoc('appointment', a.line);
    if (d.appointmentBasis) inDoc('appointment basis', d.appointmentBasis.line);
    for (const r of d.rosters) {
      inDoc('roster', r.line);
      for (const m of r.members) inDoc('roster member', m.line);
    }
    for (const t of d.tasks) {
      inDoc('task start', t.startLine);
      at(`task end of document ${i}`, t.endLine, t.startLine, d.endLine);
      inDoc('task marker', t.line);
    }
    for (const c of d.citations) {
      inDoc('citation', c.line);
      if (c.resolvedIndex !== null) assert.ok(c.resolvedIndex >= 0 && c.resolvedIndex < p.documents.length && c.resolvedIndex !== i);
    }
    for (const r of d.validity.repeals) inDoc('repeal', r.line);
    inDoc('validity', d.validity.line);
    for (const w of d.warnings) at('document warning', w.line);
    const walk = (nodes: OutlineNode[]) => {
      for (const o of nodes) {
        inDoc('outline', o.line);
        walk(o.children);
      }
    };
    walk(d.outline);
  });
}

function parseOrRefuse(input: Uint8Array | string): void {
  let p: ParsedIssue;
  try {
    p = parseIssue(input);
  } catch (e) {
    if (e instanceof InputError) return;
    throw e;
  }
  assertSpansValid(p);
  // The result is plain data: it survives a JSON round trip (what the archive stores).
  assert.deepEqual(JSON.parse(JSON.stringify(p)), p);
}

const nasty = fc.constantFrom(...NASTY);
const realLine = fc.constantFrom(...sampleLines);
const anyLine = fc.oneof(realLine, nasty, fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }));

test('parse: real lines mixed with injection strings, control characters and broken surrogates', () => {
  fc.assert(
    fc.property(fc.array(anyLine, { maxLength: 300 }), fc.constantFrom('\n', '\r\n', '\r'), (ls, eol) => parseOrRefuse(ls.join(eol))),
    { numRuns: 150 },
  );
});

test('parse: a real issue with hostile text spliced into random lines keeps every span valid', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(sampleLines.length - 1), nasty), { maxLength: 30 }), (edits) => {
      const ls = sampleLines.slice();
      for (const [i, s] of edits) ls[i] = (ls[i] ?? '') + s;
      parseOrRefuse(ls.join('\n'));
    }),
    { numRuns: 25 },
  );
});

test('parse: random bytes with a UTF-16 or UTF-8 byte order mark either parse or are refused', () => {
  const bom = fc.constantFrom(new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array([0xff, 0xfe]), new Uint8Array([0xfe, 0xff]), new Uint8Array(0));
  fc.assert(
    fc.property(bom, fc.uint8Array({ maxLength: 3000 }), (b, body) => {
      const buf = new Uint8Array(b.length + body.length);
      buf.set(b);
      buf.set(body, b.length);
      parseOrRefuse(buf);
    }),
    { numRuns: 200 },
  );
});

test('parse: many empty lines, one giant line of markup debris, thousands of headings', () => {
  parseOrRefuse('\n'.repeat(200_000));
  parseOrRefuse('| '.repeat(300_000));
  parseOrRefuse(Array.from({ length: 5000 }, (_, i) => `第${i}条 关于印发《${'办法'.repeat(i % 7)}》的通知`).join('\n'));
});

// ───────────────────────────── the query parser ─────────────────────────────

const queryPiece = fc.oneof(
  nasty,
  fc.string({ maxLength: 20 }),
  fc.constantFrom('year:', 'year:2020', 'year:2020-2023', 'year:abc', 'status:in_force', 'status:bogus', 'issuer:', '文种:通知', '-', '"', '“', '”', '-"x', '阳政发〔2020〕2号', '阳政发[2020]2 号', '-阳政发2020年2号', ':', '：'),
);

test('parseQuery: never throws anything but QuerySyntaxError; terms are non-empty normalized text', () => {
  fc.assert(
    fc.property(fc.array(queryPiece, { maxLength: 12 }), fc.constantFrom(' ', '', '\u3000', '\t'), (parts, sep) => {
      const q = parts.join(sep);
      try {
        const p = parseQuery(q);
        for (const t of p.terms) {
          assert.ok(t.text.length > 0, `empty term from ${JSON.stringify(q)}`);
          if (t.kind === 'text') assert.equal(normalizeForSearch(t.text), t.text);
        }
        for (const [a, b] of p.filters.years) assert.ok(Number.isInteger(a) && Number.isInteger(b));
      } catch (e) {
        if (!(e instanceof QuerySyntaxError)) throw e;
      }
    }),
    { numRuns: 1000 },
  );
});

test('parseQuery: a 100,000-character query is parsed in bounded time', () => {
  const t0 = performance.now();
  parseQuery('阳泉 '.repeat(25_000));
  parseQuery('"'.repeat(100_000));
  parseQuery('-'.repeat(100_000));
  assert.ok(performance.now() - t0 < 5000);
});
