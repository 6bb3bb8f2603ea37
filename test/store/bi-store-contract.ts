import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BiStore } from '../../src/store/types.js';

// The one contract every BiStore implementation passes (run by src/store/sqlite.test.ts and postgres.test.ts).

/** One empty database of the implementation under test; several store instances may be opened on it. */
export interface ContractDatabase {
  /** Opens a new store instance on this database (a server start). */
  open(): Promise<BiStore>;
  /** Runs the migrations again on this database, directly, outside any store instance. */
  migrateAgain(): Promise<void>;
  /** Makes the database disappear under open stores (the file is deleted, the database dropped). */
  destroy(): Promise<void>;
  /** Removes whatever is left; safe after destroy(). */
  cleanup(): Promise<void>;
}

export interface ContractTarget {
  /** Why the implementation cannot be tested here (e.g. no PostgreSQL configured), or null. */
  unavailable: string | null;
  /** A new, empty database each call, so that tests and test runs never see each other's counts. */
  freshDatabase(): Promise<ContractDatabase>;
}

export function registerBiStoreContract(name: string, target: ContractTarget): void {
  describe(`BiStore contract: ${name}`, () => {
    if (target.unavailable !== null) {
      const reason = target.unavailable;
      // CI must never pass by skipping the suite; locally a visible skip is enough.
      if (process.env.CI) test(`${name} contract suite can run in CI`, () => assert.fail(`${name} contract suite cannot run: ${reason}`));
      else test(`${name} contract suite`, { skip: reason }, () => undefined);
      return;
    }

    const leftovers: Array<{ stores: BiStore[]; database: ContractDatabase }> = [];
    /** A fresh database and a way to open stores on it that are all closed after the suite. */
    async function fresh(): Promise<{ database: ContractDatabase; open: () => Promise<BiStore> }> {
      const database = await target.freshDatabase();
      const entry = { stores: [] as BiStore[], database };
      leftovers.push(entry);
      const open = async () => {
        const store = await database.open();
        entry.stores.push(store);
        return store;
      };
      return { database, open };
    }
    after(async () => {
      for (const { stores, database } of leftovers) {
        for (const store of stores) await store.close();
        await database.cleanup();
      }
    });

    test('a new store reports nothing', async () => {
      const store = await (await fresh()).open();
      assert.deepEqual(await store.report('2000-01-01', '2999-12-31'), {});
    });

    test('increments on several days and keys are summed per key over the range', async () => {
      const store = await (await fresh()).open();
      await store.increment('2026-03-01', ['total', 'auk_ID_CARD_probability_0.9-1.0']);
      await store.increment('2026-03-01', ['total', 'auk_ID_CARD_probability_0.9-1.0']);
      await store.increment('2026-03-02', ['total', 'auk_PASSPORT_DOCUMENT_NOT_FOUND']);
      await store.increment('2026-03-05', ['total', 'auk_ID_CARD_probability_0.0-0.1']);
      assert.deepEqual(await store.report('2026-03-01', '2026-03-31'), {
        total: 4,
        'auk_ID_CARD_probability_0.9-1.0': 2,
        auk_PASSPORT_DOCUMENT_NOT_FOUND: 1,
        'auk_ID_CARD_probability_0.0-0.1': 1,
      });
      assert.deepEqual(await store.report('2026-03-02', '2026-03-02'), { total: 1, auk_PASSPORT_DOCUMENT_NOT_FOUND: 1 });
    });

    test('both range bounds are inclusive and days outside are left out', async () => {
      const store = await (await fresh()).open();
      const days = ['2026-01-31', '2026-02-01', '2026-02-15', '2026-02-28', '2026-03-01'];
      for (const [index, day] of days.entries()) {
        for (let n = 0; n <= index; n++) await store.increment(day, ['total']); // day i counts i + 1
      }
      assert.deepEqual(await store.report('2026-02-01', '2026-02-28'), { total: 2 + 3 + 4 });
      assert.deepEqual(await store.report('2026-01-31', '2026-01-31'), { total: 1 });
      assert.deepEqual(await store.report('2026-03-01', '2026-03-01'), { total: 5 });
      assert.deepEqual(await store.report('2026-02-02', '2026-02-14'), {});
      assert.deepEqual(await store.report('2026-03-01', '2026-02-01'), {}, 'a reversed range is empty');
    });

    test('a key named twice in one increment counts twice; no keys change nothing', async () => {
      const store = await (await fresh()).open();
      await store.increment('2026-04-01', ['total', 'total', 'a']);
      await store.increment('2026-04-01', []);
      assert.deepEqual(await store.report('2026-04-01', '2026-04-01'), { total: 2, a: 1 });
    });

    test('malformed days and keys are rejected (as a rejected promise) with the accepted form', async () => {
      const store = await (await fresh()).open();
      await assert.rejects(store.increment('2026-02-30', ['total']), /yyyy-MM-dd/);
      await assert.rejects(store.increment('27/05/2026', ['total']), /yyyy-MM-dd/);
      await assert.rejects(store.increment('2026-05-27', ['']), /non-empty strings/);
      await assert.rejects(store.report('2026-05-27', 'tomorrow'), /yyyy-MM-dd/);
      assert.deepEqual(await store.report('2000-01-01', '2999-12-31'), {}, 'nothing was counted by the rejected calls');
    });

    test('counts survive closing and reopening the store (a restart)', async () => {
      const { open } = await fresh();
      const first = await open();
      await first.increment('2026-05-01', ['total', 'x']);
      await first.increment('2026-05-02', ['total']);
      await first.close();
      const second = await open();
      assert.deepEqual(await second.report('2026-05-01', '2026-05-02'), { total: 2, x: 1 });
      await second.increment('2026-05-02', ['total']);
      assert.deepEqual(await second.report('2026-05-01', '2026-05-02'), { total: 3, x: 1 });
    });

    test('many concurrent increments are all counted exactly', async () => {
      const store = await (await fresh()).open();
      const calls = 300;
      const keys = ['k0', 'k1', 'k2', 'k3', 'k4'];
      await Promise.all(
        Array.from({ length: calls }, (_, n) => store.increment('2026-06-01', ['total', keys[n % keys.length] as string])),
      );
      const expected: Record<string, number> = { total: calls };
      for (const key of keys) expected[key] = calls / keys.length;
      assert.deepEqual(await store.report('2026-06-01', '2026-06-01'), expected);
    });

    test('two store instances on one database share one report (several server instances)', async () => {
      const { open } = await fresh();
      const [a, b] = await Promise.all([open(), open()]); // both start, and migrate, at the same time
      await Promise.all(
        Array.from({ length: 100 }, (_, n) => (n % 2 === 0 ? a : b).increment('2026-07-01', ['total', n % 2 === 0 ? 'from_a' : 'from_b'])),
      );
      const expected = { total: 100, from_a: 50, from_b: 50 };
      assert.deepEqual(await a.report('2026-07-01', '2026-07-01'), expected);
      assert.deepEqual(await b.report('2026-07-01', '2026-07-01'), expected);
    });

    test('ping is true while healthy and false, without throwing, once the store is closed or the database is gone', async () => {
      const { database, open } = await fresh();
      const store = await open();
      assert.equal(await store.ping(), true);
      await database.destroy();
      assert.equal(await store.ping(), false);
      await store.close();
      assert.equal(await store.ping(), false);
      await assert.rejects(store.increment('2026-08-01', ['total']), /closed/);
    });

    test('running the migrations again, directly or by reopening, is harmless and keeps the counts', async () => {
      const { database, open } = await fresh();
      const store = await open();
      await store.increment('2026-09-01', ['total']);
      await store.close();
      await database.migrateAgain();
      await database.migrateAgain();
      const reopened = await open();
      assert.deepEqual(await reopened.report('2026-09-01', '2026-09-01'), { total: 1 });
    });
  });
}
