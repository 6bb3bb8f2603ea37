import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Throwaway databases on the test cluster named by DOCLIVE_TEST_PG_URL (scripts/ci/start-postgres.sh sets it):
// every test gets its own database, so runs and parallel test files never see each other's counts.

export const TEST_PG_URL = process.env.DOCLIVE_TEST_PG_URL ?? null;

export const TEST_PG_UNAVAILABLE =
  TEST_PG_URL === null ? 'DOCLIVE_TEST_PG_URL is not set (run `source scripts/ci/start-postgres.sh` first)' : null;

export interface ThrowawayDatabase {
  name: string;
  url: string;
  /** Drops the database, disconnecting anyone still on it. Safe to call twice. */
  drop(): Promise<void>;
}

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  if (TEST_PG_URL === null) throw new Error(TEST_PG_UNAVAILABLE ?? 'no test database');
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createThrowawayDatabase(): Promise<ThrowawayDatabase> {
  const name = `doclive_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await asAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_PG_URL as string);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => asAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
