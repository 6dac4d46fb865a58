/**
 * The region an issue belongs to — the area whose government publishes it (阳泉市, 山西省, 浦东新区,
 * 平定县) — and agency names made unambiguous across regions.
 *
 * Inside one gazette 市财政局 is one agency; in an archive of several cities' gazettes, 阳泉's and
 * 晋城's 市财政局 are two. The archive therefore files a name that starts with the region's level
 * (市财政局 in 阳泉市, 省财政厅 in 山西省, 区教育局 in 浦东新区) under the region's own name
 * (阳泉市财政局); the printed short name stays an alias.
 */
import { foldWidth, removeLayoutSpaces } from './text.js';

/** Level words a region's name ends in, longest first. */
const LEVELS = ['特别行政区', '自治区', '自治州', '自治县', '自治旗', '省', '市', '州', '盟', '县', '区', '旗'];
const LEVEL = LEVELS.join('|');

/**
 * A gazette's masthead title or publisher: XX市人民政府公报, XX省人民政府办公厅, XX区政府公报,
 * XX自治区人民政府公报 … Group 1 is the region, group 2 what follows it, which must name a
 * government or a gazette, so that a title such as 市场监管公报 is not read as a region.
 */
const MASTHEAD = new RegExp(`^([\\u4e00-\\u9fa5]{1,12}?(?:${LEVEL}))((?:人民政府|政府)?(?:办公厅|办公室)?(?:公报|政报)?)$`);

/** The region named by a masthead title or publisher (阳泉市人民政府公报 → 阳泉市), or null. */
export function regionOfName(name: string | null | undefined): string | null {
  if (!name) return null;
  const m = MASTHEAD.exec(removeLayoutSpaces(foldWidth(name)).replace(/[#*>]/g, ''));
  // A level word alone (市政府公报) names no region.
  return m && /政府|公报|政报/.test(m[2]!) && !LEVELS.includes(m[1]!) ? m[1]! : null;
}

/**
 * The region of an issue: its masthead title, else its publisher, else the one city whose
 * government the text signs as (`cities`, learned by the agency table; several: unknown).
 */
export function regionOfIssue(masthead: { title: string | null; publisher: string | null } | null, cities: string[]): string | null {
  return regionOfName(masthead?.title) ?? regionOfName(masthead?.publisher) ?? (cities.length === 1 ? `${cities[0]}市` : null);
}

/** The level word a region ends in (阳泉市 → 市, 内蒙古自治区 → 自治区). */
function levelOf(region: string): string | null {
  return LEVELS.find((l) => region.endsWith(l) && region.length > l.length) ?? null;
}

/** Words that start with a level character without being a level prefix (市场监督管理局 printed bare). */
const NOT_A_PREFIX = /^(?:市场|市民|区域|县域|省际|州际)/;

/**
 * An agency name as the archive files it: a name that starts with the region's level word gets
 * the region's name in front (市财政局 in 阳泉市 → 阳泉市财政局; 市直各部门 → 阳泉市直各部门).
 * Other names (阳泉高新区, 各县（区）人民政府, 国家金融监督管理总局阳泉监管分局) are unchanged, and
 * so is every name when the region is unknown.
 */
export function qualifyAgencyName(name: string, region: string | null): string {
  if (!region) return name;
  const level = levelOf(region);
  if (!level || !name.startsWith(level) || name.length <= level.length || NOT_A_PREFIX.test(name)) return name;
  return region.slice(0, region.length - level.length) + name;
}
