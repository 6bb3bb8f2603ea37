import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Path of a worker module that sits next to the calling module, with the caller's own extension: `.ts` when the
 * server runs from source under tsx (workers inherit `--import tsx` through execArgv), `.js` when it runs from dist/.
 */
export function siblingWorkerFile(callerUrl: string, baseName: string): string {
  const callerPath = fileURLToPath(callerUrl);
  const extension = extname(callerPath) === '.ts' ? '.ts' : '.js';
  return fileURLToPath(new URL(`./${baseName}${extension}`, callerUrl));
}
