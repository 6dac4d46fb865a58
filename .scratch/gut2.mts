import { readFileSync } from 'node:fs';
import { readPdfTextLayer } from '../src/pdf/read.js';
import { rowsOfItems } from '../src/layout/fragments.js';
import { findGutter } from '../src/layout/columns.js';
const pdf = await readPdfTextLayer(new Uint8Array(readFileSync(process.argv[2]!)));
const known = { x0: 285.92, x1: 308.61 };
for (const n of process.argv.slice(3).map(Number)) {
  const p = pdf.pages[n - 1]!;
  const rows = rowsOfItems(p.items);
  console.log(n, JSON.stringify(findGutter(rows)), JSON.stringify(findGutter(rows, undefined, known)));
  for (const r of rows) { const x0 = Math.min(...r.map(i => i.x)), x1 = Math.max(...r.map(i => i.x + i.width)); console.log('  ', x0.toFixed(0), x1.toFixed(0), r[0]!.y.toFixed(0), r.map(i => i.text).join('|').slice(0, 60)); }
}
