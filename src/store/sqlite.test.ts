import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { migrateSqlite, openSqliteStore } from './sqlite.js';
import { registerBiStoreContract } from '../../test/store/bi-store-contract.js';

const logger = pino({ level: 'silent' });

registerBiStoreContract('sqlite', {
  unavailable: null,
  async freshDatabase() {
    const dir = mkdtempSync(join(tmpdir(), 'doclive-sqlite-'));
    const path = join(dir, 'nested', 'data', 'doclive.sqlite'); // the parent folders do not exist yet
    return {
      open: () => openSqliteStore(path, logger),
      async migrateAgain() {
        const db = new Database(path);
        try {
          await migrateSqlite(db, logger);
        } finally {
          db.close();
        }
      },
      async destroy() {
        for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
      },
      async cleanup() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

test('the sqlite store creates its folder and file, and uses WAL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doclive-sqlite-'));
  try {
    const path = join(dir, 'data', 'doclive.sqlite');
    const store = await openSqliteStore(path, logger);
    await store.increment('2026-01-01', ['total']);
    await store.close();
    assert.equal(existsSync(path), true);
    const db = new Database(path, { readonly: true });
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(db.prepare('SELECT name FROM doclive_migrations').all(), [{ name: '0001-bi-counts' }]);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an in-memory sqlite store counts and is gone once closed', async () => {
  const store = await openSqliteStore(':memory:', logger);
  await store.increment('2026-01-01', ['total']);
  assert.deepEqual(await store.report('2026-01-01', '2026-01-01'), { total: 1 });
  assert.equal(await store.ping(), true);
  await store.close();
  assert.equal(await store.ping(), false);
});

test('a path that cannot be created is refused with the path in the message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doclive-sqlite-'));
  try {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const path = join(blocker, 'data', 'doclive.sqlite');
    await assert.rejects(openSqliteStore(path, logger), (error: Error) => error.message.startsWith(`Cannot open the SQLite BI store at ${path}:`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that is not a SQLite database is refused with its path in the message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doclive-sqlite-'));
  try {
    const path = join(dir, 'not-a-db.sqlite');
    writeFileSync(path, 'this is not a database, just some text that is long enough to look like a header'.repeat(20));
    await assert.rejects(openSqliteStore(path, logger), (error: Error) => error.message.includes(path) && /not a database/.test(error.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two processes on one sqlite file both migrate and count without losing increments', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doclive-sqlite-'));
  try {
    const path = join(dir, 'data', 'doclive.sqlite');
    const worker = `
      import { pino } from 'pino';
      import { openSqliteStore } from ${JSON.stringify(new URL('./sqlite.ts', import.meta.url).href)};
      const store = await openSqliteStore(process.argv[1], pino({ level: 'silent' }));
      for (let n = 0; n < 200; n++) await store.increment('2026-02-01', ['total', 'from_' + process.argv[2]]);
      await store.close();`;
    const runWorker = (name: string) =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', worker, path, name], { stdio: 'inherit' });
        child.once('error', reject);
        child.once('exit', resolve);
      });
    assert.deepEqual(await Promise.all([runWorker('a'), runWorker('b')]), [0, 0]);
    const store = await openSqliteStore(path, logger);
    assert.deepEqual(await store.report('2026-02-01', '2026-02-01'), { total: 400, from_a: 200, from_b: 200 });
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
