import { readFileSync } from 'node:fs';
import { readPdfPages } from '../src/pdf/input.js';
import { layoutPages } from '../src/layout/index.js';
import { sourceLinesOfLayout } from '../src/pdf/lines.js';
const read = await readPdfPages(new Uint8Array(readFileSync(process.argv[2]!)), {});
const lay = layoutPages(read.pages);
const { lines } = sourceLinesOfLayout(lay);
for (const l of lines) console.log(`${l.line}\tp${l.page}\t${l.align}\t${l.raw === l.text ? '' : '[' + l.raw + '] '}${l.text}`);
