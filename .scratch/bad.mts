import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { buildPdf } from '../test/pdf-builder.js';
import { parseFile } from '../src/parse.js';
const cases: Record<string, Buffer> = {
  plain: buildPdf({ pages: [['Hello', 'World'], ['Page two']] }),
  zero: buildPdf({ pages: [] }),
  many: buildPdf({ pages: Array.from({ length: 2000 }, (_, i) => [`Page ${i + 1}`, 'Some text on the page']) }),
  image: buildPdf({ pages: [['x']], image: { width: 8000, height: 8000, data: deflateSync(Buffer.alloc(8000 * 8000)) } }),
};
cases.truncated = cases.plain!.subarray(0, Math.floor(cases.plain!.length * 0.6));
cases.html = Buffer.from('<!doctype html><html><body>not a pdf</body></html>');
for (const [name, bytes] of Object.entries(cases)) {
  writeFileSync(`/tmp/bad-${name}.pdf`, bytes);
  const t = performance.now();
  try {
    const r = await parseFile(new Uint8Array(bytes), { fileName: `${name}.pdf`, cacheDir: null });
    console.log(name, 'ok', r.source.pageCount, r.documents.length, r.warnings.map((w) => w.code).join(','), (performance.now() - t).toFixed(0), 'ms');
  } catch (e) { console.log(name, 'error', (e as Error).name, (e as Error).message, (performance.now() - t).toFixed(0), 'ms'); }
}
