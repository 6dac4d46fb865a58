/**
 * V8's optimizing compiler (TurboFan) compiles the parser's hot functions on background threads;
 * for one issue parsed once, that compiling costs more CPU than the faster code gives back: a
 * text issue of 8 MB took ~4.0 s CPU with it and ~2.5 s without (Sparkplug still compiles;
 * Node 20's V8 has Maglev off, and turning it on changed nothing measurable), and a typical issue
 * (under 1 MB) gains relatively more. From about 20 MB on TurboFan
 * pays back (24 MB: 7.6 s CPU with it, 8.5 s without). Output is the same either way: this only
 * chooses how V8 compiles. PDFs are left alone (pdf.js and OCR are another workload, not measured).
 * See docs/performance.md.
 */
import { setFlagsFromString } from 'node:v8';
import { isPdf } from '../pdf/read.js';

/** Text input up to this size is parsed without TurboFan. */
export const ONE_SHOT_MAX_BYTES = 12_000_000;

/** Call once, before parsing, in a process that parses this one input and ends (`gongbao parse`). */
export function tuneCompilerForOneParse(bytes: Uint8Array): void {
  if (bytes.length <= ONE_SHOT_MAX_BYTES && !isPdf(bytes)) setFlagsFromString('--no-turbofan');
}
