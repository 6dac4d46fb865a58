/**
 * `npx tsx eval/tasks.ts` — task assignments (督办) against fixtures/gold/tasks.tsv (or
 * GONGBAO_GOLD_DIR / GONGBAO_CORPUS_DIR for held-out issues), on the samples as they are and on
 * their layout variants (half-width punctuation, hard wrapping, other encodings, another city).
 * `--verbose` lists every disagreement.
 *
 * A gold task is found when a task of the same document has its marker on the gold line, or spans
 * it (startLine..endLine). Leads and cooperators are compared as sets of compareKey; the deadline
 * exactly (empty gold = null). Every figure is over all gold tasks (a task not found counts wrong).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExtractContext, SourceLine, Task } from '../src/model.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { compareKey } from '../src/core/text.js';
import { defaultAgencyTable } from '../src/extract/agencies.js';
import { extractTasks } from '../src/extract/tasks/index.js';
import { corpusFile, GOLD_DIR, pct, readTsv, type Row } from './gold.js';
import { makeVariants, type Variant } from './variants.js';

export interface GoldTask {
  file: string;
  docNumber: string;
  line: number;
  label: string;
  leads: string[];
  cooperators: string[];
  deadlineText: string;
  deadline: string | null;
  note: string;
}

export function readGoldTasks(path = join(GOLD_DIR, 'tasks.tsv')): GoldTask[] {
  const units = (s: string | undefined) => (s ?? '').split(';').map((u) => u.trim()).filter(Boolean);
  return readTsv(path).map((r) => ({
    file: r.file!,
    docNumber: r.doc_number!,
    line: Number(r.line),
    label: r.task_label ?? '',
    leads: units(r.lead_units),
    cooperators: units(r.cooperating_units),
    deadlineText: r.deadline_text ?? '',
    deadline: r.deadline_date || null,
    note: r.note ?? '',
  }));
}

export interface TaskScore {
  gold: number;
  found: number;
  leads: number;
  cooperators: number;
  deadline: number;
  /** Tasks predicted in the gold documents (for precision). */
  predicted: number;
  errors: string[];
}

export function emptyTaskScore(): TaskScore {
  return { gold: 0, found: 0, leads: 0, cooperators: 0, deadline: 0, predicted: 0, errors: [] };
}

export function addTaskScore(into: TaskScore, s: TaskScore): void {
  into.gold += s.gold;
  into.found += s.found;
  into.leads += s.leads;
  into.cooperators += s.cooperators;
  into.deadline += s.deadline;
  into.predicted += s.predicted;
  into.errors.push(...s.errors);
}

function sameSet(a: string[], b: string[]): boolean {
  const ka = new Set(a.map(compareKey));
  const kb = new Set(b.map(compareKey));
  return ka.size === kb.size && [...ka].every((k) => kb.has(k));
}

/**
 * Score the predicted tasks of one document against its gold tasks. `lineRange` maps a gold line
 * to the lines it became in a layout variant (identity for the samples).
 */
export function scoreTasks(
  gold: GoldTask[],
  predicted: Task[],
  lineRange: (line: number) => [number, number] = (l) => [l, l],
  rewrite: (s: string) => string = (s) => s,
): TaskScore {
  const s = emptyTaskScore();
  s.gold = gold.length;
  s.predicted = predicted.length;
  const used = new Set<Task>();
  for (const g of gold) {
    const [lo, hi] = lineRange(g.line);
    const free = predicted.filter((t) => !used.has(t));
    const hit =
      free.find((t) => t.line >= lo && t.line <= hi) ?? free.find((t) => t.startLine <= hi && t.endLine >= lo);
    const where = `${g.file}:${g.line} ${g.label}`;
    if (!hit) {
      s.errors.push(`${where}: not found`);
      continue;
    }
    used.add(hit);
    s.found++;
    const leads = g.leads.map(rewrite);
    const coops = g.cooperators.map(rewrite);
    if (sameSet(hit.leads, leads)) s.leads++;
    else s.errors.push(`${where}: leads ${hit.leads.join('、')} ≠ ${leads.join('、')}`);
    if (sameSet(hit.cooperators, coops)) s.cooperators++;
    else s.errors.push(`${where}: cooperators ${hit.cooperators.join('、')} ≠ ${coops.join('、')}`);
    if (hit.deadline === g.deadline) s.deadline++;
    else s.errors.push(`${where}: deadline ${hit.deadline} ≠ ${g.deadline}`);
  }
  return s;
}

/** The ExtractContext of a gold document (docs.tsv row) over the given lines. */
export function contextOf(doc: Row, lines: SourceLine[], issueYear: number | null): ExtractContext {
  const start = Number(doc.start_line);
  const end = Number(doc.end_line);
  return {
    lines: lines.slice(start - 1, end),
    title: doc.title ?? '',
    docNumber: doc.doc_number || null,
    date: doc.date || null,
    issueYear,
  };
}

/** The gold document a gold task belongs to: same document number, else the one holding its line. */
function docOf(task: GoldTask, docs: Row[]): Row | undefined {
  return (
    docs.find((d) => compareKey(d.doc_number ?? '') === compareKey(task.docNumber)) ??
    docs.find((d) => Number(d.start_line) <= task.line && task.line <= Number(d.end_line))
  );
}

/** Score one issue (or one layout variant of it) against the gold tasks of that issue. */
export function scoreIssue(name: string, gold: GoldTask[], variant?: Variant): TaskScore {
  const total = emptyTaskScore();
  const bytes = variant ? variant.bytes : new Uint8Array(readFileSync(corpusFile(name)));
  const lines = toSourceLines(decode(bytes).lines);
  const docs = readTsv(join(GOLD_DIR, `${name}.docs.tsv`));
  const issueYear = Number(readTsv(join(GOLD_DIR, `${name}.issue.tsv`))[0]?.year) || null;
  const map = variant?.map ?? ((l: number): [number, number] => [l, l]);
  const byDoc = new Map<Row, GoldTask[]>();
  for (const g of gold) {
    const d = docOf(g, docs);
    if (!d) continue;
    byDoc.set(d, [...(byDoc.get(d) ?? []), g]);
  }
  const agencies = defaultAgencyTable();
  for (const [doc, tasks] of byDoc) {
    const mapped = { ...doc, start_line: String(map(Number(doc.start_line))[0]), end_line: String(map(Number(doc.end_line))[1]) };
    const predicted = extractTasks(contextOf(mapped, lines, issueYear), agencies).tasks;
    addTaskScore(total, scoreTasks(tasks, predicted, map, variant?.rewrite));
  }
  return total;
}

function row(label: string, s: TaskScore): string {
  const r = (n: number) => pct(s.gold ? n / s.gold : 1);
  const cells = [r(s.found), r(s.leads), r(s.cooperators), r(s.deadline)].join('  ');
  return `${label.padEnd(22)} ${String(s.gold).padStart(4)}  ${cells}  ${String(s.predicted).padStart(9)}`;
}

function main(): void {
  const verbose = process.argv.includes('--verbose');
  const gold = readGoldTasks();
  const issues = [...new Set(gold.map((g) => g.file))].sort();
  console.log('Tasks (督办): found = marker line or span matches; leads/cooperators as sets; deadline exact');
  console.log('issue                  gold   found   leads  coops  deadline  predicted');
  const total = emptyTaskScore();
  for (const name of issues) {
    const s = scoreIssue(name, gold.filter((g) => g.file === name));
    addTaskScore(total, s);
    console.log(row(name, s));
  }
  console.log(row('ALL', total));
  if (verbose) for (const e of total.errors) console.log('  ' + e);

  const byVariant = new Map<string, TaskScore>();
  for (const name of issues) {
    const text = decode(new Uint8Array(readFileSync(corpusFile(name)))).text;
    for (const v of makeVariants(text)) {
      const s = scoreIssue(name, gold.filter((g) => g.file === name), v);
      const acc = byVariant.get(v.name) ?? emptyTaskScore();
      addTaskScore(acc, s);
      byVariant.set(v.name, acc);
    }
  }
  console.log('\nLayout variants of the gold issues');
  for (const [name, s] of byVariant) {
    console.log(row(name, s));
    if (verbose) for (const e of s.errors.slice(0, 20)) console.log('  ' + e);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
