/**
 * Is the input a PDF? Asked of every input, so kept apart from the PDF reader: importing the
 * reader loads the thread machinery (node:worker_threads), which a text parse never needs.
 */

/** The first bytes of every PDF file (a few producers put junk before it: allow 1 KiB). */
export function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}
