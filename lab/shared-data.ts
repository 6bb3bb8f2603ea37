// Where the real images of ../shared/data live: read at run time, never copied into the repository.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The shared data folder: $DOCLIVE_SHARED_DATA when set, else the first `shared/data` found beside the repository or
 * one level higher (a worktree under /work/wt/<name> has it two levels up).
 */
export function sharedDataDir(): string {
  const fromEnv = process.env['DOCLIVE_SHARED_DATA'];
  if (fromEnv) return fromEnv;
  const candidates = [join(repoRoot, '..', 'shared', 'data'), join(repoRoot, '..', '..', 'shared', 'data')];
  for (const dir of candidates) if (existsSync(dir)) return dir;
  throw new Error(
    `shared data not found: looked in ${candidates.join(' and ')}; set DOCLIVE_SHARED_DATA to the folder holding faces/ and specimens/`,
  );
}
