/**
 * Person timelines across issues. Appointments are recorded by name only, so one name can stand
 * for two people. Entries are joined into one person when the evidence says so:
 * - the same notice (a notice names a person once: 任…，免去其…职务 is one person moving);
 * - posts in the same organisation (appointed 副局长 on probation, later confirmed, promoted …),
 *   or one inside the other (a school and one of its offices).
 * Entries whose posts lie in unrelated organisations and that no notice ties together stay apart,
 * and the timeline carries a flag saying the name is shared; nothing is merged on the name alone.
 */
import type { AppointmentAction, IsoDate, LineNo } from '../model.js';
import { compareKey } from '../core/text.js';

export interface TimelineEntry {
  appointmentId: number;
  person: string;
  action: AppointmentAction;
  post: string;
  qualifiers: string[];
  /** The date of the notice (成文日期), else the issue's publication date. */
  date: IsoDate | null;
  documentId: number;
  docNumber: string | null;
  title: string;
  issueId: number;
  line: LineNo;
  /** Which of `PersonTimeline.identities` this entry belongs to. */
  identity: number;
}

export interface PersonIdentity {
  identity: number;
  /** Organisations this identity's posts belong to. */
  organisations: string[];
  entries: number;
}

/** Role words a post ends with (副 and 一级/二级 grades are handled around them). */
const ROLE =
  /(?:[、,，]?(?:党组|党委|党工委)?(?:副)?(?:[一二三四]级)?(?:主任委员|常务副主任|主任|秘书长|局长|处长|科长|院长|校长|书记|部长|委员|总经理|经理|董事长|董事|监事会主席|监事|主席|调研员|巡视员|总工程师|总经济师|总会计师|总师|大队长|支队长|队长|站长|所长|馆长|社长|行长|区长|县长|市长|镇长|乡长|组长|专员|督学|检察长|审判员|庭长|总监|成员|政委|干事|职务|兼|理事长|会长))+$/;
const CITY_PREFIX = /^[\u4e00-\u9fff]{0,6}?[省市](?=[\u4e00-\u9fff]{2,})/;

/** The organisation a post belongs to, as a comparison key ('' when the post names none). */
export function organisationOf(post: string): string {
  let p = compareKey(post).split(/[、，,；;]/)[0] ?? '';
  p = p.replace(/[()（）].*$/, '');
  const stripped = p.replace(ROLE, '');
  if (!stripped) return '';
  return stripped.replace(CITY_PREFIX, '') || stripped;
}

/** Split a name's entries into people; returns identities and fills `entry.identity`. */
export function clusterPeople(entries: TimelineEntry[]): { identities: PersonIdentity[]; flags: string[] } {
  const parent = entries.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byDoc = new Map<number, number>();
  const byOrg = new Map<string, number>();
  const orgs = entries.map((e) => organisationOf(e.post));
  entries.forEach((e, i) => {
    const d = byDoc.get(e.documentId);
    if (d !== undefined) union(d, i);
    else byDoc.set(e.documentId, i);
    const org = orgs[i]!;
    if (org) {
      const o = byOrg.get(org);
      if (o !== undefined) union(o, i);
      else byOrg.set(org, i);
    }
  });
  // An organisation inside another (阳泉师范高等专科学校党群工作处 in 阳泉师范高等专科学校) is the same place.
  const orgList = [...byOrg.keys()];
  for (const a of orgList) {
    for (const b of orgList) {
      if (a !== b && b.length >= 4 && a.startsWith(b)) union(byOrg.get(a)!, byOrg.get(b)!);
    }
  }
  const roots = new Map<number, number>();
  const identities: PersonIdentity[] = [];
  entries.forEach((e, i) => {
    const r = find(i);
    let id = roots.get(r);
    if (id === undefined) {
      id = identities.length;
      roots.set(r, id);
      identities.push({ identity: id, organisations: [], entries: 0 });
    }
    e.identity = id;
    const ident = identities[id]!;
    ident.entries++;
    const org = orgs[i]!;
    if (org && !ident.organisations.includes(org)) ident.organisations.push(org);
  });
  const flags: string[] = [];
  if (identities.length > 1 && entries.length) {
    const name = entries[0]!.person;
    flags.push(
      `${name}: ${identities.length} people share this name (posts in unrelated organisations: ` +
        identities.map((i) => i.organisations.join('/') || '?').join('; ') +
        '); kept apart',
    );
  }
  return { identities, flags };
}
