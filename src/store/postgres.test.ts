import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { pino } from 'pino';
import { migratePostgres, openPostgresStore } from './postgres.js';
import { registerBiStoreContract } from '../../test/store/bi-store-contract.js';
import { createThrowawayDatabase, TEST_PG_UNAVAILABLE } from '../../test/store/postgres-databases.js';

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
