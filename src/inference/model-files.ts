// Where committed model files live: models/ at the package root, whether running from src/ (tsx) or dist/src/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';

export function defaultModelDir(): string {
  return join(packageRoot(), 'models');
}

/** Path of a model file, with a message that says what is missing and how to rebuild it. */
export function modelFile(modelDir: string, name: string, howToBuild: string): string {
  const path = join(modelDir, name);
  if (!existsSync(path)) throw new Error(`model file ${path} is missing; ${howToBuild}`);
  return path;
}
