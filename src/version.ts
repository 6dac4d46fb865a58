/** Bumped whenever parse output changes, so `ingest` knows to re-parse unchanged files. */
export const PARSER_VERSION = '0.3.0';
