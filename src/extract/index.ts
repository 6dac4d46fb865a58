/**
 * Stage 5 — extract: what a document says. Each extractor is a pure function of the document's
 * lines (an ExtractContext); this module only runs them and gathers their results.
 */
import type {
  Agency, Appointment, AppointmentBasis, SourceLine, Citation, ExtractContext, Roster, Task, Validity, Warning,
} from '../model.js';
import { extractCitations } from './citations.js';
import { extractAppointments, isPersonnelDocument } from './appointments.js';
import { extractRosters } from './rosters.js';
import { extractValidity } from './validity.js';

export interface Extracted {
  appointments: Appointment[];
  appointmentBasis: AppointmentBasis | null;
  rosters: Roster[];
  tasks: Task[];
  citations: Citation[];
  validity: Validity;
  warnings: Warning[];
}

export function emptyValidity(): Validity {
  return { effectiveFrom: null, expiresOn: null, effectiveText: null, termText: null, repeals: [], line: null };
}

/** The agencies an issue knows of; replaced by the agency table once it lands. */
export interface AgencyDirectory {
  list(): Agency[];
}

export function agenciesOfIssue(_lines: SourceLine[]): AgencyDirectory {
  return { list: () => [] };
}

export function extractAll(ctx: ExtractContext, _agencies: AgencyDirectory): Extracted {
  const people = isPersonnelDocument(ctx) ? extractAppointments(ctx) : null;
  return {
    appointments: people?.appointments ?? [],
    appointmentBasis: people?.basis ?? null,
    rosters: extractRosters(ctx),
    tasks: [],
    citations: extractCitations(ctx),
    validity: extractValidity(ctx),
    warnings: [...(people?.warnings ?? [])],
  };
}
