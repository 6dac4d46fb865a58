/**
 * One document of the text → the blocks a gazette prints: the title, the number line, recipients,
 * paragraphs re-joined where the PDF-to-text tool broke them, outline headings, enclosed titles,
 * the list of attachments, signature, date, 附注, tables and personnel lists. Every character of
 * the text is kept apart from markdown debris and layout spaces next to Chinese characters.
 */
import type { SourceDoc } from './source.js';
import {
  CHAPTER, DATE_LINE, OUTLINE_START, ROSTER_ROLE, SIGNATURE_AND_DATE, compact, endsClause,
  isAttachmentLabel, isAttachmentList, isDocNumberLine, isPublicNote, rawLines, splitAtCjkBreaks, tidy, tidyHeading,
  type RawLine,
} from './text.js';

export type Block =
  | { kind: 'title'; lines: string[] }
  | { kind: 'number'; text: string }
  | { kind: 'recipients'; text: string }
  | { kind: 'para'; text: string }
  /** A line of short items set apart by wide spaces (names of places, people). */
  | { kind: 'list'; items: string[] }
  /** 一、… or 1.1 … standing as a heading. */
  | { kind: 'outline'; text: string }
  /** 第一章 … centred. */
  | { kind: 'chapter'; text: string }
  /** The title of an enclosed 方案/办法/名单, centred. */
  | { kind: 'subtitle'; lines: string[] }
  /** 附件1 above an enclosed attachment. */
  | { kind: 'label'; text: string }
  /** 附件：1.… ; items[0] carries the 附件： prefix. */
  | { kind: 'attachments'; items: string[] }
  | { kind: 'signature'; text: string }
  | { kind: 'date'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'table'; rows: string[][]; header: boolean }
  /** Personnel list: role (may be empty), then name and post. */
  | { kind: 'roster'; rows: string[][] };

/** A line that was broken mid-sentence is a full line of the source: shorter ones end their paragraph. */
const MIN_BROKEN_LINE = 16;
/** Short enough to be a heading or a title rather than a paragraph. */
const MAX_HEADING = 40;

export interface DocBlocks {
  blocks: Block[];
  /** The title as found in the text matched the given (gold) title, whitespace aside. */
  titleMatched: boolean;
}

export function documentBlocks(lines: string[], doc: SourceDoc): DocBlocks {
  const items = rawLines(lines, doc.startLine, doc.endLine);
  const blocks: Block[] = [];
  let i = 0;

  // Title: the lines whose text together is the document's title.
  const wanted = compact(doc.title);
  let acc = '';
  let end = 0;
  while (end < items.length && end < 5 && acc.length < wanted.length && !items[end].cells) {
    acc += compact(items[end].raw);
    end++;
  }
  const titleMatched = acc === wanted;
  if (!titleMatched) end = 1;
  blocks.push({ kind: 'title', lines: titleLines(items.slice(0, end).map((it) => it.raw)) });
  i = end;

  if (i < items.length && (isDocNumberLine(items[i].raw) || (doc.docNumber && compact(items[i].raw) === compact(doc.docNumber)))) {
    blocks.push({ kind: 'number', text: tidy(items[i].raw) });
    i++;
  }

  const rest = items.slice(i);
  blocks.push(...bodyBlocks(rest, enclosedTitles(items)));
  return { blocks, titleMatched };
}

/** Lines of a title as printed: the source's own breaks, else the issuer on a line of its own (…政府 / 关于…). */
export function titleLines(raws: string[]): string[] {
  const pieces = raws.flatMap((r) => splitAtCjkBreaks(r));
  if (pieces.length > 1) return pieces;
  const t = pieces[0] ?? '';
  const at = t.indexOf('关于');
  if (t.length > 12 && at >= 3) return [t.slice(0, at), t.slice(at)];
  return [t];
}

/** Titles quoted with 《》 in the document: enclosed instruments printed with their own title. */
function enclosedTitles(items: RawLine[]): Set<string> {
  const titles = new Set<string>();
  for (const it of items) {
    for (const m of it.raw.matchAll(/《([^《》]{4,60})》/g)) titles.add(compact(m[1]));
  }
  return titles;
}

type Role = 'date' | 'signature';

function bodyBlocks(items: RawLine[], enclosed: Set<string>): Block[] {
  const roles = new Map<number, Role>();
  const expanded = splitSignatureDates(items);
  markSignatures(expanded, roles);

  const blocks: Block[] = [];
  let expectSubtitle = false;
  let seenPara = false;
  let k = 0;
  const text = (n: number) => (expanded[n].heading ? tidyHeading(expanded[n].raw) : tidy(expanded[n].raw));

  const isPlain = (n: number): boolean => {
    const it = expanded[n];
    if (!it || it.cells || it.heading || roles.has(n)) return false;
    const t = text(n);
    return !OUTLINE_START.test(t) && !isPublicNote(t) && !isAttachmentLabel(t) && !isAttachmentList(t)
      && !isEnclosedTitle(t, enclosed) && !isListLike(it.raw);
  };

  while (k < expanded.length) {
    const it = expanded[k];
    const t = text(k);
    const role = roles.get(k);

    if (it.cells) {
      let j = k;
      const rows: string[][] = [];
      while (j < expanded.length && expanded[j].cells) rows.push(expanded[j++].cells!);
      blocks.push(tableOrRoster(rows, expanded[k].raw.startsWith('|')));
      k = j;
      expectSubtitle = false;
      continue;
    }
    if (role === 'date') { blocks.push({ kind: 'date', text: t }); k++; continue; }
    if (role === 'signature') { blocks.push({ kind: 'signature', text: t }); k++; continue; }
    if (isPublicNote(t)) {
      blocks.push({ kind: 'note', text: t });
      expectSubtitle = true;
      k++;
      continue;
    }
    if (isAttachmentLabel(t)) {
      blocks.push({ kind: 'label', text: t });
      expectSubtitle = true;
      k++;
      continue;
    }
    if (isAttachmentList(t)) {
      const list = [t];
      k++;
      while (k < expanded.length && !expanded[k].cells && !roles.has(k) && !expanded[k].heading) {
        const next = text(k);
        if (/^\d+[.．、]/.test(next)) list.push(next);
        else if (!endsClause(list[list.length - 1]) && list[list.length - 1].length >= 12 && !isPublicNote(next)
          && !OUTLINE_START.test(next) && !isAttachmentLabel(next)) list[list.length - 1] += next;
        else break;
        k++;
      }
      blocks.push({ kind: 'attachments', items: list });
      continue;
    }
    if (it.heading) {
      if (CHAPTER.test(t)) blocks.push({ kind: 'chapter', text: t });
      else if (OUTLINE_START.test(t) || it.heading >= 4) blocks.push({ kind: 'outline', text: t });
      else if (isAttachmentList(t)) blocks.push({ kind: 'para', text: t });
      else {
        blocks.push(subtitleWithSuffix());
        expectSubtitle = false;
        continue;
      }
      k++;
      expectSubtitle = false;
      continue;
    }
    if (CHAPTER.test(t) && t.length <= MAX_HEADING && !endsClause(t)) {
      blocks.push({ kind: 'chapter', text: t });
      k++;
      continue;
    }
    if ((expectSubtitle || isEnclosedTitle(t, enclosed)) && t.length <= MAX_HEADING && !endsClause(t)
      && !OUTLINE_START.test(t) && !/[，。；]/.test(t)) {
      blocks.push(subtitleWithSuffix());
      expectSubtitle = false;
      continue;
    }
    expectSubtitle = false;
    if (OUTLINE_START.test(t) && t.length <= 30 && !/[。；，：,:]/.test(t)) {
      blocks.push({ kind: 'outline', text: t });
      k++;
      continue;
    }
    if (!seenPara && /[：:]$/.test(t) && t.length <= 80 && !OUTLINE_START.test(t)) {
      blocks.push({ kind: 'recipients', text: t });
      seenPara = true;
      k++;
      continue;
    }
    if (isListLike(it.raw)) {
      blocks.push({ kind: 'list', items: it.raw.split(/[ \u3000\t]+/).map(tidy) });
      k++;
      continue;
    }
    // A paragraph, re-joined over the breaks of the source's lines.
    let para = t;
    let last = t;
    k++;
    while (k < expanded.length && !endsClause(last) && last.length >= MIN_BROKEN_LINE && isPlain(k)) {
      last = text(k);
      para += last;
      k++;
    }
    blocks.push({ kind: 'para', text: para });
    seenPara = true;
  }
  return blocks;

  /** The subtitle at k, with a following (试行) / (2021年修订) line, if any; advances k. */
  function subtitleWithSuffix(): Block {
    const lines = splitAtCjkBreaks(expanded[k].raw);
    k++;
    const next = expanded[k];
    if (next && !next.cells && /^[（(][^（）()]{1,12}[）)]$/.test(tidy(next.raw)) && !isPublicNote(next.raw)) {
      lines.push(tidy(next.raw));
      k++;
    }
    return { kind: 'subtitle', lines };
  }
}

function isEnclosedTitle(t: string, enclosed: Set<string>): boolean {
  return t.length <= 60 && enclosed.has(compact(t));
}

/** 阳泉市火车站旧址 白羊墅寿圣寺: names set apart by spaces, no sentence punctuation. */
function isListLike(raw: string): boolean {
  if (/[，。；：、,;:]/.test(raw) || raw.length > 40) return false;
  const parts = raw.trim().split(/[ \u3000]+/);
  return parts.length >= 2 && parts.every((p) => p.length >= 3 && /[\u4e00-\u9fff]/.test(p) && !/^\d/.test(p));
}

/** 阳泉市人民政府 2021年10月21日 on one line → a signature line and a date line. */
function splitSignatureDates(items: RawLine[]): RawLine[] {
  return items.flatMap((it) => {
    if (it.cells || it.heading) return [it];
    const m = SIGNATURE_AND_DATE.exec(it.raw.trim());
    if (!m || /[，。；：]/.test(m[1])) return [it];
    return [{ ...it, raw: m[1] }, { ...it, raw: m[2] }];
  });
}

/** Dates on their own line, and the short issuer lines right above them (joint issuers: up to 3). */
function markSignatures(items: RawLine[], roles: Map<number, Role>): void {
  items.forEach((it, n) => {
    if (it.cells || it.heading || !DATE_LINE.test(tidy(it.raw))) return;
    roles.set(n, 'date');
    for (let back = n - 1; back >= 0 && back >= n - 3; back--) {
      const b = items[back];
      const t = tidy(b.raw);
      if (b.cells || b.heading || roles.has(back) || t.length > 30 || /[。；，：、,:;]$|[:：]/.test(t) || /^\d{1,2}[.．、]/.test(t)
        || OUTLINE_START.test(t) || isAttachmentList(t) || isAttachmentLabel(t) || isPublicNote(t) || /^[（(]/.test(t)) break;
      roles.set(back, 'signature');
    }
  });
}

function tableOrRoster(rows: string[][], piped: boolean): Block {
  const roster = !piped && rows.some((r) => ROSTER_ROLE.test(r[0] ?? '') || /[:：]$/.test(r[0] ?? ''));
  if (roster) {
    return {
      kind: 'roster',
      rows: rows.map((cells) => {
        const c = cells.filter((x, idx) => x !== '' || idx > 0);
        const first = c[0] ?? '';
        const role = ROSTER_ROLE.exec(first);
        if (role && role[0].length < first.length) return [role[0], first.slice(role[0].length), ...c.slice(1)];
        if (role || /[:：]$/.test(first)) return c;
        return ['', ...c.filter((x) => x !== '')];
      }),
    };
  }
  const width = Math.max(...rows.map((r) => r.length));
  const padded = rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
  return { kind: 'table', rows: padded, header: /^(序号|编号|名称|类别|类型|项目|单位|一级分类|区域|时间)/.test(padded[0][0] ?? '') };
}
