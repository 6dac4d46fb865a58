import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSourceLines } from '../src/core/lines.js';
import { extractValidity } from '../src/extract/validity.js';
import type { ExtractContext } from '../src/model.js';

function doc(lines: string[], date: string | null, first = 1): ExtractContext {
  return {
    lines: toSourceLines(lines).map((l) => ({ ...l, line: l.line + first - 1 })),
    title: '某市人民政府办公室关于印发某办法的通知',
    docNumber: '某政办发〔2023〕1号',
    date,
    issueYear: date ? Number(date.slice(0, 4)) : null,
  };
}

const core = (ctx: ExtractContext) => {
  const v = extractValidity(ctx);
  return { from: v.effectiveFrom, to: v.expiresOn, line: v.line, term: v.termText };
};

test('自印发之日起施行 in a two-column-damaged line: yangquan-2023-05 L564-566', () => {
  const lines = ['第十五条 各县（区）人民政府可参照本', '', '办法，结合各自实际情况，依法制定本行政区 释，自印发之日起施行。', '', '域食品安全工作评议考核办法。'];
  const v = extractValidity(doc(lines, '2023-09-06', 564));
  assert.equal(v.effectiveFrom, '2023-09-06');
  assert.equal(v.effectiveText, '自印发之日起施行');
  assert.equal(v.line, 566);
  assert.equal(v.expiresOn, null);
});

test('自发布之日起实施: yangquan-2020-01 L1466', () => {
  const v = extractValidity(doc(['第十七条 本办法自发布之日起实施。'], '2020-01-22', 1466));
  assert.deepEqual([v.effectiveFrom, v.effectiveText, v.line], ['2020-01-22', '本办法自发布之日起实施', 1466]);
});

test('自DATE起执行，有效期为2年 → the day before the second anniversary: yangquan-2023-05 L1035', () => {
  assert.deepEqual(core(doc(['本文件自2023年10月18日起执行,有效期为2年。'], '2023-10-17', 1035)), {
    from: '2023-10-18', to: '2025-10-17', line: 1035, term: '有效期为2年',
  });
});

test('有效期五年 with Chinese numerals: yangquan-2023-05 L1103', () => {
  assert.deepEqual(core(doc(['本实施意见自2023年10月18日起实施，有效期五年。'], '2023-10-18')), {
    from: '2023-10-18', to: '2028-10-17', line: 1, term: '有效期五年',
  });
});

test('执行期限暂定为自印发之日起3个月: yangquan-2020-01 L276', () => {
  const line =
    '本意见支持的“中小微企业”，按工业和信息化部等四部门印发的《中小企业划型标准规定》（工信部联企〔2011〕300号）确定，执行期限暂定为自印发之日起3个月。中央、省出台相关支持政策，我市遵照从优执行。';
  assert.deepEqual(core(doc([line], '2020-02-15', 276)), {
    from: '2020-02-15', to: '2020-05-14', line: 276, term: '执行期限暂定为自印发之日起3个月',
  });
});

test('执行至2025年 → 2025-12-31: yangquan-2021-05 L893; 执行至2025年6月30日 and 有效期至2025年6月', () => {
  assert.deepEqual(core(doc(['4.以上财政奖补政策执行至2025年,2026年以后政策另行研究决定。'], '2021-09-13', 893)), {
    from: null, to: '2025-12-31', line: 893, term: '以上财政奖补政策执行至2025年',
  });
  assert.equal(extractValidity(doc(['本方案自印发之日起施行，执行至2025年6月30日。'], '2023-01-05')).expiresOn, '2025-06-30');
  assert.equal(extractValidity(doc(['本办法自印发之日起施行，有效期至2025年6月。'], '2023-01-05')).expiresOn, '2025-06-30');
});

test('发布之日起30日后施行, repeal of a title printed without 《》: yangquan-2023-05 L1689', () => {
  const line =
    '第五条 附则。以上扶持政策自发布之日起30日后施行，有效期两年。符合本政策规定的同一项目…以本政策为准。本政策由高新区管委会负责解释，原阳泉高新技术产业开发区支持新业态经济发展政策(试行)（阳开办发〔2022〕106号）自本政策生效之日起废止。';
  const v = extractValidity(doc([line], '2023-05-18', 1689));
  assert.deepEqual([v.effectiveFrom, v.expiresOn, v.effectiveText, v.termText], ['2023-06-17', '2025-06-16', '以上扶持政策自发布之日起30日后施行', '有效期两年']);
  assert.deepEqual(v.repeals, [{ title: null, docNumber: '阳开办发〔2022〕106号', line: 1689, span: { line: 1689, column: 95, endLine: 1689, endColumn: 109 } }]);
});

test('三十日后施行 and 原《…》number，自动废止: yangquan-2023-05 L1797', () => {
  const line =
    '第十条 本办法自发布之日起三十日后施行，有效期2年。本办法试行之日起，原《关于印发阳泉高新技术产业开发区促进商业综合体发展扶持办法(试行)的通知》阳开办发〔2022〕10号，自动废止。';
  const v = extractValidity(doc([line], '2023-06-29'));
  assert.deepEqual([v.effectiveFrom, v.expiresOn], ['2023-07-29', '2025-07-28']);
  assert.deepEqual(v.repeals, [
    {
      title: '关于印发阳泉高新技术产业开发区促进商业综合体发展扶持办法(试行)的通知',
      docNumber: '阳开办发〔2022〕10号',
      line: 1,
      span: { line: 1, column: line.indexOf('《'), endLine: 1, endColumn: line.indexOf('，自动废止') },
    },
  ]);
});

test('《…》(number)同时废止: yangquan-2021-05 L1726', () => {
  const v = extractValidity(doc(['本预案自发布之日起实施。2018年12月14日印发的《阳泉市辐射事故应急预案》(阳政办发〔2018〕127号)同时废止。'], '2021-10-19', 1726));
  assert.equal(v.effectiveFrom, '2021-10-19');
  assert.deepEqual(v.repeals, [{ title: '阳泉市辐射事故应急预案', docNumber: '阳政办发〔2018〕127号', line: 1726, span: { line: 1726, column: 26, endLine: 1726, endColumn: 55 } }]);
});

test('a repeal sentence broken by a misplaced attachment heading: yangquan-2023-05 L2123-2126', () => {
  const lines = [
    '第二十一条 本政策自 2023 年 9 月 30 日起施行，有效期一年。在实施期间因国家、省、市政策变化导致本政策不能实施的，从其规定。本政策生效期间，已提出申请尚未办结的事项，',
    '附件 1：',
    '',
    '按照本政策兑现。原《阳泉高新技术产业开发区支持科技创新发展若干政策》（阳开办发〔2022〕54 号）同时废止。',
  ];
  const v = extractValidity(doc(lines, '2023-08-24', 2123));
  assert.deepEqual([v.effectiveFrom, v.expiresOn, v.line], ['2023-09-30', '2024-09-29', 2123]);
  assert.deepEqual(v.repeals, [{ title: '阳泉高新技术产业开发区支持科技创新发展若干政策', docNumber: '阳开办发〔2022〕54号', line: 2126, span: { line: 2126, column: 9, endLine: 2126, endColumn: 50 } }]);
});

test('no title or number, no repeal: yangquan-2021-05 L2030, yangquan-2020-01 L1270, and 以前相关政策同时废止', () => {
  const v = extractValidity(doc(['第二十八条 本细则自印发之日起施行。以前相关政策与本细则不一致的以本细则为准。'], '2021-10-20'));
  assert.deepEqual([v.effectiveFrom, v.repeals], ['2021-10-20', []]);
  const task = '五、保护外商投资合法权益。清理与现行开放政策及《中华人民共和国外商投资法》不符的市政府规章和规范性文件，做好限期废止或修订工作。';
  assert.deepEqual(extractValidity(doc([task], '2020-01-10')).repeals, []);
  assert.deepEqual(extractValidity(doc(['本办法自印发之日起施行，以前相关政策同时废止。'], '2020-01-10')).repeals, []);
});

test('an explicit date with a subject other than the document, near the end: yangquan-2021-05 L1340-1346', () => {
  const lines = [
    '二、本通知所指的最低工资标准，是剔除下列各项后用人单位支付给劳动者的货币性工资：',
    '（一）加班加点工资；',
    '（二）中班、夜班、高温、低温、井下、有毒有害、行车等特殊工作环境、条件下的津贴；',
    '（三）法律、法规和国家规定的劳动者福利待遇等。',
    '三、调整后最低工资标准自2021年10月1日起实行。',
    '阳泉市人民政府办公室',
    '2021年10月15日',
  ];
  assert.deepEqual(core(doc(lines, '2021-10-15', 1342)), { from: '2021-10-01', to: null, line: 1346, term: null });
});

test('terms of other things are not the document\'s term: yangquan-2023-05 L2009, L1951', () => {
  const lines = [
    '1.对首次认定的高新技术企业，给予20万元奖励；对高新区外高新技术企业（证书有效期一年以上）迁入的，给予15万元奖励。',
    '第十一条 …企业获得创新券，可在有效期内叠加使用。创新券发放自公示之日起两年',
    '本许可证有效期为3年。',
  ];
  assert.deepEqual(core(doc(lines, '2023-08-24')), { from: null, to: null, line: null, term: null });
});

test('试行期 and 期满自行失效', () => {
  assert.deepEqual(core(doc(['本办法自2024年1月1日起试行，试行期为一年，期满自行失效。'], '2023-12-20')), {
    from: '2024-01-01', to: '2024-12-31', line: 1, term: '试行期为一年',
  });
  assert.deepEqual(core(doc(['本通知自印发之日起施行，期满自行失效。'], null)), {
    from: null, to: null, line: 1, term: '期满自行失效',
  });
});

test('the enclosure\'s clause near the end wins over the notice\'s', () => {
  const lines = ['本通知自印发之日起施行。', '某市某某管理办法', '第三十条 本办法自2024年1月1日起施行，有效期5年。'];
  assert.deepEqual(core(doc(lines, '2023-11-20')), { from: '2024-01-01', to: '2028-12-31', line: 3, term: '有效期5年' });
});

test('hard-wrapped, half-width and spaced variants', () => {
  const wrapped = ['第十三条 本办法自2023年9', '月30日起施行，有效', '期两年。'];
  assert.deepEqual(core(doc(wrapped, '2023-08-24')), { from: '2023-09-30', to: '2025-09-29', line: 1, term: '有效期两年' });
  const half = ['本文件自2023.10.18起执行,有效期为2年.'];
  assert.deepEqual(core(doc(half, '2023-10-17')), { from: '2023-10-18', to: '2025-10-17', line: 1, term: '有效期为2年' });
  const spaced = ['本 办法 自 发布 之日起 实施 ， 有效期 3 年 。'];
  assert.deepEqual(core(doc(spaced, '2020-01-29')), { from: '2020-01-29', to: '2023-01-28', line: 1, term: '有效期3年' });
});

test('a heading without punctuation runs into the clause when blank lines are gone: yangquan-2020-01 L1795-1797 hard-wrapped', () => {
  const lines = ['6.4 预案实施', '本预案自发布之日起实施。'];
  const v = extractValidity(doc(lines, '2020-01-29', 1795));
  assert.deepEqual([v.effectiveFrom, v.effectiveText, v.line], ['2020-01-29', '本预案自发布之日起实施', 1796]);
  const wrapped = ['第十三条 本办法自', '2023年9月30日起施行，有效期两年。'];
  const w = extractValidity(doc(wrapped, '2023-08-24'));
  assert.deepEqual([w.effectiveText, w.line], ['本办法自2023年9月30日起施行', 1]);
});

test('a document without validity statements is empty', () => {
  assert.deepEqual(extractValidity(doc(['现将有关事项通知如下：', '一、…自2017年实施清洁取暖改造工程以来，…'], '2023-10-17')), {
    effectiveFrom: null, expiresOn: null, effectiveText: null, termText: null, repeals: [], line: null,
  });
});

test('end dates: 至…止, DATE废止, 自DATE起失效, 有效期至…年底, 实施期限为2021—2025年 (synthetic)', () => {
  const to = (line: string) => extractValidity(doc([line], '2023-01-05')).expiresOn;
  assert.equal(to('本意见自2023年1月1日起施行，至2025年12月31日止。'), '2025-12-31');
  assert.equal(to('本办法自2023年1月1日起施行，2027年12月31日废止。'), '2027-12-31');
  assert.equal(to('本办法自2023年1月1日起施行，自2028年1月1日起失效。'), '2027-12-31');
  assert.equal(to('本通知自印发之日起执行，有效期至2025年底。'), '2025-12-31');
  assert.equal(to('本方案实施期限为2021—2025年。'), '2025-12-31');
  assert.equal(to('申报时间自2023年1月1日至2023年3月31日止。'), null);
});

test('DATE废止 and 自DATE起失效 read near their verb: the longest date, at the text\'s start, verbs close together (synthetic)', () => {
  const to = (line: string) => extractValidity(doc([line], '2023-01-05')).expiresOn;
  // 20 characters, the longest match: 自, a date of 14, 起, 自动, the verb.
  assert.equal(to('自二〇二八年十二月三十一日起自动失效。'), '2028-12-30');
  assert.equal(to('本办法自2023年1月1日起施行，二〇二七年十二月三十一日自行废止。'), '2027-12-31');
  // 废止 and 失效 a few characters apart (the stretches around them merge): the first is the term.
  assert.equal(to('原办法同时废止，本办法自2023年1月1日起施行，2026.6.30废止，2027.6.30失效。'), '2026-06-30');
});

test('another law\'s effective date in the body is not the document\'s (synthetic)', () => {
  const lines = ['一、新修订的《中华人民共和国安全生产法》自2021年9月1日起施行，各单位要认真学习。', '二、加强组织领导。', '三、强化督促检查。', '四、做好宣传引导。'];
  assert.deepEqual(core(doc(lines, '2021-09-10')), { from: null, to: null, line: null, term: null });
});

test('effective clauses read near their verb: long delays, the text\'s end, 有效 right after (synthetic)', () => {
  // A delay of any length before the verb.
  assert.deepEqual(core(doc(['第二十条 本办法自印发之日起一百二十日后正式施行。'], '2023-01-01')), {
    from: '2023-05-01', to: null, line: 1, term: null,
  });
  // The clause ends the text: no punctuation after the verb.
  assert.equal(extractValidity(doc(['本办法自2023年10月18日起施行'], null)).effectiveFrom, '2023-10-18');
  assert.equal(extractValidity(doc(['本规定自2023.10.18施行'], null)).effectiveFrom, '2023-10-18');
  // Hard-wrapped inside the verb, 有效期 right after it (one clause: its term is not about the document).
  assert.deepEqual(core(doc(['本办法自2023年10月18日起施', '行有效期两年。'], null)), {
    from: '2023-10-18', to: null, line: 1, term: null,
  });
  assert.deepEqual(core(doc(['本办法自2023年10月18日起施', '行,有效期两年。'], null)), {
    from: '2023-10-18', to: '2025-10-17', line: 1, term: '有效期两年',
  });
  // More words after the verb: not a clause about coming into force.
  assert.equal(extractValidity(doc(['本办法自印发之日起实施新的收费标准。'], '2023-01-01')).effectiveText, null);
});

test('有效期至 a date written with dots or dashes: 2025.12.31, 2025-06-30, 2025.6 (synthetic)', () => {
  assert.deepEqual(core(doc(['本办法自2023.10.18起施行，有效期至2025.12.31。'], '2023-09-01')), {
    from: '2023-10-18', to: '2025-12-31', line: 1, term: '有效期至2025.12.31',
  });
  assert.equal(core(doc(['本办法自印发之日起施行，有效期至2025-06-30。'], '2023-09-01')).to, '2025-06-30');
  assert.equal(core(doc(['本办法自印发之日起施行，执行至2025.6。'], '2023-09-01')).to, '2025-06-30');
  // A range of years is no date: 实施期限为2021—2025年 is read by its own form.
  assert.equal(core(doc(['本方案自印发之日起施行，执行至2025-2027年。'], '2023-09-01')).to, null);
});
