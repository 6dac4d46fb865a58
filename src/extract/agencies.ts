/**
 * Agency names: one canonical name per agency, with the names it goes by.
 *
 * Rules (general naming conventions, not a list of one city's bodies):
 * - city prefix: 阳泉市大数据应用局 → 市大数据应用局 — a leading city name is dropped when the rest
 *   starts with 市; the cities are learned from the text (XX市人民政府 title/signature lines,
 *   mastheads) or given to the table;
 * - 政府 → 人民政府 (市政府, 各县（区）政府), 各县区 / 各区县 → 各县（区）, half-width brackets → full-width;
 * - placeholders (市直各相关部门, 各有关单位) are never recorded as agencies (see isPlaceholder);
 * - a place name misread by OCR is corrected against GB/T 2260 and the issue's own spellings
 *   (孟县人民政府 → 盂县人民政府 in an issue of 阳泉: see core/places.ts);
 * - 委 → 委员会 when the long form is known (市卫生健康委 → 市卫生健康委员会);
 * - national short forms: 发改委 / 发展改革委 = 发展和改革委员会, 工信局 = 工业和信息化局,
 *   审批服务管理局 / 行政审批局 = 行政审批服务管理局, 大数据局 = 大数据应用局, 市场监管局 =
 *   市场监督管理局, 住建局 = 住房和城乡建设局, 卫健委 = 卫生健康委员会, 文旅局 = 文化和旅游局,
 *   自然资源局 / 规自局 / 自然资源和规划局 = 规划和自然资源局, 人社局 = 人力资源和社会保障局 …
 *   after a level prefix (市, 省, 县, 区, 市直 → 市, or a known city);
 * - definitions in the text: 阳泉市大数据应用局（以下简称市大数据局）, 中国铁塔股份有限公司阳泉分公司
 *   （以下简称“阳泉铁塔”）, also 简称 / 下称; a definition XX市…（以下简称市…） also names the city.
 */
import type { Agency, SourceLine } from '../model.js';
import type { DocText, DocumentText } from '../text/index.js';
import { compareKey, foldWidth, removeLayoutSpaces } from '../core/text.js';
import { correctPlaceNames, lazyPlaceContext, mayHoldMisreadPlace, type PlaceContext } from '../core/places.js';

/** The issue's text, read for the place names it spells right when a name needs it (see applyRules). */
interface IssuePlaces {
  texts: Array<SourceLine | string>;
  /**
   * The context for each list of cities (citiesKey): a fork that learns another city gets its own,
   * and the tables that did not learn it keep theirs.
   */
  contexts: Map<string, PlaceContext>;
}

type Ruled = { name: string; known: boolean };

/** National short forms: the canonical core first, then the forms it is printed in. */
export const NATIONAL_SYNONYMS: string[][] = [
  ['发展和改革委员会', '发展改革委员会', '发展改革委', '发改委'],
  ['工业和信息化局', '工业信息化局', '工信局'],
  ['行政审批服务管理局', '审批服务管理局', '行政审批局', '审批局'],
  ['大数据应用局', '大数据局'],
  ['市场监督管理局', '市场监管局'],
  ['住房和城乡建设局', '住房城乡建设局', '住建局'],
  ['卫生健康委员会', '卫生健康委', '卫健委'],
  ['文化和旅游局', '文化旅游局', '文旅局'],
  ['规划和自然资源局', '自然资源和规划局', '自然资源规划局', '自然资源局', '规自局'],
  ['人力资源和社会保障局', '人力资源社会保障局', '人社局'],
  ['交通运输局', '交通局'],
  ['城市管理局', '城管局'],
  ['应急管理局', '应急局'],
  ['退役军人事务局', '退役军人局'],
  ['科学技术局', '科技局'],
  ['医疗保障局', '医保局'],
  ['国有资产监督管理委员会', '国资委'],
  ['机关事务管理局', '机关事务局'],
  ['民族宗教事务局', '民宗局'],
  ['人民政府办公室', '政府办公室', '人民政府办', '政府办'],
  ['公安局交通警察支队', '公安局交警支队'],
];


/** Names that stand for a group of units rather than one agency (各县（区）人民政府, 有关部门 …). */
export function isCollective(name: string): boolean {
  return /^(?:各|有关|相关|其他|其它|市直各|市直有关|市直相关)/.test(name);
}

/**
 * Names that stand for no particular body (市直各相关部门, 各有关单位, 有关县（区）人民政府, 其他部门):
 * 有关/相关/其他 after an optional level, or 各 with a generic kind of unit (各行业主管部门). Unlike
 * 各县（区）人民政府 — the governments of the counties, one set of bodies — they are no agency.
 */
export function isPlaceholder(name: string): boolean {
  const n = normalizeAgencyName(name);
  return /^(?:市直|市|省|县|区)?(?:所属)?各?(?:有关|相关|其他|其它)/.test(n) || GENERIC_MEMBERS.test(n);
}

const GENERIC_MEMBERS = /^(?:市直|市|省|县|区)?(?:所属)?各[\u4e00-\u9fa5]{0,6}?(?:部门|单位|机构|企业|处室|科室)$/;

const AGENCY_SUFFIX =
  /(?:局|委|委员会|办|办公室|政府|部门|单位|中心|公司|集团|企业|院|学院|大学|学校|厅|部|署|队|行|海关|所|站|组|专班|指挥部|会|区|县|街道|乡|镇|电视台|广播台|社|处|科|室|机关|机构|银行|支局|联社|馆|协会|媒体|运营商)$/;

/** Does the name end like an agency, unit or group of units? Bracketed parts are ignored. */
export function isAgencyLike(name: string): boolean {
  // Without spaces, full-width forms or brackets the name is its own base.
  const base = /[\s\uff01-\uff5e()（）]/.test(name)
    ? removeLayoutSpaces(foldWidth(name)).replace(/\([^()]*\)|（[^（）]*）/g, '')
    : name;
  return base.length >= 2 && base.length <= 40 && !/[。：:；;，,]/.test(base) && AGENCY_SUFFIX.test(base);
}

/** Layout spaces removed, brackets full-width, quotes dropped: the form a name is stored in. */
export function normalizeAgencyName(name: string): string {
  return removeLayoutSpaces(name)
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/^[“”"'‘’「」]+|(?<![“”"'‘’「」])[“”"'‘’「」]+$/g, '');
}

/**
 * XX市人民政府 (办公室) opening a line, before 关于, 公报 or nothing (title, signature or masthead
 * line): the city of the issue. Written for the printed line, so that no line needs folding or
 * squashing: layout spaces and markdown marks (either width) may stand between any two characters.
 * Group 1 is the city, with those in it.
 */
const CITY_PRINTED = new RegExp(
  '^J*((?:[\\u4e00-\\u9fa5]J*){2,6}?)市J*人J*民J*政J*府J*(?:办J*公J*室J*)?(?:关J*于|公J*报|$)'.replace(
    /J/g,
    '[\\s#*>＃＊＞]',
  ),
);
const NOT_IN_CITY = /[\s#*>＃＊＞]+/g;
/** What a line needs before it can name the city (府) or define a short name (称). */
const DEFINITION_OR_CITY = /[称府]/;
/**
 * What a line's piece in a document's joined text (src/text/doc-text.ts) holds if the line can
 * define a short name (称) or match CITY_PRINTED: its 市…人民政府 with the marks between them, which
 * the piece keeps without the spaces and with `>>` read as 》.
 */
const DEFINITION_OR_CITY_IN_TEXT = new RegExp('称|市J*人J*民J*政J*府'.replace(/J/g, '[#*>＃＊＞》]'), 'g');

/**
 * （以下简称市大数据局） / （简称“阳泉铁塔”）, written for the printed line: every class that names an
 * ASCII character also names its full-width form (（）＂＇), so it matches as on the folded line.
 */
const SHORT_NAME = /[(（](?:以下简称|以下称|下称|简称)[:：]?[“"＂‘'＇「]*([^”"＂’'＇」()（）]{1,24}?)[”"＂’'＇」]*[)）]/g;

const LEVEL_PREFIX = /^(?:市|省|县|区|市直|)$/;
const VERBISH = /决定|成立|设立|组建|印发|关于|同意|负责|会同|牵头|要求|按照|根据|通过/;

/** What a document's fork of the issue's table learned: new cities, and agencies with their new names. */
export interface LearnedAgencies {
  cities: string[];
  /** [canonical name, names not known before] in the fork's order; a name new itself may have none. */
  entries: Array<[string, string[]]>;
}

export class AgencyTable {
  /** compareKey(alias) → canonical */
  private byAlias = new Map<string, string>();
  /** canonical → names it goes by, in the order seen */
  private readonly entries = new Map<string, Set<string>>();
  private cities = new Set<string>();
  /** The cities in the order learned (the rules try them in that order): what the rules depend on. */
  private citiesKey = '';
  /** [printed core, canonical core], longest printed form first, by last character */
  private cores = new Map<string, Array<[string, string]>>();
  /**
   * The same few hundred names come back for every task of an issue: the pure steps of a lookup
   * are kept per name.
   */
  private normalized = new Map<string, string>();
  private keys = new Map<string, string>();
  private agencyLike = new Map<string, boolean>();
  private placeholder = new Map<string, boolean>();
  /**
   * applyRules per name, for each list of cities, shared by a table and its forks (the rules depend
   * on the cities, the national forms and the issue's text, nothing else): every document of an
   * issue that names a unit gets the answer the first one computed. `ruled` is the current cities'.
   */
  private ruledByCities = new Map<string, Map<string, Ruled>>();
  private ruled = this.rulesFor('');
  /**
   * observe() of the names observed since the aliases or cities last changed: observing one again
   * would change nothing and give the same name.
   */
  private readonly observed = new Map<string, string>();
  /** The table this one was forked from (which does not change until the forks are merged). */
  private forkedFrom: AgencyTable | null = null;
  /** The text the table first learned from (the issue's), shared with forks. */
  private places: IssuePlaces | null = null;

  constructor(options: { synonyms?: string[][]; cities?: string[] } = {}) {
    const cores: Array<[string, string]> = [];
    for (const group of options.synonyms ?? []) for (const form of group) cores.push([form, group[0]!]);
    // A name ends in a form only if it ends in the form's last character: the forms are looked up
    // by it (in the same order).
    for (const core of cores.sort((a, b) => b[0].length - a[0].length)) {
      const last = core[0].slice(-1);
      const same = this.cores.get(last);
      if (same) same.push(core);
      else this.cores.set(last, [core]);
    }
    for (const c of options.cities ?? []) this.addCity(c);
  }

  /**
   * A table for one document's extraction: the issue's names and cities, with the caches of the
   * pure steps shared; what the document adds (its definitions, the agencies it names) stays in
   * the fork until `merge`, so no document's extraction sees another's and order does not matter.
   */
  fork(): AgencyTable {
    const t = new AgencyTable();
    // Copied by the native constructors (a fork is made for every document); the national forms
    // are never changed after construction, so they are shared.
    t.cores = this.cores;
    t.byAlias = new Map(this.byAlias);
    // forEach: a for-of with destructuring steps an iterator and unpacks an entry array per name.
    this.entries.forEach((names, name) => t.entries.set(name, new Set(names)));
    t.cities = new Set(this.cities);
    t.citiesKey = this.citiesKey;
    t.ruledByCities = this.ruledByCities;
    t.ruled = this.ruled;
    t.places = this.places;
    t.forkedFrom = this;
    shareCaches(this, t);
    return t;
  }

  /** Take in what a fork recorded: its cities and the agencies (with their names) it saw. */
  merge(fork: AgencyTable | LearnedAgencies): void {
    // A table is taken in whole (into any table, not only the one it was forked from).
    const learned = fork instanceof AgencyTable ? fork.learnedSince(null) : fork;
    learned.cities.forEach((c) => this.addCity(c));
    learned.entries.forEach(([name, aliases]) => {
      if (!this.entries.has(name)) this.add(name, name);
      aliases.forEach((a) => {
        if (!this.entries.get(name)!.has(a)) this.add(name, a);
      });
    });
  }

  /**
   * What this fork recorded beyond the table it was forked from, in the order `merge` takes it in:
   * merging it is merging the fork (what the table already had changes nothing there), without
   * keeping the fork — a document's fork would otherwise live until the issue's last document is
   * extracted, and the collector copies every one of them into the old generation.
   */
  learned(): LearnedAgencies {
    return this.learnedSince(this.forkedFrom);
  }

  /** What this table holds beyond `from` (all of it when null), in the order `merge` takes it in. */
  private learnedSince(from: AgencyTable | null): LearnedAgencies {
    const cities: string[] = [];
    this.cities.forEach((c) => {
      if (!from?.cities.has(c)) cities.push(c);
    });
    const entries: Array<[string, string[]]> = [];
    this.entries.forEach((aliases, name) => {
      const had = from?.entries.get(name);
      const added: string[] = [];
      aliases.forEach((a) => {
        if (!had?.has(a)) added.push(a);
      });
      if (!had || added.length) entries.push([name, added]);
    });
    return { cities, entries };
  }

  /** A city whose name may prefix agency names (阳泉 or 阳泉市). */
  addCity(city: string): void {
    const c = normalizeAgencyName(city).replace(/市$/, '');
    if (c.length >= 2 && !this.cities.has(c)) {
      this.cities.add(c);
      this.citiesKey = [...this.cities].join('、');
      this.ruled = this.rulesFor(this.citiesKey);
      this.observed.clear();
    }
  }

  /** The canonical name of an agency, or null when neither the table nor a rule knows it. */
  canonical(name: string): string | null {
    const printed = this.normalize(name);
    if (!printed) return null;
    const known = this.byAlias.get(this.key(printed));
    if (known) return known;
    const ruled = this.rulesOf(printed);
    return this.byAlias.get(this.key(ruled.name)) ?? (ruled.known || ruled.name !== printed ? ruled.name : null);
  }

  /** Record that `alias` names the agency `canonical`. */
  add(canonical: string, alias: string): void {
    const c = this.normalize(canonical);
    const a = this.normalize(alias);
    if (!c) return;
    let names = this.entries.get(c);
    if (!names) this.entries.set(c, (names = new Set()));
    if (!this.byAlias.has(this.key(c))) this.setAlias(this.key(c), c);
    if (a && a !== c) {
      names.add(a);
      // The latest definition wins: short aliases (专班, 市指挥部) are defined per document.
      this.setAlias(this.key(a), c);
    }
  }

  private setAlias(key: string, canonical: string): void {
    if (this.byAlias.get(key) === canonical) return;
    this.byAlias.set(key, canonical);
    this.observed.clear();
  }

  /**
   * The name to report for a unit (canonical where known, as printed otherwise); single agencies
   * are recorded so `list()` shows the agencies an issue mentions.
   */
  observe(name: string): string {
    const seen = this.observed.get(name);
    if (seen !== undefined) return seen;
    const printed = this.normalize(name);
    const c = this.canonical(printed) ?? printed;
    if (printed && !this.isPlaceholder(printed) && this.isAgencyLike(printed)) this.add(c, printed);
    this.observed.set(name, c);
    return c;
  }

  /** The cities learned or given (阳泉, without 市). */
  cityNames(): string[] {
    return [...this.cities];
  }

  /** Grow the table from the text: the city name(s) and 以下简称 definitions. */
  learnFromText(lines: Array<SourceLine | string>): void {
    if (!this.places) {
      this.places = { texts: lines, contexts: new Map() };
      // Answers computed without the text (or shared with tables that have none) no longer hold.
      this.ruledByCities = new Map();
      this.ruled = this.rulesFor(this.citiesKey);
    }
    const text = (i: number): string => {
      const l = lines[i]!;
      return typeof l === 'string' ? l : l.text;
    };
    // The lines are read as printed (folding them all is costly): a city line holds 府, a definition
    // 称, and most lines hold neither (one test tells, where the text is read once a line). Cities
    // first: they change the canonical names of definitions.
    const definitions: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const t = typeof l === 'string' ? l : l.text;
      if (t.length !== 0 && DEFINITION_OR_CITY.test(t)) this.learnLine(t, i, definitions);
    }
    for (const i of definitions) this.learnDefinitions(text, i);
  }

  /** Line `i` (text `t`): the city it names is added, and `i` listed if it may define a short name. */
  private learnLine(t: string, i: number, definitions: number[]): void {
    if (t.includes('称')) definitions.push(i);
    const city = t.includes('府') ? CITY_PRINTED.exec(t) : null;
    if (city) this.addCity(city[1]!.replace(NOT_IN_CITY, ''));
  }

  /**
   * learnFromText([title, ...lines]) for one document, whose text layer `layer` is made of
   * `lines`: the lines that hold 称 or a city's 市…人民政府 are found by searching the joined text
   * (see DEFINITION_OR_CITY_IN_TEXT), and only they are read, in the same order. Most lines hold
   * neither, and testing each (~900 instructions a line without TurboFan) cost more than the
   * search; nor can a line with 府 but not 市…人民政府 name the city. A table that has learned no
   * issue text yet (it learns this as its issue's) and a text layer not made of these lines take
   * the whole path.
   */
  learnFromDocument(title: string, lines: SourceLine[], layer: DocumentText): void {
    const holding = this.places && layer.lines.length === lines.length ? linesHolding(lines, layer.joined) : null;
    if (!holding) {
      // concat copies the lines natively; a spread after the title would step an iterator per line.
      const all: Array<SourceLine | string> = [title];
      this.learnFromText(all.concat(lines));
      return;
    }
    // Numbered as in [title, ...lines], where learnDefinitions reads a definition's previous lines.
    const text = (i: number): string => (i === 0 ? title : lines[i - 1]!.text);
    const definitions: number[] = [];
    if (DEFINITION_OR_CITY.test(title)) this.learnLine(title, 0, definitions);
    for (let k = 0; k < holding.length; k++) this.learnLine(text(holding[k]! + 1), holding[k]! + 1, definitions);
    for (const i of definitions) this.learnDefinitions(text, i);
  }

  /** The 以下简称 definitions of line `i` (`text` gives the lines as printed). */
  private learnDefinitions(text: (i: number) => string, i: number): void {
    const t = text(i);
    SHORT_NAME.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = SHORT_NAME.exec(t))) {
      const full = nameBefore(previousPart(text, i) + t.slice(0, m.index));
      const alias = normalizeAgencyName(foldWidth(m[1]!));
      if (!full || !alias) continue;
      // 阳泉市大数据应用局（以下简称市大数据局）: the definition itself names the city.
      // (City names run from two characters to four or more: 乌鲁木齐, 呼和浩特.)
      const city = /^([\u4e00-\u9fa5]{2,6}?)市./.exec(normalizeAgencyName(full));
      if (city && alias.startsWith('市')) this.addCity(city[1]!);
      const canonical = this.canonical(full) ?? normalizeAgencyName(full);
      this.add(canonical, full);
      this.add(canonical, alias);
    }
  }

  /** The agencies recorded so far, canonical name with the other names seen. */
  list(): Agency[] {
    return [...this.entries].map(([name, aliases]) => ({ name, aliases: [...aliases] }));
  }

  private normalize(name: string): string {
    let n = this.normalized.get(name);
    if (n === undefined) this.normalized.set(name, (n = normalizeAgencyName(name)));
    return n;
  }

  private key(name: string): string {
    let k = this.keys.get(name);
    if (k === undefined) this.keys.set(name, (k = compareKey(name)));
    return k;
  }

  private isAgencyLike(name: string): boolean {
    let like = this.agencyLike.get(name);
    if (like === undefined) this.agencyLike.set(name, (like = isAgencyLike(name)));
    return like;
  }

  /** isPlaceholder, kept per name: every document's fork observes the issue's names again. */
  private isPlaceholder(name: string): boolean {
    let placeholder = this.placeholder.get(name);
    if (placeholder === undefined) this.placeholder.set(name, (placeholder = isPlaceholder(name)));
    return placeholder;
  }

  private rulesFor(citiesKey: string): Map<string, Ruled> {
    let ruled = this.ruledByCities.get(citiesKey);
    if (!ruled) this.ruledByCities.set(citiesKey, (ruled = new Map()));
    return ruled;
  }

  private rulesOf(printed: string): Ruled {
    let r = this.ruled.get(printed);
    if (r === undefined) this.ruled.set(printed, (r = this.applyRules(printed)));
    return r;
  }

  /** The name after the general rules; `known` when a national form matched. */
  private applyRules(printed: string): Ruled {
    let n = printed;
    for (const city of this.cities) {
      if (n.startsWith(city + '市') && n.length > city.length + 2) {
        n = n.slice(city.length);
        break;
      }
    }
    n = n.replace(/(?<!人民)政府/g, '人民政府').replace(/^各(?:县区|区县|区（县）)/, '各县（区）');
    if (this.places && mayHoldMisreadPlace(n)) n = correctPlaceNames(n, this.placeContext(this.places)).text;
    const core = this.core(n) ?? (n.endsWith('委') ? this.core(n + '员会') : null);
    return core ? { name: core, known: true } : { name: n, known: false };
  }

  /** The place names the issue spells right, and the divisions inside its cities (阳泉 → 盂县 …). */
  private placeContext(places: IssuePlaces): PlaceContext {
    const texts = places.texts;
    const lines = { length: texts.length, text: (i: number) => { const l = texts[i]!; return typeof l === 'string' ? l : l.text; } };
    let context = places.contexts.get(this.citiesKey);
    if (!context) places.contexts.set(this.citiesKey, (context = lazyPlaceContext(lines, [...this.cities].map((c) => c + '市'))));
    return context;
  }

  /** Prefix + canonical core when the name ends in a known form after a level prefix. */
  private core(n: string): string | null {
    const cores = this.cores.get(n.slice(-1)) ?? [];
    for (let i = 0; i < cores.length; i++) {
      const form = cores[i]![0];
      const canonical = cores[i]![1];
      if (!n.endsWith(form)) continue;
      const prefix = n.slice(0, n.length - form.length);
      if (LEVEL_PREFIX.test(prefix)) return (prefix === '市直' ? '市' : prefix) + canonical;
      if (this.cities.has(prefix)) return prefix + canonical;
    }
    return null;
  }
}

/** The caches of pure functions of a name (not of the table) are the same for a fork. */
function shareCaches(from: AgencyTable, to: AgencyTable): void {
  const f = from as unknown as {
    normalized: Map<string, string>;
    keys: Map<string, string>;
    agencyLike: Map<string, boolean>;
    placeholder: Map<string, boolean>;
  };
  const t = to as unknown as typeof f;
  t.normalized = f.normalized;
  t.keys = f.keys;
  t.agencyLike = f.agencyLike;
  t.placeholder = f.placeholder;
}

/**
 * Indexes of the lines that may define a short name or name the city, ascending, found in their
 * joined text (DEFINITION_OR_CITY_IN_TEXT; a line read for nothing learns nothing): each hit's
 * piece names its line, and the search goes on after that piece. Null when a piece's line is not
 * the line of `lines` it should be (a joined text made of other lines).
 */
function linesHolding(lines: SourceLine[], joined: DocText): number[] | null {
  const { text, map } = joined;
  const found: number[] = [];
  const first = lines.length ? lines[0]!.line : 0;
  const re = DEFINITION_OR_CITY_IN_TEXT;
  re.lastIndex = 0;
  let last = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const k = map.pieceAt(m.index);
    const line = map.lines[k]!;
    // Lines are numbered in a row; else the line is looked for after the last one found.
    let i = line.line - first;
    if (lines[i] !== line || i <= last) i = lines.indexOf(line, last + 1);
    if (i < 0) return null;
    found.push((last = i));
    if (k + 1 >= map.size) break;
    re.lastIndex = map.starts[k + 1]!;
  }
  return found;
}

/**
 * The agency name that ends `before` (the text in front of a 以下简称 bracket): the tail after the
 * last clause break, preposition (由, 在, 对 …) or verb (成立, 设立 …) that reads as an agency name.
 */
function nameBefore(before: string): string | null {
  // `before` as printed: the breaks are taken in either width; the name is returned folded.
  const segment = before.split(/[，,。；;：:、\s“”"＂《》]/).pop() ?? '';
  const BOUNDARY = /[由在对将把向从被让请]/;
  for (let k = 0; k < segment.length - 2; k++) {
    // Where a name can start: the segment start (without a boundary in it), after a boundary
    // character or after 成立/设立/组建/建立 (whose last character is 立 or 建).
    const prev = k > 0 ? segment[k - 1]! : '';
    const starts =
      k === 0
        ? !BOUNDARY.test(segment)
        : BOUNDARY.test(prev) || ((prev === '立' || prev === '建') && /成立|设立|组建|建立/.test(segment.slice(k - 2, k)));
    if (!starts) continue;
    const cand = segment.slice(k);
    if (isAgencyLike(cand) && !VERBISH.test(cand)) return foldWidth(cand);
  }
  return null;
}

/** The previous non-blank line when line `i` continues its sentence (a name broken by the page). */
function previousPart(text: (j: number) => string, i: number): string {
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
    const prev = text(j).trim();
    if (!prev) continue;
    return /[。；;：:！？!?]$/.test(prev) ? '' : prev;
  }
  return '';
}

/** A table seeded with the national naming rules; `city` adds a known city prefix. */
export function defaultAgencyTable(options: { city?: string | null } = {}): AgencyTable {
  return new AgencyTable({ synonyms: NATIONAL_SYNONYMS, cities: options.city ? [options.city] : [] });
}
