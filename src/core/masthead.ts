/**
 * Issue masthead (刊头). Forms seen on covers:
 * - title: a line ending in 公报 (阳泉市人民政府公报, 山西省人民政府公报, XX市政府公报)
 * - 2020 年第 1 期 / 2020 第 1 期 / 2023 年第 5 期 总第 23 期 / 二〇二三年第五期
 * - (总第 001期) / 总第23期
 * - 2020 年 2 月 29 日出版 (双月刊) / 出版日期：2020年2月29日
 * - 阳泉市人民政府办公室 主管主办 / 主办单位：XX / 主办：XX
 * Only the front matter (before the first document) is searched; a compilation without a cover
 * has no masthead and yields null.
 */
import type { IssueMasthead, SourceLine } from '../model.js';
import { findDates } from './dates.js';
import { foldWidth, parseNumber, removeLayoutSpaces } from './text.js';

const NUM = '[0-9零〇一二两三四五六七八九十百]+';
const YEAR_NUMBER = new RegExp(`((?:19|20)\\d\\d|[二][〇零O][一二三四五六七八九〇零O]{2})\\s*年?\\s*第\\s*(${NUM})\\s*期`);
const TOTAL = new RegExp(`总\\s*第\\s*(${NUM})\\s*期`);
const TITLE = /^(.{2,30}?(?:公报|政报))$/;
const FREQUENCY = /(双月刊|半月刊|月刊|季刊|旬刊|周刊|年刊|双周刊)/;
const PUBLISHER = /^(.{2,40}?)\s*(?:主管主办|主管\s*主办|主办)$/;
const PUBLISHER_LABEL = /^(?:主办单位|主办|主管主办单位)\s*[:：]\s*(.{2,40})$/;

export function parseMasthead(lines: SourceLine[], frontEnd: number): IssueMasthead | null {
  const m: IssueMasthead = {
    title: null, year: null, number: null, totalNumber: null, publishedOn: null, publisher: null, frequency: null,
    line: 0,
  };
  const touch = (line: number) => {
    if (!m.line) m.line = line;
  };
  for (const l of lines) {
    if (l.line > frontEnd) break;
    const t = foldWidth(l.text);
    const compact = removeLayoutSpaces(t);
    if (!compact) continue;
    if (/目录$/.test(compact) && compact.length <= 4) continue;
    if (!m.title && TITLE.test(compact) && !/[，。；《》:：]/.test(compact)) {
      m.title = compact;
      touch(l.line);
    }
    const yn = YEAR_NUMBER.exec(t);
    if (yn && m.year === null) {
      m.year = parseNumber(yn[1]!);
      m.number = parseNumber(yn[2]!);
      touch(l.line);
    }
    const total = TOTAL.exec(t);
    if (total && m.totalNumber === null) {
      m.totalNumber = parseNumber(total[1]!);
      touch(l.line);
    }
    if (!m.publishedOn && /出版|印发日期|出版日期|发行/.test(compact)) {
      const d = findDates(t)[0];
      if (d) m.publishedOn = d.iso;
    }
    const freq = FREQUENCY.exec(compact);
    if (freq && !m.frequency) m.frequency = freq[1]!;
    const pub = PUBLISHER.exec(compact) ?? PUBLISHER_LABEL.exec(compact);
    if (pub && !m.publisher) m.publisher = pub[1]!;
  }
  if (!m.title && m.year === null && m.totalNumber === null) return null;
  if (m.year === null && m.publishedOn) m.year = Number(m.publishedOn.slice(0, 4));
  return m;
}
