/**
 * JSON.stringify(value, null, indent) in pieces, for printing a large value (a parsed issue of
 * thousands of documents) without one string of tens of MB: V8 builds such a string as a rope that
 * the first read has to copy whole (about a third of what stringifying cost), and it sits in memory
 * beside its UTF-8 copy. The pieces joined are byte for byte the one string.
 *
 * Only the top level is split: a plain object's properties one by one, and the elements of the
 * arrays among them one by one (each at its depth: an element is stringified inside a wrapper
 * nested as deep as it stands, and the wrapper cut off). Anything else is one piece.
 */

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** `value` stringified as it stands at `depth` (the wrapper's depth-deep nesting cut off). */
function atDepth(value: unknown, indent: number, depth: number): string {
  let wrapped: unknown = value;
  for (let d = 0; d < depth; d++) wrapped = [wrapped];
  const s = JSON.stringify(wrapped, null, indent);
  // Each level adds `[\n` + its padding before and `\n` + padding + `]` after.
  let head = 0;
  for (let d = 0; d < depth; d++) head += 2 + indent * d;
  const pad = indent * depth;
  return s.slice(head + pad, s.length - head);
}

/** The pieces of JSON.stringify(value, null, indent); `indent` spaces, 0 for one line. */
export function* jsonChunks(value: unknown, indent: number): Generator<string> {
  indent = Math.max(0, Math.min(10, Math.floor(indent))); // as JSON.stringify reads a number
  if (indent === 0 || !isPlainObject(value)) {
    const s = JSON.stringify(value, null, indent);
    if (s !== undefined) yield s;
    return;
  }
  const pad = ' '.repeat(indent);
  let first = true;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (omitted(v)) continue;
    if (Array.isArray(v) && v.length > 0) {
      yield `${first ? '{\n' : ',\n'}${pad}${JSON.stringify(key)}: [\n`;
      // An element's toJSON is called with the key "0" (its place in the wrapper), not its index.
      // Separator and element apart: an element is one flat string, read without copying it again.
      for (let i = 0; i < v.length; i++) {
        yield i ? `,\n${pad}${pad}` : pad + pad;
        yield atDepth(v[i], indent, 2);
      }
      yield `\n${pad}]`;
    } else {
      // A toJSON that gives undefined leaves the property out, as JSON.stringify does.
      const s = JSON.stringify({ [key]: v }, null, indent);
      if (s === '{}') continue;
      yield (first ? '{\n' : ',\n') + s.slice(2, s.length - 2);
    }
    first = false;
  }
  yield first ? '{}' : '\n}';
}
