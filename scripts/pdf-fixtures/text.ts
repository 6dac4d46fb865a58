/**
 * Line-level clean-up of the corpus text: markdown debris off, layout spaces next to Chinese
 * characters out, and the patterns that tell what a line is (a date, a document number, an outline
 * label …). Pure functions, shared by the block builder and the page finder.
 */

/** A Chinese character or full-width punctuation (not the ideographic space U+3000). */
const CJK = '\\u2014\\u2018-\\u201d\\u2026\\u3001-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff\\uff01-\\uffef';
const CJK_CHAR = new RegExp(`[${CJK}]`);
const SPACE = '[ \\t\\u00a0\\u3000]';

export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK_CHAR.test(ch);
}

/** All whitespace removed: the form titles and numbers are compared in. */
export function compact(s: string): string {
  return s.replace(/[\s\u00a0\u3000]+/g, '');
}

/**
 * Layout spaces removed: a run of spaces next to a Chinese character goes (阳泉市 2021 年 → 阳泉市2021年),
 * spaces between Latin words stay.
 */
export function tidy(s: string): string {
  return s.trim().replace(new RegExp(`${SPACE}+`, 'g'), (run, offset: number, all: string) => {
    const before = all[offset - 1];
    const after = all[offset + run.length];
    return isCjk(before) || isCjk(after) ? '' : ' ';
  });
}

/** A heading tidied, keeping one space after a numeric label: "1.1 编制目的", "1 总则". */
export function tidyHeading(s: string): string {
  const label = /^(\d{1,2}(?:\.\d{1,2})*)\s+(?=[\u4e00-\u9fff])/.exec(s.trim());
  return label ? `${label[1]} ${tidy(s.trim().slice(label[0].length))}` : tidy(s);
}

/**
 * Where the line was broken in the source PDF: the text keeps those breaks of titles as a space
 * between two Chinese characters (阳泉市人民政府 关于…). Returns the pieces, each tidied.
 */
export function splitAtCjkBreaks(s: string): string[] {
  return s.trim().split(new RegExp(`(?<=[${CJK}])${SPACE}+(?=[${CJK}(])`)).map(tidy).filter((p) => p !== '');
}

export interface RawLine {
  /** 1-based line of the text. */
  line: number;
  /** The line with markdown debris removed but spaces as in the text. */
  raw: string;
  /** Markdown heading level (# = 1), 0 when the line is no heading. */
  heading: number;
  /** Cells of a table row (pipes or tabs in the text), null for a plain line. */
  cells: string[] | null;
}

/**
 * The lines of a range of the text with markdown debris removed: blank lines, rules and table
 * separator rows dropped, `#`, bullets, `**` and trailing spaces taken off.
 */
export function rawLines(lines: string[], from: number, to: number): RawLine[] {
  const out: RawLine[] = [];
  for (let n = from; n <= to; n++) {
    let s = (lines[n - 1] ?? '').replace(/\*\*/g, '').replace(/\s+$/, '');
    if (!s.trim()) continue;
    if (/^\s*([-*_])\s*(\1\s*){2,}$/.test(s)) continue; // --- rule
    let heading = 0;
    const h = /^\s*(#{1,6})\s+/.exec(s);
    if (h) {
      heading = h[1].length;
      s = s.slice(h[0].length);
    }
    s = s.replace(/^\s*[-*+]\s+(?=\S)/, '');
    const trimmed = s.trim();
    if (trimmed.startsWith('|')) {
      if (/^\|?[\s:|-]*$/.test(trimmed) && trimmed.includes('-')) continue; // |---|---|
      const cells = trimmed.replace(/^\||\|$/g, '').split('|').map((c) => tidy(c));
      if (cells.every((c) => c === '')) continue;
      out.push({ line: n, raw: trimmed, heading: 0, cells });
      continue;
    }
    if (s.includes('\t') && !heading) {
      out.push({ line: n, raw: s.trim(), heading: 0, cells: s.replace(/^ +| +$/g, '').split('\t').map((c) => tidy(c)) });
      continue;
    }
    if (!trimmed) continue;
    out.push({ line: n, raw: trimmed, heading, cells: null });
  }
  return out;
}

const CN_NUM = '[一二三四五六七八九十百零〇]';
const DATE_BODY = `(\\d{4}|[〇零一二三四五六七八九○]{4})年(\\d{1,2}|[一二三四五六七八九十]{1,3})月(\\d{1,2}|[一二三四五六七八九十]{1,3})日`;

/** 成文日期 on a line of its own: 2021年10月21日, 二〇二一年十月二十一日. */
export const DATE_LINE = new RegExp(`^${DATE_BODY}$`);
/** A signature and the date on one line: 阳泉市人民政府 2021年10月21日. */
export const SIGNATURE_AND_DATE = new RegExp(`^(\\S.{1,30}?)\\s+(${DATE_BODY})$`);

/** A document number line: 阳政办发〔2021〕74号, 晋政函[2020]5号, 阳泉市人民政府令第5号. */
export function isDocNumberLine(s: string): boolean {
  const t = compact(s);
  return /^[\u4e00-\u9fff]{1,14}[〔\[［(（【]\d{4}[〕\]］)）】]第?\d+号$/.test(t)
    || /^[\u4e00-\u9fff]{2,20}令?第\d+号$/.test(t);
}

/** Outline labels that open a new paragraph or heading: 一、 （一） 1. （1） 第一章 第三条 1.1 */
export const OUTLINE_START = new RegExp(
  `^(第${CN_NUM}+[章节条]|${CN_NUM}+、|[（(]${CN_NUM}+[）)]|\\d{1,2}[.．、](?!\\d{1,2}(\\s|[.．]))|[（(]\\d+[）)]|\\d+(\\.\\d+)+ |\\d+ (?=\\D))`,
);
export const CHAPTER = new RegExp(`^第${CN_NUM}+[章节](\\s|$|[\\u4e00-\\u9fff])`);

/** Ends a sentence or a clause that the next line does not continue. */
export function endsClause(s: string): boolean {
  return /[。；：:！？!?…][”’」』]?$/.test(s);
}

/** 附注 (此件公开发布), (此件依申请公开). */
export function isPublicNote(s: string): boolean {
  return /^[（(][^（()）]{0,20}(公开|发布)[^（()）]{0,10}[）)]$/.test(compact(s));
}

/** 附件1 / 附件 1： standing alone before an enclosed attachment. */
export function isAttachmentLabel(s: string): boolean {
  return /^附件\d*[：:]?$/.test(compact(s));
}

/** 附件：1.… the list of attachments at the end of a document. */
export function isAttachmentList(s: string): boolean {
  return /^附件[：:]\S/.test(compact(s));
}

/** 组长：, 副组长, 成员 … : a personnel list rather than a table. */
export const ROSTER_ROLE = /^(副?组\s*长|成\s*员|副?主\s*任|副?总?召\s*集\s*人|副?总\s*指\s*挥|副?指\s*挥\s*长|秘\s*书\s*长|顾\s*问|办公室主任)\s*[:：]?/;
