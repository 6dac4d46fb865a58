/**
 * bin/gongbao.js starts the CLI without V8's optimizing compiler (TurboFan). Loading the CLI runs
 * Node's module-path helpers (getPathFromURLPosix, normalizeString, …) for every module it
 * resolves, and the longer the install path, the sooner they count as hot: under
 * /usr/local/lib/node_modules/ TurboFan compiled three of them during start-up, ~11 ms of
 * compiling (+25 M instructions, 3 % of a small `gongbao parse`) that a process loading its
 * modules once never gets back. A command that runs long turns the compiler back on before its
 * action (main.ts); `gongbao parse` decides by its input (one-shot-jit.ts).
 */
import { setFlagsFromString } from 'node:v8';

/** V8's optimizing compiler on again, for the work this process does from now on. */
export function optimizeFromNowOn(): void {
  setFlagsFromString('--turbofan');
}
