/**
 * The web reader in real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * every page type opened at desktop and phone width, search, a citation link followed, a person
 * timeline opened, the tasks board filtered and sorted, the citation graph drawn and clicked,
 * keyboard use, an axe-core accessibility check (no serious or critical violations), no request
 * leaving localhost, and screenshots in artifacts/screenshots/ for review.
 *
 * Chromium must be installed (scripts/ensure-chromium.sh): when it is missing these tests FAIL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/app.js';
import { buildSampleArchive, COOP_UNIT, SYNTHETIC_PERSON, type SampleArchive } from './web-fixture.js';

const CHROMIUM = process.env.GONGBAO_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

let sample: SampleArchive;
let app: FastifyInstance;
let base: string;
let context: BrowserContext;
let profile: string;
let page: Page;
const outside: string[] = [];
/** Script errors and CSP violations reported by the pages. */
const consoleErrors: string[] = [];

before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install it with \`bash scripts/ensure-chromium.sh\` (browser tests never skip)`);
  }
  mkdirSync(SHOTS, { recursive: true });
  sample = await buildSampleArchive();
  app = await buildServer({ archive: sample.archive });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  profile = mkdtempSync(join(tmpdir(), 'gongbao-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
    viewport: DESKTOP,
    locale: 'zh-CN',
  });
  context.setDefaultTimeout(10_000);
  // Nothing may be fetched from anywhere but this server.
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
    outside.push(u.href);
    return route.abort();
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await app?.close();
  await sample?.close();
});

async function open(path: string, size = DESKTOP): Promise<number> {
  await page.setViewportSize(size);
  const t0 = Date.now();
  const res = await page.goto(base + path, { waitUntil: 'load' });
  const ms = Date.now() - t0;
  assert.equal(res?.status(), 200, `${path} answered ${res?.status()}`);
  return ms;
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** axe-core in the page: no serious or critical violations. */
async function axeCheck(label: string): Promise<void> {
  // Evaluated through the DevTools protocol: the pages' CSP forbids inline scripts, rightly.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')) }));
  });
  const bad = violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${label}: ${JSON.stringify(bad, null, 1)}`);
}

/** No horizontal scrolling at phone width. */
async function fitsWidth(label: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client + 1, `${label}: page is ${scroll}px wide at ${client}px`);
}

async function docId(number: string): Promise<number> {
  return (await sample.archive.findByDocNumber(number))[0]!.id;
}

test('Chromium is installed (scripts/ensure-chromium.sh)', () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: the browser tests cannot run`);
});

describe('every page type, desktop and phone, accessible', () => {
  test('pages render, load fast, fit a phone, pass axe, and are screenshotted', async () => {
    const synth = await docId('测政发〔2024〕1号');
    const target = await docId('阳政发〔2020〕2号');
    const issue = (await sample.archive.listIssues()).find((i) => i.year === 2020)!.id;
    const pages: Array<[string, string]> = [
      ['home', '/'],
      ['issue', `/issues/${issue}`],
      ['document', `/documents/${target}`],
      ['document-facts', `/documents/${synth}`],
      ['source', `/documents/${synth}/source`],
      ['graph', `/documents/${target}/graph`],
      ['search', '/search?q=' + encodeURIComponent('耐火材料')],
      ['people', '/people'],
      ['person', '/people/' + encodeURIComponent(SYNTHETIC_PERSON)],
      ['agencies', '/agencies'],
      ['agency', '/agencies/' + encodeURIComponent(COOP_UNIT)],
      ['tasks', '/tasks'],
      ['about', '/about'],
    ];
    await open('/'); // first start of the renderer and of the search index is not a page load
    for (const [name, path] of pages) {
      const ms = await open(path);
      // Speed is measured by the benchmarks, not here: a loaded CI machine takes seconds for a page
      // now and then. This bound only catches a page that never finishes loading.
      assert.ok(ms < 15_000, `${name} loaded in ${ms} ms`);
      assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
      assert.ok((await page.title()).includes('政府公报文库'));
      await shot(`${name}-desktop`);
      await axeCheck(`${name} (desktop)`);
      await open(path, PHONE);
      await fitsWidth(name);
      await shot(`${name}-phone`);
      await axeCheck(`${name} (phone)`);
    }
    assert.deepEqual(outside, [], 'no request left localhost');
    assert.deepEqual(consoleErrors, [], 'no script errors or CSP violations');
  });
});

describe('phones and other locales', () => {
  const NARROW = { width: 375, height: 740 };

  test('at 375 px every navigation link is on screen and can be tapped, and nothing scrolls sideways', async () => {
    for (const path of ['/', '/tasks', '/search?q=' + encodeURIComponent('通知'), '/about']) {
      await open(path, NARROW);
      await fitsWidth(`${path} at 375 px`);
      const links = await page.evaluate(() => {
        const nav = document.querySelector('nav.nav ul') as HTMLElement;
        return {
          scroll: nav.scrollWidth,
          client: nav.clientWidth,
          width: document.documentElement.clientWidth,
          links: [...nav.querySelectorAll('a')].map((a) => {
            const r = a.getBoundingClientRect();
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return { text: a.textContent, left: r.left, right: r.right, width: r.width, tappable: !!hit && a.contains(hit) };
          }),
        };
      });
      assert.equal(links.links.length, 6);
      assert.ok(links.scroll <= links.client + 1, `${path}: the navigation scrolls (${links.scroll} > ${links.client})`);
      for (const l of links.links) {
        assert.ok(l.left >= 0 && l.right <= links.width + 0.5, `${path}: ${l.text} is cut off (${l.left.toFixed(0)}–${l.right.toFixed(0)} of ${links.width})`);
        assert.ok(l.width >= 44, `${path}: ${l.text} is a small target (${l.width}px)`);
        assert.ok(l.tappable, `${path}: ${l.text} is covered`);
      }
    }
    await open('/', NARROW);
    await shot('home-375');
    await page.click('nav.nav a:has-text("数据说明")');
    await page.waitForURL(/\/about$/);
  });

  test('an English browser sees the same ISO dates on the tasks board and types them that way', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const ctx = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: DESKTOP });
      const en = await ctx.newPage();
      await en.goto(`${base}/tasks?unit=${encodeURIComponent(COOP_UNIT)}`);
      const deadlines = await en.locator('table.tasks td.deadline').allInnerTexts();
      assert.deepEqual(deadlines.map((t) => t.trim()), ['2024-06-30', '2099-12-31']);
      await en.fill('#f-before', '2025-01-01');
      await en.click('.filters button[type="submit"]');
      await en.waitForURL(/dueBefore=2025-01-01/);
      assert.equal(await en.inputValue('#f-before'), '2025-01-01');
      assert.equal(await en.getAttribute('#f-before', 'type'), 'text', 'a date input would show 01/01/2025');
      assert.equal(await en.locator('table.tasks tbody tr').count(), 1);
      await en.screenshot({ path: join(SHOTS, 'tasks-en-US-desktop.png') });
    } finally {
      await browser.close();
    }
  });
});

describe('reading and navigating', () => {
  test('search from the home page, narrow by a facet, page through', async () => {
    await open('/');
    await page.fill('#q', '耐火材料');
    await page.press('#q', 'Enter');
    await page.waitForURL(/\/search\?q=/);
    const hits = page.locator('ol.results > li');
    assert.ok((await hits.count()) >= 2);
    assert.equal(await page.locator('ol.results mark').first().textContent(), '耐火材料');
    await page.click('#fc-year + ul a:has-text("2020年")');
    await page.waitForURL(/year=2020/);
    assert.equal(await hits.count(), 1);
    await shot('search-filtered-desktop');
    await open('/search');
    await page.click('.pager a[rel="next"]');
    await page.waitForURL(/page=2/);
    assert.equal(await page.getAttribute('ol.results', 'start'), '21');
  });

  test('a document number typed in the header goes straight to the document', async () => {
    await open('/');
    await page.fill('#hq', '阳政发[2020]2号');
    await page.press('#hq', 'Enter');
    await page.waitForURL(new RegExp(`/documents/${await docId('阳政发〔2020〕2号')}\\?q=`));
    assert.equal(await page.textContent('h1'), '阳泉市人民政府关于印发阳泉市规范提升耐火材料产业行动方案的通知');
    assert.equal((await page.textContent('.found-by'))?.trim(), '按文号找到 阳政发〔2020〕2号（检索词：阳政发[2020]2号）');
    assert.equal(await page.inputValue('#hq'), '阳政发[2020]2号', 'the query stays in the search box');
  });

  test('follow a citation link from the text to the cited document, and back through cited-by', async () => {
    const synth = await docId('测政发〔2024〕1号');
    const target = await docId('阳政发〔2020〕2号');
    await open(`/documents/${synth}`);
    await page.click('.doc-text a.fact-citation');
    await page.waitForURL(new RegExp(`/documents/${target}$`));
    assert.equal(await page.textContent('h1'), '阳泉市人民政府关于印发阳泉市规范提升耐火材料产业行动方案的通知');
    await page.click('#f-citedby ~ ul.cites a');
    await page.waitForURL(new RegExp(`/documents/${synth}#L\\d+$`));
    // The cited line is highlighted as the target.
    const highlighted = await page.evaluate(() => !!document.querySelector('.blk:target, .blk:has(.la:target)'));
    assert.ok(highlighted);
  });

  test('the original lines are one click away and line links land on the line', async () => {
    const synth = await docId('测政发〔2024〕1号');
    await open(`/documents/${synth}`);
    await page.click('.doc-tools a:has-text("原文行")');
    await page.waitForURL(new RegExp(`/documents/${synth}/source$`));
    const raw = await page.locator('table.src td').allTextContents();
    assert.ok(raw.some((t) => t.includes('<script>alert(1)</script>')), 'raw text shown as text, not run');
    await open(`/documents/${synth}`);
    await page.click('.outline a:has-text("工作任务")');
    const line = new URL(page.url()).hash;
    assert.match(line, /^#L\d+$/);
    assert.ok(await page.locator(`${line}`).isVisible());
  });

  test('open a person timeline from the people index', async () => {
    await open('/people?prefix=' + encodeURIComponent('王'));
    await page.click(`.people-grid a:has-text("${SYNTHETIC_PERSON}")`);
    await page.waitForURL(/\/people\//);
    assert.equal(await page.textContent('h1'), SYNTHETIC_PERSON);
    const items = page.locator('ol.timeline > li');
    assert.equal(await items.count(), 1);
    assert.match((await items.first().textContent()) ?? '', /任命\s*测试市工业和信息化局局长/);
    await page.click('ol.timeline a[href^="/documents/"]');
    await page.waitForURL(/\/documents\/\d+#L\d+/);
    assert.ok(await page.locator(`a.fact-person:has-text("${SYNTHETIC_PERSON}")`).isVisible());
  });

  test('filter and sort the tasks board; the CSV link carries the filters', async () => {
    await open('/tasks');
    const total = await page.locator('table.tasks tbody tr').count();
    assert.ok(total >= 2);
    await page.fill('#f-unit', COOP_UNIT);
    await page.click('.filters button[type="submit"]');
    await page.waitForURL(/unit=/);
    assert.equal(await page.locator('table.tasks tbody tr').count(), 2);
    await page.selectOption('#f-state', 'overdue');
    await page.click('.filters button[type="submit"]');
    await page.waitForURL(/state=overdue/);
    assert.equal(await page.locator('table.tasks tbody tr').count(), 1);
    assert.match((await page.textContent('table.tasks tbody tr')) ?? '', /已逾期/);
    await shot('tasks-filtered-desktop');
    await page.goto(`${base}/tasks?unit=${encodeURIComponent(COOP_UNIT)}`);
    await page.click('table.tasks thead a:has-text("完成时限")');
    await page.waitForURL(/sort=-deadline/);
    const dates = await page.locator('table.tasks tbody time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    assert.deepEqual(dates, ['2099-12-31', '2024-06-30']);
    const csvHref = await page.getAttribute('a[download]', 'href');
    assert.match(csvHref ?? '', /^\/tasks\.csv\?unit=.*sort=-deadline/);
    const csv = await page.evaluate(async (h) => (await fetch(h!)).text(), csvHref);
    assert.equal(csv.trim().split('\r\n').length, 3);
  });

  test('the citation graph is drawn and its nodes open documents', async () => {
    const target = await docId('阳政发〔2020〕2号');
    const synth = await docId('测政发〔2024〕1号');
    await open(`/documents/${target}/graph`);
    await page.waitForFunction(() => (window as any).gongbaoGraph?.nodes().length > 1);
    assert.ok(await page.locator('#graph canvas').count() > 0, 'drawn on a canvas');
    const box = await page.evaluate((id) => {
      const cy = (window as any).gongbaoGraph;
      const n = cy.getElementById(`d${id}`);
      const p = n.renderedPosition();
      const r = cy.container().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, synth);
    await page.mouse.click(box.x, box.y);
    await page.waitForURL(new RegExp(`/documents/${synth}$`));
    assert.deepEqual(consoleErrors, [], 'no script errors or CSP violations');
  });

  test('graph labels keep a readable size at every zoom and width; the full title shows on hover and on focus', async () => {
    const target = await docId('阳政发〔2020〕2号');
    const synth = await docId('测政发〔2024〕1号');
    /** On-screen font size of every node label, at the zoom given (or the fitted one). */
    const labelSizes = (zoom?: number) => page.evaluate((z) => {
      const cy = (window as any).gongbaoGraph;
      if (z !== undefined) cy.zoom(z);
      return cy.nodes().map((n: any) => parseFloat(n.style('font-size')) * cy.zoom());
    }, zoom);
    for (const size of [DESKTOP, PHONE]) {
      await open(`/documents/${target}/graph`, size);
      await page.waitForFunction(() => (window as any).gongbaoGraph?.nodes().length > 1);
      for (const z of [undefined, 0.45, 1, 2.5]) {
        for (const px of await labelSizes(z)) assert.ok(px >= 12 && px <= 14, `label at ${px.toFixed(1)}px (zoom ${z ?? 'fitted'}, ${size.width}px wide)`);
      }
      await open(`/documents/${target}/graph`, size);
      await page.waitForFunction(() => (window as any).gongbaoGraph?.nodes().length > 1);
      // Fitted: every node and its label inside the box.
      const inside = await page.evaluate(() => {
        const cy = (window as any).gongbaoGraph;
        const bb = cy.elements().renderedBoundingBox({ includeLabels: true });
        return bb.x1 >= -1 && bb.y1 >= -1 && bb.x2 <= cy.width() + 1 && bb.y2 <= cy.height() + 1;
      });
      assert.ok(inside, `the drawing fits its box at ${size.width}px`);
      await shot(`graph-${size === PHONE ? 'phone' : 'desktop'}`);
    }
    // Hover a node: its full title.
    await open(`/documents/${target}/graph`);
    await page.waitForFunction(() => (window as any).gongbaoGraph?.nodes().length > 1);
    const at = await page.evaluate((id) => {
      const cy = (window as any).gongbaoGraph;
      const p = cy.getElementById(`d${id}`).renderedPosition();
      const r = cy.container().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, synth);
    await page.mouse.move(at.x, at.y);
    await page.waitForSelector('#graph-tip:not([hidden])');
    assert.equal(await page.textContent('#graph-tip'), '测试市人民政府关于印发测试市<p>标签</p>整治工作方案的通知');
    await page.mouse.move(1, 1);
    await page.waitForSelector('#graph-tip', { state: 'hidden' });
    // Focus an entry of the lists (the keyboard path): the tip names that document.
    await page.focus(`.graph-lists a[data-node="d${synth}"]`);
    await page.waitForSelector('#graph-tip:not([hidden])');
    assert.match((await page.textContent('#graph-tip')) ?? '', /整治工作方案的通知$/);
    await shot('graph-focus-desktop');
    assert.deepEqual(consoleErrors, [], 'no script errors or CSP violations');
  });

  test('keyboard: skip link, focus visible, "/" jumps to search', async () => {
    await open('/');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), '跳到正文');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    const outline = await page.evaluate(() => {
      const a = document.querySelector('a[href="/search"]') as HTMLElement;
      a.focus();
      return getComputedStyle(a).outlineStyle;
    });
    assert.notEqual(outline, 'none');
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'hq');
    // The tasks filter form works from the keyboard alone.
    await open('/tasks');
    await page.focus('#f-unit');
    await page.keyboard.type(COOP_UNIT);
    await page.keyboard.press('Enter');
    await page.waitForURL(/unit=/);
    assert.equal(await page.locator('table.tasks tbody tr').count(), 2);
  });
});
