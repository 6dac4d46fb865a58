/**
 * Addresses of the feeds and calendars, and the `<link rel="alternate">` that announces one in a
 * page's <head> (feed readers and browsers find subscriptions that way).
 */
import { html, url, type SafeHtml } from '../web/html.js';

export const ATOM_TYPE = 'application/atom+xml';
export const ICS_TYPE = 'text/calendar';

export const latestFeedHref = (): string => '/feeds/latest.atom';
export const agencyFeedHref = (name: string): string => `/feeds/agency/${encodeURIComponent(name)}.atom`;
export const agencyCalendarHref = (name: string): string => `/calendar/agency/${encodeURIComponent(name)}.ics`;
export const documentCalendarHref = (id: number): string => `/calendar/document/${id}.ics`;

/** The search feed with the search page's query and filters (sort and page do not apply: a feed is newest first). */
export function searchFeedHref(p: { q?: string; type?: string | undefined; issuer?: string | undefined; year?: number | undefined; status?: string | undefined }): string {
  return url('/feeds/search.atom', { q: p.q?.trim(), type: p.type, issuer: p.issuer, year: p.year, status: p.status });
}

export function alternateLink(href: string, title: string, type: string = ATOM_TYPE): SafeHtml {
  return html`<link rel="alternate" type="${type}" title="${title}" href="${href}">`;
}
