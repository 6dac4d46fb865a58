import { readFileSync } from 'node:fs';
import { readPdfTextLayer } from '../src/pdf/read.js';
const bytes = new Uint8Array(readFileSync(process.argv[2]!));
await readPdfTextLayer(bytes); // warm
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const r = await readPdfTextLayer(bytes);
  const ms = performance.now() - t;
  console.log(r.pageCount, 'pages', ms.toFixed(0), 'ms', (r.pageCount / ms * 1000).toFixed(1), 'pages/s');
}
