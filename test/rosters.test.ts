import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExtractContext, Roster } from '../src/model.js';
import { toSourceLines } from '../src/core/lines.js';
import { extractRosters } from '../src/extract/rosters.js';
import { buildDocText, findOffsets } from '../src/text/index.js';

function ctxOf(lines: string[], title = '关于印发某某工作方案的通知', first = 1): ExtractContext {
  return {
    lines: toSourceLines(lines).map((l) => ({ ...l, line: l.line + first - 1 })),
    title,
    docNumber: null,
    date: null,
    issueYear: null,
  };
}

const members = (r: Roster | undefined) => (r ? r.members.map((m) => `${m.role}|${m.person}|${m.post ?? ''}|${m.line}`) : []);

test('tab layout with a label column, layout spaces in names and posts', () => {
  // yangquan-2020-01.txt lines 349-361
  const ctx = ctxOf(
    [
      '阳泉市第七次全国人口普查 领导小组组成人员名单',
      '',
      '组 长:\t黄海涛\t市委常委、副市长',
      '副组长:\t王存才\t市政府副秘书长',
      '\t魏海文\t市统计局局长',
      '\t邵 喜\t市公安局党委委员、 副局长',
      '成 员:\t刘 鹏\t市委宣传部副部长',
      '\t文武全\t市委统战部副部长、 市民族宗教局局长',
    ],
    '阳泉市人民政府关于认真做好我市第七次全国人口普查工作的通知',
    349,
  );
  const rosters = extractRosters(ctx);
  assert.equal(rosters.length, 1);
  assert.equal(rosters[0]!.group, '阳泉市第七次全国人口普查领导小组');
  assert.equal(rosters[0]!.line, 349);
  assert.deepEqual(members(rosters[0]), [
    '组长|黄海涛|市委常委、副市长|351',
    '副组长|王存才|市政府副秘书长|352',
    '副组长|魏海文|市统计局局长|353',
    '副组长|邵喜|市公安局党委委员、副局长|354',
    '成员|刘鹏|市委宣传部副部长|355',
    '成员|文武全|市委统战部副部长、市民族宗教局局长|356',
  ]);
});

test('two-column table: the right column continues the list of the left one', () => {
  // yangquan-2021-05.txt lines 1242-1251 (abridged)
  const ctx = ctxOf(
    [
      '阳泉市清洁取暖保暖保供“双保”协同机制',
      '总指挥：郭建文\t常务副市长\t常悟江\t市工业和信息化局 二级调研员',
      '副总指挥：韩千来\t市政府副秘书长\t闫文翔\t市能源局四级调研员',
      '石 峥\t市发展和改革委员会 主任\t田联虎\t市城市管理局副局长',
      '成 员：路海平\t平定县人民政府常 务副县长\t曹慧晟\t市交通运输局副局长',
    ],
    undefined,
    1242,
  );
  const [r] = extractRosters(ctx);
  assert.equal(r?.group, '阳泉市清洁取暖保暖保供“双保”协同机制');
  assert.deepEqual(members(r), [
    '总指挥|郭建文|常务副市长|1243',
    '副总指挥|韩千来|市政府副秘书长|1244',
    '副总指挥|石峥|市发展和改革委员会主任|1245',
    '成员|路海平|平定县人民政府常务副县长|1246',
    '成员|常悟江|市工业和信息化局二级调研员|1243',
    '成员|闫文翔|市能源局四级调研员|1244',
    '成员|田联虎|市城市管理局副局长|1245',
    '成员|曹慧晟|市交通运输局副局长|1246',
  ]);
});

test('two-column table cut by a page break: roles flow on, a post tail heads the next column', () => {
  // yangquan-2021-05.txt lines 999-1002, 1005 (abridged), 1013-1014, 1017-1019 (the paragraph at 1005 is layout damage)
  const ctx = ctxOf([
    '阳泉市医疗保障基金监管制度体系改革领导小组',
    '组 长：李文兵\t副市长\t成 员：杨 瑞\t市医保局副局长',
    '副组长：梁爱卿\t市政府副秘书长\t张忠灵\t市发改委副主任',
    '（十四）加强组织领导。成立阳泉市医疗保障基金监管制度体系改革领导小组，市人民政府分管副市长担任组长。',
    '张峥嵘\t市公安局常务副局长\t\t局长',
    '李建明\t市市场监管局副局长\t刘育东\t市银保监分局副局长',
    '黄慧文\t市审计局副局长\t领导小组下设办公室，办公室设在市医保局，主任由杨瑞兼任，办公室组成人员由各职能部门科室负责人组成。\t',
    '魏京军\t市审批服务管理局副\t\t',
  ]);
  const [r] = extractRosters(ctx);
  assert.deepEqual(members(r), [
    '组长|李文兵|副市长|2',
    '副组长|梁爱卿|市政府副秘书长|3',
    '成员|杨瑞|市医保局副局长|2',
    '成员|张忠灵|市发改委副主任|3',
    '成员|张峥嵘|市公安局常务副局长|5',
    '成员|李建明|市市场监管局副局长|6',
    '成员|黄慧文|市审计局副局长|7',
    '成员|魏京军|市审批服务管理局副局长|8',
    '成员|刘育东|市银保监分局副局长|6',
    '办公室主任|杨瑞||7',
  ]);
});

test('names only, two a line, with （兼）; a sub-group header names the office', () => {
  // yangquan-2021-05.txt lines 1258-1268
  const ctx = ctxOf([
    '阳泉市清洁取暖保暖保供“双保”协同机制',
    '耿巧成\t市财政局四级调研员\t\t',
    '',
    '总协调办公室：',
    '主 任：樊文平（兼）',
    '副主任：郝辉江（兼） 闫文翔（兼）',
    '田联虎（兼） 闫贵寿（兼）',
    '邓春海（兼） 李 明（兼）',
  ]);
  const rosters = extractRosters(ctx);
  assert.deepEqual(
    rosters.map((r) => r.group),
    ['阳泉市清洁取暖保暖保供“双保”协同机制', '阳泉市清洁取暖保暖保供“双保”协同机制总协调办公室'],
  );
  assert.deepEqual(members(rosters[1]), [
    '主任|樊文平||5',
    '副主任|郝辉江||6',
    '副主任|闫文翔||6',
    '副主任|田联虎||7',
    '副主任|闫贵寿||7',
    '副主任|邓春海||8',
    '副主任|李明||8',
  ]);
});

test('a post broken onto the next line; a heading broken over two lines', () => {
  // yangquan-2020-01.txt lines 909-917
  const ctx = ctxOf(
    [
      '(五) “全国双拥模范城创建” 标准化工作',
      '领导小组',
      '',
      '组 长：崔建明 市退役军人事务局副',
      '局长',
      '成 员：赵丽芳 市退役军人服务中心',
      '负责人',
      '武旭清 市退役军人服务中心',
      '科员',
    ],
    undefined,
    909,
  );
  const [r] = extractRosters(ctx);
  assert.equal(r?.group, '“全国双拥模范城创建”标准化工作领导小组');
  assert.deepEqual(members(r), [
    '组长|崔建明|市退役军人事务局副局长|912',
    '成员|赵丽芳|市退役军人服务中心负责人|914',
    '成员|武旭清|市退役军人服务中心科员|916',
  ]);
});

test('a post tail with a layout space (经 理); a short heading completed from the notice', () => {
  // yangquan-2023-05.txt lines 724-760 (abridged) and the mention at line 790
  const ctx = ctxOf(
    [
      '三、工作专班',
      '组 长：石 峥 副市长',
      '成 员：王文生 市工业和信息化局局长',
      '魏海文 市行政审批服务管理局',
      '局 长',
      '焦 罡 中国移动阳泉分公司总',
      '经 理',
      '工作专班主要负责协调千兆城市创建工作，办公室设在市大数据局，办公室主任由市大数据局局长高永恩同志兼任。',
      '（一）建立工作推进机制。发挥我市5G基建服务专班领导小组和千兆城市工作专班的作用，',
    ],
    '阳泉市人民政府办公室关于印发阳泉市加快创建“千兆城市”工作方案的通知',
  );
  const [r] = extractRosters(ctx);
  assert.equal(r?.group, '千兆城市工作专班');
  assert.deepEqual(members(r), [
    '组长|石峥|副市长|2',
    '成员|王文生|市工业和信息化局局长|3',
    '成员|魏海文|市行政审批服务管理局局长|4',
    '成员|焦罡|中国移动阳泉分公司总经理|6',
    '办公室主任|高永恩|市大数据局局长|8',
  ]);
});

test('roles by position: a role header line alone, members on the following lines (synthetic)', () => {
  const ctx = ctxOf(['组长：', '刘 强 县长', '副组长：', '陈 平 副县长', '成员：', '周 明 县应急局局长', '吴 亮 县公安局副', '局长'], '关于调整某县安全生产委员会的通知');
  const [r] = extractRosters(ctx);
  assert.equal(r?.group, '某县安全生产委员会');
  assert.deepEqual(members(r), ['组长|刘强|县长|2', '副组长|陈平|副县长|4', '成员|周明|县应急局局长|6', '成员|吴亮|县公安局副局长|7']);
});

test('space-padded table without colons, two members a line (synthetic)', () => {
  const ctx = ctxOf([
    '某市乡村振兴工作领导小组成员名单',
    '组  长   王大明   市委副书记',
    '副组长   李小华   副市长',
    '成  员   赵 刚    市农业农村局局长    孙丽丽   市财政局副局长',
    '钱 进    市发改委副主任      周 涛    市民政局副局长',
  ]);
  const [r] = extractRosters(ctx);
  assert.equal(r?.group, '某市乡村振兴工作领导小组');
  assert.deepEqual(members(r), [
    '组长|王大明|市委副书记|2',
    '副组长|李小华|副市长|3',
    '成员|赵刚|市农业农村局局长|4',
    '成员|钱进|市发改委副主任|5',
    '成员|孙丽丽|市财政局副局长|4',
    '成员|周涛|市民政局副局长|5',
  ]);
});

test('half-width colons, names listed with 、, group from the 成立 sentence (synthetic)', () => {
  const ctx = ctxOf(
    ['为做好防汛工作,决定成立某市防汛抗旱指挥部。组成人员如下:', '总指挥:张三 市长', '副总指挥:李四 副市长', '成员:赵六、钱七、孙八'],
    '关于成立某市防汛抗旱指挥部的通知',
  );
  const [r] = extractRosters(ctx);
  assert.equal(r?.group, '某市防汛抗旱指挥部');
  assert.deepEqual(members(r), ['总指挥|张三|市长|2', '副总指挥|李四|副市长|3', '成员|赵六||4', '成员|钱七||4', '成员|孙八||4']);
});

test('a short heading (指挥部组成人员) takes the full name from the title; sub-headquarters keep their own', () => {
  // yangquan-2021-05.txt lines 2287-2314 (abridged)
  const ctx = ctxOf(
    [
      '### 二、指挥部组成人员',
      '总 指 挥：刘文华 代市长',
      '副 总 指 挥：其他各位副市长，市政府秘书长',
      '成 员：市发改委、市教育局、市科技局各开发区管委会主要负责人。',
      '### 三、指挥部办公室组成人员',
      '主 任：郭建文 常务副市长',
      '(一) 新基建和招商引资项目分指挥部',
      '指挥长：郭建文 常务副市长',
    ],
    '阳泉市人民政府办公室关于成立阳泉市重点工程项目指挥部的通知',
  );
  const rosters = extractRosters(ctx);
  assert.deepEqual(
    rosters.map((r) => [r.group, members(r)]),
    [
      ['阳泉市重点工程项目指挥部', ['总指挥|刘文华|代市长|2']],
      ['阳泉市重点工程项目指挥部办公室', ['主任|郭建文|常务副市长|6']],
      ['新基建和招商引资项目分指挥部', ['指挥长|郭建文|常务副市长|8']],
    ],
  );
});

test('office posts stated in a sentence join the roster', () => {
  // yangquan-2020-01.txt lines 1233-1237
  const ctx = ctxOf([
    '阳泉市压减焦化产能专项工作领导小组',
    '组 长：呼亚民\t副市长',
    '李 军\t市审计局总审计师',
    '领导小组办公室设在市工信局，负责领导小组日常事务。办公室主任：彭国勇（兼）任，办公室副主任：常悟江（兼）。',
  ]);
  const [r] = extractRosters(ctx);
  assert.deepEqual(members(r), ['组长|呼亚民|副市长|2', '组长|李军|市审计局总审计师|3', '办公室主任|彭国勇||4', '办公室副主任|常悟江||4']);
});

test('roles given to posts only and member units are not rosters', () => {
  // yangquan-2021-05.txt lines 625-633
  const ctx = ctxOf([
    '### 2.1 市火灾事故应急指挥部',
    '指 挥 长：市政府分管副市长。',
    '副指挥长：协助分管副市长工作的市政府副秘书长，市应急局局长、市住建局局长。',
    '成员单位：阳泉军分区、市委宣传部、市工信局、市公安局。',
    '办公室主任由市消防救援支队支队长兼任。',
  ]);
  assert.deepEqual(extractRosters(ctx), []);
});

test('a stray paragraph inside a list does not end it, nor become a member', () => {
  // yangquan-2023-05.txt lines 1677-1699 (abridged)
  const ctx = ctxOf([
    '阳泉高新技术产业开发区新业态经济 产业领导小组',
    '组 长：尹向荣 党工委委员、管委会副主任',
    '成 员：赵鹏飞 发展和统计部部长',
    '第四条 奖励周期。新业态奖励政策兑现期限原则上按月进行兑现。',
    '附件：1.阳泉高新技术产业开发区新业态经济产业领导小组',
    '杨亚蓉 产业经济部部长',
    '郭真祥 区税务局局长',
  ]);
  const rosters = extractRosters(ctx);
  assert.equal(rosters.length, 1);
  assert.equal(rosters[0]!.group, '阳泉高新技术产业开发区新业态经济产业领导小组');
  assert.deepEqual(members(rosters[0]), [
    '组长|尹向荣|党工委委员、管委会副主任|2',
    '成员|赵鹏飞|发展和统计部部长|3',
    '成员|杨亚蓉|产业经济部部长|6',
    '成员|郭真祥|区税务局局长|7',
  ]);
});

test("members' spans are those findOffsets and spanOf give: the person, through a post within 4 characters (on the line or the 3 after)", () => {
  // Rosters out of line order (a sub-group, a two-column table read column by column, an office
  // post stated in prose), posts broken onto the next line, layout spaces and tabs before names.
  const ctx = ctxOf([
    '阳泉市医疗保障基金监管制度体系改革领导小组',
    '组 长：李文兵\t副市长\t成 员：杨 瑞\t市医保局副局长',
    '副组长：梁爱卿\t市政府副秘书长\t张忠灵\t市发改委副主任',
    '张峥嵘\t市公安局常务副局长\t\t局长',
    '黄慧文\t市审计局副局长\t领导小组下设办公室，办公室设在市医保局，主任由杨瑞兼任。\t',
    '魏京军\t市审批服务管理局副\t\t',
    '',
    '总协调办公室：',
    '主 任：樊文平（兼）',
    '副主任：郝辉江（兼） 闫文翔（兼）',
    '组 长：崔建明 市退役军人事务局副',
    '局长',
    '  武旭清   市退役军人服务中心',
    '科员',
  ]);
  const dt = buildDocText(ctx.lines);
  const rosters = extractRosters(ctx);
  const all = rosters.flatMap((r) => r.members);
  assert.ok(all.length >= 10);
  for (const m of all) {
    const person = findOffsets(dt, m.person, m.line, m.line);
    const post = person && m.post ? findOffsets(dt, m.post, m.line, m.line + 3, person[1]) : null;
    const end = post && person && post[0] - person[1] <= 4 ? post[1] : person?.[1];
    assert.deepEqual(m.span, person ? dt.map.spanOf(person[0], end!) : undefined, `${m.person} ${m.post}`);
  }
});
