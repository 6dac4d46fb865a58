/**
 * The JSON text of a ParsedIssue whose documents were stringified in pieces (some of them on
 * another thread): the same text, byte for byte, as `JSON.stringify(issue, null, indent)` —
 * members in the object's own order, undefined ones left out, nested lines indented one level
 * deeper for each level (JSON strings cannot hold a raw line break, so every "\n" of a piece is
 * a line break of its layout).
 */
import type { OfficialDocument, ParsedIssue } from '../model.js';

/** One document as `JSON.stringify(issue, null, indent)` prints it inside the documents array. */
export function documentJson(doc: OfficialDocument, indent: number): string {
  return deeper(JSON.stringify(doc, null, indent), indent, 2);
}

/**
 * `JSON.stringify(issue, null, indent)`, its documents given as `documentJson` pieces in order
 * (`issue.documents` itself is not read: only its place among the members).
 */
export function issueJson(issue: ParsedIssue, documents: string[], indent: number): string {
  const pad = ' '.repeat(indent);
  const members: string[] = [];
  for (const [key, value] of Object.entries(issue)) {
    if (key !== 'documents' && value === undefined) continue;
    const json = key === 'documents' ? array(documents, indent) : deeper(JSON.stringify(value, null, indent), indent, 1);
    members.push(indent ? `${pad}${JSON.stringify(key)}: ${json}` : `${JSON.stringify(key)}:${json}`);
  }
  return indent ? `{\n${members.join(',\n')}\n}` : `{${members.join(',')}}`;
}

function array(items: string[], indent: number): string {
  if (!items.length) return '[]';
  if (!indent) return `[${items.join(',')}]`;
  const inner = ' '.repeat(indent * 2);
  return `[\n${inner}${items.join(`,\n${inner}`)}\n${' '.repeat(indent)}]`;
}

/** A value's JSON text moved `levels` levels deeper. */
function deeper(json: string, indent: number, levels: number): string {
  return indent ? json.replaceAll('\n', '\n' + ' '.repeat(indent * levels)) : json;
}
