/**
 * The archive the MCP, feed and calendar tests run against, on SQLite and on PostgreSQL: the
 * sample issues (fixtures/corpus) and the synthetic issue of web-fixture.ts, with two changes that
 * these tests need — the plan's first task has a milestone (a calendar event of its own), and the
 * personnel notice has no document number (its stable id comes from the masthead and its index).
 *
 * `backends` runs one suite on each backend; PostgreSQL comes from GONGBAO_TEST_PG_URL
 * (scripts/with-postgres.sh) and is skipped with a message without it, or fails under CI.
 */
import { after, before, describe, test } from 'node:test';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { openArchive, type OpenedArchive } from '../src/store/open.js';
import type { IngestInput } from '../src/store/archive.js';
import { createTestDatabase, pgUnavailableReason, underCi } from '../src/store/pg/testing.js';
import { CORPUS_FILES, ingestInput, tempDir } from './store-fixtures.js';
import { SYNTHETIC_TEXT, syntheticIssue } from './web-fixture.js';

export { COOP_UNIT, LEAD_UNIT, SYNTHETIC_PERSON } from './web-fixture.js';

export const MILESTONE = { deadline: '2024-04-30', text: '4月底前完成摸底' };
export const PERSONNEL_TITLE = '测试市人民政府关于王小明任职的通知';
export const PLAN_NUMBER = '测政发〔2024〕1号';
export const SYNTHETIC_FILE = 'synthetic-2024-01.txt';

/** The synthetic issue as these tests store it. */
export function syntheticInput(dir: string): IngestInput {
  const path = join(dir, SYNTHETIC_FILE);
  writeFileSync(path, SYNTHETIC_TEXT);
  const input = syntheticIssue(path);
  const [plan, personnel] = input.parsed.documents;
  plan!.tasks[0]!.milestones = [MILESTONE];
  personnel!.docNumber = null;
  personnel!.docNumberRaw = null;
  personnel!.docNumberLine = null;
  return input;
}

export interface Backend {
  name: string;
  archive: OpenedArchive;
  /** A folder for files of the test. */
  dir: string;
  /** The database as `--db` takes it. */
  db: string;
  /** Store the synthetic issue again as a new row (delete, then ingest): row ids change, stable ids must not. */
  reingestSynthetic(): Promise<void>;
}

async function fill(archive: OpenedArchive, dir: string): Promise<void> {
  for (const f of CORPUS_FILES) await archive.ingestIssue(ingestInput(f));
  await archive.ingestIssue(syntheticInput(dir));
  await archive.flushIndex();
}

/** Run `suite` against the sample archive on SQLite, then on PostgreSQL. */
export function backends(title: string, suite: (get: () => Backend) => void): void {
  const scenario = (name: string, open: (dir: string) => Promise<{ archive: OpenedArchive; db: string; drop: () => Promise<void> }>) =>
    describe(`${title}: ${name}`, () => {
      let backend: Backend;
      let cleanup: () => Promise<void>;
      before(async () => {
        const t = tempDir('gongbao-mcp-');
        const { archive, db, drop } = await open(t.dir);
        await fill(archive, t.dir);
        backend = {
          name, archive, dir: t.dir, db,
          async reingestSynthetic() {
            const issue = (await archive.listIssues()).find((i) => i.fileName === SYNTHETIC_FILE || i.sourcePath.endsWith(SYNTHETIC_FILE));
            if (!issue) throw new Error('synthetic issue not stored');
            await archive.deleteIssue(issue.id);
            await archive.ingestIssue(syntheticInput(t.dir));
            await archive.flushIndex();
          },
        };
        cleanup = async () => {
          await archive.close();
          await drop();
          t.cleanup();
        };
      });
      after(async () => cleanup?.());
      suite(() => backend);
    });

  scenario('SQLite', async (dir) => {
    const db = join(dir, 'sample.db');
    return { archive: openArchive(db), db, drop: async () => {} };
  });
  const pgMissing = pgUnavailableReason();
  if (pgMissing && !underCi()) {
    test(`${title}: PostgreSQL`, { skip: pgMissing }, () => {});
  } else {
    scenario('PostgreSQL', async () => {
      const created = await createTestDatabase('mcp');
      return { archive: openArchive(created.url), db: created.url, drop: () => created.drop() };
    });
  }
}
