import { readFileSync } from 'node:fs';
import { parseFile } from '../src/parse.js';
const r = await parseFile(readFileSync(process.argv[2]!), { fileName: 'x.pdf', cacheDir: '/tmp/ocrcache' });
console.log(r.source.ocrPages, r.issue?.title, r.warnings.map((w) => w.code));
for (const d of r.documents) console.log(d.docNumber, d.title, d.date, d.tocPage, JSON.stringify(d.pages));
