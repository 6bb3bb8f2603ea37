import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { Umzug, type UmzugStorage } from 'umzug';
import type { BiStore, Day } from './types.js';
import { SQLITE_MIGRATIONS } from './migrations/index.js';
import { umzugLogger } from './migrations/umzug-logger.js';
import { checkIncrementArgs, checkReportArgs } from './validate.js';

// BI store on one SQLite file (the default). WAL lets readers (/bi_report) run beside the writer; the busy timeout
// makes a second process on the same file wait for the write lock instead of failing at once.

export const SQLITE_MEMORY = ':memory:';
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens within this process take turns per file. The migration transaction spans awaits (umzug is async), and
 * better-sqlite3 waits for a lock synchronously: a second open in the same process would block the very thread
 * that must finish the first one. Other processes just wait for the lock (busy timeout).
 */
const opensInProgress = new Map<string, Promise<unknown>>();

/** Opens (creating the file and its folder if needed) and migrates a SQLite BI store. `path` may be ':memory:'. */
export async function openSqliteStore(path: string, logger: Logger): Promise<BiStore> {
  const inMemory = path === SQLITE_MEMORY;
  const absolutePath = inMemory ? SQLITE_MEMORY : resolve(path);
  if (inMemory) return openAndMigrate(absolutePath, logger, null);
  const previous = opensInProgress.get(absolutePath) ?? Promise.resolve();
  const opening = previous.catch(() => undefined).then(() => openAndMigrate(absolutePath, logger, absolutePath));
  opensInProgress.set(absolutePath, opening);
  try {
    return await opening;
  } finally {
    if (opensInProgress.get(absolutePath) === opening) opensInProgress.delete(absolutePath);
  }
}

async function openAndMigrate(absolutePath: string, logger: Logger, filePath: string | null): Promise<BiStore> {
  let db: Database.Database | null = null;
  try {
    if (filePath !== null) mkdirSync(dirname(filePath), { recursive: true });
    db = new Database(absolutePath, { timeout: BUSY_TIMEOUT_MS });
    await enableWal(db);
    db.pragma('synchronous = NORMAL'); // safe with WAL: a power cut may lose the last commits, never corrupt the file
    await migrateSqlite(db, logger);
  } catch (error) {
    db?.close();
    throw new Error(`Cannot open the SQLite BI store at ${absolutePath}: ${(error as Error).message}`, { cause: error });
  }
  logger.info({ store: 'sqlite', path: absolutePath }, 'BI store opened');
  return new SqliteBiStore(db, filePath);
}

/**
 * Switches the file to WAL. Two processes creating the same file at once can both need the exclusive lock for the
 * switch; SQLite then answers SQLITE_BUSY at once instead of calling the busy handler (it would deadlock), so the
 * switch is retried with a short pause until the busy timeout has passed.
 */
async function enableWal(db: Database.Database): Promise<void> {
  const giveUpAt = Date.now() + BUSY_TIMEOUT_MS;
  for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 200)) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() + pauseMs > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

/**
 * Applies pending migrations inside one IMMEDIATE transaction: it takes the write lock first, so two processes
 * starting on the same file run the migrations one after the other, and the second finds nothing pending.
 */
export async function migrateSqlite(db: Database.Database, logger: Logger): Promise<void> {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS doclive_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT');
    const umzug = new Umzug<Database.Database>({
      migrations: [...SQLITE_MIGRATIONS],
      context: db,
      storage: sqliteMigrationStorage(db),
      logger: umzugLogger(logger),
    });
    await umzug.up();
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function sqliteMigrationStorage(db: Database.Database): UmzugStorage<Database.Database> {
  return {
    async executed() {
      return db.prepare<[], { name: string }>('SELECT name FROM doclive_migrations ORDER BY name').all().map((row) => row.name);
    },
    async logMigration({ name }) {
      db.prepare('INSERT INTO doclive_migrations (name, applied_at) VALUES (?, ?)').run(name, new Date().toISOString());
    },
    async unlogMigration({ name }) {
      db.prepare('DELETE FROM doclive_migrations WHERE name = ?').run(name);
    },
  };
}

class SqliteBiStore implements BiStore {
  private readonly fileIdentity: string | null;
  private readonly incrementOne: Database.Statement<[Day, string]>;
  private readonly incrementAll: (day: Day, keys: readonly string[]) => void;
  private readonly sumRange: Database.Statement<[Day, Day], { key: string; total: number }>;

  constructor(
    private readonly db: Database.Database,
    private readonly path: string | null,
  ) {
    this.fileIdentity = path === null ? null : identityOf(path);
    this.incrementOne = db.prepare(
      'INSERT INTO bi_counts (day, key, count) VALUES (?, ?, 1) ON CONFLICT (day, key) DO UPDATE SET count = count + 1',
    );
    this.incrementAll = db.transaction((day: Day, keys: readonly string[]) => {
      for (const key of keys) this.incrementOne.run(day, key);
    });
    this.sumRange = db.prepare('SELECT key, SUM(count) AS total FROM bi_counts WHERE day BETWEEN ? AND ? GROUP BY key ORDER BY key');
  }

  async increment(day: Day, keys: readonly string[]): Promise<void> {
    checkIncrementArgs(day, keys);
    this.assertOpen();
    this.incrementAll(day, keys);
  }

  async report(from: Day, to: Day): Promise<Record<string, number>> {
    checkReportArgs(from, to);
    this.assertOpen();
    const sums: Record<string, number> = {};
    for (const row of this.sumRange.all(from, to)) sums[row.key] = row.total;
    return sums;
  }

  /** False when the connection is closed or the file at the path is no longer the one we write (deleted or replaced). */
  async ping(): Promise<boolean> {
    try {
      if (!this.db.open) return false;
      this.db.prepare('SELECT 1').get();
      return this.path === null || identityOf(this.path) === this.fileIdentity;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private assertOpen(): void {
    if (!this.db.open) throw new Error('The SQLite BI store is closed');
  }
}

/** Device and inode of the file: a deleted or replaced database file has a different identity (or none). */
function identityOf(path: string): string | null {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return null;
  }
}
