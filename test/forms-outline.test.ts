/**
 * Outline: a numbered item whose title opens with a number (6. 5G+智慧能源, 1.2021年度…) is an item,
 * not a quantity (1.5万吨) or a list of months (1、2月份) — 阳政发〔2020〕5号 lost its items 6–16.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toSourceLines } from '../src/core/lines.js';
import { parseOutline } from '../src/core/outline.js';
import { parseIssue } from '../src/parse.js';
import type { OutlineNode } from '../src/model.js';

const labels = (nodes: OutlineNode[]): string[] => nodes.flatMap((n) => [n.label, ...labels(n.children)]);

test('an item whose title starts with a number is kept; quantities and month lists are not items', () => {
  const tree = parseOutline(
    toSourceLines([
      '（三）开展试点示范',
      '6. 5G+智慧交通。推进车路协同试点。',
      '7.5G+智慧医疗。建设远程会诊平台。',
      '8.2021年度重点项目清单',
      '9、2022年工作安排',
      '1.5万吨以下的全部关停',
      '1、2月份完成摸底。',
      '3. 5万吨以下的全部关停',
    ]),
  );
  assert.deepEqual(labels(tree), ['（三）', '6.', '7.', '8.', '9、']);
});

test('阳政发〔2020〕5号 of the samples: items 1–18 of 三、重点任务 are all in the outline', () => {
  const issue = parseIssue(readFileSync(new URL('../fixtures/corpus/yangquan-2020-01.txt', import.meta.url)), { fileName: 'yangquan-2020-01.txt' });
  const doc = issue.documents.find((d) => d.docNumber === '阳政发〔2020〕5号')!;
  const tasks = doc.outline.find((n) => n.title === '重点任务')!;
  const items = tasks.children.flatMap((c) => c.children.map((n) => n.label));
  assert.deepEqual(items, Array.from({ length: 18 }, (_, i) => `${i + 1}.`));
});
