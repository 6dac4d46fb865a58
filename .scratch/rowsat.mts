import { readFileSync } from 'node:fs';
import { readPdfTextLayer } from '../src/pdf/read.js';
import { rowsOfItems } from '../src/layout/fragments.js';
const pdf = await readPdfTextLayer(new Uint8Array(readFileSync(process.argv[2]!)));
const p = pdf.pages[Number(process.argv[3]) - 1]!;
const pat = new RegExp(process.argv[4]!);
for (const r of rowsOfItems(p.items)) { const t = r.map(i => i.text).join(''); if (pat.test(t)) console.log(r.map(i => `${i.text}@${i.x.toFixed(1)}-${(i.x + i.width).toFixed(1)}`).join(' ')); }
