import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Path of a worker module that sits next to the calling module, with the caller's own extension: `.ts` when the
 * server runs from source under tsx (bootstrap-worker.mjs then loads it through tsx), `.js` when it runs from dist/.
 */
export function siblingWorkerFile(callerUrl: string, baseName: string): string {
  const callerPath = fileURLToPath(callerUrl);
  const extension = extname(callerPath) === '.ts' ? '.ts' : '.js';
  return fileURLToPath(new URL(`./${baseName}${extension}`, callerUrl));
}

/** The plain-JS file every pool worker starts in (the same `.mjs` next to this module in src/ and in dist/). */
export const BOOTSTRAP_WORKER_FILE = fileURLToPath(new URL('./bootstrap-worker.mjs', import.meta.url));
