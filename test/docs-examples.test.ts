/**
 * Every `curl` example in README.md and docs/*.md runs as written: each is run with the real curl
 * binary (through bash, as a reader would paste it) against a real server on a free port, with
 * only `localhost:8080` replaced. Reading examples go to a server on the sample archive; examples
 * that carry a token or post data go to a server started with that token on a throw-away archive,
 * with the files they post (`@name`) made from a sample issue. Each must answer 2xx (the status in
 * a `# 201 …` comment below it, when there is one) with JSON that matches the response schema the
 * OpenAPI description gives for that route and status.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/app.js';
import { buildSampleArchive, CORPUS_DIR, type SampleArchive } from './web-fixture.js';

const ROOT = new URL('../', import.meta.url);
const run = promisify(execFile);

interface Example {
  where: string;
  command: string;
  /** The status a `# 201 …` comment under the example promises. */
  status: number | null;
}

/** The `curl` commands in the fenced code blocks of a Markdown file (continued lines joined). */
export function curlExamples(file: string, text: string): Example[] {
  const lines = text.split('\n');
  const out: Example[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*```/.test(lines[i]!)) {
      fenced = !fenced;
      continue;
    }
    if (!fenced || !/^\s*curl\s/.test(lines[i]!)) continue;
    const start = i;
    let command = lines[i]!;
    while (/\\\s*$/.test(command) && i + 1 < lines.length) command = command.replace(/\\\s*$/, ' ') + lines[++i]!.trim();
    const promised = /^\s*#\s*(\d{3})\b/.exec(lines[i + 1] ?? '');
    out.push({ where: `${file}:${start + 1}`, command: command.trim(), status: promised ? Number(promised[1]) : null });
  }
  return out;
}

function docFiles(): string[] {
  const docs = readdirSync(new URL('docs/', ROOT)).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

const EXAMPLES = docFiles().flatMap((f) => curlExamples(f, readFileSync(new URL(f, ROOT), 'utf8')));

const tokenOf = (command: string): string | null =>
  /Bearer\s+([^\s'"]+)/.exec(command)?.[1] ?? /X-Gongbao-Token:\s*([^\s'"]+)/i.exec(command)?.[1] ?? null;
const writes = (command: string): boolean => tokenOf(command) !== null || /-X\s*(POST|PUT|PATCH|DELETE)\b/.test(command);

/** The OpenAPI response schema of the route `path` answers with `status`. */
function responseValidator(ajv: Ajv, openapi: any, method: string, path: string, status: number): ValidateFunction {
  const templates = Object.keys(openapi.paths).filter((t) => openapi.paths[t][method]);
  const matching = templates.filter((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
  // A literal path (/api/issues) before a template that also matches.
  matching.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  assert.ok(matching.length, `no ${method.toUpperCase()} ${path} in the OpenAPI description`);
  const segment = (s: string) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'));
  const pointer = ['paths', matching[0]!, method, 'responses', String(status), 'content', 'application/json', 'schema'].map(segment).join('/');
  assert.ok(openapi.paths[matching[0]!][method].responses[String(status)], `${method.toUpperCase()} ${matching[0]} documents no ${status} answer`);
  return ajv.compile({ $ref: `openapi.json#/${pointer}` });
}

describe('the curl examples of the docs', () => {
  let sample: SampleArchive;
  let throwAway: SampleArchive;
  const servers = new Map<string, { app: FastifyInstance; port: number }>();
  let cwd: string;
  let curlHome: string;
  let ajv: Ajv;
  let openapi: any;

  async function server(token: string | null) {
    const key = token ?? '';
    if (!servers.has(key)) {
      const app = await buildServer({ archive: token ? throwAway.archive : sample.archive, ...(token ? { token } : {}) });
      await app.listen({ port: 0, host: '127.0.0.1' });
      servers.set(key, { app, port: (app.server.address() as { port: number }).port });
    }
    return servers.get(key)!;
  }

  before(async () => {
    sample = await buildSampleArchive();
    throwAway = await buildSampleArchive();
    cwd = mkdtempSync(join(tmpdir(), 'gongbao-curl-'));
    curlHome = mkdtempSync(join(tmpdir(), 'gongbao-curlrc-'));
    // Only what the test needs to read the answer; the command itself is run as written.
    writeFileSync(join(curlHome, '.curlrc'), 'silent\nshow-error\nwrite-out = "\\n%{http_code} %{content_type}"\n');
    openapi = (await (await server(null)).app.inject({ url: '/api/openapi.json' })).json();
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(openapi, 'openapi.json');
  });

  after(async () => {
    for (const s of servers.values()) await s.app.close();
    await sample?.close();
    await throwAway?.close();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
    if (curlHome) rmSync(curlHome, { recursive: true, force: true });
  });

  test('there are examples to run', () => {
    assert.ok(EXAMPLES.length >= 5, EXAMPLES.map((e) => e.where).join(', '));
  });

  for (const example of EXAMPLES) {
    test(`${example.where}: ${example.command}`, async () => {
      const token = tokenOf(example.command);
      if (writes(example.command)) assert.ok(token, 'an example that writes carries the token');
      const { port } = await server(writes(example.command) ? token : null);
      // Files the example posts: a sample issue under that name, moved to a year the archive does
      // not hold (masthead and document numbers: the same ones would make it a duplicate).
      for (const [, name] of example.command.matchAll(/@([^\s'"]+)/g)) {
        const text = readFileSync(join(CORPUS_DIR, 'yangquan-2023-05.txt'), 'utf8').replaceAll('2023', '2033');
        writeFileSync(join(cwd, name!), text);
      }
      const command = example.command.replaceAll('localhost:8080', `127.0.0.1:${port}`);
      assert.notEqual(command, example.command, 'the example names http://localhost:8080');
      const { stdout } = await run('bash', ['-c', command], { cwd, env: { PATH: process.env.PATH, CURL_HOME: curlHome, HOME: curlHome }, maxBuffer: 64 << 20 });
      const cut = stdout.lastIndexOf('\n');
      const [status, contentType] = stdout.slice(cut + 1).split(' ');
      const body = stdout.slice(0, cut);
      assert.match(status!, /^2\d\d$/, `${example.where} answered ${status}: ${body.slice(0, 300)}`);
      if (example.status !== null) assert.equal(Number(status), example.status, `${example.where} promises ${example.status}`);
      assert.match(contentType!, /^application\/json/);
      const json = JSON.parse(body);
      const url = new URL(/'(http:\/\/[^']+)'|"(http:\/\/[^"]+)"|(http:\/\/\S+)/.exec(command)!.slice(1).find(Boolean)!);
      const method = (/-X\s*(POST|DELETE)\b/.exec(command)?.[1] ?? 'get').toLowerCase();
      const validate = responseValidator(ajv, openapi, method, url.pathname, Number(status));
      assert.ok(validate(json), `${example.where}: the answer does not match the documented shape: ${ajv.errorsText(validate.errors)}`);
    });
  }
});
