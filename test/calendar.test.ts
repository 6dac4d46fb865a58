/**
 * Task calendars (RFC 5545), read by a real iCalendar library (ical.js): an agency's deadlines and
 * milestones as all-day events with the task, the units and a link back to the source line; a
 * document's tasks; UIDs that survive a re-ingest; lines folded at 75 octets, never inside a
 * character; on SQLite and PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/app.js';
import { foldLine, icsEscape } from '../src/server/calendar/ics.js';
import { backends, COOP_UNIT, LEAD_UNIT, MILESTONE, PLAN_NUMBER } from './mcp-fixture.js';

interface Event {
  uid: string;
  summary: string;
  description: string;
  url: string;
  start: string;
  end: string;
  allDay: boolean;
  categories: string[];
}

/** Parse a calendar with ical.js, after checking the line rules ical.js forgives. */
function parseCalendar(body: string): { name: string; events: Event[] } {
  assert.ok(body.endsWith('\r\n'), 'CRLF at the end');
  const physical = body.slice(0, -2).split('\r\n');
  assert.ok(!physical.some((l) => l.includes('\n') || l.includes('\r')), 'every line ends in CRLF');
  for (const l of physical) assert.ok(Buffer.byteLength(l, 'utf8') <= 75, `line longer than 75 octets: ${l}`);
  const cal = new ICAL.Component(ICAL.parse(body));
  assert.equal(cal.name, 'vcalendar');
  assert.equal(cal.getFirstPropertyValue('version'), '2.0');
  assert.ok(String(cal.getFirstPropertyValue('prodid')).includes('Gongbao'));
  const events = cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    assert.ok(v.getFirstPropertyValue('dtstamp'), 'DTSTAMP is required');
    return {
      uid: e.uid, summary: e.summary, description: e.description, url: String(v.getFirstPropertyValue('url')),
      start: e.startDate.toString(), end: e.endDate.toString(), allDay: e.startDate.isDate,
      categories: v.getAllProperties('categories').flatMap((p) => p.getValues().map(String)),
    };
  });
  assert.equal(new Set(events.map((e) => e.uid)).size, events.length, 'UIDs are unique');
  return { name: String(cal.getFirstPropertyValue('x-wr-calname')), events };
}

backends('Task calendars', (get) => {
  let app: FastifyInstance;
  const fetchCal = async (url: string) => {
    app ??= await buildServer({ archive: get().archive });
    const r = await app.inject({ url });
    assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
    assert.match(String(r.headers['content-type']), /^text\/calendar; charset=utf-8/);
    return parseCalendar(r.body);
  };
  const planId = async () => (await get().archive.findByDocNumber(PLAN_NUMBER))[0]!.id;

  test("an agency's deadlines and milestones: all-day events with the task, its units and its source", async () => {
    const cal = await fetchCal(`/calendar/agency/${encodeURIComponent(LEAD_UNIT)}.ics`);
    assert.match(cal.name, new RegExp(LEAD_UNIT));
    const plan = await planId();
    const [task] = await get().archive.tasks({ agency: LEAD_UNIT });
    assert.deepEqual(cal.events.map((e) => [e.start, e.end, e.allDay]).sort(), [[MILESTONE.deadline, '2024-05-01', true], ['2024-06-30', '2024-07-01', true]]);
    const deadline = cal.events.find((e) => e.start === '2024-06-30')!;
    assert.ok(deadline, 'the deadline');
    assert.equal(deadline.summary, `[牵头] ${task!.text}`);
    assert.ok(deadline.description.includes(`任务：${task!.text}`));
    assert.ok(deadline.description.includes(`牵头单位：${LEAD_UNIT}`));
    assert.ok(deadline.description.includes(`配合单位：${COOP_UNIT}`));
    assert.ok(deadline.description.includes(`原文第 ${task!.startLine}`));
    assert.ok(deadline.description.includes(PLAN_NUMBER));
    assert.match(deadline.url, new RegExp(`^http://[^/]+/documents/${plan}#L${task!.line}$`));
    assert.ok(deadline.categories.includes('督办任务') && deadline.categories.includes('牵头任务'));
    const milestone = cal.events.find((e) => e.start === MILESTONE.deadline)!;
    assert.ok(milestone, 'the milestone is an event of its own');
    assert.ok(milestone.summary.includes(MILESTONE.text));
    assert.ok(milestone.uid.startsWith(deadline.uid.replace(/@gongbao$/, '')) && milestone.uid !== deadline.uid);
  });

  test('roles: the cooperating unit sees both tasks, or only the one it leads', async () => {
    const both = await fetchCal(`/calendar/agency/${encodeURIComponent(COOP_UNIT)}.ics`);
    assert.deepEqual(both.events.map((e) => e.summary.slice(0, 4)).sort(), ['[牵头]', '[配合]', '[配合]'].sort());
    const led = await fetchCal(`/calendar/agency/${encodeURIComponent(COOP_UNIT)}.ics?role=lead`);
    assert.deepEqual(led.events.map((e) => e.start), ['2099-12-31']);
  });

  test('a real agency by its short name: one event per deadline and milestone of its tasks', async () => {
    const cal = await fetchCal(`/calendar/agency/${encodeURIComponent('市生态环境局')}.ics`);
    const tasks = new Map([...(await get().archive.tasks({ agency: '市生态环境局', role: 'lead' })), ...(await get().archive.tasks({ agency: '市生态环境局', role: 'cooperator' }))].map((t) => [t.id, t]));
    const expected = [...tasks.values()].reduce((n, t) => n + (t.deadline ? 1 : 0) + t.milestones.filter((m) => m.deadline).length, 0);
    assert.ok(expected >= 3, String(expected));
    assert.equal(cal.events.length, expected);
    assert.ok(cal.events.every((e) => e.allDay && /\/documents\/\d+#L\d+$/.test(e.url)));
  });

  test("a document's tasks", async () => {
    const cal = await fetchCal(`/calendar/document/${await planId()}.ics`);
    const page = await app.inject({ url: `/documents/${await planId()}`, headers: { accept: 'text/html' } });
    assert.ok(page.body.includes(`href="/calendar/document/${await planId()}.ics"`), 'the document page links its calendar');
    assert.equal(cal.events.length, 3, 'two deadlines and a milestone');
    assert.ok(cal.events.every((e) => !e.summary.startsWith('[')), 'no role on a document calendar');
    for (const url of ['/calendar/document/99999999.ics', '/calendar/document/abc.ics', '/calendar/document/1.ical', `/calendar/agency/${encodeURIComponent('没有这个单位')}.ics`]) {
      const r = await app.inject({ url });
      assert.equal(r.statusCode, 404, url);
      assert.match(String(r.headers['content-type']), /^text\/plain/);
    }
    assert.equal((await app.inject({ url: `/calendar/agency/${encodeURIComponent(LEAD_UNIT)}.ics?role=boss` })).statusCode, 400);
  });

  test('UIDs survive a re-ingest: a calendar program updates the events instead of adding new ones', async () => {
    const url = `/calendar/agency/${encodeURIComponent(COOP_UNIT)}.ics`;
    const before = await fetchCal(url);
    await get().reingestSynthetic();
    const after = await fetchCal(url);
    assert.deepEqual(after.events.map((e) => [e.uid, e.start, e.summary]).sort(), before.events.map((e) => [e.uid, e.start, e.summary]).sort());
    assert.notDeepEqual(after.events.map((e) => e.url).sort(), before.events.map((e) => e.url).sort(), 'while the document links changed');
    await app.close();
  });
});

test('folding: at most 75 octets a line, never inside a character, and unfolding gives the line back', () => {
  const line = `DESCRIPTION:${icsEscape('任务：对全市重点企业开展排查，形成问题清单；责任单位：测试市排查办公室\n配合单位：测试市台账中心 😀😀😀 ')}`.repeat(3);
  const folded = foldLine(line);
  const parts = folded.split('\r\n');
  assert.ok(parts.length > 3);
  for (const [i, p] of parts.entries()) {
    assert.ok(Buffer.byteLength(p, 'utf8') <= 75, p);
    if (i > 0) assert.ok(p.startsWith(' '));
    assert.ok(!/[\uD800-\uDBFF]$/.test(p) && !/^ ?[\uDC00-\uDFFF]/.test(p), 'no surrogate pair split');
  }
  assert.equal(parts.map((p, i) => (i ? p.slice(1) : p)).join(''), line);
  assert.equal(icsEscape('a,b;c\\d\r\ne\u0007'), 'a\\,b\\;c\\\\d\\ne');
});
