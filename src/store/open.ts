import type { Logger } from 'pino';
import type { BiStore } from './types.js';
import { openSqliteStore } from './sqlite.js';
import { openPostgresStore } from './postgres.js';
import { redactDatabaseUrl } from './redact.js';

// IDLIVEDOC_SERVER_DB_URL -> the BI store it names.

export const DEFAULT_DB_URL = 'sqlite:./data/doclive.sqlite';

export const ACCEPTED_DB_URL_FORMS = [
  'sqlite:<path> (relative to the working directory, e.g. sqlite:./data/doclive.sqlite)',
  'sqlite::memory: (not kept across restarts)',
  'postgres://user:password@host:port/database',
  'postgresql://user:password@host:port/database',
] as const;

/** Opens and migrates the store named by `dbUrl`; throws an Error listing the accepted forms for anything else. */
export async function openBiStore(dbUrl: string, logger: Logger): Promise<BiStore> {
  if (dbUrl.startsWith('sqlite:')) {
    const path = dbUrl.slice('sqlite:'.length);
    if (path.trim() === '') throw badDbUrl(dbUrl, 'the sqlite path is empty');
    return openSqliteStore(path, logger);
  }
  if (/^postgres(ql)?:\/\//.test(dbUrl)) return openPostgresStore(dbUrl, logger);
  throw badDbUrl(dbUrl, 'unknown scheme');
}

function badDbUrl(dbUrl: string, reason: string): Error {
  return new Error(
    `IDLIVEDOC_SERVER_DB_URL ${JSON.stringify(redactDatabaseUrl(dbUrl))} is not accepted (${reason}); ` +
      `accepted forms: ${ACCEPTED_DB_URL_FORMS.join('; ')}`,
  );
}
