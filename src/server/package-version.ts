import { readFileSync } from 'node:fs';

/** The package's version (package.json, two levels above src/server/ and dist/server/ alike). */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
