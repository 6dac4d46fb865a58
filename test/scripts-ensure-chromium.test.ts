/**
 * scripts/ensure-chromium.sh when another apt/dpkg process holds apt's locks: it waits (bounded)
 * instead of failing at once, and says clearly when the wait ran out. apt-get is a stand-in on
 * PATH that answers "Could not get lock" a given number of times, as apt-get update does while
 * another process holds the package lists' lock (DPkg::Lock::Timeout does not cover that lock).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './store-fixtures.js';

const FAKE_APT_GET = `#!/usr/bin/env bash
n=$(cat "$STATE/count" 2>/dev/null || echo 0)
echo $((n + 1)) > "$STATE/count"
echo "$*" >> "$STATE/calls"
if [ "$n" -lt "$LOCKED_CALLS" ]; then
  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
  echo "E: Unable to lock directory /var/lib/apt/lists/" >&2
  exit 100
fi
case " $* " in *" install "*) printf '#!/bin/sh\\n' > "$STATE/chromium"; chmod +x "$STATE/chromium" ;; esac
exit 0
`;

function ensureChromium(lockedCalls: number, env: Record<string, string> = {}) {
  const { dir, cleanup } = tempDir('gongbao-apt-');
  try {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'apt-get'), FAKE_APT_GET);
    chmodSync(join(bin, 'apt-get'), 0o755);
    const r = spawnSync('bash', [join(ROOT, 'scripts', 'ensure-chromium.sh')], {
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        STATE: dir,
        LOCKED_CALLS: String(lockedCalls),
        GONGBAO_CHROMIUM: join(dir, 'chromium'),
        GONGBAO_APT_LOCK_POLL: '0.1',
        ...env,
      },
    });
    const calls = existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') : [];
    return { status: r.status, stderr: r.stderr, calls };
  } finally {
    cleanup();
  }
}

// Under sudo the stand-in would not be the apt-get that runs.
const notRoot = process.getuid?.() !== 0 ? 'needs root (ensure-chromium.sh runs apt-get through sudo otherwise)' : false;

test('apt-get held up by another process: waits for the lock, then installs', { skip: notRoot }, () => {
  const r = ensureChromium(2);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /another apt\/dpkg process holds apt's lock; waiting for it \(up to 300 s\)/);
  assert.deepEqual(
    r.calls.map((c) => c.replace(/ -y -qq --no-install-recommends/, '')),
    [
      '-o DPkg::Lock::Timeout=300 update -qq',
      '-o DPkg::Lock::Timeout=300 update -qq',
      '-o DPkg::Lock::Timeout=300 update -qq',
      '-o DPkg::Lock::Timeout=300 install chromium fonts-noto-cjk',
    ],
  );
});

test('a lock held past the bound: a clear message and a non-zero exit', { skip: notRoot }, () => {
  const r = ensureChromium(1_000_000, { GONGBAO_APT_LOCK_TIMEOUT: '1' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /another apt\/dpkg process still holds apt's lock after 1 s \(Could not get lock \/var\/lib\/apt\/lists\/lock\. It is held by process 4242 \(apt-get\)\); run this again when it has finished/);
  // Only updates were tried (never an install). How many depends on how fast the machine spawns
  // processes: on a loaded one the first call alone can outlast a 1 s bound, so no count is asserted
  // here (the test above checks the retries).
  assert.ok(r.calls.length >= 1 && r.calls.every((c) => c.includes('update')), r.calls.join('\n'));
});

test('ensure-curl.sh waits for apt\'s lock too (the apt code all ensure scripts share)', { skip: notRoot }, () => {
  const { dir, cleanup } = tempDir('gongbao-apt-curl-');
  try {
    // A PATH without curl: the tools the script and the stand-in use, and the stand-in apt-get,
    // whose install puts a curl there.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    for (const tool of ['bash', 'dirname', 'date', 'grep', 'sed', 'sleep', 'id', 'cat', 'chmod', 'head']) {
      symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    }
    const fake = FAKE_APT_GET.replace('> "$STATE/chromium"; chmod +x "$STATE/chromium"', '> "$STATE/bin/curl"; echo "echo curl 8.0" >> "$STATE/bin/curl"; chmod +x "$STATE/bin/curl"');
    assert.notEqual(fake, FAKE_APT_GET);
    writeFileSync(join(bin, 'apt-get'), fake);
    chmodSync(join(bin, 'apt-get'), 0o755);
    const r = spawnSync('/usr/bin/bash', [join(ROOT, 'scripts', 'ensure-curl.sh')], {
      encoding: 'utf8',
      env: { PATH: bin, STATE: dir, LOCKED_CALLS: '2', GONGBAO_APT_LOCK_POLL: '0.1' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /ensure-curl: another apt\/dpkg process holds apt's lock; waiting for it/);
    assert.match(r.stderr, /ensure-curl: curl 8\.0 installed/);
  } finally {
    cleanup();
  }
});
