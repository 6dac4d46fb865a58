/**
 * Helpers for the archive tests: temporary folders, the real corpus, small gazette issues written
 * in the layout real issues use (masthead, documents with title, number, recipients, body,
 * signature, date, 附注), and running the CLI through tsx.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parseIssue } from '../src/parse.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import assert from 'node:assert/strict';
import type { ExportKind, IngestInput } from '../src/store/archive.js';
import type { OpenedArchive } from '../src/store/open.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const CORPUS = join(ROOT, 'fixtures/corpus');
export const CORPUS_FILES = ['yangquan-2020-01.txt', 'yangquan-2021-05.txt', 'yangquan-2023-05.txt'].map((f) => join(CORPUS, f));

export function tempDir(prefix = 'gongbao-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Parse a file (or text) the way `ingest` does. */
export function ingestInput(pathOrText: string, sourcePath?: string): IngestInput {
  const bytes = sourcePath === undefined ? readFileSync(pathOrText) : new TextEncoder().encode(pathOrText);
  const path = sourcePath ?? pathOrText;
  return { parsed: parseIssue(bytes, { fileName: path }), lines: toSourceLines(decode(bytes).lines), sourcePath: path };
}

export interface FakeDocument {
  title: string;
  number: string;
  date: string; // 2021年3月5日
  body: string[];
  issuer?: string;
}

/** A small gazette issue in the layout of the samples. */
export function gazette(year: number, number: number, docs: FakeDocument[], section = '市政府文件'): string {
  const out = [
    '阳泉市人民政府公报',
    '',
    `${year} 年第 ${number} 期`,
    '',
    '阳泉市人民政府办公室 主管主办',
    '',
    `${year} 年 6 月 30 日出版 (双月刊)`,
    '',
    '目 录',
    '',
    `【${section}】`,
    '',
    ...docs.map((d, i) => `${d.title} (${d.number}) (${i + 1})`),
    '',
    `【${section}】`,
    '',
  ];
  for (const d of docs) {
    const issuer = d.issuer ?? '阳泉市人民政府';
    out.push(
      d.title.replace(/^(.*?人民政府(?:办公室)?)关于/, '$1 关于'),
      '',
      d.number,
      '',
      '各县（区）人民政府，市直各单位：',
      '',
      ...d.body.flatMap((l) => [l, '']),
      issuer,
      d.date,
      '',
      '（此件公开发布）',
      '',
    );
  }
  return out.join('\n');
}

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const MAIN = join(ROOT, 'src/cli/main.ts');

/** Run the CLI (through tsx) in `cwd`. */
export function cli(args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GONGBAO_DB: '', ...env },
    timeout: 120_000,
  });
}

export function cliCommand(): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', TSX, MAIN] };
}

const EXPORT_KINDS: ExportKind[] = ['documents', 'appointments', 'tasks', 'citations'];

/**
 * Everything an archive gives back of its documents, as one string to compare: documents, lines,
 * exports, searches, units' task lists and counts by role.
 */
export async function archiveSnapshot(archive: OpenedArchive): Promise<string> {
  const out: unknown[] = [];
  for (const s of await archive.listDocuments({ limit: Infinity })) {
    const d = (await archive.getDocument(s.id, { asOf: '2024-01-01' }))!;
    out.push(d.document, d.lines, await archive.documentLines(s.id, s.startLine + 1, s.startLine + 3));
  }
  for (const kind of EXPORT_KINDS) for await (const r of archive.exportRows(kind)) out.push(r);
  out.push(await archive.search('人民政府'), await archive.search('工作'));
  // Units' tasks by role, counted and listed (task_agencies).
  const agencies = await archive.listAgencies({ limit: 5 });
  assert.ok(agencies.some((a) => a.leads > 0) && agencies.some((a) => a.cooperates > 0), 'both roles are exercised');
  out.push(agencies);
  for (const a of agencies) {
    out.push(await archive.agencyTasks(a.name, '2024-01-01'));
    for (const role of ['lead', 'cooperator'] as const) out.push(await archive.tasks({ agency: a.name, role }), await archive.countTasks({ agency: a.name, role }));
  }
  // (Search answers say how long they took: not part of what is compared.)
  return JSON.stringify(out, (k, v) => (k === 'tookMs' ? undefined : v));
}
