/**
 * Minimal PDF files written byte by byte, for the bad-input tests: pages of ASCII text in a
 * standard font, optionally a large image, with a correct cross-reference table.
 */
export interface PdfSpec {
  /** Text lines of each page. */
  pages: string[][];
  /** Pages tree claims this many pages (default: the real count). */
  claimedCount?: number;
  /** An image XObject of this size (grey, Flate of zeros) drawn on the first page. */
  image?: { width: number; height: number; data: Buffer };
}

export function buildPdf(spec: PdfSpec): Buffer {
  const objects: (string | Buffer)[] = [];
  const add = (o: string | Buffer): number => objects.push(o);
  const catalog = add('');
  const pagesId = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const image = spec.image
    ? add(Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${spec.image.width} /Height ${spec.image.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${spec.image.data.length} >>\nstream\n`), spec.image.data, Buffer.from('\nendstream')]))
    : null;
  const kids: number[] = [];
  spec.pages.forEach((lines, i) => {
    const ops = lines.map((l, k) => `BT /F1 12 Tf 72 ${760 - k * 16} Td (${l.replace(/[()\\]/g, '\\$&')}) Tj ET`);
    if (image && i === 0) ops.unshift('q 451 0 0 600 72 100 cm /Im1 Do Q');
    const content = ops.join('\n');
    const stream = add(`<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`);
    const xobj = image && i === 0 ? ` /XObject << /Im1 ${image} 0 R >>` : '';
    kids.push(add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 595 842] /Contents ${stream} 0 R /Resources << /Font << /F1 ${font} 0 R >>${xobj} >> >>`));
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
  objects[pagesId - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${spec.claimedCount ?? kids.length} >>`;
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((o, i) => {
    const body = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), typeof o === 'string' ? Buffer.from(o, 'latin1') : o, Buffer.from('\nendobj\n')]);
    offsets.push(at);
    parts.push(body);
    at += body.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}
