/**
 * Task markers: bracketed (（X牵头，Y配合） and the other bracket forms, a bare list of units),
 * unbracketed (X牵头，Y配合), markers broken by page breaks or hard wraps, and the layout variants read
 * as printed — src/extract/tasks/markers.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, tasksOf } from './tasks-fixture.js';

test('（X牵头，Y配合）: yangquan-2021-05 L1280 (task text abridged)', () => {
  const line =
    '一、因地制宜建设体育设施。鼓励各类市场主体利用工业厂房…建设改造成体育设施…普及推广冰雪运动。（市体育局牵头，市发改委、市规划和自然资源局、市住建局、各县（区）人民政府和阳泉高新区配合）';
  const [t] = tasksOf([line], { first: 1280 });
  assert.equal(t!.line, 1280);
  assert.deepEqual(t!.leads, ['市体育局']);
  assert.deepEqual(t!.cooperators, ['市发改委', '市规划和自然资源局', '市住建局', '各县（区）人民政府', '阳泉高新区']);
  assert.deepEqual(t!.cooperatorAgencies, ['市发展和改革委员会', '市规划和自然资源局', '市住房和城乡建设局', '各县（区）人民政府', '阳泉高新区']);
  assert.match(t!.text, /^一、因地制宜建设体育设施。/);
  assert.ok(!t!.text.includes('牵头'), 'the marker is not part of the task text');
});

test('half-width variant: (X牵头,Y配合) with half-width punctuation throughout', () => {
  const line = '一、因地制宜建设体育设施.鼓励各类市场主体建设体育设施.(市体育局牵头,市发改委、各县(区)人民政府和阳泉高新区配合)';
  assert.deepEqual(brief(tasksOf([line])), [[1, ['市体育局'], ['市发改委', '各县(区)人民政府', '阳泉高新区'], null]]);
});

test('（责任单位：A、B）: yangquan-2020-01 L242', () => {
  const line =
    '（七）自2020年1月1日至12月31日，在国家规定的税额幅度内，再次下调我市城镇土地使用税税额标准，统一按现行税额标准的90%调整。（责任单位：市财政局、市税务局）';
  assert.deepEqual(brief(tasksOf([line], { first: 242, date: '2020-02-15' })), [[242, ['市财政局', '市税务局'], [], null]]);
});

test('〔责任单位：…〕 in tortoise-shell brackets: yangquan-2023-05 L309 (abridged)', () => {
  const line =
    '超前布局绿色算力基础设施。充分发挥算力基础设施支撑数字经济发展的底座作用…形成与太原核心大数据中心差异发展、能力互补的专业化数据中心集群。〔责任单位：市大数据局、市工信局、阳泉高新区〕';
  const [t] = tasksOf([line], { first: 309 });
  assert.deepEqual(t!.leads, ['市大数据局', '市工信局', '阳泉高新区']);
  assert.deepEqual(t!.leadAgencies, ['市大数据应用局', '市工业和信息化局', '阳泉高新区']);
});

test('a marker on its own line closes the paragraph before it: yangquan-2020-01 L262-264', () => {
  const lines = [
    '（十四）进一步加大各级政府和国有企业清欠中小微企业账款力度，严防形成新的拖欠。',
    '',
    '（责任单位：市工信局、各县（区）人民政府、开发区管委会）',
  ];
  const [t] = tasksOf(lines, { first: 262 });
  assert.deepEqual([t!.line, t!.startLine, t!.endLine], [264, 262, 264]);
  assert.deepEqual(t!.leads, ['市工信局', '各县（区）人民政府', '开发区管委会']);
  assert.match(t!.text, /^（十四）进一步加大/);
});

test('（X会同Y负责，Z配合）: yangquan-2020-01 L420-422, 阳泉铁塔 defined by 以下简称 in the same item (abridged)', () => {
  const lines = [
    '1. 编制 5G 基站建设规划。2020 年初，中国铁塔股份有限公司阳泉分公司（以下简称“阳泉铁塔”）要本着“能共享不新建，能共建不独建”的原则…各县区人民政府编制国土空间、住房建设、交通设施等规划时，要同步落实 5G 基站站址、机房、',
    '',
    '电源、管道等配建空间，并明确规划、建设与管理要求。（市规划和自然资源局会同各县（区）人民政府负责，市发改委、市工信局、市住建局、市交通运输局、阳泉铁塔、基础电信企业配合）',
  ];
  const [t] = tasksOf(lines, { first: 420, date: '2020-01-21' });
  assert.deepEqual([t!.line, t!.startLine], [422, 420]);
  assert.deepEqual(t!.leads, ['市规划和自然资源局']);
  assert.deepEqual(t!.cooperators, ['各县（区）人民政府', '市发改委', '市工信局', '市住建局', '市交通运输局', '阳泉铁塔', '基础电信企业']);
  assert.equal(t!.cooperatorAgencies[5], '中国铁塔股份有限公司阳泉分公司');
});

test('（X、会同Y负责）: yangquan-2020-01 L442 (abridged)', () => {
  const line = '导向，聚焦新材料…2022 年底前，5G+智能制造示范项目达到 1-2 个。（市工信局、会同市大数据应用局、市通联办、各县区人民政府负责）';
  assert.deepEqual(brief(tasksOf([line])), [[1, ['市工信局'], ['市大数据应用局', '市通联办', '各县区人民政府'], null]]);
});

test('（A负责、B配合）: yangquan-2020-01 L432 (abridged)', () => {
  const line = '4. 建设 5G 科技创新平台。加强产学研合作…建设 5G 融合应用技术创新中心和成果转化基地。（市工信局、市科技局、市教育局、市发展改革委、市大数据应用局负责、基础电信企业、阳泉铁塔配合）';
  const [t] = tasksOf([line]);
  assert.deepEqual(t!.leads, ['市工信局', '市科技局', '市教育局', '市发展改革委', '市大数据应用局']);
  assert.deepEqual(t!.cooperators, ['基础电信企业', '阳泉铁塔']);
});

test('（由X牵头，Y配合，Z负责…。YYYY 年 M 月底前完成。）: yangquan-2021-05 L1050 (abridged)', () => {
  const line =
    '村西侧；平定县 2 个…盂县 3 个，分别建在孙家庄镇乌玉村西北侧、芪池镇东兴道村东南侧、仙人乡岭底村东侧。（由市城管局牵头，市卫健委、市规划和自然资源局、市生态环境局配合，各相关县区负责建设、管理、运行。2022 年 6 月底前完成。）';
  const [t] = tasksOf([line], { date: '2021-09-30' });
  assert.deepEqual(t!.leads, ['市城管局']);
  assert.deepEqual(t!.cooperators, ['市卫健委', '市规划和自然资源局', '市生态环境局', '各相关县区']);
  assert.equal(t!.deadline, '2022-06-30');
  assert.equal(t!.deadlineText, '2022 年 6 月底前完成');
});

test('（A和B按职责分工负责，2023 年底前完成）: no lead named → all lead; yangquan-2023-05 L828 (abridged)', () => {
  const line =
    '1. 建立完善跨部门综合监管制度。市直各行业主管部门要会同相关监管部门建立跨部门综合监管协调会商机制…进行督导检查。（各行业主管部门和各县（区）人民政府按职责分工负责，2023 年底前完成）';
  assert.deepEqual(brief(tasksOf([line], { first: 828 })), [[828, ['各行业主管部门', '各县（区）人民政府'], [], '2023-12-31']]);
});

test('a marker split by a page break (完 / 成）): yangquan-2023-05 L832-834 (abridged)', () => {
  const lines = [
    '3. 建立实施综合监管“一业一册”告知制度。市司法局牵头建立实施综合监管“一业一册”告知制度…稳定市场主体监管预期。（市司法局、各行业主管部门按职责分工负责，2024 年底前完',
    '',
    '成）',
    '',
    '(二) 明确跨部门综合监管目标任务',
  ];
  const [t, ...rest] = tasksOf(lines, { first: 832 });
  assert.equal(rest.length, 0);
  assert.deepEqual([t!.line, t!.startLine, t!.endLine], [832, 832, 834]);
  assert.deepEqual(t!.leads, ['市司法局', '各行业主管部门']);
  assert.equal(t!.deadline, '2024-12-31');
});

test('〔…按职责分工负责，…〕 and an item broken over a page: yangquan-2023-05 L844-846 (abridged)', () => {
  const lines = [
    '7. 整合综合执法力量资源。积极探索市域“大综合一体化”行政执法改革，推进综合执',
    '',
    '法部门整合集合…鉴定等技术支撑工作。〔各县（区）政府和各行业主管部门按职责分工负责，2024年底前完成〕',
  ];
  const [t] = tasksOf(lines, { first: 844 });
  assert.deepEqual([t!.line, t!.startLine], [846, 844]);
  assert.deepEqual(t!.leads, ['各县（区）政府', '各行业主管部门']);
  assert.deepEqual(t!.leadAgencies, ['各县（区）人民政府', '各行业主管部门']);
});

test('A和B等C: the example unit is kept as its own unit; yangquan-2023-05 L880 (abridged)', () => {
  const line = '18.推进监管数据有序共享。按照全省统一的监管数据标准要求…数据应用安全高效。〔各县（区）政府和市直大数据局等市直各部门按职责分工负责，2025 年底前完成〕';
  assert.deepEqual(brief(tasksOf([line])), [[1, ['各县（区）政府', '市直大数据局', '市直各部门'], [], '2025-12-31']]);
});

test('长期坚持 keeps the text, no date: yangquan-2023-05 L850 (abridged)', () => {
  const line = '9.健全综合行政执法机制。全面落实行政执法公示…报请共同的上一级行政机关指定管辖。〔各县（区）政府和市直各部门按职责分工负责，长期坚持〕';
  const [t] = tasksOf([line]);
  assert.equal(t!.deadline, null);
  assert.equal(t!.deadlineText, '长期坚持');
});

test('〔X牵头，Y协助，Z配合〕 on its own line after the item: yangquan-2023-05 L157-159 (abridged)', () => {
  const lines = [
    '12.经营管理系统。建立统一的智能化经营管理平台…的智能化经营管理。',
    '',
    '〔市能源局牵头，市应急局、国家矿山安全监察局山西局监察执法七处协助，华阳新材、晋能控股阳泉公司、南煤集团、潞安五矿和各县区政府配合〕',
  ];
  const [t, ...rest] = tasksOf(lines, { first: 157 });
  assert.equal(rest.length, 0);
  assert.deepEqual([t!.line, t!.startLine], [159, 157]);
  assert.deepEqual(t!.leads, ['市能源局']);
  assert.deepEqual(t!.cooperators, [
    '市应急局', '国家矿山安全监察局山西局监察执法七处', '华阳新材', '晋能控股阳泉公司', '南煤集团', '潞安五矿', '各县区政府',
  ]);
});

test('〔X牵头、A、B负责，C配合〕: the named lead leads, the 负责 units work with it; yangquan-2023-05 L167', () => {
  const line =
    '坚持目标导向，以验收结果检验智能化建设水平，提高全市煤矿智能化建设标准和质量。〔市煤矿智能化建设工作专班牵头、市能源局、市应急局、国家矿山安全监察局山西局执法七处负责，华阳新材、晋能控股阳泉公司、南煤集团、潞安五矿和各县区政府配合〕';
  const [t] = tasksOf([line]);
  assert.deepEqual(t!.leads, ['市煤矿智能化建设工作专班']);
  assert.deepEqual(t!.cooperators.slice(0, 3), ['市能源局', '市应急局', '国家矿山安全监察局山西局执法七处']);
});

test('（X、Y分别牵头）: yangquan-2023-05 L201 (abridged)', () => {
  const line = '行业管理部门和安全监管监察部门要加大推进力度…给予相应的激励政策。（市应急局、市能源局、国家矿山安全监察局山西局监察执法七处分别牵头）';
  assert.deepEqual(brief(tasksOf([line])), [[1, ['市应急局', '市能源局', '国家矿山安全监察局山西局监察执法七处'], [], null]]);
});

test('X按职责牵头，Y配合，Z负责: yangquan-2021-05 L1777 (abridged, half-width brackets as printed)', () => {
  const line = '3.促进城市再生水利用。完善再生水利用设施…促进水资源高效化改造。(市城市管理局牵头，市生态环境局、市工信局、市规划和自然资源局、市水利局配合，各县(区)人民政府负责)';
  const [t] = tasksOf([line]);
  assert.deepEqual(t!.leads, ['市城市管理局']);
  assert.deepEqual(t!.cooperators, ['市生态环境局', '市工信局', '市规划和自然资源局', '市水利局', '各县(区)人民政府']);
  assert.deepEqual(t!.cooperatorAgencies.at(-1), '各县（区）人民政府');
});

test('several markers in one paragraph, and a marker opening the next line: yangquan-2020-01 L1262-1264 (abridged)', () => {
  const lines = [
    '三、深化外商投资“放管服效”改革。推行负面清单以外领域外商投资企业设立备案与工商登记“一口办理”。（市行政审批服务管理局、市市场监管局负责）根据国家统一安排部署，在全市有序推行“证照分离”改革。（市市场监管局负责）提升更高水平贸易便利化，将进出口整体通关时间压缩三分之一。',
    '',
    '（阳泉海关负责）优化不定时工作制和综合计算工时工作制审批流程，将业务承诺办理时间由7个工作日压缩至5个工作日。（市人社局负责）',
  ];
  const tasks = tasksOf(lines, { first: 1262 });
  assert.deepEqual(tasks.map((t) => [t.line, t.leads.join('、')]), [
    [1262, '市行政审批服务管理局、市市场监管局'],
    [1262, '市市场监管局'],
    [1264, '阳泉海关'],
    [1264, '市人社局'],
  ]);
  assert.equal(tasks[2]!.text, '提升更高水平贸易便利化，将进出口整体通关时间压缩三分之一。');
  assert.equal(tasks[2]!.startLine, 1262);
  assert.match(tasks[3]!.text, /^优化不定时工作制/);
});

test('a bare list of units closing a sentence: yangquan-2023-05 L780 (abridged) and L766 〔…〕', () => {
  const a = '6.因城市建设、规划调整等需要改动、迁移通信设施的…所需费用由建设单位承担。（基础电信运营商、铁塔公司）';
  assert.deepEqual(brief(tasksOf([a])), [[1, ['基础电信运营商', '铁塔公司'], [], null]]);
  const b = '1.推进光纤网络、5G 基站建设纳入规划…实现联合审图和联合验收。〔市规自局、市通联办、各县（区）人民政府、阳泉高新区〕';
  assert.deepEqual(tasksOf([b])[0]!.leadAgencies, ['市规划和自然资源局', '市通联办', '各县（区）人民政府', '阳泉高新区']);
});

test('unbracketed X牵头，Y协同实施: yangquan-2023-05 L1011 (abridged)', () => {
  const line =
    '(一) 组织领导。全市清洁取暖设备维修和意外保险定额补助工作由市政府统一领导，分管副市长具体指导，市能源局、市冬季清洁取暖工作领导小组办公室牵头，市发展改革委、市财政局、市住房和城乡建设局、市农业农村局（市乡村振兴局）协同实施。各县区要成立工作推进领导小组。';
  const [t, ...rest] = tasksOf([line], { first: 1011 });
  assert.equal(rest.length, 0);
  assert.deepEqual(t!.leads, ['市能源局', '市冬季清洁取暖工作领导小组办公室']);
  assert.deepEqual(t!.cooperators, ['市发展改革委', '市财政局', '市住房和城乡建设局', '市农业农村局（市乡村振兴局）']);
});

test('unbracketed synthetic: X牵头，Y等配合', () => {
  const line = '（三）推进数据共享。市大数据局牵头，市发改委、市财政局等配合，建立数据共享机制。';
  assert.deepEqual(brief(tasksOf([line])), [[1, ['市大数据局'], ['市发改委', '市财政局'], null]]);
});

test('hard-wrapped at 20 characters with no blank lines (synthetic from yangquan-2023-05 L830)', () => {
  const text =
    '2. 明确跨部门综合监管职责。市直各行业主管部门要依照法律法规规章确定监管职责，防止出现监管空白。（市司法局、市直各部门按职责分工负责，2023 年底前完成）' +
    '3. 建立实施综合监管“一业一册”告知制度。（市司法局、各行业主管部门按职责分工负责，2024 年底前完成）';
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 20) lines.push(text.slice(i, i + 20));
  const tasks = tasksOf(lines);
  assert.deepEqual(tasks.map((t) => [t.leads, t.deadline]), [
    [['市司法局', '市直各部门'], '2023-12-31'],
    [['市司法局', '各行业主管部门'], '2024-12-31'],
  ]);
  assert.match(tasks[1]!.text, /^3\.建立实施综合监管/);
});

test('layout variant: full-width digits in item labels and deadlines, ［］ around markers (synthetic from yangquan-2021-05 L1280)', () => {
  const tasks = tasksOf([
    '１．因地制宜建设体育设施。鼓励各类市场主体建设体育设施。［市体育局牵头，市发改委、各县（区）人民政府配合］',
    '２．推广冰雪运动。［市教育局负责，２０２４年６月底前完成］',
  ]);
  assert.deepEqual(brief(tasks), [
    [1, ['市体育局'], ['市发改委', '各县（区）人民政府'], null],
    [2, ['市教育局'], [], '2024-06-30'],
  ]);
  assert.equal(tasks[1]!.text, '２．推广冰雪运动。', 'the full-width label starts a new item');
});

test('layout variant: unbracketed X（…）牵头，Y配合实施 with a full-width bracket in the lead (synthetic)', () => {
  assert.deepEqual(brief(tasksOf(['（一）加快推进项目建设。市发改委（市能源局）牵头，市财政局配合实施。'])), [
    [1, ['市发改委（市能源局）'], ['市财政局'], null],
  ]);
});
