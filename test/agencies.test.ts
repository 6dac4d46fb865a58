import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSourceLines } from '../src/core/lines.js';
import { AgencyTable, defaultAgencyTable, isAgencyLike, isCollective } from '../src/extract/agencies.js';
import { DocumentText } from '../src/text/index.js';

test('national short forms map to the full name after a level prefix (市 / 省 / 县 / 市直)', () => {
  const t = defaultAgencyTable();
  const cases: Array<[string, string]> = [
    ['市发改委', '市发展和改革委员会'],
    ['市发展改革委', '市发展和改革委员会'],
    ['市工信局', '市工业和信息化局'],
    ['市审批服务管理局', '市行政审批服务管理局'],
    ['市行政审批局', '市行政审批服务管理局'],
    ['市大数据局', '市大数据应用局'],
    ['市市场监管局', '市市场监督管理局'],
    ['市住建局', '市住房和城乡建设局'],
    ['市卫健委', '市卫生健康委员会'],
    ['市文旅局', '市文化和旅游局'],
    ['市自然资源局', '市规划和自然资源局'],
    ['市自然资源和规划局', '市规划和自然资源局'],
    ['市规自局', '市规划和自然资源局'],
    ['市人社局', '市人力资源和社会保障局'],
    ['市城管局', '市城市管理局'],
    ['省卫健委', '省卫生健康委员会'],
    ['县住建局', '县住房和城乡建设局'],
    ['市直大数据局', '市大数据应用局'],
    ['市 发改委', '市发展和改革委员会'],
  ];
  for (const [name, canonical] of cases) assert.equal(t.canonical(name), canonical, name);
  // A full national form is known as itself.
  assert.equal(t.canonical('市交通运输局'), '市交通运输局');
});

test('委 → 委员会 when the long form is known; 政府 → 人民政府; 县区 → 县（区）; half-width brackets', () => {
  const t = defaultAgencyTable();
  assert.equal(t.canonical('市卫生健康委'), '市卫生健康委员会');
  assert.equal(t.canonical('市政府办公室'), '市人民政府办公室');
  assert.equal(t.canonical('市政府'), '市人民政府');
  assert.equal(t.canonical('各县（区）政府'), '各县（区）人民政府');
  assert.equal(t.canonical('各县区人民政府'), '各县（区）人民政府');
  assert.equal(t.canonical('各县(区)政府'), '各县（区）人民政府');
  // 市政工程管理局 is not a 政府.
  assert.equal(t.canonical('市政工程管理局'), null);
  assert.equal(t.canonical('市编委'), null);
});

test('city prefix: learned from the title line, not hard-coded (yangquan-2023-05 L1407; another city)', () => {
  const t = defaultAgencyTable();
  assert.equal(t.canonical('阳泉市规划和自然资源局'), null, 'no city known yet');
  t.learnFromText(['阳泉市人民政府办公室 关于公布阳泉市人民政府 2023 年重大行政 决策事项目录的通知']);
  assert.equal(t.canonical('阳泉市规划和自然资源局'), '市规划和自然资源局');
  assert.equal(t.canonical('阳泉市工业和信息化局'), '市工业和信息化局');
  assert.equal(t.canonical('阳泉市人民政府'), '市人民政府');
  // The rest must start with 市: 阳泉高新区 keeps its name.
  assert.equal(t.canonical('阳泉高新区'), null);

  const other = defaultAgencyTable();
  other.learnFromText(toSourceLines(['晋城市人民政府', '', '2023年9月1日']));
  assert.equal(other.canonical('晋城市大数据应用局'), '市大数据应用局');
  assert.equal(other.canonical('阳泉市大数据应用局'), null, 'an unknown city is not stripped');
  assert.equal(defaultAgencyTable({ city: '长治市' }).canonical('长治市工信局'), '市工业和信息化局');

  // City names of four characters (乌鲁木齐, 呼和浩特), from a title line and from a definition.
  const urumqi = defaultAgencyTable();
  urumqi.learnFromText(['乌鲁木齐市人民政府关于印发物业管理办法的通知']);
  assert.equal(urumqi.canonical('乌鲁木齐市财政局'), '市财政局');
  const hohhot = defaultAgencyTable();
  hohhot.learnFromText(['呼和浩特市大数据管理局（以下简称市大数据局）负责组织实施。']);
  assert.equal(hohhot.canonical('呼和浩特市财政局'), '市财政局');
});

test('以下简称 definitions: yangquan-2023-05 L470, yangquan-2020-01 L420 (quotes), L308 (成立…)', () => {
  const t = defaultAgencyTable();
  t.learnFromText([
    '第四条 考核工作由市食品安全委员会统一领导。市食品安全委员会办公室（以下简称市食品安全办）会同市食品安全委员会相关成',
    '1. 编制 5G 基站建设规划。2020 年初，中国铁塔股份有限公司阳泉分公司（以下简称“阳泉铁塔”）要本着“能共享不新建，能共建不独建”的原则',
    '经市人民政府研究，决定成立阳泉市第七次全国人口普查领导小组（以下简称市领导小组），负责组织领导。',
    '第一条 为推动新业态经济发展，由阳泉市大数据应用局（以下简称市大数据局）负责统筹。',
  ]);
  assert.equal(t.canonical('市食品安全办'), '市食品安全委员会办公室');
  assert.equal(t.canonical('阳泉铁塔'), '中国铁塔股份有限公司阳泉分公司');
  assert.equal(t.canonical('市领导小组'), '市第七次全国人口普查领导小组');
  assert.equal(t.canonical('阳泉市财政局'), '市财政局', 'the city prefix rule applies');
  assert.equal(t.canonical('阳泉市工信局'), '市工业和信息化局', 'the definition named the city');
  assert.equal(t.canonical('市大数据局'), '市大数据应用局');
  assert.ok(t.list().some((a) => a.name === '中国铁塔股份有限公司阳泉分公司' && a.aliases.includes('阳泉铁塔')));
});

test('以下简称 after a name broken over lines: yangquan-2023-05 L1979-1981', () => {
  const t = defaultAgencyTable();
  t.learnFromText(
    toSourceLines([
      '第二条 本政策适用于注册登记在阳泉高',
      '',
      '新技术产业开发区（以下简称“高新区”），具有独立法人资格、健全的财务制度、实行独立核算的企业。',
    ]),
  );
  assert.equal(t.canonical('高新区'), '阳泉高新技术产业开发区');
});

test('以下简称 of something that is not an agency is ignored: yangquan-2020-01 L402', () => {
  const t = defaultAgencyTable();
  t.learnFromText(['第五代移动通信（以下简称“5G”）作为新一代信息通信技术演进升级的重要方向']);
  assert.equal(t.canonical('5G'), null);
  assert.deepEqual(t.list(), []);
});

test('the latest definition of a short alias wins (专班, 市指挥部 are defined per document)', () => {
  const t = defaultAgencyTable();
  t.learnFromText(['决定成立阳泉市医药储备应急调拨指挥部（以下简称市指挥部）。']);
  t.learnFromText(['决定成立阳泉市火灾事故应急指挥部（以下简称市指挥部）。']);
  assert.equal(t.canonical('市指挥部'), '市火灾事故应急指挥部');
});

test('add, observe and list: mentioned agencies with the names they go by', () => {
  const t = new AgencyTable();
  t.add('市通信联合办公室', '市通联办');
  assert.equal(t.canonical('市通联办'), '市通信联合办公室');
  assert.equal(t.canonical('市 通联办'), '市通信联合办公室');
  assert.equal(t.canonical('市通信联合办公室'), '市通信联合办公室');
  const d = defaultAgencyTable();
  assert.equal(d.observe('市发改委'), '市发展和改革委员会');
  assert.equal(d.observe('市发展改革委'), '市发展和改革委员会');
  assert.equal(d.observe('市财政局'), '市财政局');
  assert.equal(d.observe('各县（区）政府'), '各县（区）人民政府', 'collectives are mapped');
  assert.equal(d.observe('市直各有关部门'), '市直各有关部门');
  // A set of bodies (各县（区）人民政府) is listed with its spellings; a placeholder is not.
  assert.deepEqual(d.list(), [
    { name: '市发展和改革委员会', aliases: ['市发改委', '市发展改革委'] },
    { name: '市财政局', aliases: [] },
    { name: '各县（区）人民政府', aliases: ['各县（区）政府'] },
  ]);
});

test('isAgencyLike / isCollective', () => {
  assert.ok(isAgencyLike('市工信局（市国资委）'));
  assert.ok(isAgencyLike('各县（区）人民政府'));
  assert.ok(isAgencyLike('基础电信运营商'));
  assert.ok(!isAgencyLike('完善公共信用信息平台'));
  assert.ok(!isAgencyLike('2023年底前完成'));
  assert.ok(isCollective('各行业主管部门'));
  assert.ok(isCollective('市直各部门'));
  assert.ok(!isCollective('市财政局'));
});

test('layout variants read as printed: a city line with layout spaces and markdown marks, ＂quotes＂ (synthetic)', () => {
  const t = defaultAgencyTable();
  t.learnFromText(['# 大 同 市 人 民 政 府 关 于 印 发 的 通 知', '成立市数字经济工作专班（以下简称＂专班＂）']);
  assert.equal(t.canonical('大同市发改委'), '市发展和改革委员会');
  assert.equal(t.canonical('专班'), '市数字经济工作专班');
  const other = defaultAgencyTable();
  other.learnFromText(['大 同 市 人 民 政 府 文 件']); // not a title, signature or masthead form
  assert.equal(other.canonical('大同市发改委'), null);
});

test('observe follows a redefined alias (the answers it keeps are dropped when an alias changes)', () => {
  const t = defaultAgencyTable();
  t.learnFromText(['决定成立阳泉市医药储备应急调拨指挥部（以下简称市指挥部）。']);
  assert.equal(t.observe('市指挥部'), '市医药储备应急调拨指挥部');
  t.learnFromText(['决定成立阳泉市火灾事故应急指挥部（以下简称市指挥部）。']);
  assert.equal(t.observe('市指挥部'), '市火灾事故应急指挥部');
});

test('a document that learns another city does not change how the next document reads place names (forks stay apart)', () => {
  // An issue of 阳泉 that names 太谷区 (a district of 晋中). Document A defines a 晋中 unit with a
  // short name starting with 市, so its fork learns the city 晋中, and reads 太古区 (OCR for 太谷区) as
  // 晋中's district. Document B's fork knows only 阳泉: it must read 太古区 as it would had A never
  // been extracted — the same answer before and after A.
  const issue = defaultAgencyTable();
  issue.learnFromText(['阳泉市人民政府关于做好防汛工作的通知', '各县（区）人民政府：', '太谷区的经验值得借鉴。']);
  const before = issue.fork().canonical('太古区人民政府');
  const a = issue.fork();
  a.learnFromText(['晋中市发展和改革委员会（以下简称市发改委）负责。']);
  assert.deepEqual(a.cityNames(), ['阳泉', '晋中']);
  assert.equal(a.canonical('太古区人民政府'), '太谷区人民政府');
  assert.equal(issue.fork().canonical('太古区人民政府'), before);
  assert.equal(before, null);
  // A fork that learns the same city reads it as A did.
  const c = issue.fork();
  c.learnFromText(['晋中市财政局（以下简称市财政局）']);
  assert.equal(c.canonical('太古区人民政府'), '太谷区人民政府');
});

test('a document learned through its joined text learns what its lines teach, in the same order (synthetic)', () => {
  // Definitions whose name starts on the line before, a redefined alias (the later wins), a city
  // line and a definition naming a city, blank and spaced lines between them, and the title.
  const issueLines = toSourceLines([
    '阳泉市人民政府关于做好防汛工作的通知',
    '各县（区）人民政府：',
    '',
    '决定成立阳泉市医药储备应急调拨指挥部（以下简称市指挥部）。',
    '为做好工作，由阳泉市大数据',
    '应用局（以下简称市大数据局）牵头。',
    '  决定成立阳泉市火灾事故应急指挥部（以下简称市指挥部）。  ',
    '晋中市发展和改革委员会（以下简称市发改委）负责。',
    '# 大 同 市 人 民 政 府 关 于 印 发 的 通 知',
    '名称：市指挥部',
    '> 晋城市>>人民政府 关于',
    '经忻州市',
    '人民政府同意',
    '**朔州市人民政府**',
    '忻州市＊人＊＊民 政府关于',
  ]);
  // The issue's table learns only the first line, so that the forks learn the other cities.
  const issue = defaultAgencyTable();
  issue.learnFromText(issueLines.slice(0, 1));
  for (const [from, to] of [[0, 15], [3, 7], [4, 6], [6, 15], [8, 10], [10, 15], [11, 13], [14, 15]] as const) {
    for (const title of ['阳泉市人民政府关于防汛的通知', '成立专班（以下简称专班）', '']) {
      const lines = issueLines.slice(from, to);
      const whole = issue.fork();
      whole.learnFromText([title, ...lines]);
      const searched = issue.fork();
      searched.learnFromDocument(title, lines, new DocumentText(lines));
      assert.deepEqual(searched.cityNames(), whole.cityNames());
      assert.deepEqual(searched.list(), whole.list());
      for (const name of ['市指挥部', '市大数据局', '市发改委', '专班', '大同市发改委', '晋城市发改委', '朔州市发改委', '忻州市发改委']) {
        assert.equal(searched.canonical(name), whole.canonical(name), `${from}..${to} ${title} ${name}`);
      }
    }
  }
});

test('merging what a fork learned is merging the fork: new cities, new agencies, new names of known ones, a redefined alias', () => {
  const issue = () => {
    const t = defaultAgencyTable();
    t.learnFromText(['阳泉市人民政府关于做好防汛工作的通知', '决定成立阳泉市医药储备应急调拨指挥部（以下简称市指挥部）。', '阳泉市大数据应用局（以下简称市大数据局）牵头。']);
    return t;
  };
  // Each document also names an agency the issue's table does not know (observe records it).
  const teach = (fork: AgencyTable, lines: string[], i: number) => {
    fork.learnFromText(lines);
    if (i < 2) fork.observe('阳泉市财政局');
    return fork;
  };
  const documents = [
    // A new city, and a new agency with its short name.
    ['晋中市发展和改革委员会（以下简称市发改委）负责。'],
    // A known agency given another name, and a known short name given to another agency.
    ['阳泉市大数据应用局（以下简称大数据局）负责。', '决定成立阳泉市火灾事故应急指挥部（以下简称市指挥部）。'],
    // Nothing new (and no agency observed).
    ['阳泉市大数据应用局（以下简称市大数据局）牵头。'],
  ];
  const byFork = issue();
  const byLearned = issue();
  const forks = documents.map((lines, i) => teach(byFork.fork(), lines, i));
  const learned = documents.map((lines, i) => teach(byLearned.fork(), lines, i).learned());
  assert.deepEqual(learned[2], { cities: [], entries: [] });
  assert.ok(learned[0]!.cities.includes('晋中'));
  assert.ok(learned[1]!.entries.some(([, names]) => names.includes('大数据局')), 'a new name of a known agency is learned');
  for (const f of forks) byFork.merge(f);
  for (const l of learned) byLearned.merge(l);
  assert.deepEqual(byLearned.list(), byFork.list());
  assert.deepEqual(byLearned.cityNames(), byFork.cityNames());
  for (const name of ['市指挥部', '大数据局', '市大数据局', '市发改委', '阳泉市财政局']) assert.equal(byLearned.observe(name), byFork.observe(name), name);
});

test('merging a whole table into another takes in all of it, not only what it learned since its fork', () => {
  const issue = defaultAgencyTable();
  issue.learnFromText(['决定成立阳泉市医药储备应急调拨指挥部（以下简称市指挥部）。']);
  const fork = issue.fork();
  fork.learnFromText(['晋中市发展和改革委员会（以下简称市发改委）负责。']);
  const other = defaultAgencyTable();
  other.merge(fork);
  assert.deepEqual(other.list(), fork.list());
  assert.deepEqual(other.cityNames(), fork.cityNames());
  assert.equal(other.observe('市指挥部'), fork.observe('市指挥部'));
});
