/**
 * The text layer of one document, built once and handed to every extractor (extractAll in
 * src/extract/index.ts): its lines and the joined text made from them on first use.
 */
import type { SourceLine } from '../model.js';
import { buildDocText, type DocText } from './doc-text.js';

export class DocumentText {
  private joinedText: DocText | undefined;
  constructor(readonly lines: SourceLine[]) {}

  /** The lines joined, whitespace removed (see src/text/doc-text.ts). Do not modify it. */
  get joined(): DocText {
    return (this.joinedText ??= buildDocText(this.lines));
  }
}

/** The text layer of a document's lines (for an extractor called on its own). */
export function documentText(lines: SourceLine[]): DocumentText {
  return new DocumentText(lines);
}
