/**
 * The text layer: a document's joined text, the map from every offset back to source line and
 * column (and page), the whitespace views of a line, and the paragraph builder of the web reader.
 */
export { DocumentText, documentText } from './document.js';
export { buildDocText, findFolded, findOffsets, findSpan, lineAt, lineChangesDown, pieceEnd, type DocText } from './doc-text.js';
export { LineMap, type MappedLine, type TextPosition } from './line-map.js';
export { columnOf, tidySpaces, viewColumns, type LineView, type ViewColumns } from './views.js';
export { Paragraph } from './paragraph.js';
