// Reading lab and shared-data manifests and lab sidecars, for the measurement and training scripts (one copy of
// the line splitting, the path rule and the sidecar name instead of one per script).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The JSON objects of a JSON-lines file (a manifest.jsonl), one per non-blank line. */
export function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as T);
}

/**
 * A manifest row's image as a path: chunk manifests name images relative to their folder, the merged ones
 * (/work/data/test.jsonl) absolutely.
 */
export function manifestImagePath(manifest: string, image: string): string {
  return resolve(dirname(manifest), image);
}

/** The lab sidecar of an image (<image>.json beside it, as lab/generate.ts writes it), parsed. */
export function readSidecar<T>(imagePath: string): T {
  return JSON.parse(readFileSync(imagePath.replace(/\.[a-z]+$/i, '.json'), 'utf8')) as T;
}
