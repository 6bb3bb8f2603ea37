import pg from 'pg';
import type { Logger } from 'pino';
import { Umzug, type UmzugStorage } from 'umzug';
import type { BiStore, Day } from './types.js';
import { POSTGRES_MIGRATIONS } from './migrations/index.js';
import { umzugLogger } from './migrations/umzug-logger.js';
import { redactDatabaseUrl } from './redact.js';
import { checkIncrementArgs, checkReportArgs } from './validate.js';

// BI store on PostgreSQL: several server instances share one table, so they share one report. Every call has a
// short deadline (connection, client-side query and server-side statement timeouts) so that a database outage makes
// increments reject within seconds instead of piling up; the pool opens fresh connections once the database is
// back, so the store recovers by itself without being reopened.

export interface PostgresStoreTimeouts {
  /** Time allowed to establish a connection. */
  connectionTimeoutMillis: number;
  /** Time allowed to one query, enforced by the client (covers a database that stopped answering). */
  queryTimeoutMillis: number;
}

export const DEFAULT_POSTGRES_TIMEOUTS: PostgresStoreTimeouts = Object.freeze({
  connectionTimeoutMillis: 3000,
  queryTimeoutMillis: 5000,
});

/** Migrations may wait for another instance's migrations: a longer deadline than ordinary queries. */
const MIGRATION_TIMEOUT_MS = 60_000;
/** Advisory lock id held while migrating ("doclive" in ASCII), so that instances starting together take turns. */
const MIGRATION_LOCK_ID = '28273260286338661';
const POOL_SIZE = 4;

export async function openPostgresStore(
  url: string,
  logger: Logger,
  timeouts: PostgresStoreTimeouts = DEFAULT_POSTGRES_TIMEOUTS,
): Promise<BiStore> {
  const where = redactDatabaseUrl(url);
  // Checked here because the parse error of the URL class keeps the whole input, password included, in its `input`.
  if (!URL.canParse(url)) {
    throw new Error(`Cannot open the PostgreSQL BI store at ${where}: not a valid URL (expected postgres://user:password@host:port/database)`);
  }
  const log = logger.child({ store: 'postgres', url: where });
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    connectionTimeoutMillis: timeouts.connectionTimeoutMillis,
    query_timeout: timeouts.queryTimeoutMillis,
    statement_timeout: timeouts.queryTimeoutMillis,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: 'doclive',
  });
  // An idle connection that the server drops (restart, outage) emits 'error' on the pool; without a listener
  // that would crash the process. The pool discards the connection and the next query opens a new one.
  pool.on('error', (error) => log.warn({ err: error.message }, 'idle PostgreSQL connection lost'));
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, logger);
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`Cannot open the PostgreSQL BI store at ${where}: ${(error as Error).message}`, { cause: error });
  }
  log.info('BI store opened');
  return new PostgresBiStore(pool);
}

/**
 * Applies pending migrations in one transaction holding a transaction-scoped advisory lock: instances that start
 * at the same time wait for each other, the later ones find nothing pending, and a failed migration leaves nothing
 * half-applied (PostgreSQL DDL is transactional). Running it again is harmless.
 */
export async function migratePostgres(client: pg.ClientBase, logger: Logger): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL statement_timeout = ${MIGRATION_TIMEOUT_MS}`);
    await client.query(withMigrationDeadline(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`));
    await client.query('CREATE TABLE IF NOT EXISTS doclive_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const umzug = new Umzug<pg.ClientBase>({
      migrations: [...POSTGRES_MIGRATIONS],
      context: client,
      storage: postgresMigrationStorage(client),
      logger: umzugLogger(logger),
    });
    await umzug.up();
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** pg reads query_timeout per query as well as per connection; @types/pg does not declare the former. */
function withMigrationDeadline(text: string): pg.QueryConfig {
  return { text, query_timeout: MIGRATION_TIMEOUT_MS } as pg.QueryConfig;
}

function postgresMigrationStorage(client: pg.ClientBase): UmzugStorage<pg.ClientBase> {
  return {
    async executed() {
      const result = await client.query<{ name: string }>('SELECT name FROM doclive_migrations ORDER BY name');
      return result.rows.map((row) => row.name);
    },
    async logMigration({ name }) {
      await client.query('INSERT INTO doclive_migrations (name) VALUES ($1)', [name]);
    },
    async unlogMigration({ name }) {
      await client.query('DELETE FROM doclive_migrations WHERE name = $1', [name]);
    },
  };
}

// One statement, hence one transaction, per increment: duplicate keys are folded into one row each (ON CONFLICT
// may not touch a row twice in one statement) and rows are locked in key order, so concurrent increments from
// several instances cannot deadlock.
const INCREMENT_SQL = `
  INSERT INTO bi_counts (day, key, count)
  SELECT $1::date, key, count(*) FROM unnest($2::text[]) AS key GROUP BY key ORDER BY key
  ON CONFLICT (day, key) DO UPDATE SET count = bi_counts.count + EXCLUDED.count`;

const REPORT_SQL = `
  SELECT key, sum(count)::bigint AS total FROM bi_counts
  WHERE day BETWEEN $1::date AND $2::date GROUP BY key ORDER BY key`;

class PostgresBiStore implements BiStore {
  private closed = false;

  constructor(private readonly pool: pg.Pool) {}

  async increment(day: Day, keys: readonly string[]): Promise<void> {
    checkIncrementArgs(day, keys);
    this.assertOpen();
    if (keys.length === 0) return;
    await this.pool.query(INCREMENT_SQL, [day, keys]);
  }

  async report(from: Day, to: Day): Promise<Record<string, number>> {
    checkReportArgs(from, to);
    this.assertOpen();
    // bigint arrives as a string; counts stay far below 2^53.
    const result = await this.pool.query<{ key: string; total: string }>(REPORT_SQL, [from, to]);
    const sums: Record<string, number> = {};
    for (const row of result.rows) sums[row.key] = Number(row.total);
    return sums;
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The PostgreSQL BI store is closed');
  }
}
