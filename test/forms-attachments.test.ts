/** 附件 lists of other shapes: a number that runs into a year, a list broken by a blank line, 附件1.X heads, 附：. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSourceLines } from '../src/core/lines.js';
import { attachmentsOf } from '../src/core/metadata.js';

const titles = (lines: string[]) => attachmentsOf(toSourceLines(lines)).map((a) => a.title);

test('an item number that runs into a year (1.2021年度…)', () => {
  assert.deepEqual(titles(['附件：1.2021年度重点项目清单', '2.2022年度重点项目清单']), ['2021年度重点项目清单', '2022年度重点项目清单']);
});

test('a 附件 list that continues after a blank line', () => {
  assert.deepEqual(titles(['附件：1.工作方案', '', '2.任务分工表', '', '3.联络员名单', '', '某市人民政府', '2021年5月6日']), ['工作方案', '任务分工表', '联络员名单']);
});

test('附件1.X with the number after 附件 and no colon, the next items numbered alone', () => {
  assert.deepEqual(titles(['附件1.口岸查验区界址点坐标', '2.大桥桥面界址点坐标', '国务院', '二〇〇六年十二月三十日']), ['口岸查验区界址点坐标', '大桥桥面界址点坐标']);
});

test('附：X under a report is its attachment; a bare 附： heading is not a list', () => {
  assert.deepEqual(titles(['以上意见如无不妥，请批转执行。', '', '附：扩大招生计划表', '国家教委', '一九九六年五月十三日', '', '附：', '表格内容']), ['扩大招生计划表']);
});

test('a sentence is not an attachment: 附件1.X only as a line head', () => {
  assert.deepEqual(titles(['具体要求见附件1.各地要按时报送。']), []);
});
