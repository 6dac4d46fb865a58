import { readFileSync } from 'node:fs';
import { parseFile } from '../src/parse.js';
const t = performance.now();
const file = process.argv[2]!;
const r = await parseFile(new Uint8Array(readFileSync(file)), { fileName: file, ocr: (process.argv[3] as any) ?? 'auto', cacheDir: '/tmp/ocrcache' });
console.error('ms', (performance.now() - t).toFixed(0));
console.log(JSON.stringify({ source: r.source, issue: r.issue, warnings: r.warnings.slice(0, 10), toc: r.toc.length }, null, 1));
for (const d of r.documents) console.log(d.startLine, d.endLine, d.docNumber, '|', d.title, '|', d.issuers.join(','), d.docType, d.date, d.publicity, 'toc', d.tocPage, JSON.stringify(d.pages), 'app', d.appointments.length, 'att', d.attachments.length);
