/** 附注 (publicity notes) of other wording, and whose note it is when a notice encloses a document. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIssue } from '../src/parse.js';
import { isPublicityNote } from '../src/core/segment.js';

const notice = (note: string) =>
  ['丁市人民政府关于做好秋季防火工作的通知', '丁政发〔2022〕9号', '', '各县（区）人民政府：', '请做好防火工作。', '丁市人民政府', '2022年9月1日', note].join('\n');

for (const [note, text] of [
  ['（本文有删减）', '本文有删减'],
  ['（此件主动公开）', '此件主动公开'],
  ['（此件依申请公开）', '此件依申请公开'],
  ['（此件不予公开）', '此件不予公开'],
  ['(此文有删节)', '此文有删节'],
]) {
  test(`附注 ${note} is the document's note`, () => {
    assert.equal(parseIssue(notice(note!)).documents[0]!.publicity, text);
  });
}

test('a sentence in brackets is not a 附注', () => {
  assert.equal(isPublicityNote('（本文件自印发之日起施行，有效期三年）'), false);
  assert.equal(isPublicityNote('（本文所称企业是指在本市注册的企业。）'), false);
});

test('the 附注 of an enclosed document is not the outer notice\'s', () => {
  const d = parseIssue([
    '戊市人民政府办公室关于印发戊市节水行动方案的通知', '戊政办发〔2022〕4号', '', '各县（区）人民政府：', '现将《戊市节水行动方案》印发给你们，请认真贯彻执行。',
    '戊市人民政府办公室', '2022年4月2日', '', '戊市节水行动方案', '一、总体要求', '节约用水。', '（此件不予公开）',
  ].join('\n')).documents[0]!;
  assert.equal(d.enclosures[0]?.startLine, 9);
  assert.equal(d.publicity, null);
});
