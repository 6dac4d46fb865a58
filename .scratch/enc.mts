import { readFileSync } from 'node:fs';
import { parseFile } from '../src/parse.js';
for (const f of ['/tmp/enc-user.pdf', '/tmp/enc-owner.pdf']) {
  try { const r = await parseFile(new Uint8Array(readFileSync(f)), { ocr: 'never' }); console.log(f, 'ok', r.source.pageCount, r.warnings.map(w => w.code)); }
  catch (e) { console.log(f, 'error', (e as Error).message); }
}
