// The V8 flags the product's server runs with, read from package.json's "start" script (their one source): the
// load and fault tests and bench/http-throughput.ts start the server with the same garbage-collection settings as
// `npm start` (docs/deployment.md says why they are on the command line).
import { readFileSync } from 'node:fs';

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

/** The `--flags` between `node` and the entry file of `npm start`. */
export function serverNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { scripts?: { start?: string } }).scripts?.start;
  if (start === undefined) throw new Error('package.json has no "start" script');
  const words = start.trim().split(/\s+/);
  if (words[0] !== 'node') throw new Error(`package.json "start" does not run node: ${start}`);
  return words.slice(1).filter((word) => word.startsWith('--'));
}
