/**
 * The `gongbao` command as a whole: usage errors (one line and a hint, exit 2), --help and
 * --version, what starting it loads, and output piped into a reader that stops early.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PARSER_VERSION } from '../src/version.js';
import { CORPUS_FILES, ROOT, cli, cliCommand, tempDir } from './store-fixtures.js';

let dir: string;
let cleanup: () => void;

before(() => {
  ({ dir, cleanup } = tempDir('gongbao-cli-'));
});
after(() => cleanup());

test('usage errors: one line and where to find the help, exit 2, for every kind', () => {
  for (const [args, message, hint] of [
    [['parse', '--bogus', CORPUS_FILES[0]!], /^gongbao: unknown option '--bogus'$/, 'gongbao parse --help'],
    [['parse'], /^gongbao: missing required argument 'file'$/, 'gongbao parse --help'],
    [['export', 'documents', '--format'], /^gongbao: option '-f, --format <format>' argument missing$/, 'gongbao export --help'],
    [['serach', 'x'], /^gongbao: unknown command 'serach' \(did you mean search\?\)$/, 'gongbao --help'],
    [['--bogus'], /^gongbao: unknown option '--bogus'$/, 'gongbao --help'],
  ] as const) {
    const r = cli([...args], dir);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(lines[0]!, message);
    assert.ok(lines[1]!.includes(`\`${hint}\``), lines[1]);
  }
  // Errors an action finds in an argument are usage errors too (one line, exit 2).
  const format = cli(['parse', '--format', 'xml', CORPUS_FILES[0]!], dir);
  assert.equal(format.status, 2);
  assert.equal(format.stderr.trimEnd().split('\n').length, 1);
});

test('--help and help COMMAND print the help on stdout and succeed; bare gongbao is a usage error', () => {
  for (const args of [['--help'], ['help'], ['parse', '--help'], ['help', 'export']]) {
    const r = cli(args, dir);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, /^Usage: gongbao/);
  }
  const bare = cli([], dir);
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /^Usage: gongbao/);
});

test('--version prints the package version and the parser version', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const r = cli([flag], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `gongbao ${pkg.version} (parser ${PARSER_VERSION})\n`);
  }
});

test('--help loads the command line only: no server, database, parser or spreadsheet modules', () => {
  const trace = join(dir, 'imports.txt');
  const { command, args } = cliCommand();
  const hook = pathToFileURL(join(ROOT, 'test', 'trace-imports.mjs')).href;
  for (const cmdArgs of [['--help'], ['search', '--help'], ['--version']]) {
    const r = spawnSync(command, ['--import', hook, ...args, ...cmdArgs], {
      encoding: 'utf8',
      env: { ...process.env, GONGBAO_TRACE_IMPORTS: trace },
    });
    assert.equal(r.status, 0, r.stderr);
  }
  const loaded = readFileSync(trace, 'utf8').trim().split('\n');
  assert.ok(loaded.some((u) => u.endsWith('/src/cli/commands/search.ts')), 'the trace sees the CLI modules');
  const heavy = loaded.filter((u) =>
    /\/node_modules\/(fastify|@fastify|better-sqlite3|pg|exceljs|cli-progress|string-width)\/|\/src\/(parse|server\/|store\/(?!archive\.ts)|search\/|core\/|extract\/)/.test(u),
  );
  assert.deepEqual(heavy, []);
});

/** Run `gongbao ARGS | head -c 100` in bash: the CLI's exit code and what it wrote to stderr. */
function pipedIntoHead(args: string[], cwd: string): { status: number; stderr: string } {
  const { command, args: base } = cliCommand();
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const errFile = join(dir, 'piped.err');
  const r = spawnSync(
    'bash',
    ['-c', `${[command, ...base, ...args].map(quote).join(' ')} 2>${quote(errFile)} | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`],
    { cwd, encoding: 'utf8', env: { ...process.env, GONGBAO_DB: '' } },
  );
  return { status: Number(r.stdout.trim()), stderr: readFileSync(errFile, 'utf8') };
}

test('a reader that stops early (| head) ends the command quietly: exit 0, nothing on stderr', () => {
  // Both outputs are far larger than a pipe's buffer, so the writer does meet the closed pipe.
  const parse = pipedIntoHead(['parse', CORPUS_FILES[0]!], dir);
  assert.deepEqual(parse, { status: 0, stderr: '' });
  const ingest = cli(['ingest', ...CORPUS_FILES, '--db', 'piped.db'], dir);
  assert.equal(ingest.status, 0, ingest.stderr);
  for (const format of ['jsonl', 'csv', 'md', 'xlsx']) {
    const r = pipedIntoHead(['export', 'tasks', '--db', 'piped.db', '--format', format], dir);
    assert.deepEqual(r, { status: 0, stderr: '' }, format);
  }
});

/**
 * The launcher in a tree of its own (`name` under the test folder), with a stand-in compiled CLI
 * (`main`'s source) and, when given, a stand-in bundle; `run` gives what the launcher printed.
 */
function launcherTree(name: string, main: string, bundle?: string) {
  const root = join(dir, name);
  const file = (...parts: string[]) => join(root, ...parts);
  mkdirSync(file('bin'), { recursive: true });
  mkdirSync(file('dist', 'cli'), { recursive: true });
  for (const f of ['gongbao.js', 'package.json']) copyFileSync(join(ROOT, 'bin', f), file('bin', f));
  writeFileSync(file('package.json'), '{"type":"module"}');
  writeFileSync(file('dist', 'cli', 'main.js'), main);
  if (bundle !== undefined) {
    mkdirSync(file('dist', 'bundle'), { recursive: true });
    writeFileSync(file('dist', 'bundle', 'main.cjs'), bundle);
  }
  const run = (...args: string[]) => spawnSync(process.execPath, [file('bin', 'gongbao.js'), ...args], { encoding: 'utf8' }).stdout;
  return { file, run };
}

test('bin/gongbao.js: a bare --help prints the help the build wrote, unless the compiled CLI is newer', () => {
  const { file, run } = launcherTree('launcher', "process.stdout.write('cli ran: ' + process.argv.slice(2).join(' ') + '\\n');");
  const main = file('dist', 'cli', 'main.js');
  const help = file('dist', 'cli', 'help.txt');
  writeFileSync(help, 'Usage: gongbao [options] [command]\n');
  const old = new Date(Date.now() - 60_000);
  utimesSync(main, old, old);
  assert.equal(run('--help'), 'Usage: gongbao [options] [command]\n');
  assert.equal(run('-h'), 'Usage: gongbao [options] [command]\n');
  // Anything more than the bare flag is the CLI's.
  assert.equal(run('parse', '--help'), 'cli ran: parse --help\n');
  // A help older than the compiled CLI (rebuilt without npm run build) is not trusted.
  utimesSync(help, new Date(old.getTime() - 60_000), new Date(old.getTime() - 60_000));
  assert.equal(run('--help'), 'cli ran: --help\n');
});

test('bin/gongbao.js: runs the bundled CLI when it is not older than the compiled one', () => {
  const { file, run } = launcherTree('launcher-bundle', "process.stdout.write('compiled\\n');", "process.stdout.write('bundled\\n');");
  const old = new Date(Date.now() - 60_000);
  utimesSync(file('dist', 'cli', 'main.js'), old, old);
  assert.equal(run('list'), 'bundled\n');
  // Compiled again without bundling (tsc alone): the bundle is stale, the compiled CLI runs.
  utimesSync(file('dist', 'bundle', 'main.cjs'), new Date(old.getTime() - 60_000), new Date(old.getTime() - 60_000));
  assert.equal(run('list'), 'compiled\n');
});

test('start-up runs without the optimizing compiler; commands but a one-shot parse run with it', () => {
  // Installed deep (as under /usr/local/lib/node_modules/): the longer the path, the sooner Node's
  // module-path helpers count as hot while the CLI loads, and TurboFan compiled three of them.
  const root = join(dir, `deep-${'x'.repeat(60)}`, 'node_modules', 'gongbao');
  mkdirSync(root, { recursive: true });
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(ROOT, part), join(root, part), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  const tiny = join(dir, 'tiny-issue.txt');
  writeFileSync(tiny, readFileSync(CORPUS_FILES[0]!, 'utf8').split('\n').slice(0, 150).join('\n'));
  const traced = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--trace-opt', join(root, 'bin', 'gongbao.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => /^\[completed compiling .*TURBOFAN/.test(l));
  };
  assert.deepEqual(traced('parse', tiny, '--format', 'json'), []);
  assert.ok(traced('ingest', CORPUS_FILES[0]!, '--db', join(dir, 'tiered.db')).length > 0, 'ingest ran without TurboFan');
});

test('the help the build writes is the one the CLI prints', () => {
  const cached = join(ROOT, 'dist', 'cli', 'help.txt');
  const { command, args } = cliCommand();
  const live = spawnSync(command, [...args, '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '80' } });
  assert.equal(live.status, 0, live.stderr);
  assert.equal(readFileSync(cached, 'utf8'), live.stdout, 'dist/cli/help.txt differs from `gongbao --help`: run npm run build');
});
