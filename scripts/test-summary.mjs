#!/usr/bin/env node
// The end of `npm test`: counts and the failed tests by name and file, read from the TAP file the
// test runner wrote beside its spec output (scripts/test.sh). The last line is the plain
// "tests: N passed, N failed, N skipped" that tools read.
//
//   node scripts/test-summary.mjs artifacts/test-results.tap
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: test-summary.mjs TAP-FILE\n');
  process.exit(2);
}
const lines = readFileSync(file, 'utf8').split('\n');
const counts = {};
const failed = [];
for (let i = 0; i < lines.length; i++) {
  const count = /^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$/.exec(lines[i]);
  if (count) counts[count[1]] = Number(count[2]);
  const notOk = /^(\s*)not ok \d+ - (.*?)(?: # (?:SKIP|TODO).*)?$/.exec(lines[i]);
  if (!notOk) continue;
  // The YAML block under the line: where the test is, and whether it failed itself or through a subtest.
  let location = '';
  let failureType = '';
  for (let j = i + 1; j < lines.length && !/^\s*\.\.\.$/.test(lines[j]) && !/^\s*(not )?ok \d+/.test(lines[j]); j++) {
    location ||= /^\s*location: '(.*)'$/.exec(lines[j])?.[1] ?? '';
    failureType ||= /^\s*failureType: '(.*)'$/.exec(lines[j])?.[1] ?? '';
  }
  if (failureType === 'subtestsFailed') continue;
  // (Only the file: line numbers of tests run through tsx point into the compiled code.)
  const where = location ? relative(process.cwd(), location.replace(/(:\d+){1,2}$/, '')) : '(unknown file)';
  failed.push(`  ${where}  ${notOk[2]}${failureType && failureType !== 'testCodeFailure' ? ` (${failureType})` : ''}`);
}
const n = (k) => counts[k] ?? 0;
const out = [
  '',
  `${n('tests')} tests: ${n('pass')} passed, ${n('fail')} failed, ${n('cancelled')} cancelled, ${n('skipped')} skipped, ${n('todo')} todo (TAP: ${file})`,
];
if (failed.length) out.push('failed:', ...failed);
out.push(`tests: ${n('pass')} passed, ${n('fail') + n('cancelled')} failed, ${n('skipped')} skipped`);
process.stdout.write(out.join('\n') + '\n');
