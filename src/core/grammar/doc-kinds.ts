/**
 * 文种: the words that end a document's title (…的通知, …实施意见, …工作方案), and the word lists
 * other readers take from them. Defined here once; src/core/doctype.ts reads titles with KINDS.
 */

/**
 * Kinds, longest first so that 政策措施 wins over 措施. Compound forms map to their basic kind
 * (实施意见 → 意见) because that is what the 公文 standard names.
 */
export const KINDS: Array<[suffix: string, kind: string]> = [
  ['政策措施', '政策措施'],
  ['实施意见', '意见'],
  ['指导意见', '意见'],
  ['若干措施', '措施'],
  ['会议纪要', '纪要'],
  ['通知', '通知'],
  ['通报', '通报'],
  ['意见', '意见'],
  ['决定', '决定'],
  ['命令', '命令'],
  ['公告', '公告'],
  ['通告', '通告'],
  ['批复', '批复'],
  ['报告', '报告'],
  ['请示', '请示'],
  ['议案', '议案'],
  ['纪要', '纪要'],
  ['决议', '决议'],
  ['函', '函'],
  ['答复', '答复'],
  ['办法', '办法'],
  ['方案', '方案'],
  ['规定', '规定'],
  ['细则', '细则'],
  ['规划', '规划'],
  ['计划', '计划'],
  ['措施', '措施'],
  ['预案', '预案'],
  ['条例', '条例'],
  ['规则', '规则'],
  ['指南', '指南'],
  ['指引', '指引'],
  ['政策', '政策'],
  ['清单', '清单'],
  ['目录', '目录'],
  ['要点', '要点'],
  ['标准', '标准'],
  ['名单', '名单'],
  ['制度', '制度'],
  ['章程', '章程'],
  ['纲要', '纲要'],
  ['公示', '公示'],
  ['解读', '解读'],
  ['令', '令'],
];

/**
 * What a document calls itself in 本办法 / 以上措施 / 上述方案 (validity clauses): kinds of
 * instruments, and the nouns that stand for one (文件, 机制, 安排, 规程).
 */
export const SELF_REFERENCE_WORDS = [
  '办法', '方案', '通知', '意见', '规定', '细则', '预案', '政策', '措施', '文件', '规划', '决定', '制度', '条例',
  '计划', '指南', '规则', '纲要', '公告', '通告', '批复', '函', '标准', '规程', '目录', '清单', '要点', '机制',
  '通报', '安排',
];

/** The kinds that end the title of a law or instrument (法 included), for OCR title repairs. */
export const TITLE_END_WORDS = [
  '法', '条例', '规定', '办法', '细则', '通知', '意见', '方案', '规划', '标准', '决定', '纲要', '计划', '规则',
  '目录', '清单', '公告', '通告', '报告', '批复', '函',
];

/** `(?:A|B|…)` of words, as a pattern source. */
export function wordsSource(words: readonly string[]): string {
  return `(?:${words.join('|')})`;
}
