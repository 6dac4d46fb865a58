/**
 * Stage 5 — extract: what a document says. Each extractor is a pure function of the document's
 * lines (an ExtractContext) and their text layer (src/text/, built here once per document and
 * shared); this module only runs them and gathers their results.
 */
import type {
  Appointment, AppointmentBasis, SourceLine, Citation, ExtractContext, Roster, Task, Validity, Warning,
} from '../model.js';
import { extractCitations } from './citations.js';
import { extractAppointments } from './appointments.js';
import { extractRosters } from './rosters.js';
import { extractTasks } from './tasks/index.js';
import { AgencyTable, defaultAgencyTable } from './agencies.js';
import { extractValidity } from './validity.js';
import { DocumentText } from '../text/index.js';

export interface Extracted {
  /** What the document taught the issue's agency table (merge it with `agencies.merge`). */
  agencies: AgencyTable;
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

/**
 * Run every extractor on one document: a pure function of the document and the issue's table,
 * which it does not change (the document's own definitions and agencies are kept in a fork and
 * returned). `text` is the document's text layer, built once and read by every extractor (the
 * parser passes the one it built already for the document's metadata). An extractor that fails on
 * some unforeseen layout must not take the whole issue down: its result is left empty and a
 * warning names it, so the rest of the document (and of the issue) is still extracted.
 */
export function extractAll(ctx: ExtractContext, agencies: AgencyTable, text = new DocumentText(ctx.lines)): Extracted {
  const warnings: Warning[] = [];
  const own = agencies.fork();
  const line = ctx.lines[0]?.line ?? null;
  const guarded = <T>(name: string, run: () => T, fallback: T): T => {
    try {
      return run();
    } catch (e) {
      warnings.push({ code: 'extractor-failed', message: `${name} extraction failed: ${(e as Error).message}`, line });
      return fallback;
    }
  };
  // extractAppointments asks isPersonnelDocument itself (nothing for other documents).
  const people = guarded('appointment', () => extractAppointments(ctx, text), null);
  const tasks = guarded('task', () => extractTasks(ctx, own, text), { tasks: [], warnings: [] });
  const result: Extracted = {
    agencies: own,
    appointments: people?.appointments ?? [],
    appointmentBasis: people?.basis ?? null,
    rosters: guarded('roster', () => extractRosters(ctx, text), []),
    tasks: tasks.tasks,
    citations: guarded('citation', () => extractCitations(ctx, text), []),
    validity: guarded('validity', () => extractValidity(ctx, text), emptyValidity()),
    warnings,
  };
  warnings.push(...(people?.warnings ?? []), ...tasks.warnings);
  return result;
}
