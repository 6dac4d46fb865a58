/**
 * Validity status of a document at a date, from what `parse` found (effective date, term) and
 * what the archive linked (a later document that repeals it).
 */
import type { IsoDate } from '../model.js';

/** in_force / expired / repealed at a date; not_yet_in_force before its start; unknown without data. */
export type ValidityStatus = 'in_force' | 'expired' | 'repealed' | 'not_yet_in_force' | 'unknown';
export const VALIDITY_STATUSES: readonly ValidityStatus[] = ['in_force', 'expired', 'repealed', 'not_yet_in_force', 'unknown'];

export interface ValidityFacts {
  effectiveFrom: IsoDate | null;
  expiresOn: IsoDate | null;
  /** Date the earliest resolved repeal takes effect ('0000-01-01' when that date is unknown). */
  repealedOn: IsoDate | null;
}

export const UNKNOWN_DATE = '0000-01-01';

/** The words the reader shows for each status; the query syntax accepts them too (状态:已废止). */
export const STATUS_LABEL: Record<ValidityStatus, string> = {
  in_force: '现行有效',
  expired: '已失效',
  repealed: '已废止',
  not_yet_in_force: '尚未施行',
  unknown: '未载明效力',
};

export function statusAt(f: ValidityFacts, asOf: IsoDate): ValidityStatus {
  if (f.repealedOn && f.repealedOn <= asOf) return 'repealed';
  if (f.effectiveFrom && asOf < f.effectiveFrom) return 'not_yet_in_force';
  if (f.expiresOn && asOf > f.expiresOn) return 'expired';
  if (f.effectiveFrom || f.expiresOn) return 'in_force';
  return 'unknown';
}

export function today(): IsoDate {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
