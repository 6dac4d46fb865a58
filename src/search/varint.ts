/** Unsigned LEB128 varints: the compact integer encoding of the posting lists. */

/** A growable byte buffer that varints are appended to. */
export class ByteWriter {
  buf: Uint8Array;
  length = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
  }

  private grow(need: number): void {
    let size = this.buf.length * 2;
    while (size < this.length + need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  varint(v: number): void {
    if (this.length + 8 > this.buf.length) this.grow(8);
    const b = this.buf;
    while (v >= 0x80) {
      b[this.length++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    b[this.length++] = v;
  }

  bytes(src: Uint8Array): void {
    if (this.length + src.length > this.buf.length) this.grow(src.length);
    this.buf.set(src, this.length);
    this.length += src.length;
  }

  /** A copy of the written bytes. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Reads varints from a byte array; `pos` is public so callers can skip ahead. */
export class ByteReader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** The next varint; throws on a varint cut off by the end of the buffer (damaged postings). */
  varint(): number {
    const b = this.buf;
    let byte = b[this.pos++];
    if (byte !== undefined && byte < 0x80) return byte;
    if (byte === undefined) throw new RangeError('varint read past the end of the buffer');
    let v = byte & 0x7f;
    let mul = 128;
    for (;;) {
      byte = b[this.pos++];
      if (byte === undefined) throw new RangeError('varint read past the end of the buffer');
      v += (byte & 0x7f) * mul;
      if (byte < 0x80) return v;
      mul *= 128;
    }
  }
}
