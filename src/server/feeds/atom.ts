/**
 * Writing Atom 1.0 (RFC 4287). Every text is escaped for XML and stripped of the characters XML
 * 1.0 cannot hold at all (control characters that OCR and PDF extraction sometimes leave in a
 * gazette's text), so a feed always parses.
 */

export interface AtomLink {
  href: string;
  rel: 'alternate' | 'self' | 'related' | 'via';
  type?: string;
  title?: string;
}

export interface AtomEntry {
  /** A permanent IRI (see identity.ts), not a row id. */
  id: string;
  title: string;
  /** RFC 3339 date-time. */
  updated: string;
  published?: string;
  links: AtomLink[];
  /** Plain text. */
  summary: string;
  authors: string[];
  categories: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  updated: string;
  links: AtomLink[];
  /** Author of the feed (RFC 4287 needs one unless every entry has its own). */
  author: string;
  generator: { name: string; version: string };
  entries: AtomEntry[];
}

// Characters XML 1.0 does not allow anywhere (even escaped), and unpaired surrogates.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** An ISO date (YYYY-MM-DD) as an RFC 3339 date-time: midnight, China Standard Time (gazette dates are dates in China). */
export function dateTimeOf(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00+08:00` : new Date(date).toISOString();
}

function link(l: AtomLink): string {
  const attrs = [`rel="${l.rel}"`, `href="${xmlText(l.href)}"`];
  if (l.type) attrs.push(`type="${xmlText(l.type)}"`);
  if (l.title) attrs.push(`title="${xmlText(l.title)}"`);
  return `<link ${attrs.join(' ')}/>`;
}

function entry(e: AtomEntry): string {
  return [
    '  <entry>',
    `    <id>${xmlText(e.id)}</id>`,
    `    <title type="text">${xmlText(e.title)}</title>`,
    `    <updated>${e.updated}</updated>`,
    ...(e.published ? [`    <published>${e.published}</published>`] : []),
    ...e.authors.map((a) => `    <author><name>${xmlText(a)}</name></author>`),
    ...e.links.map((l) => `    ${link(l)}`),
    ...e.categories.map((c) => `    <category term="${xmlText(c)}"/>`),
    `    <summary type="text">${xmlText(e.summary)}</summary>`,
    '  </entry>',
  ].join('\n');
}

export function atomXml(f: AtomFeed): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>${xmlText(f.id)}</id>`,
    `  <title type="text">${xmlText(f.title)}</title>`,
    ...(f.subtitle ? [`  <subtitle type="text">${xmlText(f.subtitle)}</subtitle>`] : []),
    `  <updated>${f.updated}</updated>`,
    `  <author><name>${xmlText(f.author)}</name></author>`,
    `  <generator version="${xmlText(f.generator.version)}">${xmlText(f.generator.name)}</generator>`,
    ...f.links.map((l) => `  ${link(l)}`),
    ...f.entries.map(entry),
    '</feed>',
    '',
  ].join('\n');
}
