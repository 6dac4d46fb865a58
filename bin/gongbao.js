#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the "prepare" script). It imports
// nothing else itself, so that `gongbao --help` starts fast.
const entry = new URL('../dist/cli/main.js', import.meta.url);
try {
  await import(entry.href);
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes(decodeURIComponent(entry.pathname))) throw e;
  process.stderr.write('gongbao: not built yet; run `npm ci` (or `npm run build`) first\n');
  process.exit(2);
}
