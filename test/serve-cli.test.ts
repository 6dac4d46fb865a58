/**
 * `gongbao serve` as a process: one server and `--workers 2` (two processes sharing the port), a
 * replaced worker, a clean stop, bad options and a missing archive — and answers the server keeps
 * in memory following an ingest made by another process while it runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_FILES, cli, cliCommand, tempDir } from './store-fixtures.js';

interface Running {
  child: ChildProcess;
  url: string;
  out: () => string;
  exited: Promise<number | null>;
}

function serve(args: string[]): Promise<Running> {
  const { command, args: base } = cliCommand();
  const child = spawn(command, [...base, 'serve', '--port', '0', ...args], { env: { ...process.env, GONGBAO_DB: '', GONGBAO_TOKEN: '' } });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address within 60 s: ${out} ${err}`)), 60_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/localhost:\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!.replace('localhost', '127.0.0.1'), out: () => out + err, exited });
      }
    });
    child.stderr!.on('data', (d) => (err += d));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}): ${err}`));
    });
  });
}

/** The worker processes of a primary (Linux). */
function workersOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const json = async (url: string) => (await fetch(url)).json() as Promise<Record<string, unknown>>;

test('serve --workers 2: both answer on one port, a dead worker is replaced, kept answers follow another process’s ingest, SIGTERM stops all', async () => {
  const t = tempDir();
  const db = join(t.dir, 'a.db');
  try {
    assert.equal(cli(['ingest', '--db', db, CORPUS_FILES[0]!], t.dir).status, 0);
    const s = await serve(['--db', db, '--workers', '2']);
    try {
      assert.match(s.out(), /2 workers/);
      const pid = s.child.pid!;
      await until('two workers', () => workersOf(pid).length === 2);
      const first = (await json(`${s.url}/api/stats`)) as { documents: number; issues: number };
      assert.equal(first.issues, 1);
      // Many requests over fresh connections: every one answered, by either worker.
      const statuses = await Promise.all(Array.from({ length: 40 }, () => fetch(`${s.url}/api/stats`, { headers: { connection: 'close' } }).then((r) => r.status)));
      assert.deepEqual([...new Set(statuses)], [200]);

      // Another process ingests while the server runs: every worker's kept stats and search
      // answers must follow (not keep the counts of before).
      const before = (await json(`${s.url}/api/search?q=${encodeURIComponent('耐火材料')}`)) as { total: number };
      assert.equal(cli(['ingest', '--db', db, CORPUS_FILES[1]!, CORPUS_FILES[2]!], t.dir).status, 0);
      for (let i = 0; i < 10; i++) {
        const st = (await json(`${s.url}/api/stats`)) as { issues: number; documents: number };
        assert.equal(st.issues, 3, 'stats follow the other process’s ingest');
        assert.ok(st.documents > first.documents);
      }
      const after = (await json(`${s.url}/api/search?q=${encodeURIComponent('耐火材料')}`)) as { total: number };
      assert.ok(after.total >= before.total);
      const people = (await json(`${s.url}/api/people?limit=100`)) as { items: unknown[] };
      assert.ok(people.items.length > 0);

      // A worker that dies is replaced.
      const [victim] = workersOf(pid);
      process.kill(victim!, 'SIGKILL');
      await until('a replacement worker', () => {
        const w = workersOf(pid);
        return w.length === 2 && !w.includes(victim!);
      });
      assert.equal((await fetch(`${s.url}/api/stats`)).status, 200);

      const workers = workersOf(pid);
      s.child.kill('SIGTERM');
      assert.equal(await s.exited, 0);
      await until('the workers to stop', () => workers.every((w) => !alive(w)));
    } finally {
      if (s.child.exitCode === null) s.child.kill('SIGKILL');
    }
  } finally {
    t.cleanup();
  }
});

test('serve: bad --workers is a usage error; a missing archive is one line and a non-zero exit, with or without workers', () => {
  const t = tempDir();
  try {
    for (const bad of ['0', '65', 'two', '-1']) {
      const r = cli(['serve', '--db', join(t.dir, 'x.db'), '--port', '0', '--workers', bad], t.dir);
      assert.equal(r.status, 2, `--workers ${bad}: ${r.stderr}`);
      assert.match(r.stderr, /--workers must be a whole number from 1 to 64/);
    }
    for (const extra of [[], ['--workers', '2']]) {
      const r = cli(['serve', '--db', join(t.dir, 'missing.db'), '--port', '0', ...extra], t.dir);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /no archive at .*missing\.db/);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
    }
  } finally {
    t.cleanup();
  }
});
