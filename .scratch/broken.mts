import { readFileSync } from 'node:fs';
import { readPdfTextLayer } from '../src/pdf/read.js';
import { pageQuality } from '../src/pdf/quality.js';
const r = await readPdfTextLayer(new Uint8Array(readFileSync('fixtures/pdf/yangquan-2023-05.broken.pdf')));
for (const p of r.pages) console.log(p.page, pageQuality(p), p.items.length, p.items.slice(0, 5).map((i) => JSON.stringify(i.text)).join(' '));
