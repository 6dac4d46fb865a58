/**
 * Personnel forms of other issuers: a group of 正式任用 confirmations under a 任命： header, and the
 * party-committee wording X同志任…，免去其…职务 (its 其 is that person), X同志任… without 任命/为.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExtractContext } from '../src/model.js';
import { toSourceLines } from '../src/core/lines.js';
import { extractAppointments } from '../src/extract/appointments.js';

const ctxOf = (lines: string[], title: string): ExtractContext => ({ lines: toSourceLines(lines), title, docNumber: null, date: null, issueYear: null });
const brief = (ctx: ExtractContext) => extractAppointments(ctx).appointments.map((a) => [a.action, a.person, a.post, a.line]);

test('X等N人任职试用期满…同意正式任用，任命： lists confirmations, not new appointments', () => {
  const ctx = ctxOf(
    [
      '己区管委会关于周明等2人正式任用的通知',
      '各部门：',
      '周明等2人任职试用期满，经考核合格，管委会研究，同意正式任用，任命：',
      '周明为区财政局副局长；',
      '吴芳为区教育局副局长。',
      '己区管委会',
      '2021年6月1日',
    ],
    '己区管委会关于周明等2人正式任用的通知',
  );
  assert.deepEqual(brief(ctx), [
    ['confirm', '周明', '区财政局副局长', 4],
    ['confirm', '吴芳', '区教育局副局长', 5],
  ]);
});

test('a plain 任命： list is still appointments', () => {
  const ctx = ctxOf(['经研究，任命：', '周明为区财政局副局长；', '吴芳为区教育局副局长。'], '己区管委会关于周明等2人任职的通知');
  assert.deepEqual(brief(ctx).map((r) => r[0]), ['appoint', 'appoint']);
});

test('party committee: X同志任…，免去其…职务 is an appointment and a removal of X', () => {
  const ctx = ctxOf(
    [
      '中共己区工委关于郑华等同志任免职的通知',
      '各党支部：',
      '经区党工委研究决定：',
      '郑华同志任区党工委委员，免去其区发展改革局局长职务；',
      '冯磊同志任区纪工委副书记。',
      '中共己区工委',
      '2021年6月2日',
    ],
    '中共己区工委关于郑华等同志任免职的通知',
  );
  assert.deepEqual(brief(ctx), [
    ['appoint', '郑华', '区党工委委员', 4],
    ['remove', '郑华', '区发展改革局局长', 4],
    ['appoint', '冯磊', '区纪工委副书记', 5],
  ]);
});

test('免去其… in the next sentence refers to the person just named', () => {
  const ctx = ctxOf(['经研究决定：', '陈静同志任区财政局局长。免去其区审计局局长职务。'], '关于陈静同志任免职的通知');
  assert.deepEqual(brief(ctx), [
    ['appoint', '陈静', '区财政局局长', 2],
    ['remove', '陈静', '区审计局局长', 2],
  ]);
});

test('X同志任… lines without 任命/为, one person a line, and 同志任职期间 is no appointment', () => {
  const ctx = ctxOf(
    [
      '中共己区工委关于王强等同志职务任免的通知',
      '区委各部门：',
      '王强同志任区委办公室主任；',
      '李丽同志任区委组织部副部长（试用期一年）；',
      '赵刚同志任职期间表现突出。',
      '中共己区工委',
      '2021年7月1日',
    ],
    '中共己区工委关于王强等同志职务任免的通知',
  );
  assert.deepEqual(brief(ctx), [
    ['appoint', '王强', '区委办公室主任', 3],
    ['appoint', '李丽', '区委组织部副部长', 4],
  ]);
});
