/**
 * Outline labels: 第X章/节/条, 一、, （一）, 1. / 1、 / 1.1, （1）, ①. The characters and the label
 * pattern the extractors share; each reader composes what it needs from these pieces.
 */
import { printedPattern } from './spacing.js';

/** The digits of a Chinese numeral up to 十 (一、 … 十、, （三）). */
export const CN_DIGITS = '一二三四五六七八九十';
/** The characters of any Chinese numeral (第一百零五条, 二〇二〇). */
export const CN_NUMERAL_CHARS = CN_DIGITS + '百零〇';
/** A Chinese numeral, as a pattern source. */
export const CN_NUMBER = `[${CN_NUMERAL_CHARS}]+`;
/** The circled numbers ①–⑳. */
export const CIRCLED = '①-⑳';

/**
 * A line that opens with an outline label, on folded and squashed text: 第X章/节/条, 一、, （一）,
 * （1）, 1. / 1、 / 1.1. (not followed by a digit: 1.5万吨), ①.
 */
export const OUTLINE_LABEL = new RegExp(
  '^(?:' +
    [
      `第[${CN_NUMERAL_CHARS}\\d]+[章节条]`,
      `[${CN_DIGITS}]+[、.．]`,
      `[(（]\\s*[${CN_DIGITS}\\d]{1,3}\\s*[)）]`,
      '\\d{1,3}(?:\\.\\d{1,2})*\\s*[、.．](?!\\d)',
      `[${CIRCLED}]`,
    ].join('|') +
    ')',
);

/** OUTLINE_LABEL for the printed line (both widths, layout spaces anywhere); generated. */
export const PRINTED_OUTLINE_LABEL = printedPattern(OUTLINE_LABEL);

/** The characters a printed outline label can start with (a cheaper first test). */
export const OUTLINE_LABEL_STARTS = '第' + CN_DIGITS + '(（0123456789０１２３４５６７８９①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
