/**
 * Person names: the surnames, the shape of a name (2–4 Chinese characters, or names with a middle
 * dot) and the words that look like names but are parts of posts, shared by appointments, rosters
 * and the people index.
 */
import { removeLayoutSpaces } from '../text.js';

/** Whether text ends with a closing bracket: a cheap test before the bracket regexes. */
export function endsWithBracket(s: string): boolean {
  const c = s.charCodeAt(s.length - 1);
  return c === 0xff09 || c === 0x29; // ） )
}

/** Single-character surnames (百家姓 plus common modern ones such as 闫, 呼, 巨, 栗). */
const SINGLE_SURNAMES = new Set(
  (
    '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎' +
    '鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄' +
    '和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭' +
    '梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万柯昝管卢莫房裘缪解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚' +
    '程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫' +
    '宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双' +
    '闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容' +
    '向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空' +
    '曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公岳帅缑亢况商闫呼巨粟栗芦付仝晋苟佟覃揭麦冼兰原邸' +
    '靖银尉智信练植钦过展菅雒牟檀候眭敬战修才鄢言漆朴禤'
  ).split(''),
);
const COMPOUND_SURNAMES = [
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯',
  '轩辕', '令狐', '端木', '澹台', '南宫', '西门', '独孤', '呼延', '申屠', '公羊', '赫连', '闻人', '万俟',
];

/** Words of 2–4 characters that look like names but are parts of posts or sentences. */
const NOT_NAMES = /^第|^(?:常务|党组|党委|党工委|主要|分管|协管|负责|领导|同志|兼任|成员|全体|有关|相关|各位|其他|以上|以下|现任|原任|经理|专职|专家)/;
/** Last characters of posts and bodies; a name practically never ends with them. */
const POST_OR_BODY_END = /[长任员记理席师官监问书委部局办处科院所站队会司厂区县市省镇乡村室组厅署府馆社台校行条款章节]$|负责人$|干部$|助理$|代表$/;

/** Strip what may follow a name in a list: 同志, （兼）. */
export function cleanPersonName(s: string): string {
  let n = removeLayoutSpaces(s);
  if (endsWithBracket(n)) {
    // The group is after the last other closing bracket: the pattern run on all of n restarted at
    // every opening bracket before it (quadratic on a long run of them).
    const from = Math.max(n.lastIndexOf('）', n.length - 2), n.lastIndexOf(')', n.length - 2)) + 1;
    n = n.slice(0, from) + n.slice(from).replace(/[（(][^）)]*[）)]$/, '');
  }
  return n.endsWith('同志') ? n.slice(0, -2) : n;
}

export function hasSurname(name: string): boolean {
  return SINGLE_SURNAMES.has(name[0] ?? '') || COMPOUND_SURNAMES.some((c) => name.startsWith(c));
}

/** A character of a name as printed in a sentence: Chinese, or the middle dot of a transliterated one. */
export const NAME_CHARS = '[\\u3400-\\u9fff·•]';

const NAME_SHAPE = /^(?:[\u3400-\u9fff]{2,4}|[\u3400-\u9fff]{1,8}[·•][\u3400-\u9fff]{1,10})$/;

/**
 * Whether a (cleaned) token looks like a person's name: 2–4 Chinese characters (or a name with a
 * middle dot), not a post or body word. `strict` also asks for a known surname, for places where
 * a post fragment could stand (a token after a post, a word inside a sentence).
 */
export function isPersonName(name: string, strict = false): boolean {
  if (!NAME_SHAPE.test(name)) return false;
  if (NOT_NAMES.test(name)) return false;
  if (!name.includes('·') && POST_OR_BODY_END.test(name)) return false;
  return strict ? hasSurname(name) : true;
}

