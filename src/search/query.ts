/**
 * Query syntax of `gongbao search` and the API:
 * - words separated by spaces: all must match (each is a substring of the normalized text);
 * - "exact phrase" (or “exact phrase”): one term, spaces inside ignored like everywhere else;
 *   always matched as text, even when it looks like a document number (quotes mean exactly this);
 * - -word, -"phrase": documents containing it are excluded;
 * - field filters: issuer:X, type:X, year:2020 or year:2020-2023, section:X, status:in_force
 *   (Chinese names too: 发文机关: 文种: 年份: 栏目: 状态: 效力:), value quoted when it has spaces;
 *   a status may also be written as the reader shows it (状态:现行有效, 状态:已废止) or in short
 *   (有效, 失效, 废止, 未施行, 未载明);
 * - title:X (标题:X): only documents whose title contains X; -title:X leaves them out;
 * - document numbers in any common spelling (阳政发〔2020〕2号, 阳政发[2020]2号, 阳政发(2020)2号,
 *   阳政发〔2020〕2 号, 阳政发2020年2号) outside quotes become one number term, matched against the
 *   normalized number of each document and the numbers its text mentions.
 */
import { findDocNumbers } from '../core/docnumber.js';
import { normalizeForSearch } from './normalize.js';
import { VALIDITY_STATUSES, STATUS_LABEL, type ValidityStatus } from '../domain/validity.js';

export interface QueryTerm {
  kind: 'text' | 'docnumber';
  /** Normalized text, or the normalized document number. */
  text: string;
  raw: string;
  negated: boolean;
  quoted: boolean;
}

export interface QueryFilters {
  issuer: string[];
  type: string[];
  section: string[];
  years: [number, number][];
  status: ValidityStatus | null;
  /** Normalized texts the title must contain (`title:`), and must not contain (`-title:`). */
  title: string[];
  notTitle: string[];
}

export interface ParsedQuery {
  terms: QueryTerm[];
  filters: QueryFilters;
}

const FIELD_ALIASES: Record<string, keyof QueryFilters> = {
  issuer: 'issuer',
  发文机关: 'issuer',
  机关: 'issuer',
  type: 'type',
  文种: 'type',
  year: 'years',
  年份: 'years',
  section: 'section',
  栏目: 'section',
  status: 'status',
  状态: 'status',
  效力: 'status',
  效力状态: 'status',
  title: 'title',
  标题: 'title',
};

/** Status words beyond the reader's labels (STATUS_LABEL), short forms a user types. */
const STATUS_SHORT: Record<string, ValidityStatus> = {
  有效: 'in_force',
  现行: 'in_force',
  失效: 'expired',
  废止: 'repealed',
  未施行: 'not_yet_in_force',
  未生效: 'not_yet_in_force',
  尚未生效: 'not_yet_in_force',
  未载明: 'unknown',
  未标明: 'unknown',
  未知: 'unknown',
};

/** The status a status: value names: the API's name (in_force), the reader's word, or a short form. */
export function statusOfWord(value: string): ValidityStatus | null {
  const v = value.trim();
  const code = v.toLowerCase().replace(/[\s-]/g, '_') as ValidityStatus;
  if (VALIDITY_STATUSES.includes(code)) return code;
  const byLabel = VALIDITY_STATUSES.find((s) => STATUS_LABEL[s] === v);
  return byLabel ?? STATUS_SHORT[v] ?? null;
}

const TOKEN = /(-?)(?:([A-Za-z\u4e00-\u9fff]+)[:：])?(?:"([^"]*)"?|“([^”]*)”?|(\S+))/g;

export class QuerySyntaxError extends Error {}

export function parseQuery(q: string): ParsedQuery {
  const terms: QueryTerm[] = [];
  const filters: QueryFilters = { issuer: [], type: [], section: [], years: [], status: null, title: [], notTitle: [] };
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  // Unquoted stretches may hold document numbers with spaces inside (阳政发〔2020〕2 号):
  // take those out before splitting on spaces.
  const text = extractDocNumbers(q, terms);
  while ((m = TOKEN.exec(text))) {
    const negated = m[1] === '-';
    const field = m[2] ? FIELD_ALIASES[m[2].toLowerCase()] ?? FIELD_ALIASES[m[2]] : undefined;
    const quoted = m[3] !== undefined || m[4] !== undefined;
    let value = m[3] ?? m[4] ?? m[5] ?? '';
    if (m[2] && !field) value = m[2] + ':' + value; // not a field we know: part of the text
    if (field) {
      addFilter(filters, field, value.trim(), negated);
      continue;
    }
    const norm = normalizeForSearch(value);
    if (!norm) continue;
    terms.push({ kind: 'text', text: norm, raw: value, negated, quoted });
  }
  return { terms, filters };
}

/** Replace document numbers outside quotes by spaces, adding a term for each. */
function extractDocNumbers(q: string, terms: QueryTerm[]): string {
  let out = '';
  const parts = q.split(/("[^"]*"?|“[^”]*”?)/);
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i]!;
    if (i % 2 === 0) {
      for (const f of findDocNumbers(part).reverse()) {
        // A field value (issuer:阳泉市…) is not a number term.
        const before = part.slice(0, f.index);
        if (/[:：]\S*$/.test(before)) continue;
        const negated = /-\s*$/.test(before) && /(^|\s)-\s*$/.test(before);
        terms.unshift({ kind: 'docnumber', text: f.normalized, raw: f.raw, negated, quoted: false });
        part = (negated ? before.replace(/-\s*$/, '') : before) + ' ' + part.slice(f.index + f.length);
      }
    }
    out += part;
  }
  return out;
}

function addFilter(filters: QueryFilters, field: keyof QueryFilters, value: string, negated: boolean): void {
  if (!value) return;
  switch (field) {
    case 'title': {
      const norm = normalizeForSearch(value);
      if (norm) (negated ? filters.notTitle : filters.title).push(norm);
      return;
    }
    case 'notTitle':
      return;
    case 'years': {
      const y = /^(\d{4})(?:\s*[-–~至]\s*(\d{4}))?$/.exec(value);
      if (!y) throw new QuerySyntaxError(`year: expects 2020 or 2020-2023, got "${value}"`);
      filters.years.push([Number(y[1]), Number(y[2] ?? y[1])]);
      return;
    }
    case 'status': {
      const s = statusOfWord(value);
      if (!s) {
        const words = VALIDITY_STATUSES.map((st) => `${st} (${STATUS_LABEL[st]})`).join(', ');
        throw new QuerySyntaxError(`status: expects one of ${words}, got "${value}"`);
      }
      filters.status = s;
      return;
    }
    default:
      filters[field].push(value);
  }
}
