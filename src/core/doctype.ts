/**
 * 文种 (document kinds) and title helpers. A title ends with its kind: …的通知, …实施意见,
 * …工作方案（试行）; the kind of the outer document decides `docType`.
 */
import { foldWidth, squash } from './text.js';
import { KINDS } from './grammar/doc-kinds.js';

/** Trailing qualifiers that follow the kind: （试行）, (2021—2025年), （暂行）, （草案）. */
const TRAILING_PAREN = /[（(][^（()）]{0,20}[)）]$/;

/** Last characters of the kinds, and of a trailing qualifier: a title ending otherwise has no kind. */
const KIND_ENDS = new Set([...KINDS.map(([suffix]) => suffix.slice(-1)), ')', '）']);

/** The 文种 a title ends with, or null. */
export function docTypeOfTitle(title: string): string | null {
  // Most lines asked about end in neither a kind nor a bracket (spaces and width aside).
  const last = title.trimEnd().slice(-1);
  if (!KIND_ENDS.has(last) && !KIND_ENDS.has(foldWidth(last))) return null;
  let t = squash(foldWidth(title));
  for (let i = 0; i < 2 && TRAILING_PAREN.test(t); i++) t = t.replace(TRAILING_PAREN, '');
  // Indexed: for…of with destructuring allocated per kind in code V8 does not fully optimize.
  for (let k = 0; k < KINDS.length; k++) if (t.endsWith(KINDS[k]![0])) return KINDS[k]![1];
  return null;
}

/** True when a line reads like the end of a title: it ends with a document kind. */
export function endsWithDocType(text: string): boolean {
  return docTypeOfTitle(text) !== null;
}

/**
 * Endings of an issuing body's name (人民政府, 办公室, 委员会, 局 …): a line that is only such a name is
 * an issuer line above a title, or a signature.
 */
const ISSUER_ENDINGS = [
  '人民政府', '政府', '办公室', '办公厅', '委员会', '管理委员会', '管委会', '局', '厅', '委', '院', '部', '署', '办', '中心',
  '领导小组', '指挥部', '开发区', '示范区', '新区', '人大常委会', '常委会', '法院', '检察院', '公司', '集团', '银行', '协会', '联合会',
];
const ISSUER_END = new RegExp(`(${ISSUER_ENDINGS.join('|')})$`);
/** Their last characters (all Chinese: width folding leaves them as they are). */
const ISSUER_LAST = new Set(ISSUER_ENDINGS.map((e) => e.slice(-1)));
/** The same characters as one string (for a character class). */
export const ISSUER_LAST_CHARS = [...ISSUER_LAST].join('');

export function looksLikeIssuer(text: string): boolean {
  // Asked of nearly every line: one that does not end like a body's name is answered at once.
  if (!ISSUER_LAST.has(text.trimEnd().slice(-1))) return false;
  const t = squash(foldWidth(text));
  // All of these must hold: the cheap tests first.
  if (t.length < 2 || t.length > 40 || !ISSUER_END.test(t)) return false;
  if (/[，,。；;：:《》“”"]/.test(t)) return false;
  if (/关于|印发|通知|年|月|日/.test(t)) return false;
  return ISSUER_END.test(t);
}
