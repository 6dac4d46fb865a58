/**
 * A full disk, for real: the archive lives on a small tmpfs mounted for the test, filled to the
 * last block. Reading (search, export, serve) must still work — SQLite's WAL readers want a -shm
 * file they cannot create there — and ingest must end with its summary and a clear message.
 *
 * Why tmpfs: it is a real file system that really runs out of space (ENOSPC on the -shm file, the
 * WAL and the database), unlike a file size limit (EFBIG, and only for the file being written) or
 * a read-only mount (a different error). Mounting needs root, which this machine and CI have;
 * elsewhere the test is skipped with the reason, except under CI, where it must run.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_FILES, cli, cliCommand, tempDir } from './store-fixtures.js';

let dir: string;
let cleanup: () => void;
let mnt: string;
let mounted = false;
let cannotMount = '';

before(() => {
  ({ dir, cleanup } = tempDir('gongbao-full-disk-'));
  mnt = join(dir, 'mnt');
  mkdirSync(mnt);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (r.status === 0) mounted = true;
  else cannotMount = (r.stderr || r.error?.message || 'mount failed').trim();
  if (!mounted && process.env.CI) throw new Error(`cannot mount a tmpfs for the full-disk test under CI: ${cannotMount}`);
});

after(() => {
  if (mounted) spawnSync('umount', [mnt]);
  cleanup();
});

/** Fill the file system holding `folder`, leaving `keep` bytes (rounded to blocks) free. */
function fill(folder: string, keep = 0): void {
  const fd = openSync(join(folder, `filler-${keep}`), 'w');
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) {
      const { bavail, bsize } = statfsSync(folder);
      const room = bavail * bsize - keep;
      if (room <= 0) break;
      writeSync(fd, chunk, 0, Math.min(chunk.length, room));
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}

const free = (folder: string) => {
  const { bavail, bsize } = statfsSync(folder);
  return bavail * bsize;
};

/** `gongbao serve` on the archive: its first lines, and one API answer. */
async function serveOnce(db: string): Promise<{ stderr: string; status: number; body: { total: number } }> {
  const { command, args } = cliCommand();
  const child = spawn(command, [...args, 'serve', '--db', db, '--port', '0'], { env: { ...process.env, GONGBAO_DB: '', GONGBAO_TOKEN: 'secret' } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address within 60 s: ${err}`)), 60_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = /http:\/\/localhost:(\d+)\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${m[1]}`);
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
    });
    const res = await fetch(`${url}/api/search?q=${encodeURIComponent('通知')}`);
    return { stderr: err, status: res.status, body: (await res.json()) as { total: number } };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

test('on a full disk: search, export and serve read the archive; ingest says the disk is full', async (t) => {
  if (!mounted) return t.skip(`cannot mount a tmpfs (needs root): ${cannotMount}`);
  const db = join(mnt, 'g.db');
  const first = cli(['ingest', CORPUS_FILES[0]!, '--db', db], dir);
  assert.equal(first.status, 0, first.stderr);
  fill(mnt);
  assert.ok(free(mnt) < 4096, `still ${free(mnt)} bytes free`);

  const search = cli(['search', '通知', '--db', db, '--json'], dir);
  assert.equal(search.status, 0, search.stderr);
  assert.equal(JSON.parse(search.stdout).total, 19);
  assert.match(search.stderr, /^gongbao: warning: .*is the disk full\?.*exclusive lock/);

  const exported = cli(['export', 'documents', '--db', db, '-o', join(dir, 'docs.csv')], dir);
  assert.equal(exported.status, 0, exported.stderr);
  const listed = cli(['export', 'tasks', '--db', db], dir);
  assert.equal(listed.status, 0, listed.stderr);
  assert.ok(listed.stdout.split('\n').length > 100);

  const served = await serveOnce(db);
  assert.equal(served.status, 200);
  assert.equal(served.body.total, 19);
  assert.match(served.stderr, /the disk holding .*g\.db is full .*serving the archive read-only as it is, without ingest/);

  // Not even the archive's lock file fits: nothing is stored, and the one line says why.
  const none = cli(['ingest', CORPUS_FILES[1]!, '--db', db], dir);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /^gongbao: the disk holding .*g\.db is full \(\d+ KiB free\): nothing ingested/);
  assert.equal(none.stderr.trim().split('\n').length, 1, none.stderr);
});

test('a disk that fills up during ingest: the summary of what was stored, then that the disk is full', async (t) => {
  if (!mounted) return t.skip(`cannot mount a tmpfs (needs root): ${cannotMount}`);
  const folder = join(mnt, 'second');
  mkdirSync(folder);
  const db = join(folder, 'g.db');
  // Room to open the archive, not to store an issue.
  rmSync(join(mnt, 'filler-0'));
  assert.equal(cli(['ingest', CORPUS_FILES[0]!, '--db', db], dir).status, 0);
  fill(mnt, 256 * 1024);
  const r = cli(['ingest', CORPUS_FILES[1]!, CORPUS_FILES[2]!, '--db', db], dir);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^2 files, 0 new, 0 replaced, 0 unchanged, 2 failed; stored 0 documents, 0 warnings in /);
  const lines = r.stderr.trim().split('\n');
  assert.match(lines.at(-1)!, /^gongbao: the disk holding .*g\.db is full \(\d+ KiB free\): 2 files not stored; free some space and run the same ingest again/);
  assert.equal(lines.filter((l) => /failed .*database or disk is full/.test(l)).length, 2);
  // What was stored before stays readable.
  const search = cli(['search', '通知', '--db', db, '--json'], dir);
  assert.equal(search.status, 0, search.stderr);
  assert.equal(JSON.parse(search.stdout).total, 19);
});
