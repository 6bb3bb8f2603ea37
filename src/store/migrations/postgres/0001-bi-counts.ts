import type { ClientBase } from 'pg';

// One row per (day, outcome key): the only thing the BI store keeps. bigint so that a busy multi-instance
// deployment cannot overflow a counter; the primary key is the upsert's conflict target.
export const name = '0001-bi-counts';

export async function up({ context: client }: { context: ClientBase }): Promise<void> {
  await client.query(`
    CREATE TABLE bi_counts (
      day   date   NOT NULL,
      key   text   NOT NULL,
      count bigint NOT NULL CHECK (count >= 0),
      PRIMARY KEY (day, key)
    )
  `);
}

export async function down({ context: client }: { context: ClientBase }): Promise<void> {
  await client.query('DROP TABLE bi_counts');
}
