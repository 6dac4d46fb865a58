// After the build: writes `gongbao --help` as the compiled CLI prints it to dist/cli/help.txt,
// which bin/gongbao.js prints for a bare `--help` without loading the CLI (see there).
import { spawnSync } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';

const out = new URL('../dist/cli/help.txt', import.meta.url);
rmSync(out, { force: true });
// Width fixed at 80 columns: the help of a pipe, whatever the terminal that runs the build.
const r = spawnSync(process.execPath, [new URL('../bin/gongbao.js', import.meta.url).pathname, '--help'], {
  encoding: 'utf8',
  env: { ...process.env, COLUMNS: '80', FORCE_COLOR: '0' },
});
if (r.status !== 0) {
  process.stderr.write(`write-help: gongbao --help failed (exit ${r.status}): ${r.stderr}`);
  process.exit(1);
}
writeFileSync(new URL('../dist/cli/help.txt.tmp', import.meta.url), r.stdout);
renameSync(new URL('../dist/cli/help.txt.tmp', import.meta.url), out);
