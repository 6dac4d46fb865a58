/**
 * The web reader without a browser: the escaping helper, paragraph layout (on real lines of the
 * samples and on synthetic layouts), fact marks, and every page type rendered by the server from
 * a real SQLite archive (status, escaping, links, speed), the tasks CSV and the redirects.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/app.js';
import { escapeHtml, html, jsonForScript, raw, url } from '../src/server/web/html.js';
import { layoutBlocks, type Block } from '../src/server/web/paragraphs.js';
import { tidySpaces } from '../src/text/index.js';
import { marksInBlock, needleRegex, renderSpan } from '../src/server/web/marks.js';
import { docNumberQuery } from '../src/server/web/pages/search.js';
import { csvField } from '../src/server/tasks.js';
import { TASK_STATE_LABEL } from '../src/server/web/format.js';
import { comparePersonNames } from '../src/server/web/pages/people.js';
import { toSourceLines } from '../src/core/lines.js';
import type { OfficialDocument } from '../src/model.js';
import type { DocumentLine } from '../src/store/archive.js';
import { buildSampleArchive, CORPUS_DIR, COOP_UNIT, LEAD_UNIT, SYNTHETIC_PERSON, type SampleArchive } from './web-fixture.js';

// ───────────────────────────── helpers ─────────────────────────────

function corpusLines(file: string): DocumentLine[] {
  const text = readFileSync(join(CORPUS_DIR, file), 'utf8');
  return toSourceLines(text.split(/\r\n|\r|\n/)).map((l) => ({ line: l.line, text: l.text, raw: l.raw }));
}

/** `count` lines of a sample starting at the first line that contains `needle`. */
function linesFrom(file: string, needle: string, count: number): DocumentLine[] {
  const all = corpusLines(file);
  const i = all.findIndex((l) => l.raw.includes(needle));
  assert.ok(i >= 0, `no line with ${needle}`);
  return all.slice(i, i + count);
}

function synthetic(text: string): DocumentLine[] {
  return toSourceLines(text.split('\n')).map((l) => ({ line: l.line, text: l.text, raw: l.raw }));
}

const noDoc = (over: Partial<OfficialDocument> = {}) => ({ title: '无标题', docNumberLine: null, outline: [], enclosures: [], ...over });

function kinds(blocks: Block[]): string[] {
  return blocks.map((b) => `${b.kind}:${b.text.slice(0, 8)}`);
}

// ───────────────────────────── escaping ─────────────────────────────

describe('html escaping', () => {
  test('interpolated values are escaped, nested templates and raw() are not', () => {
    const evil = '<p onclick="x">&amp;\'</p>';
    assert.equal(html`<b>${evil}</b>`.value, '<b>&lt;p onclick=&quot;x&quot;&gt;&amp;amp;&#39;&lt;/p&gt;</b>');
    assert.equal(html`<i>${html`<b>${'<'}</b>`}</i>`.value, '<i><b>&lt;</b></i>');
    assert.equal(html`${raw('<br>')}`.value, '<br>');
    assert.equal(html`${[1, '<', null, undefined, false]}`.value, '1&lt;');
    assert.equal(escapeHtml('"a" & \'b\''), '&quot;a&quot; &amp; &#39;b&#39;');
  });

  test('attribute values cannot break out', () => {
    const v = '" onmouseover="alert(1)';
    assert.equal(html`<a title="${v}">`.value, '<a title="&quot; onmouseover=&quot;alert(1)">');
  });

  test('JSON inside a script element cannot close it', () => {
    const s = jsonForScript({ t: '</script><script>alert(1)</script>' }).value;
    assert.doesNotMatch(s, /<\/script>/i);
    assert.deepEqual(JSON.parse(s), { t: '</script><script>alert(1)</script>' });
  });

  test('urls encode their parameters', () => {
    assert.equal(url('/search', { q: 'a&b=c', type: '', page: 2 }), '/search?q=a%26b%3Dc&page=2');
  });
});

// ───────────────────────────── paragraphs ─────────────────────────────

describe('paragraph layout', () => {
  test('a sentence broken by a blank line after a comma is one paragraph (real lines)', () => {
    // "（三）工作目标。打造新型耐材产业基地，" / "" / "实现产品由低端到高端发展，…"
    const lines = linesFrom('yangquan-2020-01.txt', '（三）工作目标。打造新型耐材产业基地，', 3);
    const outline = [{ kind: 'cn-paren' as const, label: '（三）', title: '工作目标', line: lines[0]!.line, children: [] }];
    const blocks = layoutBlocks(lines, noDoc({ outline }));
    assert.equal(blocks.length, 1, kinds(blocks).join(' | '));
    assert.equal(blocks[0]!.kind, 'para');
    assert.match(blocks[0]!.text, /^（三）工作目标。打造新型耐材产业基地，实现产品由低端到高端发展/);
    assert.equal(blocks[0]!.heading?.leadEnd, '（三）工作目标。'.length, 'heading lead-in is bold');
    assert.deepEqual(blocks[0]!.lines.map((l) => l.line), [lines[0]!.line, lines[2]!.line]);
  });

  test('a long line cut mid-sentence by a page break continues (real lines)', () => {
    // "1. 严格执行行业准入。…梭式窑、竖窑 ≥ 1 万吨，达不到要求" / "" / "的企业必须停产整顿，…"
    const lines = linesFrom('yangquan-2020-01.txt', '1. 严格执行行业准入。', 3);
    const blocks = layoutBlocks(lines, noDoc());
    assert.equal(blocks.length, 1, kinds(blocks).join(' | '));
    assert.match(blocks[0]!.text, /达不到要求的企业必须停产整顿/);
  });

  test('short label lines stay apart; a word split over a blank line is joined (real lines)', () => {
    // "时代：清" / "地址：郊区李家庄乡柳沟村" / "保护范围：…南侧至围墙外 20 米，西" / "侧至围墙外 20 米。…"
    const lines = linesFrom('yangquan-2021-05.txt', '##### 柳沟六泉庙', 12);
    const blocks = layoutBlocks(lines, noDoc());
    const texts = blocks.map((b) => b.text);
    assert.ok(texts.includes('时代：清'), texts.join(' | '));
    assert.ok(texts.includes('地址：郊区李家庄乡柳沟村'));
    assert.ok(texts.some((t) => t.includes('南侧至围墙外20米，西侧至围墙外20米。')), texts.join(' | '));
    assert.ok(texts.some((t) => t.startsWith('建设控制地带：')));
  });

  test('head, enclosure title, signature, date and publicity note of a real notice', () => {
    const lines = linesFrom('yangquan-2020-01.txt', '阳泉市人民政府 关于印发阳泉市规范提升耐火材料产业行动方案的通知', 16);
    const docNumberLine = lines.find((l) => l.raw === '阳政发〔2020〕2号')!.line;
    const encLine = lines.find((l) => l.raw === '阳泉市规范提升耐火材料产业行动方案')!.line;
    const blocks = layoutBlocks(lines, noDoc({
      title: '阳泉市人民政府关于印发阳泉市规范提升耐火材料产业行动方案的通知',
      docNumberLine,
      enclosures: [{ title: '阳泉市规范提升耐火材料产业行动方案', docType: '方案', startLine: encLine }],
    }));
    const byText = (t: string) => blocks.find((b) => b.text === t);
    assert.equal(blocks[0]!.kind, 'title');
    assert.equal(byText('阳政发〔2020〕2号')?.kind, 'docno');
    assert.equal(byText('各县（区）人民政府，市直各单位，省属以上企业：')?.kind, 'para');
    assert.equal(byText('阳泉市人民政府')?.kind, 'sign');
    assert.equal(byText('2020年1月20日')?.kind, 'sign');
    assert.equal(byText('（此件公开发布）')?.kind, 'note');
    assert.equal(byText('阳泉市规范提升耐火材料产业行动方案')?.kind, 'title');
  });

  test('text hard-wrapped at a fixed width without blank lines (synthetic)', () => {
    const text = [
      '一、工作目标',
      '到2025年，全市数字经济规模明显扩大，产业',
      '结构持续优化，创新能力显著增强，建成一批',
      '示范项目。',
      '二、重点任务',
      '加快建设信息基础设施，推进千兆光网和5G',
      '网络覆盖。',
    ].join('\n');
    const lines = synthetic(text);
    const outline = [
      { kind: 'cn-number' as const, label: '一、', title: '工作目标', line: 1, children: [] },
      { kind: 'cn-number' as const, label: '二、', title: '重点任务', line: 5, children: [] },
    ];
    const blocks = layoutBlocks(lines, noDoc({ outline }));
    assert.deepEqual(blocks.map((b) => b.kind), ['heading', 'para', 'heading', 'para']);
    assert.equal(blocks[1]!.text, '到2025年，全市数字经济规模明显扩大，产业结构持续优化，创新能力显著增强，建成一批示范项目。');
    assert.equal(blocks[3]!.text, '加快建设信息基础设施，推进千兆光网和5G网络覆盖。');
    assert.deepEqual(blocks[1]!.starts, [0, '到2025年，全市数字经济规模明显扩大，产业'.length, '到2025年，全市数字经济规模明显扩大，产业结构持续优化，创新能力显著增强，建成一批'.length]);
  });

  test('half-width punctuation and CRLF-style layout spaces (synthetic)', () => {
    const lines = synthetic('各单位要加强组织领导,明确责任分工,\n确保各项任务落到实处;\n请 认 真 贯 彻 执 行.');
    const blocks = layoutBlocks(lines, noDoc());
    assert.equal(blocks[0]!.text, '各单位要加强组织领导,明确责任分工,确保各项任务落到实处;');
    assert.equal(blocks[1]!.text, '请认真贯彻执行.');
  });

  test('tab-separated table rows become a table block', () => {
    const blocks = layoutBlocks(synthetic('序号\t单位\t时限\n1\t市财政局\t2024年底\n附表说明。'), noDoc());
    assert.equal(blocks[0]!.kind, 'table');
    assert.equal(blocks[0]!.lines.length, 2);
    assert.equal(blocks[1]!.kind, 'para');
  });

  test('tidySpaces removes layout spaces in Chinese text only', () => {
    assert.equal(tidySpaces('2020 年 2 月 29 日出版'), '2020年2月29日出版');
    assert.equal(tidySpaces('程 鹏同志'), '程鹏同志');
    assert.equal(tidySpaces('Open Data 平台 100 200'), 'Open Data平台100 200');
    assert.equal(tidySpaces('序号\t单位'), '序号\t单位');
  });
});

// ───────────────────────────── marks ─────────────────────────────

describe('fact marks', () => {
  test('needles tolerate layout spaces and bracket variants', () => {
    const re = needleRegex('阳政办发〔2019〕59号')!;
    assert.match('（阳政办发[2019]59 号）', re);
    assert.match('阳政办发（2019）59号', needleRegex('阳政办发〔2019〕59号')!);
    assert.match('程 鹏', needleRegex('程鹏')!);
    assert.equal(needleRegex('  '), null);
  });

  test('marks are found on their line, escaped, and do not overlap', () => {
    const lines = synthetic('依据《关于<b>加强</b>管理的通知》（测发〔2020〕1号），\n由市财政局牵头。');
    const [block] = layoutBlocks(lines, noDoc());
    const marks = marksInBlock(block!, [
      { kind: 'citation', line: 1, needle: '《关于<b>加强</b>管理的通知》', href: '/documents/7', label: '引用' },
      { kind: 'unit', line: 2, needle: '市财政局', href: '/agencies/x', label: '牵头单位' },
      { kind: 'unit', line: 1, needle: '加强', label: 'overlapping' },
    ]);
    assert.equal(marks.length, 2);
    const out = renderSpan(block!, 0, block!.text.length, marks).value;
    assert.match(out, /<a class="fact fact-citation" href="\/documents\/7" title="引用">《关于&lt;b&gt;加强&lt;\/b&gt;管理的通知》<\/a>/);
    assert.match(out, /<span class="la" id="L2"><\/span>由<a class="fact fact-unit"/);
    assert.doesNotMatch(out, /<b>/);
  });
});

describe('document-number queries', () => {
  test('a query that is only a number, in any spelling', () => {
    assert.equal(docNumberQuery('阳政发〔2020〕2号'), '阳政发〔2020〕2号');
    assert.equal(docNumberQuery(' 阳政发[2020]2 号 '), '阳政发〔2020〕2号');
    assert.equal(docNumberQuery('耐火材料 阳政发〔2020〕2号'), null);
    assert.equal(docNumberQuery('耐火材料'), null);
  });

  test('CSV fields are quoted and formulas defused', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvField(null), '');
  });
});

// ───────────────────────────── pages ─────────────────────────────

let sample: SampleArchive;
let app: FastifyInstance;

async function page(u: string) {
  const t0 = performance.now();
  const r = await app.inject({ url: u });
  return { status: r.statusCode, body: r.body, headers: r.headers, ms: performance.now() - t0 };
}

describe('pages', () => {
  before(async () => {
    sample = await buildSampleArchive();
    app = await buildServer({ archive: sample.archive });
  });
  after(async () => {
    await app?.close();
    await sample?.close();
  });

  const docId = async (number: string) => (await sample.archive.findByDocNumber(number))[0]!.id;

  test('every page type answers 200 with a complete Chinese HTML page, fast', async () => {
    const synth = await docId('测政发〔2024〕1号');
    const issue = (await sample.archive.listIssues())[0]!.id;
    const urls = [
      '/', `/issues/${issue}`, `/documents/${synth}`, `/documents/${synth}/source`, `/documents/${synth}/graph`,
      `/documents/${synth}/graph?depth=2`, '/search?q=' + encodeURIComponent('耐火材料'), '/search', '/people',
      '/people/' + encodeURIComponent(SYNTHETIC_PERSON), '/agencies', '/agencies/' + encodeURIComponent(COOP_UNIT),
      '/tasks', '/about',
    ];
    for (const u of urls) await page(u); // warm caches
    for (const u of urls) {
      const r = await page(u);
      assert.equal(r.status, 200, u);
      assert.match(String(r.headers['content-type']), /text\/html; charset=utf-8/);
      assert.match(r.body, /^<!doctype html>\n<html lang="zh-CN">/, u);
      assert.match(r.body, /<meta name="viewport"/);
      assert.match(r.body, /<main id="main"/);
      assert.ok(r.ms < 300, `${u} took ${r.ms.toFixed(0)} ms`);
      assert.doesNotMatch(r.body, /https?:\/\/(?!localhost|127\.0\.0\.1)[a-z]/i, `${u}: no external resources`);
    }
  });

  test('document text from the gazette is always escaped', async () => {
    const synth = await docId('测政发〔2024〕1号');
    for (const u of [`/documents/${synth}`, `/documents/${synth}/source`, `/documents/${synth}/graph`, '/search?q=' + encodeURIComponent('整治工作方案'), '/tasks', `/issues/${(await sample.archive.getDocument(synth))!.issueId}`]) {
      const r = await page(u);
      assert.doesNotMatch(r.body, /<p>标签<\/p>|<script>alert|<b>重点<\/b>/, u);
    }
    const doc = await page(`/documents/${synth}`);
    assert.match(doc.body, /&lt;p&gt;标签&lt;\/p&gt;/);
    assert.match(doc.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  test('the home page shows the same newest issue on every request (kept answers are not reversed in place)', async () => {
    const issues = await sample.archive.listIssues();
    const newest = issues[issues.length - 1]!;
    assert.equal(newest.year, 2024);
    for (let i = 0; i < 5; i++) {
      const { body } = await page('/');
      const latest = body.split('id="latest-title"')[1]!;
      const first = /<a href="\/issues\/(\d+)">/.exec(latest);
      assert.equal(Number(first?.[1]), newest.id, `request ${i + 1}: the first of 最新公报`);
      const newestDocs = body.split('id="newest-docs-title"')[1]!.split('</section>')[0]!;
      assert.match(newestDocs, /测政发〔2024〕1号/, `request ${i + 1}: documents of the newest issue`);
    }
  });

  test('task states: one set of terms, and the home page counts what each label says', async () => {
    const counts = await sample.archive.countTasks();
    const { body: home } = await page('/');
    const card = home.split('id="counts-title"')[1]!.split('</section>')[0]!;
    // Every state the archive counts, under its label, linked to the board filtered by that state.
    for (const [state, label] of Object.entries(TASK_STATE_LABEL)) {
      const n = counts.byState[state as keyof typeof counts.byState];
      if (!n) continue;
      assert.match(card, new RegExp(`<a href="/tasks\\?state=${state}"[^>]*>${label} <strong>${n}</strong></a>`), `${state} on the home page`);
    }
    assert.doesNotMatch(home, /在办|已过时限/, 'no count under a label that does not say what it counts');
    assert.deepEqual(Object.values(TASK_STATE_LABEL), ['进行中', '即将到期', '已逾期', '无时限']);
    // The agency page and the board use the same words as the badges.
    const { body: agency } = await page('/agencies/' + encodeURIComponent(COOP_UNIT));
    assert.match(agency, /<h2 id="ov-title">已逾期 <span class="count">1<\/span><\/h2>/);
    const { body: board } = await page('/tasks');
    const { body: about } = await page('/about');
    for (const b of [agency, board, home, about]) assert.doesNotMatch(b, /已过时限|30天内到期|无明确时限/);
    for (const label of Object.values(TASK_STATE_LABEL)) assert.match(about, new RegExp(`<dt>${label}</dt>`));
    const csv = (await page('/tasks.csv?unit=' + encodeURIComponent(COOP_UNIT))).body;
    assert.match(csv, /,已逾期,/);
    assert.match(csv, /,进行中,/);
  });

  test('the document page: metadata, outline, paragraphs, marked facts, line anchors', async () => {
    const synth = await docId('测政发〔2024〕1号');
    const target = await docId('阳政发〔2020〕2号');
    const { body } = await page(`/documents/${synth}`);
    assert.match(body, /<dt>发文字号<\/dt><dd>测政发〔2024〕1号<\/dd>/);
    assert.match(body, /<dt>成文日期<\/dt><dd><time datetime="2024-01-10">2024年1月10日<\/time><\/dd>/);
    assert.match(body, /<dt>公开属性<\/dt><dd>此件公开发布<\/dd>/);
    assert.match(body, /class="badge st-expired"/, 'validity status shown');
    assert.match(body, /<nav class="outline panel" aria-label="文件结构">[\s\S]*<a href="#L\d+"><span class="ol-label">一、<\/span>工作任务<\/a>/);
    // The citation is marked in the text and links to the cited document.
    assert.match(body, new RegExp(`<a class="fact fact-citation" href="/documents/${target}"`));
    // The task paragraph broken by a blank line is one paragraph; units and deadline are marked.
    assert.match(body, /开展排查，<span class="la" id="L\d+"><\/span>形成问题清单。/);
    assert.match(body, new RegExp(`<a class="fact fact-unit" href="/agencies/${encodeURIComponent(LEAD_UNIT)}"`));
    assert.match(body, /<mark class="fact fact-deadline" title="完成时限：2024年6月30日">2024年6月底前<\/mark>/);
    assert.match(body, /<mark class="fact fact-validity"[^>]*>本方案自印发之日起施行<\/mark>/);
    // Facts listed with their source lines, one click from the original lines.
    assert.match(body, new RegExp(`<a class="ln-ref" href="/documents/${synth}/source#L\\d+"`));
    assert.match(body, /已逾期/);
  });

  test('a document whose validity is not stated says so once, quietly (no badge, no 无法判断)', async () => {
    const id = await docId('测政任字〔2024〕1号');
    assert.equal((await sample.archive.validity(id))!.status, 'unknown');
    const { body } = await page(`/documents/${id}`);
    const main = body.split('<main')[1]!.split('</main>')[0]!;
    assert.doesNotMatch(main, /无法判断/);
    assert.doesNotMatch(main, /class="badge st-unknown"/);
    assert.equal(main.split('未载明效力').length - 1, 1, 'said once');
    assert.match(main, /<dt>效力状态<\/dt><dd class="muted">未载明效力<\/dd>/);
    // A stated validity still gets its badge and its reason.
    const stated = (await page(`/documents/${await docId('测政发〔2024〕1号')}`)).body;
    assert.match(stated, /<dt>效力状态<\/dt><dd><span class="badge st-expired"/);
  });

  test('the personnel notice links people to their timelines', async () => {
    const id = await docId('测政任字〔2024〕1号');
    const { body } = await page(`/documents/${id}`);
    assert.match(body, new RegExp(`<a class="fact fact-person" href="/people/${encodeURIComponent(SYNTHETIC_PERSON)}"[^>]*>${SYNTHETIC_PERSON}</a>`));
    const person = await page('/people/' + encodeURIComponent(SYNTHETIC_PERSON));
    assert.match(person.body, /<ol class="timeline">/);
    assert.match(person.body, /任命<\/span> <strong>测试市工业和信息化局局长<\/strong>/);
    assert.match(person.body, new RegExp(`href="/documents/${id}#L\\d+"`));
  });

  test('the people index is in pinyin order (not code-point order), paged over the whole list', async () => {
    const names = (await sample.archive.listPeople()).map((p) => p.name);
    const pinyin = [...names].sort(new Intl.Collator('zh-CN').compare);
    assert.notDeepEqual(pinyin, [...names].sort(), 'the fixture tells the two orders apart');
    const shown = (body: string) => [...body.matchAll(/<li><a href="\/people\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
    const first = shown((await page('/people')).body);
    assert.equal(first.length, Math.min(60, names.length));
    assert.deepEqual(first, [...names].sort(comparePersonNames).slice(0, first.length));
    // 陈 chén, 程 chéng, 崔 cuī; 翟 as a surname is zhái (the collation alone says dí): after the D names, before 张.
    const at = (n: string) => first.indexOf(n);
    assert.ok(at('陈魁胜') < at('程鹏') && at('程鹏') < at('崔素成'));
    assert.ok(at('翟素花') > at('杜俊德') && at('翟素花') > at('董虎林'), first.join(' '));
    assert.ok(first.filter((n) => n.startsWith('张')).every((n) => at(n) > at('翟素花')));
    assert.ok(pinyin.indexOf('翟素花') < pinyin.indexOf('董虎林'), 'the bare collation puts 翟 among the D names');
    assert.equal(new Intl.Collator('zh-CN').compare('阿', '波'), -1, "Node's ICU sorts by pinyin");
    const wang = shown((await page('/people?prefix=' + encodeURIComponent('王'))).body);
    assert.ok(wang.includes(SYNTHETIC_PERSON));
    assert.deepEqual(wang, [...wang].sort(new Intl.Collator('zh-CN').compare));
  });

  test('the issue page lists the TOC as printed, linked to documents', async () => {
    const issue = (await sample.archive.listIssues()).find((i) => i.year === 2020)!;
    const { body } = await page(`/issues/${issue.id}`);
    assert.match(body, /<h3 class="toc-section">【政府文件】<\/h3>/);
    assert.match(body, /<h3 class="toc-section">【人事任免】<\/h3>/);
    const first = await docId('阳政发〔2020〕2号');
    assert.match(body, new RegExp(`<a href="/documents/${first}">阳泉市人民政府关于印发阳泉市规范提升耐火材料产业行动方案的通知</a>`));
    assert.match(body, /<dt>出版日期<\/dt><dd><time datetime="2020-02-29">/);
  });

  test('search: snippets highlighted, facets, filters, pagination, number redirects', async () => {
    const r = await page('/search?q=' + encodeURIComponent('耐火材料'));
    assert.match(r.body, /<mark>耐火材料<\/mark>/);
    for (const f of ['文种', '发文机关', '年份', '效力状态']) assert.match(r.body, new RegExp(`<h3 id="fc-[a-z]+">${f}</h3>`));
    const all = await page('/search');
    assert.match(all.body, /共 <strong>61<\/strong> 件/);
    assert.match(all.body, /<nav class="pager" aria-label="分页">/);
    const p2 = await page('/search?page=2');
    assert.match(p2.body, /<ol class="results" start="21">/);
    const y = await page('/search?year=2021');
    assert.match(y.body, /已选条件：/);
    assert.doesNotMatch(y.body.split('<ol class="results"')[1]!, /datetime="20(20|23|24)-/);
    const redirect = await page('/search?q=' + encodeURIComponent('阳政发[2020]2 号'));
    assert.equal(redirect.status, 302);
    assert.match(String(redirect.headers.location), new RegExp(`^/documents/${await docId('阳政发〔2020〕2号')}\\?q=`));
    const bad = await page('/search?status=bogus');
    assert.equal(bad.status, 400);
    const syntax = await page('/search?q=' + encodeURIComponent('year:abc'));
    assert.equal(syntax.status, 400);
    assert.match(syntax.body, /year: expects/);
    assert.match(bad.body, /<h1>400 请求有误<\/h1>/);
  });

  test('tasks board filters and the CSV download', async () => {
    const board = await page('/tasks?unit=' + encodeURIComponent(COOP_UNIT));
    assert.match(board.body, /共 <strong>2<\/strong> 项任务/);
    const overdue = await page('/tasks?state=overdue&unit=' + encodeURIComponent(COOP_UNIT));
    assert.match(overdue.body, /共 <strong>1<\/strong> 项任务/);
    const empty = await page('/tasks?unit=&state=&dueBefore=');
    assert.equal(empty.status, 200, 'empty form fields are no filter');
    const csv = await page('/tasks.csv?unit=' + encodeURIComponent(COOP_UNIT) + '&sort=-deadline');
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="tasks-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = csv.body.replace(/^\ufeff/, '').trim().split('\r\n');
    assert.equal(rows.length, 3);
    assert.match(rows[0]!, /^任务,牵头单位,配合单位,完成时限/);
    assert.match(rows[1]!, /2099-12-31/);
    assert.match(rows[2]!, /2024-06-30/);
  });

  test('tasks board and agency page: the source shows number and title, dates are ISO whatever the browser', async () => {
    for (const u of ['/tasks?unit=' + encodeURIComponent(COOP_UNIT), '/agencies/' + encodeURIComponent(COOP_UNIT)]) {
      const { body } = await page(u);
      const rows = body.split('<tbody>')[1]!.split('</tbody>')[0]!;
      // Number (kept on one line) and the document's title, both in the source cell.
      assert.match(rows, /<td class="src" data-label="来源"><a href="\/documents\/\d+#L\d+"><span class="docno">测政发〔2024〕1号<\/span> <span class="src-title">测试市人民政府关于印发测试市&lt;p&gt;标签&lt;\/p&gt;整治工作方案的通知<\/span><\/a>/, u);
      assert.match(rows, /<time datetime="2024-06-30">2024-06-30<\/time>/, u);
      assert.doesNotMatch(rows, /\d{4}年\d{1,2}月\d{1,2}日/, `${u}: no locale-style dates in the table`);
    }
    const { body } = await page('/tasks');
    // Date filters are typed as 2026-12-04 (an <input type="date"> shows the browser's locale format).
    for (const id of ['f-before', 'f-after']) {
      const input = new RegExp(`<input id="${id}"[^>]*>`).exec(body)![0];
      assert.doesNotMatch(input, /type="date"/);
      assert.match(input, /placeholder="年-月-日"/);
      assert.match(input, /pattern="\[0-9\]\{4\}-\[0-9\]\{2\}-\[0-9\]\{2\}"/);
    }
    assert.match(body, /状态按今天（\d{4}-\d{2}-\d{2}）计算/);
  });

  test('agency page: tasks led and cooperated on, overdue marked', async () => {
    const { body } = await page('/agencies/' + encodeURIComponent(COOP_UNIT));
    assert.match(body, /<h1>测试市台账中心<\/h1>/);
    assert.match(body, /牵头的任务 <span class="count">1<\/span>/);
    assert.match(body, /配合的任务 <span class="count">1<\/span>/);
    assert.match(body, /class="ts-row-overdue"/);
  });

  test('graph page embeds the graph data and a text alternative', async () => {
    const target = await docId('阳政发〔2020〕2号');
    const { body } = await page(`/documents/${target}/graph`);
    const json = /<script type="application\/json" id="graph-data">([^<]*)<\/script>/.exec(body);
    assert.ok(json);
    const g = JSON.parse(json[1]!);
    assert.ok(g.nodes.some((n: any) => n.kind === 'center' && n.href === `/documents/${target}`));
    assert.ok(g.edges.some((e: any) => e.target === `d${target}`), 'cited-by edge');
    assert.match(body, /<script src="\/static\/cytoscape\.min\.js\?v=[0-9a-f]+" defer><\/script>/);
    assert.match(body, /引用本文件 <span class="count">1<\/span>/);
  });

  test('graph: short labels with the full title beside them; unresolved citations are one node per citing document', async () => {
    const graphOf = async (number: string, depth = 1) => {
      const { body } = await page(`/documents/${await docId(number)}/graph${depth > 1 ? '?depth=2' : ''}`);
      return { body, g: JSON.parse(/<script type="application\/json" id="graph-data">([^<]*)<\/script>/.exec(body)![1]!) };
    };
    // 阳政办发〔2021〕84号 cites 15 documents, none of them in the archive: one node says so.
    const { body, g } = await graphOf('阳政办发〔2021〕84号');
    assert.deepEqual(g.nodes.map((n: any) => n.kind).sort(), ['center', 'missing']);
    const missing = g.nodes.find((n: any) => n.kind === 'missing');
    assert.equal(missing.label, '15 份未收录文件');
    assert.equal(missing.items.length, 15);
    assert.match(missing.title, /^未收录于本库：《中华人民共和国突发事件应对法》/);
    assert.equal(g.edges.length, 1);
    assert.match(body, /<h3 id="g-missing" tabindex="-1" data-node="m\d+">未收录于本库 <span class="count">15<\/span><\/h3>/);
    // Labels are short; titles are whole.
    for (const number of ['阳政发〔2020〕2号', '测政发〔2024〕1号']) {
      for (const n of (await graphOf(number, 2)).g.nodes) {
        assert.ok(n.label.length <= 14, `label ${n.label}`);
        if (n.kind !== 'missing') assert.ok(n.title.length >= n.label.length - 1 && !n.title.endsWith('…'), `title ${n.title}`);
      }
    }
    const synth = (await graphOf('测政发〔2024〕1号')).g;
    assert.ok(synth.nodes.some((n: any) => n.kind === 'doc' && n.label === '阳政发〔2020〕2号' && n.title === '阳泉市人民政府关于印发阳泉市规范提升耐火材料产业行动方案的通知'));
  });

  test('unknown pages are an HTML 404, bad ids a 400', async () => {
    const r = await page('/documents/999999');
    assert.equal(r.status, 404);
    assert.match(r.body, /<h1>404 页面不存在<\/h1>/);
    assert.equal((await page('/people/' + encodeURIComponent('无此人'))).status, 404);
    assert.equal((await page('/no/such/page')).status, 404);
    assert.equal((await page('/documents/x')).status, 400);
  });

  test('static assets are served locally with caching headers', async () => {
    for (const a of ['/static/style.css', '/static/app.js', '/static/graph.js', '/static/cytoscape.min.js']) {
      const r = await page(a);
      assert.equal(r.status, 200, a);
      assert.ok(r.headers.etag);
      const again = await app.inject({ url: a, headers: { 'if-none-match': String(r.headers.etag) } });
      assert.equal(again.statusCode, 304);
    }
    assert.equal((await page('/static/../package.json')).status, 404);
  });
});

// ───────────────────────────── npm start ─────────────────────────────

describe('demo command (npm start)', () => {
  test('ingests the samples once, serves the reader, prints its address, closes on SIGTERM', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { fileURLToPath } = await import('node:url');
    const cwd = mkdtempSync(join(tmpdir(), 'gongbao-demo-'));
    const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
    const run = () => new Promise<{ url: string; stderr: string; stop: () => Promise<number | null> }>((resolve, reject) => {
      // Run from another directory: the samples are found relative to the package.
      const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), main, 'demo', '--port', '0'], {
        cwd, env: { ...process.env, GONGBAO_DB: join(cwd, 'demo.db'), PORT: '' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      // A bound against hanging, not a timing: the demo reads one sample as a 70-page PDF, which on a
      // loaded 2-core machine took over 30 s.
      const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`demo did not start in 180 s: ${err}`)); }, 180_000);
      child.stderr.on('data', (d) => (err += d));
      child.stdout.on('data', (d) => {
        out += d;
        const m = /Gongbao reader: (http:\/\/localhost:\d+\/)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve({
            url: m[1]!,
            stderr: err,
            stop: () => new Promise((done) => { child.once('exit', (code) => done(code)); child.kill('SIGTERM'); }),
          });
        }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`demo exited ${code}: ${err}`)); });
    });
    try {
      const first = await run();
      assert.match(first.stderr, /Ingested 3 sample issue\(s\)/);
      const stats = (await (await fetch(first.url + 'api/stats')).json()) as { issues: number };
      assert.equal(stats.issues, 3);
      const home = await fetch(first.url);
      assert.equal(home.status, 200);
      assert.match(await home.text(), /政府公报文库/);
      assert.equal(await first.stop(), 0);
      const second = await run();
      assert.match(second.stderr, /Sample issues already in/);
      assert.equal(await second.stop(), 0);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
