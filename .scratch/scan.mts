import { readFileSync } from 'node:fs';
import { parseFile } from '../src/parse.js';
const r = await parseFile(new Uint8Array(readFileSync(process.argv[2]!)), { fileName: 'x.pdf' });
import { writeFileSync } from 'node:fs';
writeFileSync('/tmp/scan.json', JSON.stringify(r, null, 1));
for (const p of r.pages) console.log(p.page, p.printedPage, p.printedPageSeen, p.columns, JSON.stringify(p.furniture));
