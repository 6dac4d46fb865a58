/**
 * The MCP server, through a real client of the SDK, over both transports — stdio (`gongbao mcp`,
 * a child process) and streamable HTTP (`/mcp` on the server) — on SQLite and PostgreSQL: the
 * handshake, the tool list with input and output schemas, every tool called with answers checked
 * against the archive (the client also checks each structured answer against the tool's output
 * schema), a document resource, the prompts, and bad arguments that give MCP errors while the
 * server keeps answering.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { buildServer } from '../src/server/app.js';
import { parseCitation } from '../src/mcp/tools/links.js';
import { backends, COOP_UNIT, LEAD_UNIT, PERSONNEL_TITLE, PLAN_NUMBER, SYNTHETIC_PERSON, type Backend } from './mcp-fixture.js';
import { cliCommand } from './store-fixtures.js';

const TOOLS = [
  'agency_tasks', 'check_citation', 'document_citations', 'document_validity', 'get_document', 'list_issues', 'lookup_doc_number',
  'person_timeline', 'search_documents',
];
const HEATING = '阳政办发〔2023〕76号';
const REFRACTORY = '阳政发〔2020〕2号';
const REFRACTORY_TITLE = '阳泉市人民政府关于印发阳泉市规范提升耐火材料产业行动方案的通知';

type Structured = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<Structured> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  assert.ok(!r.isError, `${name} failed: ${JSON.stringify(r.content)}`);
  assert.equal(r.content[0]?.type, 'text', `${name} has a text answer too`);
  assert.ok(r.structuredContent, `${name} has a structured answer`);
  return r.structuredContent as Structured;
}

async function callError(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  assert.equal(r.isError, true, `${name}(${JSON.stringify(args)}) should fail, answered ${JSON.stringify(r.structuredContent)}`);
  const text = r.content[0]?.type === 'text' ? r.content[0].text : '';
  assert.ok(text.length > 0);
  return text;
}

const idOf = async (b: Backend, number: string) => {
  const found = await b.archive.findByDocNumber(number);
  assert.equal(found.length, 1, number);
  return found[0]!.id;
};

/** Everything a client can do, checked against the archive. */
async function exercise(t: TestContext, client: Client, b: Backend, base: string | null): Promise<void> {
  const a = b.archive;
  const heating = await idOf(b, HEATING);
  const plan = await idOf(b, PLAN_NUMBER);
  const refractory = await idOf(b, REFRACTORY);

  await t.test('initialize: the server names itself and says how to cite', () => {
    assert.equal(client.getServerVersion()?.name, 'gongbao');
    assert.match(client.getInstructions() ?? '', /check_citation/);
    const caps = client.getServerCapabilities();
    assert.ok(caps?.tools && caps.resources && caps.prompts);
  });

  await t.test('tools: every tool, with JSON-schema input and output, read-only', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((x) => x.name).sort(), TOOLS);
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object', tool.name);
      assert.equal(tool.outputSchema?.type, 'object', `${tool.name} declares its structured output`);
      assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
      assert.ok((tool.description ?? '').length > 40, tool.name);
    }
    const search = tools.find((x) => x.name === 'search_documents')!;
    assert.ok(['query', 'type', 'issuer', 'from', 'to', 'status', 'sort', 'limit'].every((k) => k in (search.inputSchema.properties ?? {})));
  });

  await t.test('search_documents: the engine’s hits, with evidence', async () => {
    const r = await call(client, 'search_documents', { query: '供暖', limit: 5, sort: 'newest' });
    const expected = await a.search('供暖', { limit: 5, sort: 'newest' });
    assert.equal(r.total, expected.total);
    assert.ok(r.total >= 2);
    assert.deepEqual(r.hits.map((h: Structured) => h.documentId), expected.hits.map((h) => h.id));
    const first = r.hits[0];
    assert.equal(first.docNumber, HEATING);
    assert.equal(first.lines.first, expected.hits[0]!.startLine);
    assert.equal(first.lines.last, expected.hits[0]!.endLine);
    assert.equal(first.url, base ? `${base}/documents/${heating}` : null);
    assert.ok(first.line >= first.lines.first && first.line <= first.lines.last);
    // Filters and the query syntax are the engine's.
    const filtered = await call(client, 'search_documents', { query: '供暖 年份:2023', type: '通知', limit: 1 });
    assert.equal(filtered.total, (await a.search('供暖 年份:2023', { type: '通知' })).total);
    assert.equal(filtered.hits.length, 1);
    assert.equal(filtered.nextOffset, filtered.total > 1 ? 1 : null);
    const byNumber = await call(client, 'search_documents', { query: '阳政办发[2023]76号' });
    assert.equal(byNumber.hits[0].documentId, heating);
    assert.match(await callError(client, 'search_documents', { query: '状态:很好' }), /status: expects one of/);
  });

  await t.test('get_document: metadata, outline, facts, text paged by lines', async () => {
    const d = (await a.getDocument(heating))!;
    const r = await call(client, 'get_document', { id: heating, maxLines: 10 });
    assert.equal(r.document.documentId, heating);
    assert.equal(r.document.docNumber, HEATING);
    assert.equal(r.document.title, d.title);
    assert.deepEqual(r.document.lines, { first: d.startLine, last: d.endLine });
    assert.deepEqual(r.document.issuers, d.issuers);
    assert.equal(r.issue.id, d.issueId);
    assert.ok(r.outline.length > 3 && r.outline.every((o: Structured) => o.line >= d.startLine && o.line <= d.endLine));
    assert.equal(r.tasks.length, (await a.tasks({ documentId: heating })).length);
    assert.equal(r.text.lines.length, 10);
    assert.equal(r.text.fromLine, d.startLine);
    assert.equal(r.text.lines[0].text, d.lines[0]!.text);
    assert.equal(r.text.nextFromLine, d.lines[10]!.line);
    const next = await call(client, 'get_document', { id: heating, fromLine: r.text.nextFromLine, maxLines: 400 });
    assert.equal(next.text.lines[0].line, r.text.nextFromLine);
    assert.equal(next.text.toLine, d.endLine);
    assert.equal(next.text.nextFromLine, null, 'the last page says so');
    const synthetic = await call(client, 'get_document', { id: plan, maxLines: 0, asOf: '2024-06-01' });
    assert.deepEqual(synthetic.text.lines, []);
    assert.deepEqual(synthetic.tasks.map((x: Structured) => [x.leads[0], x.deadline, x.state]), [[LEAD_UNIT, '2024-06-30', 'due'], [COOP_UNIT, '2099-12-31', 'open']]);
    assert.deepEqual(synthetic.tasks[0].milestones, [{ deadline: '2024-04-30', text: '4月底前完成摸底' }]);
    assert.ok(synthetic.tasks[0].source.line > 0 && synthetic.tasks[0].source.docNumber === PLAN_NUMBER);
    assert.match(await callError(client, 'get_document', { id: heating, fromLine: 1 }), /within the document's lines/);
  });

  await t.test('lookup_doc_number: any spelling', async () => {
    const r = await call(client, 'lookup_doc_number', { docNumber: '阳政办发[2023]76 号' });
    assert.equal(r.normalized, HEATING);
    assert.deepEqual(r.matches.map((m: Structured) => m.documentId), [heating]);
    const none = await call(client, 'lookup_doc_number', { docNumber: '阳政办发〔2023〕999号' });
    assert.deepEqual(none.matches, []);
  });

  await t.test('check_citation: the stored record, a conflict, or not in the archive', async () => {
    const full = await call(client, 'check_citation', { citation: `《${REFRACTORY_TITLE}》（${REFRACTORY}）` });
    assert.equal(full.verdict, 'found');
    assert.deepEqual(full.matches.map((m: Structured) => [m.documentId, m.matchedBy]), [[refractory, ['number', 'title']]]);
    // The instrument the notice issues is cited by its own title, as the archive links citations.
    const instrument = await call(client, 'check_citation', { citation: '《阳泉市规范提升耐火材料产业行动方案》' });
    assert.equal(instrument.verdict, 'found');
    assert.deepEqual(instrument.matches.map((m: Structured) => m.documentId), [refractory]);
    const byNumber = await call(client, 'check_citation', { citation: '阳政发[2020]2号' });
    assert.equal(byNumber.verdict, 'found');
    const invented = await call(client, 'check_citation', { citation: '《阳泉市人民政府关于加快发展月球采矿产业的通知》' });
    assert.equal(invented.verdict, 'not_found');
    assert.deepEqual(invented.matches, []);
    assert.match(invented.message, /Not in the archive/);
    const wrongNumber = await call(client, 'check_citation', { citation: '阳政发〔2020〕999号' });
    assert.equal(wrongNumber.verdict, 'not_found');
    const mixed = await call(client, 'check_citation', { citation: `《${REFRACTORY_TITLE}》（${HEATING}）` });
    assert.equal(mixed.verdict, 'conflict');
    assert.deepEqual(mixed.matches.map((m: Structured) => m.documentId).sort(), [heating, refractory].sort());
    assert.match(await callError(client, 'check_citation', { citation: '《》' }), /title .* or a document number/);
  });

  await t.test('document_validity: status at a date, with its clause', async () => {
    const inForce = await call(client, 'document_validity', { id: plan, asOf: '2025-01-01' });
    assert.equal(inForce.validity.status, 'in_force');
    assert.equal(inForce.validity.effectiveFrom, '2024-01-10');
    assert.equal(inForce.validity.expiresOn, '2026-01-09');
    assert.equal(inForce.validity.termText, '有效期为2年');
    assert.ok(inForce.validity.line > inForce.document.lines.first);
    assert.equal((await call(client, 'document_validity', { id: plan, asOf: '2026-06-01' })).validity.status, 'expired');
  });

  await t.test('document_citations: what it cites, what cites it', async () => {
    const r = await call(client, 'document_citations', { id: plan });
    const cited = r.cites.find((c: Structured) => c.docNumber === REFRACTORY);
    assert.ok(cited, JSON.stringify(r.cites));
    assert.equal(cited.target.documentId, refractory);
    assert.equal(cited.source.documentId, plan);
    const back = await call(client, 'document_citations', { id: refractory, direction: 'cited_by' });
    assert.deepEqual(back.cites, []);
    assert.ok(back.citedBy.some((c: Structured) => c.source.documentId === plan && c.source.line === cited.source.line));
    assert.equal(back.citedBy.length, (await a.citedBy(refractory)).length);
  });

  await t.test('person_timeline: entries with their notices and lines', async () => {
    const r = await call(client, 'person_timeline', { name: SYNTHETIC_PERSON });
    assert.equal(r.found, true);
    assert.equal(r.entries.length, 1);
    assert.equal(r.entries[0].action, 'appoint');
    assert.equal(r.entries[0].source.title, PERSONNEL_TITLE);
    assert.equal(r.entries[0].source.docNumber, null);
    const nobody = await call(client, 'person_timeline', { name: '查无此人' });
    assert.equal(nobody.found, false);
  });

  await t.test('agency_tasks: role, state and due window, as the task query counts them', async () => {
    const lead = await call(client, 'agency_tasks', { agency: LEAD_UNIT, asOf: '2024-06-01' });
    assert.equal(lead.total, 1);
    assert.equal(lead.tasks[0].state, 'due');
    assert.equal(lead.tasks[0].source.documentId, plan);
    const coopLead = await call(client, 'agency_tasks', { agency: COOP_UNIT, role: 'lead', asOf: '2024-06-01' });
    assert.deepEqual(coopLead.tasks.map((x: Structured) => x.deadline), ['2099-12-31']);
    const window = await call(client, 'agency_tasks', { agency: COOP_UNIT, dueAfter: '2024-01-01', dueBefore: '2025-01-01', asOf: '2024-06-01' });
    assert.deepEqual(window.tasks.map((x: Structured) => x.deadline), ['2024-06-30']);
    const alias = await call(client, 'agency_tasks', { agency: '市财政局', limit: 5 });
    assert.equal(alias.total, (await a.countTasks({ agency: '市财政局' })).total);
    assert.ok(alias.total > 5 && alias.tasks.length === 5 && alias.nextOffset === 5);
    assert.equal((await call(client, 'agency_tasks', { agency: '市财政局', state: 'overdue', asOf: '2030-01-01' })).byState.overdue,
      (await a.countTasks({ agency: '市财政局', asOf: '2030-01-01' })).byState.overdue);
  });

  await t.test('list_issues: issues, and the documents of one', async () => {
    const r = await call(client, 'list_issues', {});
    const issues = await a.listIssues();
    assert.deepEqual(r.issues.map((i: Structured) => i.id), issues.map((i) => i.id));
    const one = await call(client, 'list_issues', { issueId: issues[0]!.id });
    assert.equal(one.documents.length, issues[0]!.documentCount);
  });

  await t.test('resources: gongbao://document/{id}', async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.deepEqual(resourceTemplates.map((x) => x.uriTemplate), ['gongbao://document/{id}']);
    const { resources } = await client.listResources();
    assert.ok(resources.length > 10 && resources.every((x) => /^gongbao:\/\/document\/\d+$/.test(x.uri)));
    const r = await client.readResource({ uri: `gongbao://document/${heating}` });
    const text = (r.contents[0] as { text: string }).text;
    const d = (await a.getDocument(heating))!;
    assert.ok(text.startsWith(`# ${d.title}`));
    assert.ok(text.includes(`${d.lines[5]!.line}: ${d.lines[5]!.text}`));
    await assert.rejects(client.readResource({ uri: 'gongbao://document/99999999' }), (e: unknown) => e instanceof McpError && e.code === -32002);
  });

  await t.test('prompts: summarise a document with its evidence', async () => {
    const { prompts } = await client.listPrompts();
    assert.deepEqual(prompts.map((p) => p.name).sort(), ['agency_deadlines', 'summarise_document']);
    const p = await client.getPrompt({ name: 'summarise_document', arguments: { id: String(plan) } });
    assert.equal(p.messages[0]!.content.type, 'resource');
    assert.match(JSON.stringify(p.messages[1]!.content), /行号/);
    await assert.rejects(client.getPrompt({ name: 'summarise_document', arguments: { id: 'x' } }), McpError);
  });

  await t.test('bad arguments: MCP errors, and the server keeps answering', async () => {
    assert.match(await callError(client, 'get_document', { id: 'abc' }), /Input validation error/);
    assert.match(await callError(client, 'get_document', { id: 99999999 }), /not in the archive/);
    assert.match(await callError(client, 'search_documents', { query: '供暖', limit: 1000 }), /Input validation error/);
    assert.match(await callError(client, 'document_validity', { id: plan, asOf: '2024-02-30' }), /valid calendar date/);
    assert.match(await callError(client, 'no_such_tool', {}), /not found/);
    assert.equal((await client.listTools()).tools.length, TOOLS.length);
  });
}

backends('MCP', (get) => {
  test('stdio transport: gongbao mcp as a child process', async (t) => {
    const b = get();
    const { command, args } = cliCommand();
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    const transport = new StdioClientTransport({ command, args: [...args, 'mcp', '--db', b.db, '--base-url', 'http://reader.example/'], env: { ...env, GONGBAO_DB: '' }, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (c) => (stderr += String(c)));
    const client = new Client({ name: 'gongbao-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      await exercise(t, client, b, 'http://reader.example');
    } finally {
      await client.close();
    }
    assert.equal(stderr, '', 'nothing on stderr');
  });

  test('gongbao mcp with requests piped in: every one answered, then a clean exit', () => {
    const b = get();
    const messages = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pipe', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'search_documents', arguments: { query: '供暖' } } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'agency_tasks', arguments: { agency: '市财政局' } } },
    ];
    const { command, args } = cliCommand();
    const r = spawnSync(command, [...args, 'mcp', '--db', b.db], { input: messages.map((m) => JSON.stringify(m)).join('\n') + '\n', encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const answers = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Structured);
    assert.deepEqual(answers.map((x) => x.id).sort(), [1, 2, 3], 'answers may come in any order, but all of them');
    assert.ok(answers.every((x) => x.result && !x.result.isError && (x.id === 1 || x.result.structuredContent.total > 0)));
  });

  test('streamable HTTP transport at /mcp: public reads even with a token set', async (t) => {
    const b = get();
    const app = await buildServer({ archive: b.archive, token: 'secret-token' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const client = new Client({ name: 'gongbao-test', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp`)));
      await exercise(t, client, b, base);
      await t.test('not JSON, or not POST: a JSON-RPC error, not a crash', async () => {
        const bad = await fetch(`${base}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{not json' });
        assert.equal(bad.status, 400);
        assert.equal(((await bad.json()) as Structured).error.code, -32700);
        const get = await fetch(`${base}/mcp`);
        assert.equal(get.status, 405);
        assert.equal(((await get.json()) as Structured).jsonrpc, '2.0');
        assert.equal((await fetch(`${base}/api/stats`)).status, 200, 'the server still answers');
      });
    } finally {
      await client.close();
      await app.close();
    }
  });
});

test('a quoted citation: its title in 《》 and its number, in any spelling', () => {
  assert.deepEqual(parseCitation(`《${REFRACTORY_TITLE}》（阳政发[2020]2 号）`), { title: REFRACTORY_TITLE, docNumber: REFRACTORY });
  assert.deepEqual(parseCitation('阳政发〔2020〕2号'), { title: null, docNumber: REFRACTORY });
  assert.deepEqual(parseCitation(' 阳泉市规范提升耐火材料产业行动方案 '), { title: '阳泉市规范提升耐火材料产业行动方案', docNumber: null });
  assert.deepEqual(parseCitation('《办法》'), { title: null, docNumber: null });
});
