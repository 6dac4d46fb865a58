/**
 * Extraction of a document is a pure function of the document and the issue's read-only context:
 * extracting an issue's documents in another order gives the same facts, and the issue's table of
 * agencies (what the documents taught it) comes out the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ExtractContext, OfficialDocument, SourceLine } from '../src/model.js';
import { parseIssueWithLines } from '../src/parse.js';
import { toSourceLines } from '../src/core/lines.js';
import { agenciesOfIssue, extractAll } from '../src/extract/index.js';
import { corpusFile, goldIssues } from '../eval/gold.js';

/** A deterministic shuffle (the same on every run, so a failure can be replayed). */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function contextOf(lines: SourceLine[], d: Pick<OfficialDocument, 'startLine' | 'endLine' | 'title' | 'docNumber' | 'date'>): ExtractContext {
  return { lines: lines.slice(d.startLine - 1, d.endLine), title: d.title, docNumber: d.docNumber, date: d.date, issueYear: null };
}

/** Extract the documents in the given order against one table; facts by document, then the table. */
function extractInOrder(lines: SourceLine[], docs: Array<Parameters<typeof contextOf>[1]>, order: number[]) {
  const table = agenciesOfIssue(lines);
  const results = new Map<number, ReturnType<typeof extractAll>>();
  for (const i of order) results.set(i, extractAll(contextOf(lines, docs[i]!), table));
  // Merged in document order, as parse does.
  for (let i = 0; i < docs.length; i++) table.merge(results.get(i)!.agencies);
  const facts = docs.map((_, i) => {
    const { agencies: _own, ...rest } = results.get(i)!;
    return rest;
  });
  return { facts, agencies: table.list().map((a) => [a.name, [...a.aliases].sort()]).sort() };
}

for (const name of goldIssues()) {
  test(`${name}: extraction does not depend on the order of the documents`, () => {
    const { parsed, lines } = parseIssueWithLines(readFileSync(corpusFile(name)));
    const docs = parsed.documents;
    const inOrder = extractInOrder(lines, docs, docs.map((_, i) => i));
    for (const seed of [1, 7]) {
      const order = shuffled(docs.map((_, i) => i), seed);
      assert.deepEqual(extractInOrder(lines, docs, order), inOrder, `order ${order.join(',')}`);
    }
  });
}

test('a short name used without a definition of its own reads the same whatever was extracted before', () => {
  const text = [
    '晋阳市人民政府办公室关于成立防汛专班的通知', '晋阳政办发〔2022〕1号', '', '各县（区）人民政府：', '成立晋阳市防汛工作专班（以下简称专班）。',
    '（一）做好汛期值守。（专班负责，2022年6月底前完成）', '晋阳市人民政府办公室', '2022年5月1日', '',
    '晋阳市人民政府办公室关于做好汛期值班的通知', '晋阳政办发〔2022〕2号', '', '各县（区）人民政府：',
    '（一）加强汛期值班。（专班负责，2022年7月底前完成）', '晋阳市人民政府办公室', '2022年5月2日', '',
    '晋阳市人民政府办公室关于成立森林防火专班的通知', '晋阳政办发〔2022〕3号', '', '各县（区）人民政府：', '成立晋阳市森林防火工作专班（以下简称专班）。',
    '（一）做好防火巡查。（专班负责，2022年8月底前完成）', '晋阳市人民政府办公室', '2022年5月3日',
  ];
  const lines = toSourceLines(text);
  const docs = [
    { startLine: 1, endLine: 8, title: '晋阳市人民政府办公室关于成立防汛专班的通知', docNumber: null, date: '2022-05-01' },
    { startLine: 10, endLine: 16, title: '晋阳市人民政府办公室关于做好汛期值班的通知', docNumber: null, date: '2022-05-02' },
    { startLine: 18, endLine: 25, title: '晋阳市人民政府办公室关于成立森林防火专班的通知', docNumber: null, date: '2022-05-03' },
  ];
  const a = extractInOrder(lines, docs, [0, 1, 2]);
  const b = extractInOrder(lines, docs, [0, 2, 1]);
  // Each defining document reads its own definition.
  assert.deepEqual(a.facts[0]!.tasks.map((t) => t.leadAgencies), [['市防汛工作专班']]);
  assert.deepEqual(a.facts[2]!.tasks.map((t) => t.leadAgencies), [['市森林防火工作专班']]);
  assert.deepEqual(b, a);
});
