/**
 * Backend conformance: one scenario, run against SQLite and against PostgreSQL, with the same
 * assertions on each, then the two outcomes compared field by field — so the backends cannot
 * drift. The scenario: a later issue that cites and repeals documents of the samples is stored
 * first (links must resolve when their targets arrive), then the three sample issues; re-ingest is
 * idempotent, the same content under another path is a duplicate; search recall equals a scan for
 * random substrings; document numbers match in every spelling; ranking and facets; citations and
 * cited-by; repeal status; person timelines; agency tasks; export rows; then a replaced issue and a
 * deleted one re-link.
 *
 * PostgreSQL comes from GONGBAO_TEST_PG_URL (scripts/with-postgres.sh); without it the PostgreSQL
 * half is skipped with a message, or fails under CI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIssue } from '../src/parse.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { normalizeForSearch } from '../src/search/normalize.js';
import { openArchive, type OpenedArchive } from '../src/store/open.js';
import { TASK_SORTS, type IngestInput, type IssueSummary, type CitationRecord, type TaskFilter, type TaskRecord, type TaskSort, type ExportKind } from '../src/store/archive.js';
import type { ParsedIssue, Task } from '../src/model.js';
import { corpusFile, goldIssues } from '../eval/gold.js';
import { createTestDatabase, pgUnavailableReason, underCi, type TestDatabase } from '../src/store/pg/testing.js';
import { rng } from '../bench/random.js';

// A later issue, stored before the samples: it appoints a person of the 2021 sample again, cites a
// 2020 document by number and another by the title of the plan it issued, and repeals a 2021 one.
const LATER = `# 阳泉市人民政府公报

2024 年第 1 期

阳泉市人民政府办公室 主管主办

2024 年 2 月 20 日出版（双月刊）

# 阳泉市人民政府关于张冰等二人任免职务的通知

阳政任字〔2024〕1号

各县（区）人民政府，市直各单位：

阳泉市人民政府决定：

任命张冰为阳泉市第二中学校长；
免去张冰的阳泉市第二中学副校长职务。

阳泉市人民政府
2024年1月10日

（此件公开发布）

# 阳泉市人民政府办公室关于废止阳泉市支持全市网络货运平台发展若干措施的通知

阳政办发〔2024〕3号

各县（区）人民政府，市直各单位：

根据《阳泉市人民政府关于应对新冠肺炎疫情支持中小微企业稳定发展的实施意见》（阳政发〔2020〕3号）和《阳泉市加快数字政府建设实施方案》，经市人民政府同意，《阳泉市人民政府办公室关于印发阳泉市支持全市网络货运平台发展若干措施的通知》（阳政办发〔2021〕76号）自2024年3月1日起废止。

一、做好清理工作。市发展改革委牵头，市财政局、市交通运输局配合，2024年6月底前完成。（牵头单位：市发展改革委；责任单位：市财政局、市交通运输局）

二、加强宣传解读。（责任单位：市发改委，2024年12月31日前完成）

本通知自2024年3月1日起施行。

阳泉市人民政府办公室
2024年2月1日

（此件公开发布）
`;

const AS_OF = '2024-06-01';

function input(bytes: Uint8Array, sourcePath: string, fileName: string): IngestInput {
  const parsed = parseIssue(bytes, { fileName });
  return { parsed, lines: toSourceLines(decode(bytes).lines), sourcePath };
}

/** The later issue with its tasks and agencies set by hand: this suite tests storage, not extraction. */
function laterInput(): IngestInput {
  const inp = input(new TextEncoder().encode(LATER), '/archive/later/yangquan-2024-01.txt', 'yangquan-2024-01.txt');
  const p: ParsedIssue = inp.parsed;
  const doc = p.documents.find((d) => d.docNumber === '阳政办发〔2024〕3号');
  assert.ok(doc, 'the later issue parses into its two documents');
  const lineOf = (s: string) => inp.lines.find((l) => l.text.includes(s))!.line;
  const t = (text: string, leads: string[], cooperators: string[], deadline: string | null, deadlineText: string | null): Task => ({
    text,
    leads,
    cooperators,
    leadAgencies: leads.map((l) => (l === '市发展改革委' || l === '市发改委' ? '阳泉市发展和改革委员会' : l)),
    cooperatorAgencies: cooperators,
    deadline,
    deadlineText,
    recurrence: null,
    milestones: deadline ? [{ deadline, text: deadlineText ?? '' }] : [],
    startLine: lineOf('一、做好清理工作'),
    endLine: lineOf('一、做好清理工作'),
    line: lineOf('一、做好清理工作'),
  });
  doc.tasks = [
    t('做好清理工作', ['市发展改革委'], ['市财政局', '市交通运输局'], '2024-06-30', '2024年6月底前'),
    { ...t('加强宣传解读', ['市发改委'], [], '2024-12-31', '2024年12月31日前'), startLine: lineOf('二、加强宣传解读'), endLine: lineOf('二、加强宣传解读'), line: lineOf('二、加强宣传解读') },
    { ...t('长期坚持', ['市财政局'], ['市发改委'], null, null), startLine: lineOf('二、加强宣传解读'), endLine: lineOf('二、加强宣传解读'), line: lineOf('二、加强宣传解读') },
  ];
  p.agencies = [
    { name: '阳泉市发展和改革委员会', aliases: ['市发展改革委', '市发改委'] },
    { name: '阳泉市财政局', aliases: ['市财政局'] },
  ];
  return inp;
}

const SAMPLES = goldIssues();

const parsedSamples = new Map<string, IngestInput>();

/** A sample issue, parsed once for the whole suite (parsing is the slow part). */
function sampleInput(name: string, path = `/archive/${name}.txt`): IngestInput {
  let inp = parsedSamples.get(name);
  if (!inp) parsedSamples.set(name, (inp = input(readFileSync(corpusFile(name)), path, `${name}.txt`)));
  return { ...inp, sourcePath: path };
}


const numberSpellings = (n: string): string[] => {
  const m = /^(.*)〔(\d{4})〕(\d+)号$/.exec(n);
  if (!m) return [n];
  return [`${m[1]}〔${m[2]}〕${m[3]}号`, `${m[1]}[${m[2]}]${m[3]}号`, `${m[1]}(${m[2]})${m[3]}号`, `${m[1]}〔${m[2]}〕${m[3]} 号`, `${m[1]}${m[2]}年${m[3]}号`];
};

/** Run the scenario on one archive: assert what must hold on any backend; return what both must share. */
async function scenario(a: OpenedArchive): Promise<unknown> {
  const out: Record<string, unknown> = {};

  // ── ingest: the later issue first, then the samples; idempotent; duplicates refused ──
  const later = laterInput();
  assert.equal((await a.ingestIssue(later)).status, 'inserted');
  for (const name of SAMPLES) {
    const r = await a.ingestIssue(sampleInput(name));
    assert.equal(r.status, 'inserted', name);
  }
  for (const name of SAMPLES) {
    const inp = sampleInput(name);
    assert.equal((await a.ingestIssue(inp)).status, 'unchanged', `${name} re-ingested`);
    const cur = await a.isCurrent(inp.sourcePath, inp.parsed.source.sha256, inp.parsed.parserVersion);
    assert.equal(cur?.status, 'unchanged');
    const dup = await a.ingestIssue(sampleInput(name, `/elsewhere/${name}.txt`));
    assert.equal(dup.status, 'duplicate');
    assert.equal(dup.duplicateOf, inp.sourcePath);
  }
  await a.flushIndex();
  const stats = await a.stats();
  assert.equal(stats.issues, SAMPLES.length + 1);
  out.stats = stats;

  // Stable names for ids (ids themselves are each backend's own).
  const issues = await a.listIssues();
  const issueKey = new Map(issues.map((i) => [i.id, i.sourcePath]));
  const docs = await a.listDocuments();
  assert.equal(docs.length, stats.documents);
  const docKey = new Map(docs.map((d) => [d.id, `${d.sourcePath}#${d.index}`]));
  const D = (id: number | null) => (id === null ? null : docKey.get(id) ?? `missing document ${id}`);
  const I = (id: number) => issueKey.get(id) ?? `missing issue ${id}`;
  const issue = (s: IssueSummary) => ({ ...s, id: I(s.id), ingestedAt: '' });
  const cite = (c: CitationRecord) => ({ ...c, id: 0, documentId: D(c.documentId), targetId: D(c.targetId) });
  const task = (t: TaskRecord) => ({ ...t, id: 0, documentId: D(t.documentId) });
  const byNumber = async (n: string) => (await a.findByDocNumber(n)).map((d) => d.id);
  out.issues = issues.map(issue);

  // ── issues and documents in full ──
  out.issueDetails = await Promise.all(
    issues.map(async (i) => {
      const d = (await a.getIssue(i.id))!;
      return { ...issue(d), documents: d.documents.map((x) => ({ ...x, id: D(x.id), issueId: I(x.issueId) })) };
    }),
  );
  const details = [];
  for (const d of docs) {
    const x = (await a.getDocument(d.id, { asOf: AS_OF }))!;
    assert.equal(x.lines.length, x.endLine - x.startLine + 1);
    assert.deepEqual(
      (await a.documentLines(d.id, x.startLine + 1, x.startLine + 2)).map((l) => l.line),
      [x.startLine + 1, x.startLine + 2].filter((l) => l <= x.endLine),
    );
    details.push({
      ...x,
      id: D(x.id),
      issueId: I(x.issueId),
      issue: issue(x.issue),
      citations: x.citations.map(cite),
      citedBy: x.citedBy.map(cite),
      repeals: x.repeals.map((r) => ({ ...r, id: 0, documentId: D(r.documentId), targetId: D(r.targetId) })),
      validity: { ...x.validity, repealedBy: x.validity.repealedBy && { ...x.validity.repealedBy, byDocumentId: D(x.validity.repealedBy.byDocumentId) } },
    });
  }
  out.documents = details;

  // ── linking: a citation stored before its target resolves when the target arrives ──
  const [repealer] = await byNumber('阳政办发〔2024〕3号');
  const [cited2020] = await byNumber('阳政发〔2020〕3号');
  const [repealed2021] = await byNumber('阳政办发〔2021〕76号');
  assert.ok(repealer && cited2020 && repealed2021);
  const cs = await a.citations(repealer);
  assert.equal(cs.find((c) => c.docNumber === '阳政发〔2020〕3号')?.targetId, cited2020, 'resolved by number after the target arrived');
  assert.equal(cs.find((c) => c.docNumber === '阳政发〔2020〕3号')?.resolvedBy, 'number');
  assert.ok((await a.citedBy(cited2020)).some((c) => c.documentId === repealer));
  // …and the repeal: in force before 2024-03-01, repealed after.
  const v = (await a.validity(repealed2021, AS_OF))!;
  assert.equal(v.status, 'repealed');
  assert.equal(v.repealedBy?.byDocumentId, repealer);
  assert.equal(v.repealedBy?.on, '2024-03-01');
  assert.equal((await a.validity(repealed2021, '2024-02-01'))!.status, 'in_force');

  // ── people ──
  const people = await a.listPeople();
  assert.ok(people.length > 10);
  out.people = people;
  assert.deepEqual(await a.listPeople({ prefix: '张', limit: 3 }), people.filter((p) => p.name.startsWith('张')).slice(0, 3));
  const zhang = await a.personTimeline('张 冰');
  assert.deepEqual(zhang.entries.map((e) => e.date), ['2021-09-16', '2024-01-10', '2024-01-10']);
  assert.equal(zhang.identities.length, 1, 'same school: one person');
  const timelines = [];
  for (const p of people) {
    const t = await a.personTimeline(p.name);
    timelines.push({ ...t, entries: t.entries.map((e) => ({ ...e, appointmentId: 0, documentId: D(e.documentId), issueId: I(e.issueId) })) });
  }
  out.timelines = timelines;

  // ── agencies and tasks ──
  const agencies = await a.listAgencies();
  const fgw = agencies.find((x) => x.name === '阳泉市发展和改革委员会');
  assert.ok(fgw && fgw.aliases.includes('市发改委'));
  out.agencies = agencies.map((x) => ({ ...x, aliases: [...x.aliases].sort() }));
  // (The samples' own tasks may name the same agencies: look at the later issue's.)
  const mine = (ts: TaskRecord[]) => ts.filter((t) => t.documentId === repealer);
  const byAlias = await a.agencyTasks('市发改委', AS_OF);
  const byName = await a.agencyTasks('阳泉市发展和改革委员会', AS_OF);
  assert.deepEqual(mine(byAlias.led).map((t) => t.text), ['做好清理工作', '加强宣传解读']);
  assert.deepEqual(mine(byName.led).map((t) => t.id), mine(byAlias.led).map((t) => t.id));
  assert.deepEqual(mine(byAlias.cooperating).map((t) => t.text), ['长期坚持']);
  assert.deepEqual(mine(byAlias.due).map((t) => t.deadline), ['2024-06-30', '2024-12-31']);
  assert.deepEqual(mine((await a.agencyTasks('市发改委', '2024-07-01')).overdue).map((t) => t.deadline), ['2024-06-30']);
  assert.deepEqual(mine(await a.tasks({ asOf: AS_OF, state: 'due' })).map((t) => t.deadline), ['2024-06-30']);
  assert.deepEqual(mine(await a.tasks({ documentId: repealer, asOf: AS_OF })).map((t) => t.state), ['due', 'open', 'no_deadline']);
  const agencyTasks = [];
  for (const ag of agencies) {
    const t = await a.agencyTasks(ag.name, AS_OF);
    agencyTasks.push({ ...t, names: [...t.names].sort(), led: t.led.map(task), cooperating: t.cooperating.map(task), due: t.due.map(task), overdue: t.overdue.map(task) });
  }
  out.agencyTasks = agencyTasks;
  out.tasks = (await a.tasks({ asOf: AS_OF })).map(task);
  out.tasksPaged = (await a.tasks({ asOf: AS_OF, limit: 1, offset: 1, role: 'lead', agency: '市财政局' })).map(task);
  out.taskQueries = await checkTaskQueries(a, repealer);

  // ── search: recall equals a scan; numbers in every spelling; ranking and facets ──
  const texts = new Map<number, string>();
  for (const d of docs) texts.set(d.id, normalizeForSearch((await a.documentLines(d.id)).map((l) => l.text).join('')));
  const scan = (q: string) => [...texts].filter(([, t]) => t.includes(q)).map(([id]) => id).sort((x, y) => x - y);
  const r = rng(20240601);
  const all = [...texts.values()];
  for (let i = 0; i < 150; i++) {
    const t = all[Math.floor(r() * all.length)]!;
    const len = 1 + Math.floor(r() * 8);
    const at = Math.floor(r() * Math.max(1, t.length - len));
    const q = t.slice(at, at + len);
    if (!q) continue;
    const got = await a.matchText(q);
    assert.deepEqual([...got.docs], scan(q), `matchText(${JSON.stringify(q)})`);
    if (/^[\u4e00-\u9fff]+$/.test(q)) {
      const res = await a.search(`"${q}"`, { limit: 10_000, facets: false, snippets: false });
      assert.deepEqual(res.hits.map((h) => h.id).sort((x, y) => x - y), scan(q), `search("${q}")`);
      assert.equal(res.total, res.hits.length);
    }
  }
  // A substring that runs across a line break is found (lines are joined for search).
  const wrapped = (await a.documentLines(repealed2021)).map((l) => l.text).filter((l) => l.length > 3);
  const across = normalizeForSearch(wrapped[0]!.slice(-2) + wrapped[1]!.slice(0, 2));
  assert.ok((await a.matchText(across)).docs.includes(repealed2021));

  const spell = [];
  for (const n of ['阳政发〔2020〕3号', '阳政办发〔2021〕76号', '阳政任字〔2021〕43号']) {
    const own = await byNumber(n);
    const results = await Promise.all(numberSpellings(n).map((q) => a.search(q, { limit: 50, asOf: AS_OF })));
    for (const res of results) {
      assert.equal(res.hits[0]?.id, own[0], `${res.query}: the document with that number ranks first`);
      assert.deepEqual(res.hits.map((h) => h.id), results[0]!.hits.map((h) => h.id), `${res.query}: same hits in every spelling`);
    }
    assert.deepEqual(await byNumber(numberSpellings(n)[4]!), own);
    spell.push(results[0]!.hits.map((h) => D(h.id)));
  }
  out.numberSearch = spell;

  const queries = ['阳泉', '通知', '市', '人民政府 办公室', '"任命"', '应急预案 -火灾', '文种:通知 煤炭', '年份:2021 阳泉', 'year:2020-2021 方案', 'status:repealed', '阳政办发2021年76号 货运', '不存在的词语组合'];
  const searches = [];
  for (const q of queries) {
    const res = await a.search(q, { limit: 20, asOf: AS_OF });
    const paged = await a.search(q, { limit: 5, offset: 5, asOf: AS_OF });
    assert.deepEqual(paged.hits.map((h) => h.id), res.hits.slice(5, 10).map((h) => h.id), `${q}: pages are slices of one ranking`);
    searches.push({ ...res, tookMs: 0, hits: res.hits.map((h) => ({ ...h, id: D(h.id), issueId: I(h.issueId) })) });
  }
  assert.equal((await a.search('status:repealed', { asOf: AS_OF })).hits[0]?.id, repealed2021);
  out.searches = searches;
  out.filtered = (await a.search('阳泉', { type: '通知', issuer: '阳泉市人民政府办公室', from: '2021-01-01', to: '2021-12-31', status: 'in_force', asOf: AS_OF, limit: 100 })).hits.map((h) => D(h.id));

  // ── export ──
  const exported: Record<string, unknown[]> = {};
  for (const kind of ['documents', 'appointments', 'tasks', 'citations'] as ExportKind[]) {
    const rows = [];
    for await (const row of a.exportRows(kind)) {
      const x: Record<string, unknown> = { ...row };
      if (kind === 'documents') x.id = D(row.id as number);
      else x.id = 0;
      for (const k of ['document_id', 'target_id', 'repealed_by']) if (k in x) x[k] = D(x[k] as number | null);
      rows.push(x);
    }
    exported[kind] = rows;
  }
  assert.equal(exported.documents!.length, stats.documents);
  assert.equal(exported.appointments!.length, stats.appointments);
  assert.equal(exported.tasks!.length, stats.tasks);
  assert.equal(exported.citations!.length, stats.citations);
  out.exported = exported;

  // ── a changed file replaces its issue (new ids); links follow; a deleted issue unlinks ──
  const name2021 = SAMPLES.find((n) => n.includes('2021'))!;
  // The same issue with one more line at the end: another hash, same documents.
  const base = sampleInput(name2021);
  const changedInput: IngestInput = {
    parsed: { ...base.parsed, source: { ...base.parsed.source, sha256: base.parsed.source.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0')) } },
    lines: base.lines,
    sourcePath: base.sourcePath,
  };
  const replaced = await a.ingestIssue(changedInput);
  assert.equal(replaced.status, 'replaced');
  const [new2021] = await byNumber('阳政办发〔2021〕76号');
  assert.ok(new2021 && new2021 !== repealed2021, 'a replaced issue gets new ids');
  assert.equal((await a.getDocument(repealed2021)), null);
  assert.equal((await a.validity(new2021, AS_OF))!.status, 'repealed', 'the repeal follows the replaced document');
  const laterIssue = issues.find((i) => i.sourcePath.includes('yangquan-2024-01'))!;
  assert.equal(await a.deleteIssue(laterIssue.id), true);
  assert.equal(await a.deleteIssue(laterIssue.id), false);
  const unrepealed = (await a.validity(new2021, AS_OF))!;
  assert.equal(unrepealed.repealedBy, null, 'no longer repealed once the repealer is gone');
  assert.equal(unrepealed.status, 'in_force', 'in force again until its own term ends (2025-12-31)');
  assert.equal(mine((await a.agencyTasks('市发改委', AS_OF)).led).length, 0);
  assert.deepEqual((await a.search('网络货运 废止', { asOf: AS_OF })).hits.filter((h) => h.issueId === laterIssue.id), []);
  const after = await a.stats();
  assert.equal(after.issues, SAMPLES.length);
  out.after = after;
  out.afterSearch = (await a.search('货运', { asOf: AS_OF })).hits.map((h) => [h.title, h.score, h.snippet]);
  return out;
}

/**
 * Task lists and counts, filtered, ordered and paged by the database, against the same filters
 * applied here in plain code to the unfiltered list (the oracle) — for many combinations.
 */
async function checkTaskQueries(a: OpenedArchive, docId: number): Promise<unknown[]> {
  const soon = (asOf: string) => new Date(Date.parse(asOf) + 30 * 86_400_000).toISOString().slice(0, 10);
  const cmpDeadline = (x: TaskRecord, y: TaskRecord) => (x.deadline === y.deadline ? 0 : !x.deadline ? 1 : !y.deadline ? -1 : x.deadline < y.deadline ? -1 : 1);
  const cmpDoc = (x: TaskRecord, y: TaskRecord) => x.documentId - y.documentId || x.line - y.line || x.id - y.id;
  const cmpUnit = (x: TaskRecord, y: TaskRecord) => {
    const [u, v] = [x.leads[0], y.leads[0]];
    return u === v ? 0 : u === undefined ? 1 : v === undefined ? -1 : u < v ? -1 : 1;
  };
  // Ties in deadline go by task id (ids follow document and line order).
  const cmpId = (x: TaskRecord, y: TaskRecord) => x.id - y.id;
  const orders: Record<TaskSort, (x: TaskRecord, y: TaskRecord) => number> = {
    deadline: (x, y) => cmpDeadline(x, y) || cmpId(x, y),
    '-deadline': (x, y) => (!x.deadline || !y.deadline ? cmpDeadline(x, y) : -cmpDeadline(x, y)) || cmpId(x, y),
    unit: (x, y) => cmpUnit(x, y) || cmpDeadline(x, y) || cmpId(x, y),
    document: cmpDoc,
  };
  const out: unknown[] = [];
  for (const asOf of ['2021-06-01', AS_OF]) {
    for (const base of [{}, { documentId: docId }, { agency: '市发改委' }, { agency: '市财政局', role: 'lead' as const }]) {
      const all = await a.tasks({ ...base, asOf, sort: 'document' });
      for (const t of all) assert.equal(t.state, t.deadline === null ? 'no_deadline' : t.deadline < asOf ? 'overdue' : t.deadline <= soon(asOf) ? 'due' : 'open');
      const filters: TaskFilter[] = [
        {}, { state: 'overdue' }, { state: 'due' }, { state: 'open' }, { state: 'no_deadline' }, { overdue: true }, { overdue: false },
        { dueBefore: '2021-12-31' }, { dueAfter: '2021-07-01' }, { dueAfter: '2021-01-01', dueBefore: '2024-12-31', overdue: false },
        { state: 'due', overdue: true },
      ];
      for (const f of filters) {
        const want = all.filter(
          (t) =>
            (!f.state || t.state === f.state) &&
            (f.overdue === undefined || (t.state === 'overdue') === f.overdue) &&
            (!f.dueBefore || (t.deadline !== null && t.deadline < f.dueBefore)) &&
            (!f.dueAfter || (t.deadline !== null && t.deadline >= f.dueAfter)),
        );
        const counts = await a.countTasks({ ...base, ...f, asOf });
        const what = JSON.stringify({ asOf, base, f });
        assert.equal(counts.total, want.length, `count ${what}`);
        for (const st of ['open', 'due', 'overdue', 'no_deadline'] as const) {
          assert.equal(counts.byState[st], want.filter((t) => t.state === st).length, `count of ${st} ${what}`);
        }
        if ('agency' in base && !('role' in base)) {
          // Counted in the same pass: must agree with the lists of each role.
          for (const role of ['lead', 'cooperator'] as const) {
            assert.equal(counts.byRole?.[role], (await a.tasks({ ...base, ...f, asOf, role })).length, `${role} count ${what}`);
          }
        } else assert.equal(counts.byRole, undefined, `no role counts ${what}`);
        for (const sort of TASK_SORTS) {
          const ordered = [...want].sort(orders[sort]).map((t) => t.id);
          assert.deepEqual((await a.tasks({ ...base, ...f, asOf, sort })).map((t) => t.id), ordered, `${sort} ${what}`);
          assert.deepEqual((await a.tasks({ ...base, ...f, asOf, sort, limit: 3, offset: 2 })).map((t) => t.id), ordered.slice(2, 5), `page ${sort} ${what}`);
        }
        out.push({ what, n: want.length });
      }
    }
  }
  return out;
}

const dirs: string[] = [];
const results = new Map<string, unknown>();

test('conformance: SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongbao-conf-'));
  dirs.push(dir);
  const a = openArchive(join(dir, 'archive.db'));
  try {
    results.set('sqlite', await scenario(a));
  } finally {
    await a.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const pgMissing = pgUnavailableReason();
if (pgMissing && !underCi()) {
  test('conformance: PostgreSQL', { skip: pgMissing }, () => {});
  test('conformance: both backends give the same answers', { skip: pgMissing }, () => {});
} else {
  let db: TestDatabase | null = null;
  test('conformance: PostgreSQL', async () => {
    assert.equal(pgMissing, null, pgMissing ?? '');
    db = await createTestDatabase('conformance');
    const a = openArchive(db.url);
    try {
      results.set('postgres', await scenario(a));
    } finally {
      await a.close();
      await db.drop();
    }
  });

  test('conformance: both backends give the same answers', () => {
    const s = results.get('sqlite') as Record<string, unknown> | undefined;
    const p = results.get('postgres') as Record<string, unknown> | undefined;
    assert.ok(s && p, 'both scenarios ran');
    // Section by section, for readable failures.
    for (const k of Object.keys(s)) assert.deepEqual(p[k], s[k], `backends differ in "${k}"`);
    assert.deepEqual(Object.keys(p), Object.keys(s));
  });
}
