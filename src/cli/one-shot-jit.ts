/**
 * V8's optimizing compiler (TurboFan) compiles the parser's hot functions on background threads;
 * for one issue parsed once, that compiling costs more CPU than the faster code gives back: a
 * text issue of 8 MB took ~4.0 s CPU with it and ~2.5 s without (Sparkplug still compiles;
 * Node 20's V8 has Maglev off, and turning it on changed nothing measurable), and a typical issue
 * (under 1 MB) gains relatively more. From about 20 MB on TurboFan
 * pays back (24 MB: 7.6 s CPU with it, 8.5 s without). Output is the same either way: this only
 * chooses how V8 compiles. PDFs are left alone (pdf.js and OCR are another workload, not measured).
 *
 * Regular expressions are compiled to native code at once (`--no-regexp-tier-up`) in the same
 * case: by default V8 first compiles each to bytecode and compiles it again natively after its
 * first run, so most of the parser's patterns were compiled twice. Counted by
 * bench/parse-instructions.ts: the parse itself 0.787 → 0.757 G instructions (−3.8 %), start-up of
 * a tiny issue 0.996 → 0.976 G (CPU time moves too much on the benchmark machine to show it).
 * See docs/performance.md.
 */
import { setFlagsFromString } from 'node:v8';
import { isPdf } from '../pdf/sniff.js';
import { optimizeFromNowOn } from './compiler-at-start.js';

/** Text input up to this size is parsed without TurboFan. */
export const ONE_SHOT_MAX_BYTES = 12_000_000;

/** Call once, before parsing, in a process that parses this one input and ends (`gongbao parse`). */
export function tuneCompilerForOneParse(bytes: Uint8Array): void {
  if (bytes.length <= ONE_SHOT_MAX_BYTES && !isPdf(bytes)) {
    setFlagsFromString('--no-turbofan'); // (as bin/gongbao.js started the CLI: see compiler-at-start.ts)
    setFlagsFromString('--no-regexp-tier-up');
  } else optimizeFromNowOn();
}
