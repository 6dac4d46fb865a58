/**
 * Support for tests and benchmarks that need PostgreSQL: the server comes from
 * GONGBAO_TEST_PG_URL (scripts/with-postgres.sh sets it); each suite works in a database of its
 * own, created here and dropped afterwards. Without the variable, PostgreSQL suites skip with a
 * visible message — except under CI (CI set and not "false"/"0"), where they fail: CI must test
 * both backends.
 */
import pg from 'pg';

export const TEST_PG_ENV = 'GONGBAO_TEST_PG_URL';

export function testPgUrl(): string | null {
  return process.env[TEST_PG_ENV] || null;
}

export function underCi(): boolean {
  const ci = process.env.CI;
  return !!ci && ci !== 'false' && ci !== '0';
}

/** Why PostgreSQL suites cannot run here (null when they can). */
export function pgUnavailableReason(): string | null {
  return testPgUrl() ? null : `${TEST_PG_ENV} is not set: run the tests through scripts/with-postgres.sh (or npm test)`;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new empty database on the test server (named gongbao_<prefix>_<random>). */
export async function createTestDatabase(prefix: string, baseUrl = testPgUrl()): Promise<TestDatabase> {
  if (!baseUrl) throw new Error(pgUnavailableReason()!);
  const name = `gongbao_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.pathname = '/' + name;
  return {
    url: u.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** The throw-away cluster's control script (scripts/pg-start.sh writes it), when tests may restart it. */
export function clusterControl(): string | null {
  const dir = process.env.GONGBAO_TEST_PG_DIR;
  return dir ? `${dir}/ctl` : null;
}
