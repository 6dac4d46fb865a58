/**
 * Deterministic randomness for the benchmarks and randomized tests: the same seed gives the same
 * synthetic archive and the same queries, so runs are comparable.
 */

/** Pseudo-random numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞鹏辉建国志宏斌林波宇浩凯健俊帆帅旭亮晨欣怡佳';

/** A Chinese personal name: a common surname and one or two given-name characters. */
export function randomName(r: () => number): string {
  const pick = (s: string) => s[Math.floor(r() * s.length)]!;
  return pick(SURNAMES) + pick(GIVEN) + (r() < 0.6 ? pick(GIVEN) : '');
}
