import { readFileSync } from 'node:fs';
import { readPdfPages } from '../src/pdf/input.js';
import { layoutPages } from '../src/layout/index.js';
const read = await readPdfPages(new Uint8Array(readFileSync(process.argv[2]!)), { cacheDir: '/tmp/ocrcache' });
const lay = layoutPages(read.pages);
console.log(lay.pages.map((p) => `${p.page}:${p.printedPage ?? '-'}${p.printedPageSeen ? '' : '?'}`).join(' '));
for (const p of lay.pages.slice(0, 12)) console.log(p.page, JSON.stringify(p.furniture.map((f) => f.text)));
