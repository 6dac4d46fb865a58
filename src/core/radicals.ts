/**
 * Radical code points read for ordinary characters.
 *
 * CJK fonts draw 人 and the Kangxi radical ⼈ (U+2F08) with one glyph, and many PDF producers map
 * that glyph back to the radical: text taken from such a PDF reads ⼈⺠政府 for 人民政府, which looks
 * right and matches nothing. The Kangxi radicals (U+2F00–U+2FD5) have compatibility mappings in
 * Unicode (NFKC); the radicals supplement (U+2E80–U+2EF3) mostly has none, so its simplified and
 * traditional forms are listed here.
 */

const SUPPLEMENT: Record<string, string> = {
  '⺁': '厂', '⺃': '乚', '⺅': '亻', '⺆': '冂', '⺇': '几', '⺉': '刂', '⺊': '卜', '⺋': '㔾', '⺌': '小', '⺍': '小',
  '⺎': '兀', '⺏': '尣', '⺐': '尢', '⺒': '巳', '⺓': '幺', '⺔': '彑', '⺕': '彐', '⺖': '忄', '⺗': '心', '⺘': '扌',
  '⺙': '攵', '⺛': '旡', '⺜': '日', '⺝': '月', '⺞': '歺', '⺟': '母', '⺠': '民', '⺡': '氵', '⺢': '氺', '⺣': '灬',
  '⺤': '爫', '⺥': '爫', '⺦': '丬', '⺧': '牛', '⺨': '犭', '⺩': '王', '⺪': '疋', '⺫': '罒', '⺬': '示', '⺭': '礻',
  '⺮': '竹', '⺯': '糸', '⺰': '纟', '⺱': '罓', '⺲': '罒', '⺳': '网', '⺶': '羊', '⺷': '羊', '⺹': '耂', '⺺': '聿',
  '⺻': '聿', '⺼': '月', '⺽': '臼', '⺾': '艹', '⺿': '艹', '⻀': '艹', '⻁': '虎', '⻂': '衤', '⻃': '覀', '⻄': '西',
  '⻅': '见', '⻆': '角', '⻈': '讠', '⻉': '贝', '⻊': '足', '⻋': '车', '⻌': '辶', '⻍': '辶', '⻎': '辶', '⻏': '阝',
  '⻐': '钅', '⻑': '長', '⻒': '镸', '⻓': '长', '⻔': '门', '⻖': '阝', '⻗': '雨', '⻘': '青', '⻙': '韦', '⻚': '页',
  '⻛': '风', '⻜': '飞', '⻝': '食', '⻟': '飠', '⻠': '饣', '⻢': '马', '⻣': '骨', '⻤': '鬼', '⻥': '鱼', '⻦': '鸟',
  '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾', '⻫': '斉', '⻬': '齐', '⻭': '歯', '⻮': '齿', '⻯': '竜', '⻰': '龙',
  '⻱': '龜', '⻲': '亀', '⻳': '龟',
};

const RADICAL = /[\u2e80-\u2ef3\u2f00-\u2fd5]/;
const RADICALS = /[\u2e80-\u2ef3\u2f00-\u2fd5]/g;

/** The ordinary character for each radical code point; one character for one (length preserving). */
export function foldRadicals(s: string): string {
  if (!RADICAL.test(s)) return s;
  return s.replace(RADICALS, (c) => {
    const mapped = SUPPLEMENT[c] ?? c.normalize('NFKC');
    return mapped.length === 1 ? mapped : c;
  });
}
