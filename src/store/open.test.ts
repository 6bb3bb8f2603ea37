import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { pino, type Logger } from 'pino';
import { openBiStore } from './open.js';
import { redactDatabaseUrl } from './redact.js';
import { createThrowawayDatabase, TEST_PG_UNAVAILABLE } from '../../test/store/postgres-databases.js';
import { testNeeding } from '../../test/store/test-needing.js';

/** A pino logger whose output is kept in `lines`, to check what the store logs. */
function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

test('sqlite:<path> is relative to the working directory and its folder is created on first start', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'doclive-open-'));
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const { logger } = capturingLogger();
    const store = await openBiStore('sqlite:./data/doclive.sqlite', logger);
    await store.increment('2026-01-02', ['total']);
    await store.close();
    assert.equal(existsSync(join(dir, 'data', 'doclive.sqlite')), true);
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sqlite::memory: opens an in-memory store', async () => {
  const store = await openBiStore('sqlite::memory:', capturingLogger().logger);
  await store.increment('2026-01-02', ['total']);
  assert.deepEqual(await store.report('2026-01-02', '2026-01-02'), { total: 1 });
  await store.close();
});

test('any other URL is refused with the accepted forms listed and without its password', async () => {
  for (const url of ['mysql://admin:hunter2@db/doclive', 'sqlite:', './data/doclive.sqlite', 'postgres:/missing-slashes']) {
    await assert.rejects(openBiStore(url, capturingLogger().logger), (error: Error) => {
      assert.match(error.message, /accepted forms: sqlite:<path>.*sqlite::memory:.*postgres:\/\/.*postgresql:\/\//);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    });
  }
});

test('a malformed postgres URL is refused without its password anywhere in the error', async () => {
  await assert.rejects(openBiStore('postgres://doclive:hunter2@[bad/bi', capturingLogger().logger), (error: Error) => {
    assert.match(error.message, /not a valid URL \(expected postgres:\/\/user:password@host:port\/database\)/);
    assert.doesNotMatch(inspect(error, { depth: 5 }), /hunter2/);
    return true;
  });
});

test('database URLs are shown with the password hidden', () => {
  assert.equal(redactDatabaseUrl('postgres://doclive:s3cret@db:5432/bi'), 'postgres://doclive:***@db:5432/bi');
  assert.equal(redactDatabaseUrl('postgresql://db/bi?password=s3cret&sslmode=require'), 'postgresql://db/bi?password=***&sslmode=require');
  assert.equal(redactDatabaseUrl('postgres://db/bi'), 'postgres://db/bi');
  assert.doesNotMatch(redactDatabaseUrl('postgres://u:s3cret@[bad'), /s3cret/);
});

testNeeding(TEST_PG_UNAVAILABLE, 'a postgres URL with a password never shows the password in logs or errors', async () => {
  const database = await createThrowawayDatabase();
  try {
    const url = new URL(database.url);
    url.password = 'never-log-me'; // the test cluster trusts local connections, so any password is accepted
    for (const scheme of ['postgres:', 'postgresql:']) {
      url.protocol = scheme;
      const { logger, lines } = capturingLogger();
      const store = await openBiStore(url.toString(), logger);
      await store.increment('2026-01-03', ['total']);
      await store.close();
      assert.ok(lines.some((line) => line.includes('BI store opened') && line.includes('***')), 'the opening is logged');
      assert.equal(lines.join('').includes('never-log-me'), false);
    }
    const unreachable = new URL(url);
    unreachable.port = '1'; // nothing listens there
    await assert.rejects(openBiStore(unreachable.toString(), capturingLogger().logger), (error: Error) => {
      assert.match(error.message, /Cannot open the PostgreSQL BI store at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\//);
      assert.doesNotMatch(error.message, /never-log-me/);
      return true;
    });
  } finally {
    await database.drop();
  }
});
