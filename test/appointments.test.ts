import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { ExtractContext } from '../src/model.js';
import { toSourceLines } from '../src/core/lines.js';
import { extractAppointments, isPersonnelDocument, titleHeadcount } from '../src/extract/appointments.js';
import { isPersonName } from '../src/core/grammar/person-names.js';
import { contextsFromGold, loadDocsGold, loadPeopleGold, scorePeople } from '../eval/people.js';

/** A context from printed lines; `first` is the line number of the first one. */
function ctxOf(lines: string[], title = '阳泉市人民政府关于张三等二人任免职务的通知', first = 1): ExtractContext {
  return {
    lines: toSourceLines(lines).map((l) => ({ ...l, line: l.line + first - 1 })),
    title,
    docNumber: null,
    date: null,
    issueYear: null,
  };
}

const brief = (ctx: ExtractContext) =>
  extractAppointments(ctx).appointments.map((a) => [a.action, a.person, a.post, a.qualifiers.join('，'), a.line]);

test('appoint: X为Y（试用期一年）', () => {
  // yangquan-2020-01.txt lines 627-629
  const ctx = ctxOf(['阳泉市人民政府决定任命：', '', '吴志鹏为阳泉师范高等专科学校副校长（试用期一年）；'], undefined, 627);
  assert.deepEqual(brief(ctx), [['appoint', '吴志鹏', '阳泉师范高等专科学校副校长', '试用期一年', 629]]);
});

test('appoint: layout space in the name, brackets that belong to the post are kept', () => {
  // yangquan-2020-01.txt lines 643 and 671
  const ctx = ctxOf([
    '任命：',
    '程 鹏为阳泉师范高等专科学校中文系主任（试用期一年）；',
    '王永昌为阳泉市妇幼保健计划生育服务中心（市妇幼保健院）主任（院长）（试用期一年）；',
  ]);
  assert.deepEqual(brief(ctx), [
    ['appoint', '程鹏', '阳泉师范高等专科学校中文系主任', '试用期一年', 2],
    ['appoint', '王永昌', '阳泉市妇幼保健计划生育服务中心（市妇幼保健院）主任（院长）', '试用期一年', 3],
  ]);
});

test('remove: X的Y职务（保留原职级待遇）', () => {
  // yangquan-2020-01.txt lines 575-579
  const ctx = ctxOf(['免去：', '', '杨鸿龙的阳泉市广播电视台台长职务（保留原职级待遇）；', '', '卢晓东的阳泉市第二中学校副校长职务。'], undefined, 575);
  assert.deepEqual(brief(ctx), [
    ['remove', '杨鸿龙', '阳泉市广播电视台台长', '保留原职级待遇', 577],
    ['remove', '卢晓东', '阳泉市第二中学校副校长', '', 579],
  ]);
});

test('remove printed without 职务; a sentence of the same shape is not a removal', () => {
  // yangquan-2023-05.txt lines 2504-2514
  const ctx = ctxOf(
    [
      '免去：',
      '任海鑫的阳泉市扶贫开发中心副主任；',
      '葛志强的阳泉市体育运动学校（市少年体育运动学校）副校长。',
      '郑海宁的试用期从原任职时间算起。',
    ],
    '阳泉市人民政府关于任海鑫等2人职务任免的通知',
  );
  assert.deepEqual(brief(ctx), [
    ['remove', '任海鑫', '阳泉市扶贫开发中心副主任', '', 2],
    ['remove', '葛志强', '阳泉市体育运动学校（市少年体育运动学校）副校长', '', 3],
  ]);
});

test('nominate: 提名：X任Y, and the research basis', () => {
  // yangquan-2020-01.txt lines 741-747
  const ctx = ctxOf(
    ['经阳泉市人民政府研究决定，提名：', '', '杨慧新任阳泉市商业银行董事长。', '', '免去：', '', '李首明的阳泉市商业银行董事长职务。'],
    '阳泉市人民政府关于提名杨慧新等二人职务任免的通知',
    741,
  );
  const r = extractAppointments(ctx);
  assert.deepEqual(brief(ctx), [
    ['nominate', '杨慧新', '阳泉市商业银行董事长', '', 743],
    ['remove', '李首明', '阳泉市商业银行董事长', '', 747],
  ]);
  assert.equal(r.basis?.kind, 'research');
  assert.equal(r.basis?.text, '经阳泉市人民政府研究决定');
  assert.deepEqual(r.warnings, []);
});

test('confirm: 正式任用 header and inline form (synthetic)', () => {
  const ctx = ctxOf(
    ['正式任用：', '张 伟为某市第一中学校长；', '李明同志试用期满，经考核合格，正式任用为某市人民医院副院长。'],
    '某市人民政府关于张伟等二人正式任用的通知',
  );
  assert.deepEqual(
    extractAppointments(ctx).appointments.map((a) => [a.action, a.person, a.post]),
    [
      ['confirm', '张伟', '某市第一中学校长'],
      ['confirm', '李明', '某市人民医院副院长'],
    ],
  );
});

test('transfer: X调整至Y工作（保留原职级待遇）', () => {
  // yangquan-2020-01.txt line 573
  const ctx = ctxOf(['任命：', '张学军调整至阳泉市工业干部学校工作（保留原职级待遇）。']);
  assert.deepEqual(brief(ctx), [['transfer', '张学军', '阳泉市工业干部学校', '保留原职级待遇', 2]]);
});

test('auto_remove: 职务自行免去, with its reason and consequence as qualifiers', () => {
  // yangquan-2020-01.txt line 728
  const ctx = ctxOf(['因机构改革，杜俊德的阳泉市卫生监督所所长职务自行免去，不再办理免职手续。'], undefined, 728);
  assert.deepEqual(brief(ctx), [['auto_remove', '杜俊德', '阳泉市卫生监督所所长', '因机构改革，不再办理免职手续', 728]]);
});

test('header and first record share a line; standing meeting basis with its date', () => {
  // yangquan-2023-05.txt lines 2500-2502
  const ctx = ctxOf(
    ['经阳泉市人民政府2023年8月24日常务会议决定，任命：任海鑫为阳泉市乡村振兴服务中心副主任；', '', '郑海宁为阳泉市乡村振兴服务中心副主任（试用期一年）。'],
    '阳泉市人民政府关于任海鑫等2人职务任免的通知',
    2500,
  );
  const r = extractAppointments(ctx);
  assert.deepEqual(brief(ctx), [
    ['appoint', '任海鑫', '阳泉市乡村振兴服务中心副主任', '', 2500],
    ['appoint', '郑海宁', '阳泉市乡村振兴服务中心副主任', '试用期一年', 2502],
  ]);
  assert.deepEqual(r.basis, {
    kind: 'standing_meeting',
    text: '经阳泉市人民政府2023年8月24日常务会议决定',
    date: '2023-08-24',
    line: 2500,
  });
});

test('congress committee approval: X为Y without a 任命 header', () => {
  // yangquan-2023-05.txt lines 2528-2534
  const ctx = ctxOf(
    [
      '段慧刚等二人职务任免的提请已经2023年9月14日阳泉市第十六届人大常委会第十二次会议审议通过，现通知如下：',
      '',
      '段慧刚为阳泉市公安局局长。',
      '',
      '免去：',
      '',
      '米炳生的阳泉市公安局局长职务。',
    ],
    '阳泉市人民政府关于段慧刚等二人职务任免的通知',
    2528,
  );
  const r = extractAppointments(ctx);
  assert.deepEqual(brief(ctx), [
    ['appoint', '段慧刚', '阳泉市公安局局长', '', 2530],
    ['remove', '米炳生', '阳泉市公安局局长', '', 2534],
  ]);
  assert.equal(r.basis?.kind, 'congress_committee');
  assert.equal(r.basis?.date, '2023-09-14');
  assert.deepEqual(r.warnings, []);
});

test('several records on one line, a record broken over two lines', () => {
  // yangquan-2020-01.txt lines 722-724 ("胡长卿的…副主任" / "职务；") plus a synthetic line of two records
  const ctx = ctxOf(['免去：', '胡长卿的阳泉市疾病预防控制中心副主任', '', '职务；', '石磊的阳泉市广播电视台副台长职务；王五的某局局长职务。']);
  assert.deepEqual(
    extractAppointments(ctx).appointments.map((a) => [a.person, a.post, a.line]),
    [
      ['胡长卿', '阳泉市疾病预防控制中心副主任', 2],
      ['石磊', '阳泉市广播电视台副台长', 5],
      ['王五', '某局局长', 5],
    ],
  );
});

test('records separated by ， in one sentence; a post may contain 研究 (synthetic)', () => {
  const ctx = ctxOf(['经研究，决定：', '任命张三为某市政府发展研究中心主任，李四为某市统计局副局长；', '免去王五的某市统计局副局长职务，赵六的某市审计局局长职务。']);
  const r = extractAppointments(ctx);
  assert.deepEqual(
    r.appointments.map((a) => [a.action, a.person, a.post, a.qualifiers.length]),
    [
      ['appoint', '张三', '某市政府发展研究中心主任', 0],
      ['appoint', '李四', '某市统计局副局长', 0],
      ['remove', '王五', '某市统计局副局长', 0],
      ['remove', '赵六', '某市审计局局长', 0],
    ],
  );
  assert.equal(r.basis?.kind, 'research');
});

test('layout damage: truncated records take the tails printed elsewhere', () => {
  // yangquan-2020-01.txt lines 661-665 and 699-707: the tail of line 701 stands at line 663.
  const lines = [
    '任命：',
    '张芬芳为阳泉市第三人民医院副院长（试用期一年）；', // 661
    '长职务（保留原职级待遇）；', // 663
    '王晓军为阳泉市第三人民医院副院长（试用期一年）；', // 665
    '免去：',
    '李跃红的阳泉师范高等专科学校计划财务处处长职务；', // 699
    '樊广岳的阳泉师范高等专科学校保卫处处', // 701
    '陈效敏的阳泉师范高等专科学校教务处处', // 703
    '长职务（保留原职级待遇）；', // 705
    '张瑾琦的阳泉师范高等专科学校中文系主任职务（保留原职级待遇）；', // 707
  ];
  const r = extractAppointments(ctxOf(lines, '阳泉市人民政府关于张芬芳等六人任免职务的通知'));
  const removed = r.appointments.filter((a) => a.action === 'remove').map((a) => [a.person, a.post, a.qualifiers.join(), a.line]);
  assert.deepEqual(removed, [
    ['李跃红', '阳泉师范高等专科学校计划财务处处长', '', 6],
    ['樊广岳', '阳泉师范高等专科学校保卫处处长', '保留原职级待遇', 7],
    ['陈效敏', '阳泉师范高等专科学校教务处处长', '保留原职级待遇', 8],
    ['张瑾琦', '阳泉师范高等专科学校中文系主任', '保留原职级待遇', 10],
  ]);
  assert.equal(r.appointments.filter((a) => a.action === 'appoint').length, 2);
  assert.deepEqual(r.warnings.map((w) => w.code), ['record-reconstructed']);
});

test('layout damage: records above their header and after the signature are read by form', () => {
  // The lines of yangquan-2020-01.txt 565-583, with two records moved by two-column damage.
  const ctx = ctxOf(
    [
      '史玉宝为阳泉市广播电视台台长；',
      '经阳泉市人民政府2020年1月2日常务会议决定，任命：',
      '卢晓东为阳泉市第六中学校校长；',
      '武世明为阳泉市第十三中学校校长；',
      '张学军调整至阳泉市工业干部学校工作（保留原职级待遇）。',
      '免去：',
      '杨鸿龙的阳泉市广播电视台台长职务（保留原职级待遇）；',
      '阳泉市人民政府',
      '2020年1月3日',
      '卢晓东的阳泉市第二中学校副校长职务。',
    ],
    '阳泉市人民政府关于史玉宝等五人任免职务的通知',
  );
  const r = extractAppointments(ctx);
  assert.deepEqual(
    r.appointments.map((a) => [a.action, a.person]),
    [
      ['appoint', '史玉宝'],
      ['appoint', '卢晓东'],
      ['appoint', '武世明'],
      ['transfer', '张学军'],
      ['remove', '杨鸿龙'],
      ['remove', '卢晓东'],
    ],
  );
  assert.equal(r.basis?.date, '2020-01-02');
  assert.deepEqual(r.warnings, []);
});

test('half-width punctuation and text hard-wrapped mid-name (synthetic)', () => {
  const ctx = ctxOf(
    ['经某市人民政府2021年3月5日常务会议决定,任命:吴志鹏为某市师范', '学校副校长(试用期一年);卢', '晓东为某市第六中学校校长。免去:', '杨鸿龙的某市广播电视台台长职务(保', '留原职级待遇)。'],
    '某市人民政府关于吴志鹏等3人任免职务的通知',
  );
  const r = extractAppointments(ctx);
  assert.deepEqual(
    r.appointments.map((a) => [a.action, a.person, a.post, a.qualifiers.join(), a.line]),
    [
      ['appoint', '吴志鹏', '某市师范学校副校长', '试用期一年', 1],
      ['appoint', '卢晓东', '某市第六中学校校长', '', 2],
      ['remove', '杨鸿龙', '某市广播电视台台长', '保留原职级待遇', 4],
    ],
  );
  assert.equal(r.basis?.date, '2021-03-05');
  assert.deepEqual(r.warnings, []);
});

test('head-count of the title: parsed, checked, and a mismatch is reported', () => {
  assert.equal(titleHeadcount('阳泉市人民政府关于吴志鹏等四十二人任免职务的通知'), 42);
  assert.equal(titleHeadcount('阳泉市人民政府关于任海鑫等4人职务任免的通知'), 4);
  assert.equal(titleHeadcount('阳泉市人民政府关于提名杨慧新等二人职务任免的通知'), 2);
  assert.equal(titleHeadcount('阳泉市人民政府关于张冰任职的通知'), null);
  const lines = ['任命：', '杨慧新为阳泉市商业银行董事长。', '免去：', '李首明的阳泉市商业银行董事长职务。'];
  assert.deepEqual(extractAppointments(ctxOf(lines, '关于杨慧新等二人职务任免的通知')).warnings, []);
  const w = extractAppointments(ctxOf(lines, '关于杨慧新等三人职务任免的通知')).warnings;
  assert.deepEqual(w.map((x) => [x.code, x.line]), [['headcount-mismatch', 1]]);
});

test('an ordinary policy document is not a personnel document and yields nothing', () => {
  // yangquan-2023-05.txt lines 1473-1507 (abridged): "…为…" and "…由…兼任" phrases, no personnel action.
  const ctx = ctxOf(
    [
      '阳泉市人民政府办公室 关于成立阳泉市生态环境治理工作专班的通知',
      '为深入贯彻落实习近平总书记考察调研山西重要讲话重要指示精神，经研究决定，成立阳泉市生态环境治理工作专班（以下简称“专班”），现将有关事项通知如下：',
      '组长：耿鹏鹏 市委常委、副市长',
      '（一）专班下设办公室，办公室设在市生态环境局，负责生态环境治理工作专班日常工作，办公室主任由胡贵卿兼任。',
      '各县（区）人民政府做为生态环境治理责任主体，要提高政治站位，把此项工作列入重要工作议程。',
    ],
    '阳泉市人民政府办公室关于成立阳泉市生态环境治理工作专班的通知',
  );
  assert.equal(isPersonnelDocument(ctx), false);
  assert.deepEqual(extractAppointments(ctx), { appointments: [], basis: null, warnings: [] });
  // Even read as a personnel notice, the sentences are not records.
  assert.deepEqual(extractAppointments({ ...ctx, title: '关于任免的通知' }).appointments, []);
});

test('isPersonnelDocument: by title, and by a 任命：/免去： header in the body', () => {
  assert.equal(isPersonnelDocument(ctxOf([], '阳泉市人民政府关于余桂英免职的通知')), true);
  assert.equal(isPersonnelDocument(ctxOf(['经研究，决定任命：', '张三为某局局长。'], '某县人民政府通知')), true);
  assert.equal(isPersonnelDocument(ctxOf(['为加强管理，制定本办法。'], '关于印发某市医药储备管理实施办法的通知')), false);
});

test('isPersonName: names and the post words that look like them', () => {
  assert.equal(isPersonName('程鹏'), true);
  assert.equal(isPersonName('欧阳明华', true), true);
  assert.equal(isPersonName('局长'), false);
  assert.equal(isPersonName('经理'), false);
  assert.equal(isPersonName('第四条'), false);
  assert.equal(isPersonName('常务', true), false);
});

test('the sample issues reach the accuracy bars (eval/people.ts)', () => {
  const root = join(import.meta.dirname, '..');
  const pred: { docStartLine: number; appointments: ReturnType<typeof extractAppointments>['appointments'] }[] = [];
  const gold: ReturnType<typeof loadPeopleGold> = [];
  for (const [i, name] of ['yangquan-2020-01', 'yangquan-2021-05', 'yangquan-2023-05'].entries()) {
    const docs = loadDocsGold(join(root, 'fixtures/gold', `${name}.docs.tsv`));
    for (const { docStartLine, ctx } of contextsFromGold(join(root, 'fixtures/corpus', `${name}.txt`), docs)) {
      pred.push({ docStartLine: docStartLine + i * 1e7, appointments: extractAppointments(ctx).appointments });
    }
    gold.push(...loadPeopleGold(join(root, 'fixtures/gold', `${name}.people.tsv`)).map((g) => ({ ...g, docStartLine: g.docStartLine + i * 1e7 })));
  }
  const s = scorePeople(pred, gold);
  assert.ok(s.full.f1 >= 0.97, `F1 (action, person, post) ${s.full.f1}; missed ${s.missed}; extra ${s.extra}`);
  assert.ok(s.person.f1 >= 0.98, `F1 (action, person) ${s.person.f1}`);
});
