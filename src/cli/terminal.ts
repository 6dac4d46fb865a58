/**
 * What the CLI prints comes from gazette text and file names, which may hold escape sequences, NUL
 * or bidi overrides: printed raw they could move the cursor, rewrite the screen or reorder what a
 * reader sees. Everything headed for a terminal passes through here at the output boundary; the
 * stored text is never changed.
 */

// C0 controls but TAB (ESC, NUL, CR, LF …), DEL, and C1 controls (CSI 0x9B among them).
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
// Bidi embeddings, overrides, isolates and marks; line and paragraph separators.
const INVISIBLE = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text for a terminal: C0 controls and DEL shown as their Control Pictures (␛ for ESC, ␀ for NUL,
 * ␊ for a line feed), C1 controls and bidi/line-separator characters as �. One code unit stands for
 * one, so offsets into the text (search highlights) stay valid. Give it single fields, not whole
 * output: newlines in it are made visible too.
 */
export function forTerminal(text: string): string {
  return text
    .replace(CONTROLS, (c) => {
      const code = c.charCodeAt(0);
      return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\ufffd';
    })
    .replace(INVISIBLE, '\ufffd');
}

/** forTerminal for text of several lines (a CSV or Markdown table): line ends (LF, CRLF) are kept. */
export function forTerminalLines(text: string): string {
  return text.split(/(\r?\n)/).map((part, i) => (i % 2 ? part : forTerminal(part))).join('');
}

// JSON.stringify escapes C0 controls itself; these it leaves raw.
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text (from JSON.stringify) safe on a terminal and still exactly the same value: the
 * characters JSON.stringify leaves raw (DEL, C1 controls, bidi controls, line separators) are
 * written as \u escapes. They can only occur inside strings, so escaping them everywhere is safe.
 */
export function jsonForTerminal(json: string): string {
  // Searching is a tenth of what replace() costs on a long text that has none of them (nearly all).
  if (json.search(JSON_RAW) < 0) return json;
  return json.replace(JSON_RAW, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
