import type { Database } from 'better-sqlite3';
import type { ClientBase } from 'pg';
import type { RunnableMigration } from 'umzug';
import * as sqlite0001 from './sqlite/0001-bi-counts.js';
import * as postgres0001 from './postgres/0001-bi-counts.js';

// Runner: umzug (sequelize/umzug, 3.8.3 of May 2026, MIT). It runs plain async functions against a storage we
// supply, so sqlite and postgres share one runner and one migration shape; node-pg-migrate (9.0, July 2026) is
// postgres-only, so sqlite would still need a second tool, and it brings glob, jiti and yargs with it. umzug takes no
// lock of its own: sqlite.ts migrates inside BEGIN IMMEDIATE, postgres.ts under a transaction-scoped advisory lock.
//
// Migrations are listed here by static import rather than found by a glob at run time: the list is type-checked,
// compiled by tsc into dist/ with the rest of the code, and identical under tsx and node. A test checks that every
// file in sqlite/ and postgres/ is listed. Add new migrations at the end; never rename or edit an applied one.

export const SQLITE_MIGRATIONS: ReadonlyArray<RunnableMigration<Database>> = [sqlite0001];
export const POSTGRES_MIGRATIONS: ReadonlyArray<RunnableMigration<ClientBase>> = [postgres0001];
