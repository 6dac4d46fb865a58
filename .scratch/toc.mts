import { readFileSync } from 'node:fs';
import { parseFile } from '../src/parse.js';
const r = await parseFile(readFileSync(process.argv[2]!), { fileName: 'x.pdf' });
console.log('toc', r.toc.length);
for (const t of r.toc) console.log(t.page, t.documentIndex, t.docNumber, t.title.slice(0, 40));
console.log(r.documents.map((d) => `${d.tocPage}/${d.pages?.first}`).join(' '));
