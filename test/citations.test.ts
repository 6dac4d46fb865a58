import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toSourceLines } from '../src/core/lines.js';
import { foldWidth } from '../src/core/text.js';
import {
  extractCitations,
  findEnclosureTitles,
} from '../src/extract/citations.js';
import type { ExtractContext } from '../src/model.js';

/** A document made of the given lines, numbered from `first`. */
function doc(lines: string[], opts: Partial<Omit<ExtractContext, 'lines'>> & { first?: number } = {}): ExtractContext {
  const first = opts.first ?? 1;
  const src = toSourceLines(lines).map((l) => ({ ...l, line: l.line + first - 1 }));
  return {
    lines: src,
    title: opts.title ?? '某市人民政府办公室关于某事的通知',
    docNumber: opts.docNumber ?? null,
    date: opts.date ?? null,
    issueYear: opts.issueYear ?? null,
  };
}

const brief = (ctx: ExtractContext) => extractCitations(ctx).map((c) => [c.kind, c.title, c.docNumber, c.line]);

test('《title》（number）: yangquan-2023-05 L79', () => {
  const line =
    '为深入贯彻落实能源革命综合改革试点要求…，按照《山西省人民政府办公厅关于印发全面推进煤矿智能化和煤炭工业互联网平台建设实施方案的通知》（晋政办发〔2023〕27号）要求，结合我市实际，制定本方案。';
  assert.deepEqual(brief(doc([line], { first: 79 })), [
    ['titled', '山西省人民政府办公厅关于印发全面推进煤矿智能化和煤炭工业互联网平台建设实施方案的通知', '晋政办发〔2023〕27号', 79],
  ]);
});

test('half-width brackets around the number: yangquan-2023-05 L1655, and a fully half-width variant', () => {
  const real = '根据《山西省促进平台经济发展若干政策》(晋政办发〔2021〕18号)、《山西省促进网络货运行业健康发展工作方案》(晋政办发〔2022〕6号)、';
  assert.deepEqual(brief(doc([real])), [
    ['titled', '山西省促进平台经济发展若干政策', '晋政办发〔2021〕18号', 1],
    ['titled', '山西省促进网络货运行业健康发展工作方案', '晋政办发〔2022〕6号', 1],
  ]);
  const half = '根据《山西省促进平台经济发展若干政策》(晋政办发[2021]18号),结合实际,制定本政策.';
  assert.deepEqual(brief(doc([half])), [['titled', '山西省促进平台经济发展若干政策', '晋政办发〔2021〕18号', 1]]);
});

test('number printed right after 》 without brackets: yangquan-2023-05 L1797', () => {
  const line =
    '第十条 本办法自发布之日起三十日后施行，有效期2年。本办法试行之日起，原《关于印发阳泉高新技术产业开发区促进商业综合体发展扶持办法(试行)的通知》阳开办发〔2022〕10号，自动废止。';
  assert.deepEqual(brief(doc([line])), [
    ['titled', '关于印发阳泉高新技术产业开发区促进商业综合体发展扶持办法(试行)的通知', '阳开办发〔2022〕10号', 1],
  ]);
});

test('decree number with layout spaces, two citations with no separator, 公布 enclosure: yangquan-2023-05 L1391', () => {
  const line =
    '为进一步促进依法、科学、民主决策，提高决策质量和效率，根据国务院《重大行政决策程序暂行条例》（国务院令 第 713 号）《阳泉市重大行政决策程序规定》（阳政发〔2020〕7 号）之规定，经市委、市政府同意，现将《阳泉市人民政府 2023 年重大行政决策事项目录》公布如下，请各有关单位按照相关规定认真组';
  const ctx = doc([line], { title: '阳泉市人民政府办公室关于公布阳泉市人民政府2023年重大行政决策事项目录的通知' });
  assert.deepEqual(brief(ctx), [
    ['titled', '重大行政决策程序暂行条例', '国务院令第713号', 1],
    ['titled', '阳泉市重大行政决策程序规定', '阳政发〔2020〕7号', 1],
  ]);
  assert.deepEqual(findEnclosureTitles(ctx), ['阳泉市人民政府2023年重大行政决策事项目录']);
});

test('standards code in brackets: yangquan-2023-05 L638 and spaced / GB/T variants', () => {
  const real = '市生态环境局及各县（区）分局要按照《入河(海)排污口命名与编码规则》(HJ1235—2021)规定，结合附表';
  assert.deepEqual(brief(doc([real])), [['titled', '入河(海)排污口命名与编码规则', 'HJ1235—2021', 1]]);
  const spaced = '按照《入河(海)排污口命名与编码规则》（HJ 1235—2021）和《数据安全能力成熟度模型》(GB/T 37988-2019)执行。';
  assert.deepEqual(brief(doc([spaced])), [
    ['titled', '入河(海)排污口命名与编码规则', 'HJ1235—2021', 1],
    ['titled', '数据安全能力成熟度模型', 'GB/T37988-2019', 1],
  ]);
});

test('titles alone, separated by 、, the last broken over a blank line: yangquan-2023-05 L1043-1045', () => {
  const lines = [
    '地下水是经济社会发展的重要战略资源,…服务全市经济社会高质量发展,根据《中华人民共和国水法》、《地下水管理条例》、《取水许可和水资源费征收管理条例》、《山西省泉域水资',
    '',
    '源保护条例》等法律法规,结合本市实际,提出以下实施意见。',
  ];
  assert.deepEqual(brief(doc(lines, { first: 1043 })), [
    ['title_only', '中华人民共和国水法', null, 1043],
    ['title_only', '地下水管理条例', null, 1043],
    ['title_only', '取水许可和水资源费征收管理条例', null, 1043],
    ['title_only', '山西省泉域水资源保护条例', null, 1043],
  ]);
});

test('bare number: yangquan-2023-05 L939 (…晋清洁办发〔2023〕2号文件)', () => {
  const line =
    '根据国家发改委等部门印发的《关于促进北方地区清洁取暖持续向好发展的意见》（发改能源〔2022〕1916号）和省清洁取暖工作领导小组办公室晋清洁办发〔2023〕2号文件有关要求，结合我市清洁取暖';
  assert.deepEqual(brief(doc([line])), [
    ['titled', '关于促进北方地区清洁取暖持续向好发展的意见', '发改能源〔2022〕1916号', 1],
    ['number_only', null, '晋清洁办发〔2023〕2号', 1],
  ]);
});

test('bare decree number and a title printed without 《》: yangquan-2023-05 L1689', () => {
  const line =
    '本政策由高新区管委会负责解释，原阳泉高新技术产业开发区支持新业态经济发展政策(试行)（阳开办发〔2022〕106号）自本政策生效之日起废止。依照国务院令第713号办理。';
  assert.deepEqual(brief(doc([line])), [
    ['number_only', null, '阳开办发〔2022〕106号', 1],
    ['number_only', null, '国务院令第713号', 1],
  ]);
});

test('〈〉 nested in 《》: yangquan-2020-01 L946; ‹› and a nested 《》 variant', () => {
  const real =
    '山西省住房和城乡建设厅、山西省生态环境厅、山西省发展和改革委员会《关于贯彻落实〈城镇污水处理提质增效三年行动方案（2019—2021年）〉的通知》（晋建城字〔2019〕180号）的要求';
  assert.deepEqual(brief(doc([real])), [
    ['titled', '关于贯彻落实〈城镇污水处理提质增效三年行动方案（2019—2021年）〉的通知', '晋建城字〔2019〕180号', 1],
  ]);
  const variants = '按照《关于转发‹工业企业疫情防控工作导则›的通知》和《关于印发《复产防控方案》的通知》（阳工信运行〔2020〕12号）执行。';
  assert.deepEqual(brief(doc([variants])), [
    ['title_only', '关于转发‹工业企业疫情防控工作导则›的通知', null, 1],
    ['titled', '关于印发《复产防控方案》的通知', '阳工信运行〔2020〕12号', 1],
  ]);
});

test('the enclosure a notice issues is not a citation: yangquan-2023-05 L69, L1643; two enclosures yangquan-2020-01 L393', () => {
  const approved = doc(['《阳泉市全面推进煤矿智能化和煤炭工业互联网平台建设实施方案》已经市人民政府同意，现印发给你们，请认真遵照执行。']);
  assert.deepEqual(brief(approved), []);
  assert.deepEqual(findEnclosureTitles(approved).slice(0, 1), ['阳泉市全面推进煤矿智能化和煤炭工业互联网平台建设实施方案']);
  const putForward = doc(['现将《阳泉高新技术产业开发区支持新业态经济发展政策(试行)》印发给你们,请认真贯彻落实。']);
  assert.deepEqual(brief(putForward), []);
  const two = doc(['《阳泉市加快 5G 产业发展的实施意见》和《阳泉市加快 5G 产业发展的若干措施》已经市人民政府同意，现印发给你们，请认真遵照执行。']);
  assert.deepEqual(findEnclosureTitles(two).slice(0, 2), ['阳泉市加快5G产业发展的实施意见', '阳泉市加快5G产业发展的若干措施']);
  assert.deepEqual(brief(two), []);
});

test('the notice title names the enclosure when the 印发 sentence has no 《》', () => {
  const ctx = doc(['现将阳泉市冬季供暖运行保障工作方案印发给你们。', '依据《阳泉市冬季供暖运行保障工作方案》，各县区制定细则。'], {
    title: '阳泉市人民政府办公室关于印发阳泉市冬季供暖运行保障工作方案的通知',
  });
  assert.deepEqual(findEnclosureTitles(ctx), ['阳泉市冬季供暖运行保障工作方案']);
  assert.deepEqual(brief(ctx), []);
});

test('self-references inside the enclosure: yangquan-2023-05 L1871, L1885; 本《细则》', () => {
  const ctx = doc(
    [
      '现将《阳泉高新区科技创新券实施管理办法(试行)》印发给你们,请认真贯彻落实。',
      '第一条 为贯彻落实《中共山西省委山西省人民政府关于实施科技创新的若干意见》(晋发〔2015〕12号),更好发挥政府引导和市场在资源配置中的决定作用,…特制定《阳泉高新区科技创新券实施管理办法(试行)》。',
      '本《办法》由高新区管委会负责解释。',
    ],
    { first: 1871 },
  );
  assert.deepEqual(brief(ctx), [['titled', '中共山西省委山西省人民政府关于实施科技创新的若干意见', '晋发〔2015〕12号', 1872]]);
});

test('the enclosure title with one letter more or less and without (试行) is still the enclosure: yangquan-2023-05 L1961, L2142', () => {
  const ctx = doc([
    '现将《阳泉高新技术产业开发区支持科技创新新发展若干政策（试行）》印发给你们，请认真贯彻落实。',
    '按照本政策兑现。原《阳泉高新技术产业开发区支持科技创新发展若干政策》（阳开办发〔2022〕54 号）同时废止。',
    '为切实加强科技创新政策的统筹管理和统一执行，…根据《阳泉高新技术产业开发区支持科技创新发展若干政策》（以下简称“科技创新政策”），结合我区实际情况，制定本办法。',
  ]);
  assert.deepEqual(brief(ctx), [['titled', '阳泉高新技术产业开发区支持科技创新发展若干政策', '阳开办发〔2022〕54号', 2]]);
});

test('an outside issuer before 《》 makes it another body\'s instrument: yangquan-2023-05 L452, L462', () => {
  const ctx = doc(
    [
      '《阳泉市食品安全工作评议考核办法》已经省自然资源厅、市人民政府批准同意，现印发给你们，请认真遵照执行。',
      '第一条 为贯彻市委、市政府关于加强食品安全工作的决策部署，…根据山西省《食品安全工作评议考核办法》，制定本办法。',
    ],
    { title: '阳泉市人民政府办公室关于印发阳泉市食品安全工作评议考核办法的通知' },
  );
  assert.deepEqual(brief(ctx), [['title_only', '食品安全工作评议考核办法', null, 2]]);
});

test('the repealed previous version has the enclosure title but another number: yangquan-2021-05 L1360, L1726', () => {
  const ctx = doc([
    '《阳泉市辐射事故应急预案》已经市人民政府同意，现印发给你们，请认真遵照执行。',
    '本预案自发布之日起实施。2018年12月14日印发的《阳泉市辐射事故应急预案》(阳政办发〔2018〕127号)同时废止。',
  ]);
  assert.deepEqual(brief(ctx), [['titled', '阳泉市辐射事故应急预案', '阳政办发〔2018〕127号', 2]]);
});

test('an issuer-prefixed enclosure title and its alias are self-references: yangquan-2020-01 L1245, L1312, L1316', () => {
  const ctx = doc(
    [
      '《关于积极有效利用外资推动经济高质量发展的落实方案》已经市人民政府同意，现印发给你们，请认真遵照执行。',
      '根据市领导安排，现将《阳泉市人民政府关于积极有效利用外资推动经济高质量发展的落实方案》（以下简称《落实方案》）起草情况汇报如下：',
      '按照市领导安排，我们在充分研究《国务院关于积极有效利用外资推动经济高质量发展若干措施的通知》（国发〔2018〕19号）…的前提下，结合阳泉的实际，我局起草了《落实方案》（征求意见稿），',
      '按照上下级职能对应原则，《山西省人民政府关于积极有效利用外资推动经济高质量发展的落实方案》此工作责任部门为省科技局。',
    ],
    { title: '阳泉市人民政府办公室关于印发积极有效利用外资推动经济高质量发展的落实方案的通知' },
  );
  assert.deepEqual(brief(ctx), [
    ['titled', '国务院关于积极有效利用外资推动经济高质量发展若干措施的通知', '国发〔2018〕19号', 3],
    ['title_only', '山西省人民政府关于积极有效利用外资推动经济高质量发展的落实方案', null, 4],
  ]);
});

test('the number on the next line after a blank one: yangquan-2020-01 L130-132', () => {
  const lines = [
    '1. 整顿不合规企业。…按照《阳泉市人民政府办公室关于印发阳泉市耐火行业污染防治专项整治工作方案的通知》',
    '',
    '（阳政办发〔2019〕59号）要求，未完成深化治理任务的企业…限期整改。',
  ];
  assert.deepEqual(brief(doc(lines, { first: 130 })), [
    ['titled', '阳泉市人民政府办公室关于印发阳泉市耐火行业污染防治专项整治工作方案的通知', '阳政办发〔2019〕59号', 130],
  ]);
});

test('a title broken over a blank line: yangquan-2020-01 L1280-1282', () => {
  const lines = [
    '九、健全外国人才引进制度。…（各县（区）人民政府负责）符合《山西省',
    '',
    '高端人才分层标准（试行）》（晋组通字〔2018〕18号）的外商投资企业高端人才，可享受《山西省深化人才发展体制机制改革财政支持政策》（晋政办发〔2017〕59号）、《关于加强新形势下引进外国人才工作的实施意见》等文件规定的相关经费资助。',
  ];
  assert.deepEqual(brief(doc(lines, { first: 1280 })), [
    ['titled', '山西省高端人才分层标准（试行）', '晋组通字〔2018〕18号', 1280],
    ['titled', '山西省深化人才发展体制机制改革财政支持政策', '晋政办发〔2017〕59号', 1282],
    ['title_only', '关于加强新形势下引进外国人才工作的实施意见', null, 1282],
  ]);
});

test('hard-wrapped text: titles and numbers broken anywhere, no blank lines', () => {
  const lines = ['为贯彻落实《国务院关于开展第七', '次全国人口普查的通知》（国发〔20', '19〕24号）和《山西省人民政府关于认', '真做好我省第七次全国人口普查工作的通', '知》（晋政发〔2020〕2号）精神，按照晋政', '办发〔2019〕66号文件规定执行。'];
  assert.deepEqual(brief(doc(lines)), [
    ['titled', '国务院关于开展第七次全国人口普查的通知', '国发〔2019〕24号', 1],
    ['titled', '山西省人民政府关于认真做好我省第七次全国人口普查工作的通知', '晋政发〔2020〕2号', 3],
    ['number_only', null, '晋政办发〔2019〕66号', 5],
  ]);
});

test('spaces inside titles and numbers are removed', () => {
  const line = '根据《阳泉市 支持全市 网络货运平台发展若干措施》( 阳政办发 〔2021〕 76 号 )执行。';
  assert.deepEqual(brief(doc([line])), [['titled', '阳泉市支持全市网络货运平台发展若干措施', '阳政办发〔2021〕76号', 1]]);
});

test('forms are not documents: yangquan-2023-05 L1573', () => {
  const line = '每月2日前将《政府网站工作月度报表》、政府网站及政务新媒体月度自查情况报告电子版报送至邮箱。';
  assert.deepEqual(brief(doc([line])), []);
});

test('number lines are not citations, even when the title line above runs into them', () => {
  const lines = ['阳泉市人民政府办公室关于同意建立阳泉市铁路沿线安全环境治理联席会议制度的函', '阳政办函〔2021〕147号', '', '（晋政办发〔2021〕5号）', '市交通局：'];
  assert.deepEqual(brief(doc(lines, { docNumber: '阳政办函〔2021〕147号' })), []);
});

test('the document\'s own number in its text is not a citation', () => {
  const line = '请各单位按照阳政办发〔2023〕65号文件要求，参照晋政办发〔2023〕27号执行。';
  assert.deepEqual(brief(doc([line], { docNumber: '阳政办发〔2023〕65号' })), [['number_only', null, '晋政办发〔2023〕27号', 1]]);
});

test('several titles sharing one number: the number goes to the title it follows', () => {
  const line = '根据《阳泉市加快5G产业发展的实施意见》《阳泉市加快5G产业发展的若干措施》（阳政发〔2020〕5号）要求。';
  assert.deepEqual(brief(doc([line])), [
    ['title_only', '阳泉市加快5G产业发展的实施意见', null, 1],
    ['titled', '阳泉市加快5G产业发展的若干措施', '阳政发〔2020〕5号', 1],
  ]);
});

test('ASCII angle brackets <<title>> and an unclosed 《 do not swallow the sentence', () => {
  const line = '依据<<中华人民共和国统计法>>和《全国人口普查 条例。另按《中华人民共和国统计法实施条例》执行。';
  assert.deepEqual(brief(doc([line])), [
    ['title_only', '中华人民共和国统计法', null, 1],
    ['title_only', '中华人民共和国统计法实施条例', null, 1],
  ]);
});

test('〈title〉 at the top level and a decree number written 国务院第713号令 (synthetic)', () => {
  const line = '根据〈重大行政决策程序暂行条例〉（国务院第713号令）和〈阳泉市重大行政决策程序规定〉执行。';
  assert.deepEqual(brief(doc([line])), [
    ['titled', '重大行政决策程序暂行条例', '国务院令第713号', 1],
    ['title_only', '阳泉市重大行政决策程序规定', null, 1],
  ]);
});

test('other ways of issuing an enclosure (synthetic)', () => {
  const cases = [
    '《某市安全生产管理办法》经市人民政府同意，现予印发，请认真贯彻执行。',
    '《某市安全生产管理办法》业经市人民政府第5次常务会议研究通过，现印发给你们。',
    '为加强管理，市应急局制定了《某市安全生产管理办法》，现印发给你们，请遵照执行。',
    '现将修订后的《某市安全生产管理办法》等2个文件印发给你们，请遵照执行。',
    '现将《国务院办公厅关于加强安全生产的通知》（国办发〔2023〕1号）转发给你们，请结合实际认真贯彻执行。',
  ];
  for (const line of cases) assert.deepEqual(brief(doc([line])), [], line);
  const notIssued = doc(['《某市安全生产管理办法》印发以来，各地认真落实。']);
  assert.deepEqual(brief(notIssued), [['title_only', '某市安全生产管理办法', null, 1]]);
});

test('extractCitations reads the lines it is given, also after they change', () => {
  const lines = toSourceLines(['根据《某市甲办法》执行。']);
  lines[0] = { ...lines[0]!, text: '根据《某市乙办法》执行。' };
  assert.deepEqual(brief({ ...doc(['x']), lines }), [['title_only', '某市乙办法', null, 1]]);
});

test('foldWidth folds exactly as the character-by-character definition, on every UTF-16 code unit', () => {
  const all = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).join('');
  // The definition: full-width ASCII U+FF01–FF5E down by 0xFEE0, the ideographic space to a space.
  const byCharacter = (s: string) =>
    Array.from(s, (ch) => {
      const c = ch.charCodeAt(0);
      return c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : c === 0x3000 ? ' ' : ch;
    }).join('');
  assert.equal(foldWidth(all), byCharacter(all));
  assert.equal(foldWidth(all).length, all.length);
});

test('a title runs to its closing bracket for at most 150 characters (synthetic)', () => {
  const titled = (n: number) => brief(doc([`根据《${'某'.repeat(n - 1)}法》的规定。`]));
  assert.equal(titled(149).length, 1);
  assert.equal(titled(150).length, 0);
  assert.deepEqual(brief(doc(['依据《关于1.2亿元资金的通知》和《某法。》'])), [['title_only', '关于1.2亿元资金的通知', null, 1]]);
});
