/**
 * Writing iCalendar (RFC 5545) by hand: all-day events only, which is all a deadline is. Written
 * here rather than with a library because the one rule that matters most for this archive's text
 * is the one the common generators get wrong: content lines fold at 75 *octets* (a Chinese
 * character is 3 of them in UTF-8), never inside a character; `ics` on npm folds at 75 characters
 * (up to 225 octets) and `ical-generator` needs Node 22. The rest is short: CRLF line ends, TEXT
 * escaping (backslash, semicolon, comma, newline), and no control characters.
 */

export interface IcsEvent {
  /** Stable across re-ingest (see identity.ts): calendar programs update the event with this UID. */
  uid: string;
  /** The all-day date, ISO YYYY-MM-DD. */
  date: string;
  summary: string;
  description: string;
  /** Absolute URL (a URI value: not TEXT-escaped). */
  url: string;
  categories: string[];
}

export interface IcsCalendar {
  name: string;
  description: string;
  /** PRODID, e.g. -//Gongbao//Gongbao 0.2.0//ZH */
  prodId: string;
  /** The DTSTAMP of every event: when the calendar was generated. */
  stamp: Date;
  events: IcsEvent[];
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** A TEXT value (RFC 5545 §3.3.11): escaped, control characters other than newline dropped. */
export function icsEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

const utf8Length = (ch: string): number => Buffer.byteLength(ch, 'utf8');

/** One content line folded into lines of at most 75 octets, continuation lines led by a space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    // Iterating a string yields whole code points: a surrogate pair is never split.
    const n = utf8Length(ch);
    const limit = out.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + n > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

const basicDate = (iso: string): string => iso.replace(/-/g, '');

/** The day after an ISO date (the exclusive DTEND of an all-day event). */
function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function icsText(cal: IcsCalendar): string {
  const stamp = utcStamp(cal.stamp);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${cal.prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${icsEscape(cal.name)}`,
    `X-WR-CALNAME:${icsEscape(cal.name)}`,
    `DESCRIPTION:${icsEscape(cal.description)}`,
    `X-WR-CALDESC:${icsEscape(cal.description)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT12H',
    'X-PUBLISHED-TTL:PT12H',
  ];
  for (const e of cal.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${icsEscape(e.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${basicDate(e.date)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDay(e.date))}`,
      `SUMMARY:${icsEscape(e.summary)}`,
      `DESCRIPTION:${icsEscape(e.description)}`,
      `URL:${e.url.replace(/[\r\n]/g, '')}`,
      ...(e.categories.length ? [`CATEGORIES:${e.categories.map(icsEscape).join(',')}`] : []),
      // A deadline marks a day; it does not make anyone busy.
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
