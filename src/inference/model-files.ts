// Where committed model files live: models/ at the package root, whether running from src/ (tsx) or dist/src/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultModelDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'models'))) return join(dir, 'models');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`models/ directory not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Path of a model file, with a message that says what is missing and how to rebuild it. */
export function modelFile(modelDir: string, name: string, howToBuild: string): string {
  const path = join(modelDir, name);
  if (!existsSync(path)) throw new Error(`model file ${path} is missing; ${howToBuild}`);
  return path;
}
