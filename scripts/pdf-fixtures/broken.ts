/**
 * A text PDF whose text layer is deliberately broken: the first pages of a fixture with every
 * font's /ToUnicode map and every /ActualText removed (qpdf --qdf, an edit, fix-qdf), so that text
 * extraction yields glyph codes instead of Chinese — what a reader must detect to fall back to OCR.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixQdf, qpdf } from './tools.js';

/** Returns how many /ToUnicode references were removed. */
export function breakTextLayer(input: string, output: string, pages: number): number {
  const work = mkdtempSync(join(tmpdir(), 'gongbao-broken-'));
  try {
    const short = join(work, 'short.pdf');
    qpdf(['--empty', '--deterministic-id', '--pages', input, `1-${pages}`, '--', short]);
    const qdf = join(work, 'short.qdf.pdf');
    qpdf(['--qdf', '--object-streams=disable', '--deterministic-id', short, qdf]);
    // QDF is binary-safe as latin1; fix-qdf repairs the offsets the edit moves.
    const text = readFileSync(qdf).toString('latin1');
    let removed = 0;
    const edited = text
      .replace(/\/ToUnicode\s+\d+\s+\d+\s+R/g, () => {
        removed++;
        return '';
      })
      // Chromium also spells out glyphs shared by several characters (人, 民 …) with a marked-content
      // /ActualText: emptied too, the /Span BDC … EMC pairs stay balanced.
      .replace(/\/ActualText\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))/g, '');
    if (!removed) throw new Error(`${input}: no /ToUnicode map found to remove`);
    const editedFile = join(work, 'edited.qdf.pdf');
    writeFileSync(editedFile, Buffer.from(edited, 'latin1'));
    const fixed = join(work, 'fixed.pdf');
    fixQdf(editedFile, fixed);
    // Rewritten compact; the maps, now unreferenced, are dropped.
    qpdf(['--object-streams=generate', '--compress-streams=y', '--deterministic-id', fixed, output]);
    return removed;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
