import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSourceLines } from '../src/core/lines.js';
import { parseOutline } from '../src/core/outline.js';

test('heading tree: 一、 > （一） > 1. > （1）, titles cut at the first sentence break', () => {
  const lines = toSourceLines([
    '一、总体要求',
    '（一）指导思想。以习近平新时代中国特色社会主义思想为指导',
    '1. 鼓励企业做大做强。对当年主营业务收入……',
    '(1) 初报可用电话直接报告',
    '2、加强企业创新能力建设。',
    '二、主要措施',
    '2020年底前完成。',
    '1.5万吨以下的全部关停',
  ]);
  const tree = parseOutline(lines);
  assert.equal(tree.length, 2);
  assert.equal(tree[0]?.label, '一、');
  assert.equal(tree[0]?.title, '总体要求');
  const cnParen = tree[0]!.children[0]!;
  assert.equal(cnParen.kind, 'cn-paren');
  assert.equal(cnParen.title, '指导思想');
  assert.deepEqual(cnParen.children.map((c) => c.kind), ['arabic', 'arabic']);
  assert.equal(cnParen.children[0]?.children[0]?.kind, 'arabic-paren');
  assert.equal(tree[1]?.line, 6);
  assert.equal(tree[1]?.children.length, 0, '年份 and 1.5万吨 are not headings');
});

test('第X章 > 第X条, and decimal headings 6.3', () => {
  const tree = parseOutline(toSourceLines(['第一章 总则', '第一条 为加强……，制定本办法。', '第二条 本办法适用于……', '第九章 附则', '6.3 预案制订及解释']));
  assert.equal(tree[0]?.kind, 'chapter');
  assert.deepEqual(tree[0]?.children.map((c) => c.label), ['第一条', '第二条']);
  assert.equal(tree[1]?.label, '第九章');
  assert.equal(tree[1]?.children[0]?.kind, 'decimal');
});
