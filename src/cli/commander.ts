/**
 * commander, the CLI's argument parser. It is CommonJS: required directly it skips its ESM wrapper
 * and Node's scan of its exports (a sixth of what loading it costs). In the bundle
 * (scripts/bundle-cli.mjs) this module is replaced by commander itself, bundled, with its
 * `child_process` loaded on first use — commander needs it only for subcommands run as separate
 * executables, which this CLI has none of, and Node's child_process with what it loads (net,
 * dgram, …) cost ~28 M instructions of every start (docs/performance.md).
 */
import { createRequire } from 'node:module';

export const { Command, CommanderError } = createRequire(import.meta.url)('commander') as typeof import('commander');
