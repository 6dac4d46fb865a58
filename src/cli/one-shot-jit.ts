/**
 * How V8 runs a process that parses one input and ends (`gongbao parse`): its compiler and its
 * young generation. Output is the same either way: this only chooses how V8 compiles and collects.
 * PDFs are left alone (pdf.js and OCR are another workload, not measured).
 *
 * The compiler. V8's optimizing compiler (TurboFan) compiles the parser's hot functions on
 * background threads; for one issue parsed once, that compiling costs more CPU than the faster
 * code gives back: a text issue of 8 MB took ~4.0 s CPU with it and ~2.5 s without (Sparkplug
 * still compiles; Node 20's V8 has Maglev off, and turning it on changed nothing measurable), and a
 * typical issue (under 1 MB) gains relatively more. From about 20 MB on TurboFan pays back (24 MB:
 * 7.6 s CPU with it, 8.5 s without).
 *
 * Not set here any more: `--no-regexp-tier-up` (compile patterns natively at once; −3.8 % of the
 * parse's instructions, no CPU difference measurable). Turned off while the process runs, it made
 * V8 crash (SIGSEGV; most likely a pattern compiled to bytecode before the change run as native
 * code after it): the test suite's run of test/cli-parse-startup.test.ts (the CLI from the
 * sources, under tsx, whose loader thread runs patterns all the time) died that way every time
 * after the files before it, and passed with only this flag kept from being set
 * (docs/performance.md, fifteenth round).
 *
 * The young generation, for every text input. V8 doubles it (up to 16 MB a semi-space) while a
 * program's objects survive, and a parse keeps most of what it reads (lines, documents): each MB
 * it grows by is memory touched for the first time, a page fault for every 4 KB, and a fault costs
 * ~12 µs on a virtual machine like the benchmark's. Kept at its first size
 * (`--semi-space-growth-factor=1`) and collected on the main thread alone
 * (`--no-parallel-scavenge`: a helper thread's hand-over costs more than it shares on a
 * collection that small), the 8.1 MB file's parse takes ~7,000 faults fewer and ~9 % less CPU
 * (median of six paired runs, from −14 % to +3 % as the machine's speed moved; system time fell
 * in every one), 24 MB ~6 % and 60 MB of peak memory less (docs/performance.md, fifteenth round),
 * for 2.5 % more instructions (more, smaller collections). Both flags are
 * read by V8 at each collection, so they take effect when set here; the heap-size flags would
 * not (and given to node, any of them makes V8 refuse the CLI's code cache).
 */
import { setFlagsFromString } from 'node:v8';
import { isPdf } from '../pdf/sniff.js';
import { optimizeFromNowOn } from './compiler-at-start.js';

/** Text input up to this size is parsed without TurboFan. */
export const ONE_SHOT_MAX_BYTES = 12_000_000;

/** The young-generation flags set for a text parse, each with V8's default. */
const YOUNG_GENERATION: ReadonlyArray<[tuned: string, byDefault: string]> = [
  ['--semi-space-growth-factor=1', '--semi-space-growth-factor=2'],
  ['--no-parallel-scavenge', '--parallel-scavenge'],
];

/** Call once, before parsing, in a process that parses this one input and ends (`gongbao parse`). */
export function tuneForOneParse(bytes: Uint8Array): void {
  if (isPdf(bytes)) return optimizeFromNowOn();
  for (const [tuned] of YOUNG_GENERATION) setFlagsFromString(tuned);
  if (bytes.length <= ONE_SHOT_MAX_BYTES) {
    setFlagsFromString('--no-turbofan'); // (as bin/gongbao.js started the CLI: see compiler-at-start.ts)
  } else optimizeFromNowOn();
}

/**
 * The young-generation flags back to V8's defaults: bin/gongbao.js calls this (the bundle exports
 * it) before it writes the code cache at the end of the build's parse, since V8 refuses a cache
 * made under flags other than those the CLI starts with. (The compiler flag is the launcher's own.)
 */
export function undoOneParseTuning(): void {
  for (const [, byDefault] of YOUNG_GENERATION) setFlagsFromString(byDefault);
}
