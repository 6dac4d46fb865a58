/**
 * A "scanned" copy of a text PDF: every page rasterised with `pdftoppm -r 150 -gray`, given the
 * small faults of a real scan (a slight skew on some pages, a few dust specks, a faint paper tone),
 * encoded as grey JPEG and assembled into an image-only PDF of the same page size. Deterministic: the faults
 * come from a seeded generator, the encoders are fixed, the PDF carries no dates.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { rng } from '../../bench/random.js';
import { rasterizeGray } from './tools.js';

export const SCAN_DPI = 150;
const JPEG_QUALITY = 50;
/** Skew of a tilted page, degrees. */
const SKEW = 0.3;

export interface ScanOptions {
  /** Seed of the faults; the same seed gives the same bytes. */
  seed: string;
}

/** Returns the number of pages. */
export async function scanPdf(input: string, output: string, options: ScanOptions): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'gongbao-scan-'));
  try {
    rasterizeGray(input, SCAN_DPI, join(work, 'p'));
    const files = readdirSync(work).filter((f) => f.endsWith('.pgm')).sort();
    const pdf = await PDFDocument.create({ updateMetadata: false });
    for (const [i, file] of files.entries()) {
      const random = rng(hash(`${options.seed}:${i + 1}`));
      const jpeg = await scannedPage(readPgm(join(work, file)), random);
      const image = await pdf.embedJpg(jpeg);
      // The page is the image at its resolution: A4 at 150 dpi.
      const size = { width: (image.width * 72) / SCAN_DPI, height: (image.height * 72) / SCAN_DPI };
      pdf.addPage([size.width, size.height]).drawImage(image, { x: 0, y: 0, ...size });
    }
    writeFileSync(output, await pdf.save({ useObjectStreams: false }));
    return files.length;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A binary PGM (P5, 8-bit) as pdftoppm -gray writes it. */
function readPgm(path: string): Gray {
  const buf = readFileSync(path);
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!header || header[3] !== '255') throw new Error(`${path}: not an 8-bit binary PGM`);
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, data: new Uint8Array(buf.subarray(header[0].length, header[0].length + width * height)) };
}

async function scannedPage(page: Gray, random: () => number): Promise<Buffer> {
  const { width, height } = page;
  const data = Uint8Array.from(page.data);
  // Paper a shade off white, darker towards one edge; the ink a little lighter than black.
  const tone = 242 + Math.floor(random() * 8);
  const fade = 6 * random();
  for (let y = 0; y < height; y++) {
    const paper = tone - Math.round((fade * y) / height);
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      data[i] = Math.round(18 + (data[i] * (paper - 18)) / 255);
    }
  }
  // Dust: a few dozen specks of 1–3 px.
  const specks = 20 + Math.floor(random() * 40);
  for (let s = 0; s < specks; s++) {
    const cx = Math.floor(random() * width);
    const cy = Math.floor(random() * height);
    const r = 1 + Math.floor(random() * 2);
    const ink = 40 + Math.floor(random() * 110);
    for (let dy = -r; dy <= r; dy++) {
      for (let dx = -r; dx <= r; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x >= 0 && y >= 0 && x < width && y < height && dx * dx + dy * dy <= r * r) data[y * width + x] = ink;
      }
    }
  }
  let image = sharp(Buffer.from(data), { raw: { width, height, channels: 1 } });
  // About one page in three is fed in slightly askew.
  const skew = random() < 0.35 ? (random() < 0.5 ? -SKEW : SKEW) : 0;
  if (skew) {
    const rotated = await image.rotate(skew, { background: { r: tone, g: tone, b: tone } })
      .toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    const left = Math.floor((rotated.info.width - width) / 2);
    const top = Math.floor((rotated.info.height - height) / 2);
    image = sharp(rotated.data, { raw: { width: rotated.info.width, height: rotated.info.height, channels: rotated.info.channels } })
      .extract({ left, top, width, height });
  }
  return image.toColourspace('b-w').jpeg({ quality: JPEG_QUALITY, mozjpeg: false }).toBuffer();
}

/** FNV-1a of a string: the seed of one page. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
