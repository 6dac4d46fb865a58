/**
 * Raw UTF-8 in request URLs. curl sends what the user typed — `curl 'http://…/api/search?q=耐火材料'`
 * puts the bytes of 耐火材料 into the request line unencoded — and Node's HTTP parser (llhttp)
 * refuses any byte above 0x7f in a URL ("Invalid char in url query") before the request reaches
 * fastify, with no option to allow it (not even `insecureHTTPParser`). So the bytes a connection
 * delivers pass through this encoder before the parser: it percent-encodes bytes above 0x7f inside
 * request lines and leaves everything else alone. To know where request lines are it follows the
 * framing of HTTP/1.1 requests (headers, Content-Length or chunked bodies). Anything it does not
 * understand (an upgrade, conflicting or malformed framing headers) switches it to passing bytes
 * through unchanged for the rest of the connection, leaving the verdict to llhttp as before.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

const LF = 0x0a;
const CR = 0x0d;
/** Longest header or chunk-size line followed; longer ones are llhttp's to refuse (431). */
const MAX_LINE = 64 * 1024;

type State = 'start' | 'requestLine' | 'headers' | 'body' | 'chunkSize' | 'chunkData' | 'chunkEnd' | 'trailers' | 'pass';

const HEX = '0123456789ABCDEF';

export class RequestLineEncoder {
  private state: State = 'start';
  /** The header (or chunk-size, trailer) line being read. */
  private line: number[] = [];
  private contentLength: number | null = null;
  private chunked = false;
  private framingProblem = false;
  private upgrade = false;
  /** The request line's first bytes, enough to tell a CONNECT (whose tunnel is not HTTP). */
  private method = '';
  /** Body or chunk bytes still to pass. */
  private remaining = 0;

  /** The bytes to hand to the HTTP parser for `chunk` (the same buffer when nothing changes). */
  transform(chunk: Buffer): Buffer {
    let out: Buffer[] | null = null;
    let copiedTo = 0;
    const encodeAt = (i: number) => {
      out ??= [];
      out.push(chunk.subarray(copiedTo, i), Buffer.from(`%${HEX[chunk[i]! >> 4]}${HEX[chunk[i]! & 15]}`, 'latin1'));
      copiedTo = i + 1;
    };
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case 'pass':
          i = chunk.length;
          break;
        case 'body':
        case 'chunkData': {
          const n = Math.min(this.remaining, chunk.length - i);
          i += n;
          this.remaining -= n;
          if (this.remaining === 0) this.state = this.state === 'body' ? 'start' : 'chunkEnd';
          break;
        }
        case 'start': {
          // Blank lines before a request line are allowed (and sent after some bodies).
          const b = chunk[i]!;
          if (b !== CR && b !== LF) this.state = 'requestLine';
          else i++;
          break;
        }
        case 'requestLine': {
          const b = chunk[i]!;
          if (b > 0x7f) encodeAt(i);
          else if (b === LF) this.startHeaders();
          else if (this.method.length < 8) this.method += String.fromCharCode(b);
          i++;
          break;
        }
        default: {
          // headers, chunkSize, chunkEnd, trailers: whole lines.
          const b = chunk[i]!;
          i++;
          if (b !== LF) {
            if (this.line.length >= MAX_LINE) this.state = 'pass';
            else this.line.push(b);
            break;
          }
          const text = Buffer.from(this.line).toString('latin1').replace(/\r$/, '');
          this.line = [];
          this.onLine(text);
        }
      }
    }
    if (!out) return chunk;
    const parts: Buffer[] = out;
    parts.push(chunk.subarray(copiedTo));
    return Buffer.concat(parts);
  }

  private startHeaders(): void {
    this.state = 'headers';
    this.contentLength = null;
    this.chunked = false;
    this.framingProblem = false;
    this.upgrade = false;
  }

  private onLine(text: string): void {
    switch (this.state) {
      case 'headers':
        return text === '' ? this.endOfHeaders() : this.header(text);
      case 'chunkSize': {
        const m = /^([0-9a-fA-F]{1,8})[ \t]*(;.*)?$/.exec(text);
        if (!m) return void (this.state = 'pass');
        this.remaining = parseInt(m[1]!, 16);
        this.state = this.remaining === 0 ? 'trailers' : 'chunkData';
        return;
      }
      case 'chunkEnd':
        this.state = text === '' ? 'chunkSize' : 'pass';
        return;
      case 'trailers':
        if (text === '') this.state = 'start';
        return;
    }
  }

  private header(text: string): void {
    if (text.startsWith(' ') || text.startsWith('\t')) return void (this.framingProblem = true); // obsolete line folding
    const colon = text.indexOf(':');
    if (colon <= 0) return void (this.framingProblem = true);
    const name = text.slice(0, colon).trim().toLowerCase();
    const value = text.slice(colon + 1).trim().toLowerCase();
    if (name === 'content-length') {
      if (!/^\d{1,15}$/.test(value) || (this.contentLength !== null && this.contentLength !== Number(value))) this.framingProblem = true;
      else this.contentLength = Number(value);
    } else if (name === 'transfer-encoding') {
      if (this.chunked) this.framingProblem = true;
      this.chunked = /(^|,)\s*chunked\s*$/.test(value);
      if (!this.chunked) this.framingProblem = true;
    } else if (name === 'upgrade') {
      this.upgrade = true;
    }
  }

  private endOfHeaders(): void {
    const tunnel = this.upgrade || this.method.startsWith('CONNECT ');
    this.method = '';
    if (this.framingProblem || tunnel || (this.chunked && this.contentLength !== null)) {
      this.state = 'pass';
    } else if (this.chunked) {
      this.state = 'chunkSize';
    } else if (this.contentLength) {
      this.remaining = this.contentLength;
      this.state = 'body';
    } else {
      this.state = 'start';
    }
  }
}

/**
 * Put a RequestLineEncoder in front of the HTTP parser of every connection `server` accepts.
 * Node hands a plain socket's bytes to the parser inside C++ unless the socket's handle is
 * marked as consumed; then they arrive through the socket's `push`, which we wrap.
 */
export function acceptRawUtf8Urls(server: Server): void {
  server.prependListener('connection', (socket: Socket) => {
    const handle = (socket as unknown as { _handle?: { _consumed?: boolean } | null })._handle;
    if (handle) handle._consumed = true;
    const encoder = new RequestLineEncoder();
    const push = socket.push;
    socket.push = function (chunk: unknown, encoding?: BufferEncoding) {
      return push.call(this, Buffer.isBuffer(chunk) ? encoder.transform(chunk) : chunk, encoding);
    };
  });
}
