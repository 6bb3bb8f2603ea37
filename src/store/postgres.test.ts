import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import { migratePostgres, openPostgresStore } from './postgres.js';
import { registerBiStoreContract } from '../../test/store/bi-store-contract.js';
import { createThrowawayDatabase, TEST_PG_UNAVAILABLE } from '../../test/store/postgres-databases.js';
import { createPrivateCluster, PRIVATE_CLUSTER_UNAVAILABLE } from '../../test/store/private-postgres-cluster.js';
import { testNeeding } from '../../test/store/test-needing.js';

const logger = pino({ level: 'silent' });

registerBiStoreContract('postgres', {
  unavailable: TEST_PG_UNAVAILABLE,
  async freshDatabase() {
    const database = await createThrowawayDatabase();
    return {
      open: () => openPostgresStore(database.url, logger),
      async migrateAgain() {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          await migratePostgres(client, logger);
        } finally {
          await client.end();
        }
      },
      destroy: database.drop,
      cleanup: database.drop,
    };
  },
});

const SHORT_DEADLINES = { connectionTimeoutMillis: 1000, queryTimeoutMillis: 1000 };

/** Resolves with how long the promise took to reject; fails the test if it resolves. */
async function rejectionDelayMs(promise: Promise<unknown>): Promise<number> {
  const started = performance.now();
  await assert.rejects(promise);
  return performance.now() - started;
}

testNeeding(
  PRIVATE_CLUSTER_UNAVAILABLE,
  'when PostgreSQL stops, increments reject promptly, and work again once it is back, without reopening the store',
  async (t) => {
    const cluster = await createPrivateCluster();
    try {
      const store = await openPostgresStore(cluster.url, logger, SHORT_DEADLINES);
      try {
        await store.increment('2026-10-01', ['total']);
        cluster.stop();
        const delay = await rejectionDelayMs(store.increment('2026-10-01', ['total']));
        t.diagnostic(`increment rejected ${delay.toFixed(0)} ms after PostgreSQL stopped`);
        // A deadline, not a benchmark: the store must answer within its own timeouts (1 s + 1 s), with ample slack.
        assert.ok(delay < 10_000, `rejected after ${delay} ms`);
        assert.equal(await store.ping(), false);
        cluster.start();
        await store.increment('2026-10-01', ['total']);
        assert.equal(await store.ping(), true);
        assert.deepEqual(await store.report('2026-10-01', '2026-10-01'), { total: 2 }, 'the count from before the outage is kept');
      } finally {
        await store.close();
      }
    } finally {
      cluster.destroy();
    }
  },
);

test('a server that accepts connections but never answers makes opening reject within the connection deadline', async () => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => sockets.add(socket)); // accepts, never speaks
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  try {
    const delay = await rejectionDelayMs(openPostgresStore(`postgres://doclive:pw@127.0.0.1:${port}/bi`, logger, SHORT_DEADLINES));
    assert.ok(delay < 10_000, `rejected after ${delay} ms`);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});

testNeeding(TEST_PG_UNAVAILABLE, 'an increment stuck behind a lock rejects at the query deadline and the store works once the lock is gone', async () => {
  const database = await createThrowawayDatabase();
  const locker = new pg.Client({ connectionString: database.url });
  try {
    const store = await openPostgresStore(database.url, logger, SHORT_DEADLINES);
    try {
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE bi_counts IN ACCESS EXCLUSIVE MODE');
      await rejectionDelayMs(store.increment('2026-11-01', ['total']));
      await locker.query('ROLLBACK');
      await store.increment('2026-11-01', ['total']);
      assert.deepEqual(await store.report('2026-11-01', '2026-11-01'), { total: 1 });
    } finally {
      await store.close();
    }
  } finally {
    await locker.end().catch(() => undefined);
    await database.drop();
  }
});
