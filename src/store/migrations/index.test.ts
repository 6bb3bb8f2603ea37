import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from './index.js';

function migrationFiles(folder: string): string[] {
  const dir = fileURLToPath(new URL(`./${folder}/`, import.meta.url));
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
}

test('every migration file is listed, in file-name order, under its own file name', () => {
  assert.deepEqual(SQLITE_MIGRATIONS.map((m) => m.name), migrationFiles('sqlite'));
  assert.deepEqual(POSTGRES_MIGRATIONS.map((m) => m.name), migrationFiles('postgres'));
});

test('sqlite and postgres have the same migrations, so both stores have the same schema history', () => {
  assert.deepEqual(SQLITE_MIGRATIONS.map((m) => m.name), POSTGRES_MIGRATIONS.map((m) => m.name));
});
