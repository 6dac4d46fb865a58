import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSourceLines } from '../src/core/lines.js';
import { defaultAgencyTable } from '../src/extract/agencies.js';
import { extractTasks, parseResponsibility, splitResponsibleUnits } from '../src/extract/tasks/index.js';
import type { ExtractContext, Task } from '../src/model.js';

/** A document made of the given lines, numbered from `first`. */
function doc(lines: string[], opts: Partial<Omit<ExtractContext, 'lines'>> & { first?: number } = {}): ExtractContext {
  const first = opts.first ?? 1;
  const src = toSourceLines(lines).map((l) => ({ ...l, line: l.line + first - 1 }));
  return {
    lines: src,
    title: opts.title ?? '阳泉市人民政府办公室关于印发某某方案的通知',
    docNumber: opts.docNumber ?? null,
    date: opts.date ?? '2023-10-08',
    issueYear: opts.issueYear ?? 2023,
  };
}

function tasksOf(lines: string[], opts: Parameters<typeof doc>[1] = {}): Task[] {
  return extractTasks(doc(lines, opts), defaultAgencyTable()).tasks;
}

/** [line, leads, cooperators, deadline] of each task. */
const brief = (tasks: Task[]) => tasks.map((t) => [t.line, t.leads, t.cooperators, t.deadline]);

// --- bracketed markers -------------------------------------------------------------------------

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

// --- field lines -------------------------------------------------------------------------------

test('牵头单位：/配合单位：/责任单位： lines, 由X牵头 twice: yangquan-2020-01 L978-986 (abridged)', () => {
  const lines = [
    '3. 加快污水配套管网建设和改造。污水收集能力不足的县（区）要加大收集管网建设力度，新建道路全部实行雨污分流…',
    '',
    '小区等改造，加快改造雨污合流制管网，并全面完成省定年度工程改造目标任务。',
    '',
    '牵头单位：新建污水管网任务由市住房和城乡建设局牵头，提升改造污水管网任务由市城市管理局牵头',
    '',
    '配合单位：市发展和改革委员会、市生态环境局、市规划和自然资源局、市水利局、市财政局',
    '',
    '责任单位：市城市管理局、市住房和城乡建设局、各县（区）人民政府（开发区管委会）',
  ];
  const tasks = tasksOf(lines, { first: 978 });
  assert.equal(tasks.length, 1);
  const t = tasks[0]!;
  assert.deepEqual([t.line, t.startLine, t.endLine], [982, 978, 986]);
  assert.deepEqual(t.leads, ['市住房和城乡建设局', '市城市管理局']);
  assert.deepEqual(t.cooperators, [
    '市发展和改革委员会', '市生态环境局', '市规划和自然资源局', '市水利局', '市财政局', '各县（区）人民政府（开发区管委会）',
  ]);
});

test('a field line broken by a page with the last character doubled (市财政局 / 局、…): yangquan-2020-01 L998-1004', () => {
  const lines = [
    '5. 我市现有的5个城市污水处理厂进水生化需氧量（BOD）浓度低于 100 mg/L 的…要围绕服务片区管网制定“一厂一策”系统化整治方案。',
    '',
    '牵头单位：市城市管理局',
    '',
    '配合单位：市发展和改革委员会、市财政局',
    '',
    '局、市规划和自然资源局',
    '',
    '责任单位：市城市管理局、各县（区）人民政府（开发区管委会）',
  ];
  const [t] = tasksOf(lines, { first: 996 });
  assert.deepEqual(t!.cooperators, ['市发展和改革委员会', '市财政局', '市规划和自然资源局', '各县（区）人民政府（开发区管委会）']);
});

test('item heading with a due date in brackets, 责任单位 line after the body: yangquan-2020-01 L1141-1147', () => {
  const lines = [
    '（一）制定完善压减工作方案（2020年1月15日前）',
    '',
    '制定压减焦化产能方案，优先压减未实施上大关小、不在工业园区、焦炉煤气未进行化产加工利用的限制类焦炉产能（炭化室高度4.3米机焦炉）。特别要将环保严重违法企业作为压减焦化产能重点对象。孟县人民政府要制定',
    '',
    '具体压减焦化产能方案，以正式文件形式报市政府，并研究制定风险防控预案。',
    '',
    '责任单位：市工信局，孟县人民政府',
  ];
  const [t] = tasksOf(lines, { first: 1141, date: '2020-01-10' });
  assert.deepEqual([t!.line, t!.startLine, t!.endLine], [1147, 1141, 1147]);
  assert.deepEqual(t!.leads, ['市工信局', '孟县人民政府']);
  assert.equal(t!.deadline, '2020-01-15');
});

test('fields run together on one line, a (牵头) suffix, 完成时限 (synthetic)', () => {
  const lines = [
    '（二）完善数据标准。制定全市政务数据标准规范。',
    '牵头单位：市大数据局 配合单位：市市场监管局、市财政局 完成时限：2024年6月底前',
    '（三）建设共享平台。建成市级数据共享交换平台。',
    '责任单位：市发展改革委（牵头）、市财政局、市住建局',
  ];
  const tasks = tasksOf(lines);
  assert.deepEqual(brief(tasks), [
    [2, ['市大数据局'], ['市市场监管局', '市财政局'], '2024-06-30'],
    [4, ['市发展改革委'], ['市财政局', '市住建局'], null],
  ]);
});

test('完成时限： on its own line under a bracketed marker; an unclosed marker is reported (synthetic)', () => {
  const tasks = tasksOf(['1.修订应急预案。修订完善全市应急预案体系。（市应急局负责）', '完成时限：2023年10月15日前']);
  assert.deepEqual(brief(tasks), [[1, ['市应急局'], [], '2023-10-15']]);
  const r = extractTasks(doc(['2.开展应急演练。组织开展综合应急演练。（市应急局牵头，各县区政府配合']), defaultAgencyTable());
  assert.deepEqual(brief(r.tasks), [[1, ['市应急局'], ['各县区政府'], null]]);
  assert.deepEqual(r.warnings.map((w) => [w.code, w.line]), [['task-marker-unclosed', 1]]);
});

// --- conventions, deadlines at the end of the sentence, hard wrapping ---------------------------

test('a convention stated in the document: 排在第一位的为牵头单位 (synthetic)', () => {
  const lines = [
    '各项任务责任单位中排在第一位的为牵头单位，其他为配合单位。',
    '1.加快充电设施建设。新建充电桩500个。（市发展改革委、市住建局、市城管局负责）',
  ];
  assert.deepEqual(brief(tasksOf(lines)), [[2, ['市发展改革委'], ['市住建局', '市城管局'], null]]);
  // Without the convention all three lead.
  assert.deepEqual(tasksOf([lines[1]!])[0]!.leads, ['市发展改革委', '市住建局', '市城管局']);
});

test('deadline at the end of the task sentence (…，2023年底前完成。) (synthetic)', () => {
  const line = '2.完善应急预案。修订完善全市应急预案体系，2023年底前完成。（市应急局负责）';
  const [t] = tasksOf([line]);
  assert.equal(t!.deadline, '2023-12-31');
  assert.equal(t!.deadlineText, '2023年底前完成');
  // A date that opens the sentence is not the deadline of the task.
  const other = '3.开展试点。2023年底前，在市交通局开展改革试点，总结经验做法。（市交通局负责）';
  assert.equal(tasksOf([other])[0]!.deadline, null);
});

test('recurring and milestone deadlines in markers (synthetic)', () => {
  const a = tasksOf(['4.报送进展情况。（各县区人民政府负责，每年3月底前完成）'])[0]!;
  assert.deepEqual([a.deadline, a.recurrence, a.deadlineText], [null, 'yearly', '每年3月底前完成']);
  const b = tasksOf(['5.推进改造。（市住建局牵头，各县区配合；2023年完成30%，2024年完成60%，2025年底前全部完成）'])[0]!;
  assert.equal(b.deadline, '2025-12-31');
  assert.deepEqual(b.milestones.map((m) => m.deadline), ['2023-12-31', '2024-12-31', '2025-12-31']);
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

// --- tables ------------------------------------------------------------------------------------

test('task table with 承办单位: yangquan-2023-05 L1406-1408; city prefix mapped', () => {
  const lines = [
    '序号\t项目名称\t承办单位',
    '1\t阳泉市国土空间总体规划（2021-2035 年）\t阳泉市规划和自然资源局',
    '2\t推动专业镇高质量发展\t阳泉市工业和信息化局',
  ];
  const tasks = tasksOf(lines, { first: 1406 });
  assert.deepEqual(tasks.map((t) => [t.line, t.leads, t.leadAgencies]), [
    [1407, ['阳泉市规划和自然资源局'], ['市规划和自然资源局']],
    [1408, ['阳泉市工业和信息化局'], ['市工业和信息化局']],
  ]);
  assert.equal(tasks[1]!.text, '推动专业镇高质量发展');
});

test('task table: repeated header at a page break, shifted cells, a row broken over lines (synthetic)', () => {
  const lines = [
    '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
    '1\t建成市级数据共享交换平台\t市大数据局\t市财政局、市发改委\t2024年6月底前',
    '2\t推进电子证照应用\t市行政审批局\t\t2023年底前',
    '',
    '— 12 —',
    '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
    '3\t完善公共信用信息平台\t市发改委\t市市场监管局、市人民银行、',
    '市税务局',
    '4\t开展数据安全检查\t市委网信办\t持续推进',
    '\t并建立通报机制',
    '附件2：',
  ];
  const tasks = tasksOf(lines);
  assert.deepEqual(
    tasks.map((t) => [t.line, t.text, t.leads, t.cooperators, t.deadline, t.deadlineText]),
    [
      [2, '建成市级数据共享交换平台', ['市大数据局'], ['市财政局', '市发改委'], '2024-06-30', '2024年6月底前'],
      [3, '推进电子证照应用', ['市行政审批局'], [], '2023-12-31', '2023年底前'],
      [7, '完善公共信用信息平台', ['市发改委'], ['市市场监管局', '市人民银行', '市税务局'], null, null],
      [9, '开展数据安全检查并建立通报机制', ['市委网信办'], [], null, '持续推进'],
    ],
  );
  assert.deepEqual([tasks[2]!.startLine, tasks[2]!.endLine], [7, 8]);
});

test('a table without a responsibility column is not a task table: yangquan-2023-05 L576-577', () => {
  const lines = ['序号\t考核内容\t分值\t考核要点', '1\t食品安全基础工作\t100分\t组织领导、制度机制建设、责任体系建设、能力建设、队伍建设等'];
  assert.deepEqual(tasksOf(lines), []);
});

// --- not tasks ---------------------------------------------------------------------------------

test('not a task: 负责解释 (yangquan-2020-01 L212), a person 负责人 in a roster (L1976)', () => {
  assert.deepEqual(tasksOf(['(三) 本方案由市工信局会同有关部门负责解释。']), []);
  assert.deepEqual(tasksOf(['（三）本方案由市工信局会同有关部门负责解释（市工信局会同有关部门负责解释）。']), []);
  assert.deepEqual(tasksOf(['武 雪\t市科技局局长（市大数据局负责人）']), []);
});

test('a short task title followed by field lines is a task (synthetic)', () => {
  const lines = ['1.加快充电基础设施建设', '牵头单位：市发改委', '配合单位：市住建局、市城管局', '完成时限：2023年底前', '2.完善运营服务平台', '（市大数据局负责，持续推进）'];
  assert.deepEqual(brief(tasksOf(lines)), [
    [2, ['市发改委'], ['市住建局', '市城管局'], '2023-12-31'],
    [6, ['市大数据局'], [], null],
  ]);
  assert.equal(tasksOf(lines)[0]!.text, '1.加快充电基础设施建设');
});

test('not a task: a working group and its 牵头单位 under a heading (yangquan-2023-05 L1203-1211)', () => {
  const lines = [
    '领导小组下设3个工作小组，分别是：',
    '',
    '1.热源保障组',
    '',
    '牵头单位：市能源局。负责做好热源单位的燃煤供应保障，协调热源单位做好供热保障工作。',
    '',
    '责任单位：山西河坡发电有限责任公司、山西阳光发电有限责任公司。负责全力保障冬季热源生产供应。',
    '',
    '2.工程建设组',
    '',
    '责任单位：融盛集团。',
  ];
  assert.deepEqual(tasksOf(lines, { first: 1201 }), []);
});

test('not a task: the composition of a mechanism (yangquan-2021-05 L1120-1124)', () => {
  const lines = [
    '## 二、“双保”协同机制组成',
    '',
    '牵头单位：市发展和改革委员会、市能源局、市农业农村局、市市场监督管理局、市住房和城乡建设局、市城市管理局。',
    '',
    '协同单位：市财政局、市生态环境局、市工业和信息化局、市交通运输局、市应急管理局、市民政局、市公安局交警支队。',
  ];
  assert.deepEqual(tasksOf(lines), []);
});

test('not a task: a drafting note quoting the draft (yangquan-2020-01 L1378, abridged)', () => {
  const line = '征求意见稿意见：学习借鉴并按国家部署执行落实外国高端人才服务“一卡通”试点工作…社会保障等基本公共服务”。（市科技局负责）';
  assert.deepEqual(tasksOf([line]), []);
});

test('not a task: brackets that only gloss a name or a number', () => {
  const lines = [
    '市工信局（市国资委）要会同有关部门抓好落实。',
    '根据《阳泉市重大行政决策程序规定》（阳政发〔2020〕7 号）之规定，现将目录公布如下。',
    '对疫情防控重点保障企业给予贴息支持（中央、省级财政贴息比例5:5）。',
  ];
  assert.deepEqual(tasksOf(lines), []);
});

// --- unit splitting ------------------------------------------------------------------------------

test('units split on 、，和/及/与 between units and 等, not inside names', () => {
  assert.deepEqual(splitResponsibleUnits('市发展和改革委员会、市住房和城乡建设局，市规划和自然资源局'), [
    '市发展和改革委员会', '市住房和城乡建设局', '市规划和自然资源局',
  ]);
  assert.deepEqual(splitResponsibleUnits('市工信局及市直相关部门'), ['市工信局', '市直相关部门']);
  assert.deepEqual(splitResponsibleUnits('华阳新材和各县区政府'), ['华阳新材', '各县区政府']);
  assert.deepEqual(splitResponsibleUnits('市城管局等部门'), ['市城管局']);
  assert.deepEqual(splitResponsibleUnits('高等院校、市 教育局'), ['高等院校', '市教育局']);
});

test('parseResponsibility: the marker grammar alone', () => {
  assert.deepEqual(parseResponsibility('牵头单位：市委网信办；配合单位：市通联办、市公安局、各县区人民政府负责'), {
    leads: ['市委网信办'],
    cooperators: ['市通联办', '市公安局', '各县区人民政府'],
    deadlineText: null,
    explicit: true,
  });
  assert.equal(parseResponsibility('以下简称市大数据局')?.explicit, false);
  assert.equal(parseResponsibility('由市工信局会同有关部门负责解释'), null);
});

// --- layout variants read as printed (nothing is folded or squashed line by line) ---------------

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

test('layout variant: 排在第一位的为 / 牵 头 broken over lines with layout spaces (synthetic)', () => {
  const lines = ['各项任务中排在第一位的为', '  牵 头 单 位，其他为配合单位。', '1.推进A工作。（市发改委、市财政局负责）'];
  assert.deepEqual(brief(tasksOf(lines)), [[3, ['市发改委'], ['市财政局'], null]]);
  assert.deepEqual(brief(tasksOf(['各项任务中排在第一位的为本项工作的主要单位。', lines[2]!])), [
    [2, ['市发改委', '市财政局'], [], null],
  ]);
});

test('layout variant: unbracketed X（…）牵头，Y配合实施 with a full-width bracket in the lead (synthetic)', () => {
  assert.deepEqual(brief(tasksOf(['（一）加快推进项目建设。市发改委（市能源局）牵头，市财政局配合实施。'])), [
    [1, ['市发改委（市能源局）'], ['市财政局'], null],
  ]);
});

test('units split on full-width ／ and ，, not inside ［］ (synthetic)', () => {
  assert.deepEqual(splitResponsibleUnits('市财政局／市商务局，各县［区］人民政府'), ['市财政局', '市商务局', '各县［区］人民政府']);
});
