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
import type { IngestInput } from '../src/store/archive.js';

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
