import type { Database } from 'better-sqlite3';

// One row per (day, outcome key): the only thing the BI store keeps. STRICT rejects values of the wrong type;
// WITHOUT ROWID stores the rows in primary-key order, which is the order report() reads them in.
export const name = '0001-bi-counts';

export async function up({ context: db }: { context: Database }): Promise<void> {
  db.exec(`
    CREATE TABLE bi_counts (
      day   TEXT    NOT NULL,
      key   TEXT    NOT NULL,
      count INTEGER NOT NULL CHECK (count >= 0),
      PRIMARY KEY (day, key)
    ) STRICT, WITHOUT ROWID
  `);
}

export async function down({ context: db }: { context: Database }): Promise<void> {
  db.exec('DROP TABLE bi_counts');
}
