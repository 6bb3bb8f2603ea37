// Where the real development images live (../shared/data beside the repository; never copied into it).
// DOCLIVE_SHARED_DATA overrides; git worktrees one level deeper find it at ../../shared/data.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export function sharedDataDir(): string {
  const candidates = [process.env.DOCLIVE_SHARED_DATA, '../shared/data', '../../shared/data'].filter((p): p is string => !!p);
  for (const c of candidates) if (existsSync(resolve(c))) return resolve(c);
  throw new Error(`real development images not found; looked in ${candidates.join(', ')} (set DOCLIVE_SHARED_DATA)`);
}
