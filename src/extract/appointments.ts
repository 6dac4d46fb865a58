/**
 * Personnel actions (任免) of a personnel notice. Forms handled (each record is read by its FORM,
 * never by its position, because two-column layout damage moves records above their header or
 * below the signature):
 * - appoint:     史玉宝为阳泉市广播电视台台长；  任命张三为…；  段慧刚为…局长。 (congress-approved)
 * - remove:      杨鸿龙的…台长职务（保留原职级待遇）；  任海鑫的…副主任； (under 免去：, no 职务)
 *                免去李四的…职务；  王五不再担任…职务
 * - nominate:    提名：杨慧新任阳泉市商业银行董事长。  (also X为Y under a 提名： header)
 * - confirm:     正式任用：X为Y；  X试用期满，正式任用为Y
 * - transfer:    张学军调整至阳泉市工业干部学校工作（保留原职级待遇）。  (调至, 调任 …)
 * - auto_remove: 因机构改革，杜俊德的…所长职务自行免去，不再办理免职手续。
 * Layout handled: several records on one line separated by ；, a record broken over lines
 * (hard-wrapped text), the header sharing a line with the first record (任命：任海鑫为…),
 * layout spaces inside names (程 鹏), half-width punctuation, and a truncated record
 * (…保卫处处) whose tail (长职务（保留原职级待遇）；) was printed elsewhere in the notice.
 * Also: the basis of the notice (常务会议 and its date, 人大常委会 session, 研究决定, 决定) and a
 * check of the title's head-count (吴志鹏等四十二人, 等4人) against the distinct people found.
 * Where each clause form is read (parseClause tries them in this order; tests in
 * test/appointments.test.ts, the forms of other issuers in test/forms-personnel.test.ts):
 * removalOfPost (X的Y职务, 自行免去), noLongerHolding (X不再担任Y), transferTo (X调整至Y工作),
 * appointedAs (X为Y: appoint, nominate, confirm), appointedWithRen (X任Y, X同志任…);
 * forms spanning clauses: parseRecords (X试用期满，…正式任用为Y), removalOfThatPerson (免去其Y职务).
 * Person names: src/core/grammar/person-names.ts.
 * Speed: isPersonnelDocument runs on every document, so it reads in full only the lines that have
 * a colon after a header verb (and none when the joined text has no such colon); each clause form
 * is tried only when its marker word is present.
 */
import type { Appointment, AppointmentAction, AppointmentBasis, ExtractContext, Warning } from '../model.js';
import { documentText, type DocText, type DocumentText } from '../text/index.js';
import { findDates, lineDate } from '../core/dates.js';
import { foldWidth, parseNumber, removeLayoutSpaces } from '../core/text.js';
import { NAME_CHARS, cleanPersonName, endsWithBracket, isPersonName } from '../core/grammar/person-names.js';

// ---------------------------------------------------------------------------------------------
// Text helpers (shared with the roster extractor): the core helpers, skipping text they leave as is





// ---------------------------------------------------------------------------------------------
// Posts and qualifiers

/** A post ends with a title: 台长, 主任, 董事长, 总会计师, 委员, 书记, 干事, 顾问 … */
const POST_END = /(?:[长任员记席师官监问书事理督使表]|负责人|干部|助理|主管|领导)$/;
/** Words inside brackets that make the bracket a qualifier rather than a part of the post name. */
// (Used with test(): 按[^按]*管理 finds what 按.*管理 finds — from the last 按 before the 管理 — without
// scanning to the end of the text from every 按 of a long run.)
const QUALIFIER_WORDS = /试用期|保留|待遇|职级|级别|任期|聘期|挂职|兼|期满|不占|正[科处县厅局]|副[科处县厅局]|[科处县厅局]级|按[^按\n\r\u2028\u2029]*管理|免职手续|原职/;
const TRAILING_BRACKET = /[（(]([^（()）]*)[）)]$/;

function trailingBracket(s: string): RegExpExecArray | null {
  return endsWithBracket(s) ? TRAILING_BRACKET.exec(s) : null;
}

function isPostLike(post: string): boolean {
  // 主任（院长）: the name of the post is before a trailing non-qualifier bracket.
  let p = post;
  let m: RegExpExecArray | null;
  while ((m = trailingBracket(p)) && p.length > m[0].length) p = p.slice(0, m.index);
  return p.length >= 2 && POST_END.test(p) && !/[，,。；;：:]/.test(p);
}

/** Peel qualifier brackets and a trailing 职务/工作 off a post: 副校长职务（保留原职级待遇）. */
function splitPost(text: string, tail: RegExp): { post: string; qualifiers: string[]; hadTail: boolean } {
  let post = text;
  const qualifiers: string[] = [];
  let hadTail = false;
  for (;;) {
    const m = trailingBracket(post);
    if (m && QUALIFIER_WORDS.test(m[1]!)) {
      qualifiers.unshift(m[1]!);
      post = post.slice(0, m.index);
      continue;
    }
    const t = tail.exec(post);
    if (t && t[0].length && post.length > t[0].length) {
      post = post.slice(0, t.index);
      hadTail = true;
      continue;
    }
    break;
  }
  return { post, qualifiers, hadTail };
}

// ---------------------------------------------------------------------------------------------
// Records

type Section = 'appoint' | 'remove' | 'nominate' | 'confirm' | null;

interface ParsedRecord {
  action: AppointmentAction;
  person: string;
  post: string;
  qualifiers: string[];
  /** Offset of the person's name in the piece. */
  offset: number;
  /** Offset just after the record's clause in the piece (set by parseRecords). */
  end?: number;
  /** False when the post does not end like a post (a truncated record). */
  complete: boolean;
}

const VERB_BEFORE_NAME = /^(?:决定)?(?:任命|聘任|聘用|聘|提名|同意|正式任用|免去|解聘)/;
const TRANSFER = /^(?:调整至|调整到|调至|调到|调任|调入|交流至|交流到)/;
const AUTO_REMOVE_TAIL = /职务?(?:自行|自然|自动)(?:免去|免除|免职|解除)$/;
const CONFIRMED = new RegExp(`^(${NAME_CHARS}{2,6}?)(?:同志)?(?:的)?试用期(?:已)?满[^。；;]*?正式任用为(.+)$`);
const BASIS_CLAUSE = /^经|研究|决定|审议|通过|通知如下|提请|会议/;
const NO_LONGER = new RegExp(`^(${NAME_CHARS}{2,6}?)(?:同志)?不再担任(.+)$`);

/**
 * Candidate splits of a clause into NAME + marker: the name is 2–4 characters (longer with a
 * middle dot) before the marker. The last candidate wins, so a name containing the marker
 * (张为民为…) still splits after the whole name.
 */
function nameSplits(clause: string, marker: string): number[] {
  const out: number[] = [];
  if (!clause.includes(marker)) return out;
  const max = /^[^，,]{0,10}[·•]/.test(clause) ? 12 : 4;
  for (let i = 2; i <= Math.min(max, clause.length - marker.length - 1); i++) {
    if (clause.startsWith(marker, i)) out.push(i);
  }
  return out;
}

/** Characters of bodies, places and numbering that a person's name does not contain. */
const NOT_IN_NAME = /[等室局委办处厅署府省市县区镇乡村条款项]|^第|^(?:关于|经|因|为|对|各|请|特|现|由)|职务|任免/;

const VALID_NAME_SHAPE = new RegExp(`^${NAME_CHARS}{2,12}$`);

function validName(name: string): boolean {
  const n = removeLayoutSpaces(name).replace(/同志$/, '');
  return VALID_NAME_SHAPE.test(n) && !NOT_IN_NAME.test(n);
}

/**
 * A post starts with a body or a place, never with a preposition (由市城市管理局局长兼任), and has
 * no words of procedure (提请已经…审议通过, 试用期从原任职时间算起): those are sentences.
 */
const NOT_POST = /^[由是在将从对按以把被与和及向]|已经|通过|审议|决定|提请|算起|时间|同意|按照|根据/;

/** What a clause reader gets: the verb before the name (任命, 免去 …), the rest, and the context. */
interface Clause {
  lead: string;
  body: string;
  section: Section;
  nominating: boolean;
}

/**
 * Read one clause (no ，/；/。 inside) as a record, or null: each form in turn, the first that reads
 * it wins (the order matters: 张为民的…职务 is a removal, not X为Y).
 */
function parseClause(clause: string, section: Section, nominating: boolean): ParsedRecord | null {
  const verb = VERB_BEFORE_NAME.exec(clause);
  const lead = verb ? verb[0] : '';
  const c: Clause = { lead, body: clause.slice(lead.length), section, nominating };
  return removalOfPost(c) ?? noLongerHolding(c) ?? transferTo(c) ?? appointedAs(c) ?? appointedWithRen(c);
}

/** X的Y职务自行免去 (auto_remove) / X的Y职务 / X的Y (under 免去). */
function removalOfPost({ lead, body }: Clause): ParsedRecord | null {
  for (const i of nameSplits(body, '的').reverse()) {
    const rawName = body.slice(0, i).replace(/担任$/, '');
    if (!validName(rawName)) continue;
    const person = cleanPersonName(rawName);
    const rest = body.slice(i + 1);
    if (AUTO_REMOVE_TAIL.test(rest)) {
      const { post, qualifiers } = splitPost(rest.replace(AUTO_REMOVE_TAIL, ''), /职务$/);
      return { action: 'auto_remove', person, post, qualifiers, offset: lead.length, complete: post.length > 0 };
    }
    const { post, qualifiers, hadTail } = splitPost(rest, /职务$/);
    if (!post || NOT_POST.test(post)) continue;
    // Without 职务 and a post ending (…保卫处处) it is a truncated removal or a sentence: the caller decides.
    return { action: 'remove', person, post, qualifiers, offset: lead.length, complete: hadTail || isPostLike(post) };
  }
  return null;
}

/** X不再担任Y职务 (remove). */
function noLongerHolding({ lead, body }: Clause): ParsedRecord | null {
  const noLonger = body.includes('不再担任') ? NO_LONGER.exec(body) : null;
  if (noLonger && validName(noLonger[1]!)) {
    const { post, qualifiers } = splitPost(noLonger[2]!, /职务$/);
    if (post) return { action: 'remove', person: cleanPersonName(noLonger[1]!), post, qualifiers, offset: lead.length, complete: isPostLike(post) };
  }
  return null;
}

/** X调整至Y工作 (transfer; every TRANSFER word has 调 or 交流). */
function transferTo({ lead, body }: Clause): ParsedRecord | null {
  const transfer = body.includes('调') || body.includes('交流');
  for (let i = 2; transfer && i <= Math.min(6, body.length - 3); i++) {
    const name = body.slice(0, i).replace(/同志$/, '');
    const m = TRANSFER.exec(body.slice(i));
    if (!m || !validName(body.slice(0, i))) continue;
    const { post, qualifiers } = splitPost(body.slice(i + m[0].length), /工作$/);
    if (post) return { action: 'transfer', person: cleanPersonName(name), post, qualifiers, offset: lead.length, complete: true };
  }
  return null;
}

/** X为Y: appoint, nominate (提名) or confirm (正式任用), by the verb or the section header. */
function appointedAs({ lead, body, section }: Clause): ParsedRecord | null {
  for (const i of nameSplits(body, '为').reverse()) {
    if (!validName(body.slice(0, i))) continue;
    const { post, qualifiers } = splitPost(body.slice(i + 1), /职务$/);
    if (!post || NOT_POST.test(post)) continue;
    const explicit = /提名/.test(lead) || /正式任用/.test(lead) || /任命|聘/.test(lead) || section !== null;
    const postLike = isPostLike(post);
    if (!postLike && !explicit) continue;
    const action: AppointmentAction = /提名/.test(lead) || (!lead && section === 'nominate')
      ? 'nominate'
      : /正式任用/.test(lead) || (!lead && section === 'confirm')
        ? 'confirm'
        : 'appoint';
    return { action, person: cleanPersonName(body.slice(0, i)), post, qualifiers, offset: lead.length, complete: postLike };
  }
  return null;
}

/** X任Y: 杨慧新任阳泉市商业银行董事长 (提名 notices), X同志任… lines without 任命/为. */
function appointedWithRen({ lead, body, section, nominating }: Clause): ParsedRecord | null {
  for (const i of nameSplits(body, '任').reverse()) {
    if (!validName(body.slice(0, i)) || /^任[命职免用期]/.test(body.slice(i))) continue;
    const { post, qualifiers } = splitPost(body.slice(i + 1), /职务$/);
    if (!post || !isPostLike(post) || NOT_POST.test(post)) continue;
    const action: AppointmentAction = /提名/.test(lead) || nominating || section === 'nominate' ? 'nominate' : 'appoint';
    return { action, person: cleanPersonName(body.slice(0, i)), post, qualifiers, offset: lead.length, complete: true };
  }
  return null;
}

/**
 * Read a piece (text between ；/。/header) as records. Each clause (between ，) may hold one
 * (任命张三为…，李四为…); a clause that holds none qualifies its neighbour record
 * (因机构改革，…职务自行免去，不再办理免职手续).
 */
function parseRecords(piece: string, section: Section, nominating: boolean, previousPerson: string | null = null): ParsedRecord[] {
  const f = foldWidth(piece);
  // X（同志）试用期满，经考核合格，正式任用为Y: the form spans the clauses.
  const confirmed = f.includes('试用期') ? CONFIRMED.exec(f) : null;
  if (confirmed && validName(confirmed[1]!)) {
    const { post, qualifiers } = splitPost(piece.slice(f.length - confirmed[2]!.length), /职务$/);
    if (post) return [{ action: 'confirm', person: cleanPersonName(confirmed[1]!), post, qualifiers, offset: 0, end: piece.length, complete: isPostLike(post) }];
  }
  const records: ParsedRecord[] = [];
  const before: string[] = [];
  for (let start = 0; start <= f.length; ) {
    let i = f.indexOf(',', start);
    if (i < 0) i = f.length;
    const text = piece.slice(start, i);
    const rec = parseClause(text, section, nominating) ?? removalOfThatPerson(text, records[records.length - 1]?.person ?? previousPerson);
    if (rec) {
      records.push({ ...rec, qualifiers: [...before.splice(0), ...rec.qualifiers], offset: start + rec.offset, end: i });
    } else if (text.trim() && !BASIS_CLAUSE.test(text.trim())) {
      const last = records[records.length - 1];
      if (last) last.qualifiers.push(text.trim());
      else before.push(text.trim());
    }
    start = i + 1;
  }
  return records;
}

/** 免去其Y职务 (party-committee wording): 其 is the person of the record before it. */
function removalOfThatPerson(clause: string, person: string | null): ParsedRecord | null {
  const m = person ? /^(?:并|同时)?免去其(.+)$/.exec(clause) : null;
  if (!m) return null;
  const { post, qualifiers } = splitPost(m[1]!, /职务$/);
  return post ? { action: 'remove', person: person!, post, qualifiers, offset: clause.length - m[1]!.length, complete: isPostLike(post) } : null;
}

/** The record a piece ends with: the one a line break may have cut. */
function lastRecord(piece: string, section: Section, nominating: boolean): ParsedRecord | null {
  return parseRecords(piece, section, nominating).pop() ?? null;
}

// ---------------------------------------------------------------------------------------------
// Splitting the notice into pieces

const HEADER = /(任命|免去|提名|聘任|聘用|解聘|正式任用|免职)\s*[:：]/g;
/** The sentence before a 任命： header that makes its list confirmations (正式任用) of appointees on probation. */
const CONFIRMATION_INTRO = /试用期[^,;。]{0,4}满[^;。]*正式任用[^;。]*$/;
/** Ends a piece: ；/。 and a colon (现通知如下：, 各县（区）人民政府：). */
const TERMINATOR = /[；;。:：]/;

interface Piece {
  text: string;
  /** Offset of the first character in the joined text (its map gives the line). */
  start: number;
  section: Section;
  endedBy: 'terminator' | 'header' | 'break' | 'end';
  /** Ends right before a header (the clause that names the basis). */
  beforeHeader: boolean;
}

function sectionOf(word: string): Section {
  if (word === '提名') return 'nominate';
  if (word === '正式任用') return 'confirm';
  if (word === '免去' || word === '免职' || word === '解聘') return 'remove';
  return 'appoint';
}

const CLOSING_LINE = /^[（(]?此件|^特此通知|^抄送|^附件/;

function isSignatureLike(s: string): boolean {
  return s.length <= 24 && !/[，,。；;：:]/.test(s) && /(?:人民政府|政府|办公室|办公厅|委员会|局|厅|委|办)$/.test(s);
}

/** End of the first piece of a line (width-folded): its first ；/。 or header. */
function firstPieceEnd(f: string): number {
  HEADER.lastIndex = 0;
  const h = HEADER.exec(f);
  const t = f.search(TERMINATOR);
  return Math.min(h ? h.index : f.length, t < 0 ? f.length : t);
}

function lastClause(s: string): string {
  return s.slice(Math.max(s.lastIndexOf('，'), s.lastIndexOf(',')) + 1);
}

/**
 * Cut the notice into pieces at ；/。, at headers (任命：), and at line breaks where the next line
 * starts a new record or the closing block, so that a record wrapped over lines stays whole.
 */
function cutPieces(dt: DocText, nominating: boolean): Piece[] {
  const pieces: Piece[] = [];
  let section: Section = null;
  let cur: Piece | null = null;
  const close = (endedBy: Piece['endedBy'], beforeHeader = false) => {
    if (cur && cur.text.trim()) pieces.push({ ...cur, endedBy, beforeHeader });
    cur = null;
  };
  // Each line's characters in the joined text (lines left empty have none).
  const { starts } = dt.map;
  for (let k = 0; k < starts.length; k++) {
    const base = starts[k]!;
    const s = dt.text.slice(base, starts[k + 1] ?? dt.text.length);
    const f = dt.folded.slice(base, base + s.length);
    if (cur) {
      const open: Piece = cur;
      const openRecord = lastRecord(open.text, section, nominating);
      const openIsRecord = openRecord !== null;
      // A signature-like line (…局) may also be the next part of a wrapped post: a cut post continues.
      const closingNext = CLOSING_LINE.test(s) || lineDate(s) !== null || (isSignatureLike(s) && openRecord?.complete !== false);
      // A finished record (…职务) followed by a tail printed out of place (长职务（…）；) must not swallow it.
      const first = s.slice(0, firstPieceEnd(f));
      const nextStartsRecord = lastRecord(first, section, nominating) !== null;
      const openComplete = openIsRecord && /职务$/.test(open.text) && /职务/.test(first) && isOrphanTail(first);
      // A short open piece may be the start of a wrapped name (卢 / 晓东为…): keep it.
      if (closingNext || openComplete || (nextStartsRecord && (openIsRecord || lastClause(open.text).length > 4))) close('break');
    }
    let i = 0;
    // The first header at or after i: looked for again only once i has passed it (from every
    // ；/。 of a long run, the search for a header ahead made the line quadratic).
    let h: RegExpExecArray | null | undefined;
    while (i < s.length) {
      if (h === undefined || (h && h.index < i)) {
        HEADER.lastIndex = i;
        h = HEADER.exec(f);
      }
      const t = f.slice(i).search(TERMINATOR);
      const tAt = t < 0 ? -1 : i + t;
      if (h && (tAt < 0 || h.index < tAt)) {
        if (h.index > i) {
          cur ??= { text: '', start: base + i, section, endedBy: 'end', beforeHeader: false };
          cur.text += s.slice(i, h.index);
        }
        const intro = (pieces[pieces.length - 1]?.text ?? '') + (cur?.text ?? '');
        close('header', true);
        section = sectionOf(h[1]!);
        // X等N人任职试用期满，…同意正式任用，任命：: the list confirms the appointments.
        if (section === 'appoint' && CONFIRMATION_INTRO.test(foldWidth(intro))) section = 'confirm';
        i = h.index + h[0].length;
      } else if (tAt >= 0) {
        if (tAt > i) {
          cur ??= { text: '', start: base + i, section, endedBy: 'end', beforeHeader: false };
          cur.text += s.slice(i, tAt);
        }
        close('terminator');
        i = tAt + 1;
      } else {
        cur ??= { text: '', start: base + i, section, endedBy: 'end', beforeHeader: false };
        cur.text += s.slice(i);
        i = s.length;
      }
    }
  }
  close('end');
  return pieces;
}

/** A post names its body: a truncated post (…保卫处处) still does, a sentence does not. */
const BODY_WORD = /[院校局委处科系部所站队会司办厅馆台行社心]/;

/** The tail of a record printed elsewhere by layout damage: 长职务（保留原职级待遇）. */
function isOrphanTail(text: string): boolean {
  const f = foldWidth(text);
  return f.length <= 24 && /^[^,:的为]{0,12}?(?:职务)?(?:\([^()]*\))*$/.test(f) && (/职务/.test(f) || /\(/.test(f)) && !/^[(]?此件/.test(f);
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Words of a personnel notice in its title, or a header such as 任命：/免去： in its body. */
const PERSONNEL_TITLE = /任免|任命|免职|任职|免去|提名|聘任|聘用|解聘|职务/;
const PERSONNEL_HEADER = /^(?:.*[，,])?(?:决定)?(?:任命|免去|提名|聘任|解聘|正式任用)\s*[:：]/;

/**
 * What a header line must contain before spaces are removed (任 命 ：): a cheap test so that the
 * full check runs on a few lines only, since this runs on every document.
 */
const HEADER_HINT = /(?:任\s*命|免\s*去|提\s*名|聘\s*任|解\s*聘|任\s*用)\s*[:：]/;

/** HEADER_HINT with the spaces removed: what the joined text holds where some line holds a header. */
const JOINED_HEADER_HINT = /(?:任命|免去|提名|聘任|解聘|任用)[:：]/;

/**
 * `text`, when the caller has it: the text layer of ctx.lines. A document whose joined text holds
 * no header hint has no header line, which one native search tells instead of a test per line.
 */
export function isPersonnelDocument(ctx: ExtractContext, text?: DocumentText): boolean {
  if (PERSONNEL_TITLE.test(removeLayoutSpaces(ctx.title))) return true;
  if (ctx.docNumber && /任字|人字/.test(ctx.docNumber)) return true;
  if (text && !JOINED_HEADER_HINT.test(text.joined.text)) return false;
  const lines = ctx.lines;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.text;
    if ((t.includes('：') || t.includes(':')) && HEADER_HINT.test(t) && PERSONNEL_HEADER.test(foldWidth(removeLayoutSpaces(t)))) return true;
  }
  return false;
}

/** Head-count in the title: 吴志鹏等四十二人, 等4人, 等二人. */
export function titleHeadcount(title: string): number | null {
  const m = /等([0-9零〇一二两三四五六七八九十百]+)(?:人|名|位)/.exec(foldWidth(removeLayoutSpaces(title)));
  return m ? parseNumber(m[1]!) : null;
}

const BASIS_KINDS: { kind: AppointmentBasis['kind']; re: RegExp }[] = [
  { kind: 'congress_committee', re: /人民代表大会常务委员会|人大常委会|人大常委/ },
  { kind: 'standing_meeting', re: /常务会议|常务会|办公会议|市长办公会|县长办公会|区长办公会/ },
  { kind: 'research', re: /研究决定|研究同意|经研究|研究,决定/ },
  { kind: 'decision', re: /决定/ },
];

function findBasis(pieces: Piece[], dt: DocText, firstRecordStart: number): AppointmentBasis | null {
  // Each clause with its width-folded text (the same characters, trimmed alike).
  const clauses: { text: string; folded: string; start: number }[] = [];
  for (const p of pieces) {
    if (p.start > firstRecordStart && !p.beforeHeader) continue;
    const f = foldWidth(p.text);
    for (let s = 0; s <= f.length; ) {
      let i = f.indexOf(',', s);
      if (i < 0) i = f.length;
      const text = p.text.slice(s, i).trim();
      if (text) clauses.push({ text, folded: f.slice(s, i).trim(), start: p.start + s });
      s = i + 1;
    }
  }
  for (const { kind, re } of BASIS_KINDS) {
    const c = clauses.find((x) => re.test(x.folded) && !/^(?:关于|各)/.test(x.text));
    if (c) return { kind, text: c.text, date: findDates(c.text)[0]?.iso ?? null, line: dt.map.lineAt(c.start) };
  }
  return null;
}

export function extractAppointments(ctx: ExtractContext, docText: DocumentText = documentText(ctx.lines)): {
  appointments: Appointment[];
  basis: AppointmentBasis | null;
  warnings: Warning[];
} {
  const warnings: Warning[] = [];
  if (!isPersonnelDocument(ctx, docText)) return { appointments: [], basis: null, warnings };
  const title = removeLayoutSpaces(ctx.title);
  // 提名 and both colons read the same after width folding: no folding needed.
  const nominating = /提名/.test(title) || ctx.lines.some((l) => /提名\s*[:：]/.test(l.text));
  const dt = docText.joined;
  const pieces = cutPieces(dt, nominating);

  const found: { recs: ParsedRecord[]; piece: Piece }[] = [];
  const orphans: Piece[] = [];
  let previousPerson: string | null = null;
  for (const piece of pieces) {
    const recs = parseRecords(piece.text, piece.section, nominating, previousPerson);
    previousPerson = recs[recs.length - 1]?.person ?? previousPerson;
    if (recs.length) found.push({ recs, piece });
    else if (isOrphanTail(piece.text)) orphans.push(piece);
  }

  const out: Appointment[] = [];
  for (const { recs, piece } of found) {
    const rec = recs[recs.length - 1]!;
    const line = dt.map.lineAt(piece.start + rec.offset);
    if (!rec.complete && piece.endedBy !== 'terminator') {
      // A record cut short at a line break (…保卫处处) takes an unused tail printed elsewhere.
      const mend = (t: Piece) => lastRecord(piece.text + t.text, piece.section, nominating);
      const k = orphans.findIndex((t) => mend(t)?.complete);
      if (k >= 0) {
        const [tail] = orphans.splice(k, 1);
        recs[recs.length - 1] = mend(tail!)!;
        const message = `record of ${rec.person} completed with the tail printed at line ${dt.map.lineAt(tail!.start)}`;
        warnings.push({ code: 'record-reconstructed', message, line });
      } else if (BODY_WORD.test(rec.post)) {
        warnings.push({ code: 'record-incomplete', message: `record of ${rec.person} looks truncated: ${piece.text}`, line });
      } else recs.pop();
    }
    for (const r of recs) {
      // X的Y with Y not a post and no 职务 is a sentence (郑海宁的试用期从原任职时间算起), unless mended above.
      if (!r.complete && r.action === 'remove' && (r !== recs[recs.length - 1] || piece.endedBy === 'terminator')) continue;
      // The span: the person-and-post clause (a tail mended in from elsewhere is not part of it).
      const from = piece.start + r.offset;
      const span = dt.map.spanOf(from, piece.start + Math.min(r.end ?? piece.text.length, piece.text.length));
      out.push({ action: r.action, person: r.person, post: r.post, qualifiers: r.qualifiers, line: dt.map.lineAt(from), ...(span ? { span } : {}) });
    }
  }

  const expected = titleHeadcount(title);
  const people = new Set(out.map((a) => a.person)).size;
  if (expected !== null && expected !== people) {
    warnings.push({
      code: 'headcount-mismatch',
      message: `title names ${expected} people, ${people} found`,
      line: ctx.lines[0]?.line ?? null,
    });
  }
  const firstStart = found.length ? found[0]!.piece.start : Infinity;
  return { appointments: out, basis: findBasis(pieces, dt, firstStart), warnings };
}
