import { readFileSync } from 'node:fs';
import { readPdfTextLayer } from '../src/pdf/read.js';
import { rowsOfItems } from '../src/layout/fragments.js';
import { findGutter } from '../src/layout/columns.js';
const pdf = await readPdfTextLayer(new Uint8Array(readFileSync(process.argv[2]!)));
for (const n of process.argv.slice(3).map(Number)) {
  const p = pdf.pages[n - 1]!;
  (globalThis as any).DEBUG_GUTTER = true;
  console.log(n, JSON.stringify(findGutter(rowsOfItems(p.items))));
}
