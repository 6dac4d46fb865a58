/**
 * Stage 5 — extract: what a document says. Each extractor is a pure function of the document's
 * lines (an ExtractContext); this module only runs them and gathers their results.
 */
import type {
  Appointment, AppointmentBasis, SourceLine, Citation, ExtractContext, Roster, Task, Validity, Warning,
} from '../model.js';
import { extractCitations } from './citations.js';
import { extractAppointments, isPersonnelDocument } from './appointments.js';
import { extractRosters } from './rosters.js';
import { extractTasks } from './tasks.js';
import { AgencyTable, defaultAgencyTable } from './agencies.js';
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

/**
 * The agency table of an issue: national naming conventions plus the 以下简称 definitions and city
 * name the issue itself states. Task extraction records every unit it maps, so `list()` gives the
 * agencies the issue mentions.
 */
export function agenciesOfIssue(lines: SourceLine[]): AgencyTable {
  const table = defaultAgencyTable();
  table.learnFromText(lines);
  return table;
}

export function extractAll(ctx: ExtractContext, agencies: AgencyTable): Extracted {
  const people = isPersonnelDocument(ctx) ? extractAppointments(ctx) : null;
  const tasks = extractTasks(ctx, agencies);
  return {
    appointments: people?.appointments ?? [],
    appointmentBasis: people?.basis ?? null,
    rosters: extractRosters(ctx),
    tasks: tasks.tasks,
    citations: extractCitations(ctx),
    validity: extractValidity(ctx),
    warnings: [...(people?.warnings ?? []), ...tasks.warnings],
  };
}
