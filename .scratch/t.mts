import { readFileSync } from 'node:fs';
let t = performance.now();
const lap = (m: string) => { const n = performance.now(); console.log(m, (n - t).toFixed(0)); t = n; };
const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
lap('import');
const doc = await getDocument({ data: new Uint8Array(readFileSync('/tmp/sample.pdf')), verbosity: 5, isEvalSupported: false, disableFontFace: true }).promise;
lap('open');
const p = await doc.getPage(1); lap('page');
const tc = await p.getTextContent(); lap('text ' + tc.items.length);
