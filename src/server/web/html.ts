/**
 * Safe HTML building: the one escaping helper every page uses.
 *
 * `html` is a tagged template that escapes every interpolated value unless it is already
 * `SafeHtml` (the result of another `html` template or of `raw`). Arrays are joined, null,
 * undefined and false render as nothing. Gazette text contains things like `<p>` and `&nbsp;`, so
 * nothing from a document may reach a page any other way.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Characters that would act on the page instead of showing: control characters (NUL, ESC …; tab,
 * LF and CR stay) and the bidi embeddings, overrides, isolates and marks, with which stored text
 * such as 市\u202e局育教 would display reversed. They are shown, not obeyed: C0 controls and DEL as
 * their control pictures (␀ ␛ ␡), the others as [U+202E]. Only the page changes; the stored text
 * and the JSON API keep them exactly.
 */
const TO_ESCAPE = /[&<>"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `[U+${code.toString(16).toUpperCase().padStart(4, '0')}]`;
}

export function escapeHtml(s: string): string {
  return s.replace(TO_ESCAPE, (c) => ESCAPES[c] ?? visible(c));
}

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup that is trusted as is (only for constants written in this code base). */
export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

export function joinHtml(parts: HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const sep = render(separator);
  return new SafeHtml(parts.map(render).filter((s) => s !== '').join(sep));
}

/** A URL built from path segments and query parameters, each encoded. */
export function url(path: string, query: Record<string, string | number | null | undefined | false> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined || v === false || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** A JSON value safe to embed inside <script type="application/json">. */
export function jsonForScript(value: unknown): SafeHtml {
  return new SafeHtml(JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
}
