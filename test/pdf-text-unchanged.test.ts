/**
 * The text read from every fixture PDF stays what it was: a hash of each page's positioned runs
 * (read stage) and of the reconstructed lines (layout stage) per fixture, taken before the reader
 * was made faster. A speed change
 * that moves one character, run or box fails here; a deliberate change of the output updates the
 * hashes (`GONGBAO_PRINT_HASHES=1` prints them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readPdfTextLayer } from '../src/pdf/read.js';
import { layoutPages } from '../src/layout/index.js';
import { sourceLinesOfLayout } from '../src/pdf/lines.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'pdf');

const EXPECTED: Record<string, { runs: string; lines: string }> = {
  'yangquan-2020-01.2col.pdf': { runs: '19bf6a9730922e0a', lines: '4bb24b743a6f1408' },
  'yangquan-2020-01.pdf': { runs: '98905431d6db89ae', lines: '0711c2dea46df2f7' },
  'yangquan-2021-05.2col.pdf': { runs: '89f8bc471a0817c3', lines: 'b28428fdecb75685' },
  'yangquan-2021-05.pdf': { runs: '4d9fb30e230181a8', lines: 'e8abfdcf16283a59' },
  'yangquan-2021-05.scan.pdf': { runs: 'c4e46d689d9485b1', lines: '9bf1d205f88a0ca4' },
  'yangquan-2023-05.2col.pdf': { runs: '7387cc3453e8fe8c', lines: '5641396da4ecfe23' },
  'yangquan-2023-05.broken.pdf': { runs: 'bd962ccad5ba8df7', lines: '096198f6e1ef1924' },
  'yangquan-2023-05.pdf': { runs: 'bcae17d3b771b422', lines: '8c7104b58120b7ed' },
};

const r3 = (n: number) => Math.round(n * 1000) / 1000;
const sha = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16);

const files = readdirSync(DIR).filter((f) => f.endsWith('.pdf')).sort();

test('every fixture PDF has an expected hash', () => {
  assert.deepEqual(files, Object.keys(EXPECTED).sort());
});

for (const file of files) {
  test(`${file}: runs and lines unchanged`, async () => {
    const layer = await readPdfTextLayer(new Uint8Array(readFileSync(join(DIR, file))));
    const runs = sha(layer.pages.map((p) => [p.page, r3(p.width), r3(p.height), p.origin,
      p.items.map((i) => [i.text, r3(i.x), r3(i.y), r3(i.width), r3(i.height), r3(i.size), i.bold, i.confidence])]));
    const lines = sha(sourceLinesOfLayout(layoutPages(layer.pages)));
    if (process.env.GONGBAO_PRINT_HASHES) console.log(`  '${file}': { runs: '${runs}', lines: '${lines}' },`);
    assert.deepEqual({ pageCount: layer.pageCount, runs, lines }, { pageCount: layer.pages.length, ...EXPECTED[file] });
  });
}
