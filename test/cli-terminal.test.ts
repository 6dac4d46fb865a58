/**
 * Terminal spoofing: gazette text and file names with escape sequences, NUL and bidi overrides.
 * What the CLI prints for a person shows them as visible characters; JSON output stays exactly the
 * stored text (JSON escapes control characters, the CLI escapes the rest); the archive keeps the
 * text as it was.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { forTerminal, forTerminalLines, jsonForTerminal } from '../src/cli/terminal.js';
import { cli, gazette, tempDir } from './store-fixtures.js';

// ESC [2J clears the screen, ESC ] 0;… BEL sets the window title, U+202E reverses what follows.
const TITLE = '阳泉市人民政府关于\x1b[2J\x1b[31m清屏\u202e测试\x00的通知';
const BODY = '一、各单位要做好\x1b]0;pwned\x07防汛工作\u2066。';
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let dir: string;
let cleanup: () => void;
let file: string;

before(() => {
  ({ dir, cleanup } = tempDir('gongbao-terminal-'));
  file = join(dir, 'evil\x1b[31m.txt');
  writeFileSync(file, gazette(2021, 3, [{ title: TITLE, number: '阳政发〔2021〕9号', date: '2021年3月5日', body: [BODY] }]));
});
after(() => cleanup());

test('forTerminal shows controls as Control Pictures and bidi controls as U+FFFD, one for one', () => {
  assert.equal(forTerminal('a\x1b[2Jb\x00c\x07\u202ed\u009be\x7f\tf\n'), 'a␛[2Jb␀c␇\ufffdd\ufffde␡\tf␊');
  const text = '标题\x1b[31m红\u2067字';
  assert.equal(forTerminal(text).length, text.length);
  assert.equal(forTerminalLines('a\x1bb\r\nc\rd\n'), 'a␛b\r\nc␍d\n');
  const json = JSON.stringify({ t: 'x\u202ey\u0085z\x1b' });
  assert.equal(jsonForTerminal(json), '{"t":"x\\u202ey\\u0085z\\u001b"}');
  assert.deepEqual(JSON.parse(jsonForTerminal(json)), { t: 'x\u202ey\u0085z\x1b' });
});

test('parse --format text: titles and warnings shown, not obeyed', () => {
  const r = cli(['parse', '--format', 'text', file], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, UNSAFE);
  assert.ok(r.stdout.includes('关于␛[2J␛[31m清屏\ufffd测试␀的通知'), r.stdout);
});

test('parse as JSON: nothing raw for the terminal, and the exact text for a JSON reader', () => {
  const r = cli(['parse', file], dir);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, UNSAFE);
  const parsed = JSON.parse(r.stdout);
  assert.equal(parsed.documents[0].title, TITLE);
  assert.ok(parsed.source.fileName.includes('\x1b[31m'));
});

test('ingest progress, search listing and errors show file names and text safely; --json and export stay exact', () => {
  const ingest = cli(['ingest', file, '--db', 'g.db'], dir);
  assert.equal(ingest.status, 0, ingest.stderr);
  assert.doesNotMatch(ingest.stderr + ingest.stdout, UNSAFE);
  assert.match(ingest.stderr, /evil␛\[31m\.txt/);

  const listing = cli(['search', '防汛', '--db', 'g.db'], dir);
  assert.equal(listing.status, 0, listing.stderr);
  assert.doesNotMatch(listing.stdout, UNSAFE);
  assert.match(listing.stdout, /清屏\ufffd测试␀的通知/);
  assert.match(listing.stdout, /evil␛\[31m\.txt:\d+-\d+/);
  assert.match(listing.stdout, /做好␛]0;pwned␇«防汛»工作/);

  const json = cli(['search', '防汛', '--db', 'g.db', '--json'], dir);
  assert.doesNotMatch(json.stdout, UNSAFE);
  const hit = JSON.parse(json.stdout).hits[0];
  assert.equal(hit.title, TITLE);
  assert.equal(hit.sourceFile, file);

  const rows = cli(['export', 'documents', '--db', 'g.db'], dir);
  assert.doesNotMatch(rows.stdout, UNSAFE);
  assert.equal(JSON.parse(rows.stdout.trim()).title, TITLE);

  const missing = cli(['parse', join(dir, 'gone\x1b[2J.txt')], dir);
  assert.notEqual(missing.status, 0);
  assert.doesNotMatch(missing.stderr, UNSAFE);
  assert.match(missing.stderr, /gone␛\[2J\.txt/);
});
