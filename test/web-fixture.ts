/**
 * The archive the API, web and browser tests run against: the sample issues (fixtures/corpus)
 * ingested through the real parser and SQLite archive, plus one small synthetic issue whose facts
 * are set by hand, so the pages that show citations, people and tasks have known content whatever
 * the extractors find. The synthetic text carries markup (`<p>`, `<script>`) that pages must escape.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIssue, parseIssueWithLines, PARSER_VERSION } from '../src/parse.js';
import { decode } from '../src/core/decode.js';
import { toSourceLines } from '../src/core/lines.js';
import { openArchive } from '../src/store/open.js';
import { ingestFiles } from '../src/store/ingest-files.js';
import type { Archive } from '../src/store/archive.js';
import type { Task } from '../src/model.js';

export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

export const SYNTHETIC_TITLE = '测试市人民政府关于印发测试市<p>标签</p>整治工作方案的通知';
export const SYNTHETIC_PERSON = '王小明';
export const LEAD_UNIT = '测试市排查办公室';
export const COOP_UNIT = '测试市台账中心';

export const SYNTHETIC_TEXT = `测试市人民政府公报

2024年第1期

测试市人民政府办公室 主管主办

2024 年 3 月 1 日出版 (双月刊)

目 录

【政府文件】

测试市人民政府关于印发测试市<p>标签</p>整治工作方案的通知（测政发〔2024〕1号）.....（1）
测试市人民政府关于王小明任职的通知（测政任字〔2024〕1号）.....（3）

测试市人民政府关于印发测试市<p>标签</p>整治工作方案的通知

测政发〔2024〕1号

各县（区）人民政府，市直各单位：

《测试市<p>标签</p>整治工作方案》已经市人民政府同意，现印发给你们，请认真遵照执行。

测试市人民政府
2024年1月10日

（此件公开发布）

测试市<p>标签</p>整治工作方案

为贯彻落实《阳泉市人民政府关于印发阳泉市规范提升耐火材料产业行动方案的通知》（阳政发〔2020〕2号），结合实际，制定本方案。方案中的<script>alert(1)</script>字样照录原文。

一、工作任务

（一）完成排查。对全市<b>重点</b>企业开展排查，

形成问题清单。责任单位：测试市排查办公室，配合单位：测试市台账中心。完成时限：2024年6月底前。

（二）建立台账。责任单位：测试市台账中心。完成时限：2099年12月底前。

本方案自印发之日起施行，有效期为2年。

测试市人民政府关于王小明任职的通知

测政任字〔2024〕1号

各县（区）人民政府，市直各单位：

经市人民政府研究决定：

王小明任测试市工业和信息化局局长；

免去李大华的测试市统计局副局长职务。

测试市人民政府
2024年2月1日
`;

function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`synthetic text has no line with ${needle}`);
  return i + 1;
}

function task(text: string, leads: string[], coops: string[], deadline: string, deadlineText: string, line: number, endLine: number): Task {
  return {
    text, leads, cooperators: coops, leadAgencies: leads, cooperatorAgencies: coops, deadline, deadlineText, recurrence: null,
    milestones: [], startLine: line, endLine, line,
  };
}

/** Parse the synthetic issue and set its facts to known values. */
export function syntheticIssue(sourcePath: string) {
  const bytes = new TextEncoder().encode(SYNTHETIC_TEXT);
  const parsed = parseIssue(bytes, { fileName: 'synthetic-2024-01.txt' });
  const lines = toSourceLines(decode(bytes).lines);
  const [plan, personnel] = parsed.documents;
  if (!plan || !personnel || parsed.documents.length !== 2) {
    throw new Error(`synthetic issue: expected 2 documents, parser found ${parsed.documents.length}`);
  }
  const t = SYNTHETIC_TEXT;
  plan.citations = [{
    kind: 'titled', title: '阳泉市人民政府关于印发阳泉市规范提升耐火材料产业行动方案的通知', docNumber: '阳政发〔2020〕2号',
    line: lineOf(t, '为贯彻落实'), resolvedIndex: null,
  }];
  plan.tasks = [
    task('完成排查。对全市重点企业开展排查，形成问题清单。', [LEAD_UNIT], [COOP_UNIT], '2024-06-30', '2024年6月底前', lineOf(t, '形成问题清单'), lineOf(t, '形成问题清单')),
    task('建立台账。', [COOP_UNIT], [], '2099-12-31', '2099年12月底前', lineOf(t, '建立台账'), lineOf(t, '建立台账')),
  ];
  plan.validity = {
    effectiveFrom: '2024-01-10', expiresOn: '2026-01-09', effectiveText: '本方案自印发之日起施行', termText: '有效期为2年',
    repeals: [], line: lineOf(t, '本方案自印发之日起施行'),
  };
  personnel.appointments = [
    { action: 'appoint', person: SYNTHETIC_PERSON, post: '测试市工业和信息化局局长', qualifiers: [], line: lineOf(t, '王小明任测试市') },
    { action: 'remove', person: '李大华', post: '测试市统计局副局长', qualifiers: [], line: lineOf(t, '免去李大华') },
  ];
  return { parsed, lines, sourcePath };
}

export interface SampleArchive {
  dir: string;
  dbPath: string;
  archive: Archive;
  close(): Promise<void>;
}

/** A fresh archive in a temp dir: the sample corpus plus the synthetic issue. */
export async function buildSampleArchive(): Promise<SampleArchive> {
  const dir = mkdtempSync(join(tmpdir(), 'gongbao-web-'));
  const dbPath = join(dir, 'sample.db');
  const archive = openArchive(dbPath);
  const files = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.txt')).sort().map((f) => join(CORPUS_DIR, f));
  const summary = await ingestFiles(archive, files, parseIssueWithLines, PARSER_VERSION);
  if (summary.failed.length) throw new Error(`ingest failed: ${summary.failed.map((f) => f.error).join('; ')}`);
  const synthPath = join(dir, 'synthetic-2024-01.txt');
  writeFileSync(synthPath, SYNTHETIC_TEXT);
  await archive.ingestIssue(syntheticIssue(synthPath));
  await archive.flushIndex();
  return {
    dir,
    dbPath,
    archive,
    async close() {
      await archive.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
