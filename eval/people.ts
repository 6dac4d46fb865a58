/**
 * Accuracy of the personnel-action extractor against fixtures/gold/*.people.tsv.
 *
 * Scores precision / recall / F1 on (action, person, post) and on (action, person), per file and
 * overall, matching within each document (person and post compared with `compareKey`).
 * Every document of the gold docs.tsv is run, so false positives in policy documents count.
 *
 * Run on its own: `npx tsx eval/people.ts` (add `-v` to list the differences).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Appointment, AppointmentAction, ExtractContext } from '../src/model.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { compareKey } from '../src/core/text.js';
import { extractAppointments } from '../src/extract/appointments.js';

export const GOLD_ACTIONS: Record<string, AppointmentAction> = {
  任命: 'appoint',
  免去: 'remove',
  提名: 'nominate',
  正式任用: 'confirm',
  调整: 'transfer',
  自行免去: 'auto_remove',
};

export interface GoldPersonRow {
  line: number;
  docNumber: string;
  docStartLine: number;
  action: AppointmentAction;
  person: string;
  post: string;
  annotation: string;
  note: string;
}

export interface GoldDocRow {
  startLine: number;
  endLine: number;
  docNumber: string | null;
  title: string;
  date: string | null;
}

function readTsv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const cols = head!.split('\t');
  return rows.map((r) => {
    const cells = r.split('\t');
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
  });
}

/** Load one NAME.people.tsv. */
export function loadPeopleGold(path: string): GoldPersonRow[] {
  return readTsv(path).map((r) => {
    const action = GOLD_ACTIONS[r.action!];
    if (!action) throw new Error(`${path}: unknown action ${r.action}`);
    return {
      line: Number(r.line),
      docNumber: r.doc_number!,
      docStartLine: Number(r.doc_start_line),
      action,
      person: r.person!,
      post: r.post!,
      annotation: r.annotation ?? '',
      note: r.note ?? '',
    };
  });
}

/** Load one NAME.docs.tsv (only what an ExtractContext needs). */
export function loadDocsGold(path: string): GoldDocRow[] {
  return readTsv(path).map((r) => ({
    startLine: Number(r.start_line),
    endLine: Number(r.end_line),
    docNumber: r.doc_number || null,
    title: r.title!,
    date: r.date || null,
  }));
}

/** Contexts for every gold document of a corpus file, sliced by the gold line ranges. */
export function contextsFromGold(corpusPath: string, docs: GoldDocRow[]): { docStartLine: number; ctx: ExtractContext }[] {
  const lines = toSourceLines(decode(readFileSync(corpusPath)).lines);
  return docs.map((d) => ({
    docStartLine: d.startLine,
    ctx: {
      lines: lines.slice(d.startLine - 1, d.endLine),
      title: d.title,
      docNumber: d.docNumber,
      date: d.date,
      issueYear: d.date ? Number(d.date.slice(0, 4)) : null,
    },
  }));
}

export interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface PeopleScore {
  /** (action, person, post) */
  full: Prf;
  /** (action, person) */
  person: Prf;
  missed: string[];
  extra: string[];
}

function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, precision, recall, f1 };
}

/** Multiset match of keys; returns counts and the unmatched keys on both sides. */
function match(pred: string[], gold: string[]): { tp: number; extra: string[]; missed: string[] } {
  const left = new Map<string, number>();
  for (const g of gold) left.set(g, (left.get(g) ?? 0) + 1);
  let tp = 0;
  const extra: string[] = [];
  for (const p of pred) {
    const n = left.get(p) ?? 0;
    if (n > 0) {
      tp++;
      left.set(p, n - 1);
    } else extra.push(p);
  }
  const missed = [...left].flatMap(([k, n]) => Array<string>(n).fill(k));
  return { tp, extra, missed };
}

export function scorePeople(
  predicted: { docStartLine: number; appointments: Appointment[] }[],
  goldRows: Pick<GoldPersonRow, 'docStartLine' | 'action' | 'person' | 'post'>[],
): PeopleScore {
  const key = (doc: number, action: string, person: string, post?: string) =>
    [doc, action, compareKey(person), post === undefined ? '' : compareKey(post)].join('|');
  const predFull = predicted.flatMap((d) => d.appointments.map((a) => key(d.docStartLine, a.action, a.person, a.post)));
  const goldFull = goldRows.map((g) => key(g.docStartLine, g.action, g.person, g.post));
  const predPerson = predicted.flatMap((d) => d.appointments.map((a) => key(d.docStartLine, a.action, a.person)));
  const goldPerson = goldRows.map((g) => key(g.docStartLine, g.action, g.person));
  const full = match(predFull, goldFull);
  const person = match(predPerson, goldPerson);
  return {
    full: prf(full.tp, full.extra.length, full.missed.length),
    person: prf(person.tp, person.extra.length, person.missed.length),
    missed: full.missed,
    extra: full.extra,
  };
}

const fmt = (p: Prf) => `P ${p.precision.toFixed(3)} R ${p.recall.toFixed(3)} F1 ${p.f1.toFixed(3)} (tp ${p.tp}, fp ${p.fp}, fn ${p.fn})`;

function main(): void {
  const verbose = process.argv.includes('-v');
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const goldDir = join(root, 'fixtures', 'gold');
  const allPred: { docStartLine: number; appointments: Appointment[] }[] = [];
  const allGold: GoldPersonRow[] = [];
  const files = readdirSync(goldDir).filter((n) => n.endsWith('.people.tsv')).sort();
  for (const [fileIndex, f] of files.entries()) {
    const name = basename(f, '.people.tsv');
    const docsPath = join(goldDir, `${name}.docs.tsv`);
    const corpusPath = join(root, 'fixtures', 'corpus', `${name}.txt`);
    if (!existsSync(docsPath) || !existsSync(corpusPath)) continue;
    const gold = loadPeopleGold(join(goldDir, f));
    const pred = contextsFromGold(corpusPath, loadDocsGold(docsPath)).map(({ docStartLine, ctx }) => ({
      docStartLine,
      appointments: extractAppointments(ctx).appointments,
    }));
    const s = scorePeople(pred, gold);
    console.log(`${name}\n  action+person+post: ${fmt(s.full)}\n  action+person:      ${fmt(s.person)}`);
    if (verbose) {
      for (const m of s.missed) console.log(`    missed ${m}`);
      for (const e of s.extra) console.log(`    extra  ${e}`);
    }
    // Keep documents of different files apart in the overall score.
    const offset = fileIndex * 1e7;
    allPred.push(...pred.map((p) => ({ ...p, docStartLine: p.docStartLine + offset })));
    allGold.push(...gold.map((g) => ({ ...g, docStartLine: g.docStartLine + offset })));
  }
  const s = scorePeople(allPred, allGold);
  console.log(`overall\n  action+person+post: ${fmt(s.full)}\n  action+person:      ${fmt(s.person)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
