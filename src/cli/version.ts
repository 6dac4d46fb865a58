/**
 * `gongbao --version`: the package version (package.json, two levels up from src/cli and dist/cli
 * alike) and the parser version that stored issues are compared against. package.json is read
 * through require, which costs nothing at start-up (importing node:fs would).
 */
import { createRequire } from 'node:module';
import { PARSER_VERSION } from '../version.js';

export function packageVersion(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
}

export function versionLine(): string {
  return `gongbao ${packageVersion()} (parser ${PARSER_VERSION})`;
}
