import { readFileSync } from 'node:fs';
import { readPdfTextLayer } from '../src/pdf/read.js';
import { fragmentsOf } from '../src/layout/fragments.js';
import { readingOrder } from '../src/layout/columns.js';
let t = performance.now();
const pdf = await readPdfTextLayer(new Uint8Array(readFileSync(process.argv[2]!)));
console.log('read', performance.now() - t);
for (const p of pdf.pages.slice(0, Number(process.argv[3] ?? 1))) {
  const fr = fragmentsOf(p.items);
  const o = readingOrder(fr);
  console.log('page', p.page, 'columns', o.columns);
  for (const r of o.rows) console.log(r.column, r.frame.x0.toFixed(0), r.frame.x1.toFixed(0), '|', r.box.x0.toFixed(0), r.box.y0.toFixed(0), r.box.x1.toFixed(0), r.box.y1.toFixed(0), r.cells.map(c => c.text).join(' ¦ '));
}
