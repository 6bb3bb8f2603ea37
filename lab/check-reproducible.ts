// Regenerates chosen images of an existing lab chunk with this checkout's generator and compares them byte for
// byte with the chunk: the way to tell whether an old chunk is still reproducible by HEAD (docs/lab.md
// "Generator changes"). Each image is remade from its own sidecar (seed, split, index, class), so the chunk's
// --classes and --count do not matter. --room-light cast and --isp-denoise phone are read from the sidecar
// (params.lighting.roomCast, params.sensor.phoneDenoise, recorded on every capture they changed); options that are not in the sidecar (--resolution, --print-process, --screen-falloff,
// --screen-awb,
// --print-cut)
// must be passed again.
//
//   node --import tsx lab/check-reproducible.ts CHUNK_DIR --indices 0,2,5 [--out /tmp/x] [--print-process P] [--screen-falloff on] [--screen-awb frame] [--print-cut card]
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageName, makeSampleOfClass, prepareOut, rngFor, writeSample } from './generate.js';
import { loadLabParts } from './parts.js';
import { LAB_VERSION } from './version.js';
import type { LabClass, LabSplit } from './types.js';
import { PRINT_PROCESSES, type PrintCut, type PrintProcess } from './capture/print.js';

interface Sidecar {
  readonly image: string;
  readonly class: LabClass;
  readonly index: number;
  readonly seed: string;
  readonly split: LabSplit;
  readonly params: { readonly sensorWidth?: number; readonly sensorHeight?: number };
}

export interface ImageComparison {
  readonly index: number;
  readonly image: string;
  readonly imageEqual: boolean;
  /** The sidecars agree apart from params.labVersion (chunks older than lab/version.ts have none). */
  readonly sidecarEqual: boolean;
  /** The chunk's params.labVersion, or null when it predates the field. */
  readonly chunkLabVersion: number | null;
  /** Top-level params keys whose JSON differs (where the generator changed), empty when the sidecars agree. */
  readonly changedParams: string[];
}

/** The top-level keys of two sidecars' params whose JSON differs. */
export function changedParamKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

export async function compareChunkImages(chunk: string, indices: readonly number[], out: string, options: { printProcess?: PrintProcess; screenFalloff?: boolean; screenAwb?: boolean; printCut?: PrintCut } = {}): Promise<ImageComparison[]> {
  await prepareOut(out);
  const results: ImageComparison[] = [];
  const partsBySplit = new Map<string, Awaited<ReturnType<typeof loadLabParts>>>();
  for (const index of indices) {
    const sidecarText = await readFile(join(chunk, `${imageName(index)}.json`), 'utf8');
    const old = JSON.parse(sidecarText) as Sidecar & { params: Record<string, unknown> };
    // A run with --room-light cast records the cast on every capture it tinted (controlled captures ignore it).
    const roomCast = (old.params['lighting'] as { roomCast?: unknown } | undefined)?.roomCast != null;
    // A run with --isp-denoise phone records the drawn noise reduction in params.sensor.phoneDenoise.
    const ispDenoise = (old.params['sensor'] as { phoneDenoise?: unknown } | undefined)?.phoneDenoise != null;
    const partsKey = `${old.split}:${roomCast}:${ispDenoise}`;
    let parts = partsBySplit.get(partsKey);
    if (!parts) {
      parts = await loadLabParts(old.split, { ...(options.printProcess ? { printProcess: options.printProcess } : {}), ...(options.screenFalloff ? { screenFalloff: true } : {}), ...(options.screenAwb ? { screenAwb: true } : {}), ...(roomCast ? { roomCast: true } : {}), ...(ispDenoise ? { ispDenoise: 'phone' as const } : {}), ...(options.printCut === 'card' ? { printCut: 'card' as const } : {}) });
      partsBySplit.set(partsKey, parts);
    }
    const made = await makeSampleOfClass(old.class, rngFor(index, old.seed, old.split), old.split, parts);
    const entry = await writeSample(out, index, made, { seed: old.seed, split: old.split });
    const [oldBytes, newBytes, newSidecar] = await Promise.all([
      readFile(join(chunk, old.image)),
      readFile(join(out, entry.image)).catch(() => Buffer.alloc(0)),
      readFile(join(out, `${imageName(index)}.json`), 'utf8'),
    ]);
    const fresh = JSON.parse(newSidecar) as { params: Record<string, unknown> };
    const chunkLabVersion = typeof old.params['labVersion'] === 'number' ? old.params['labVersion'] : null;
    results.push({
      index,
      image: old.image,
      imageEqual: entry.image === old.image && oldBytes.equals(newBytes),
      sidecarEqual: JSON.stringify(withoutVersion(fresh)) === JSON.stringify(withoutVersion(old)),
      chunkLabVersion,
      changedParams: changedParamKeys(old.params, fresh.params).filter((k) => k !== 'labVersion'),
    });
  }
  return results;
}

function withoutVersion(sidecar: { params: Record<string, unknown> }): unknown {
  const { labVersion: _ignored, ...params } = sidecar.params;
  return { ...sidecar, params };
}

function parseIndices(text: string | undefined): number[] {
  const list = (text ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (list.length === 0 || !list.every((s) => /^\d+$/.test(s))) {
    throw new Error(`--indices takes image indices separated by commas (e.g. 0,2,5), got "${text ?? ''}"`);
  }
  return list.map(Number);
}

async function main(argv: readonly string[]): Promise<number> {
  const chunk = argv[0];
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (!chunk || chunk.startsWith('--')) {
    process.stderr.write('usage: node --import tsx lab/check-reproducible.ts CHUNK_DIR --indices 0,2,5 [--out DIR] [--print-process P] [--screen-falloff on] [--screen-awb frame] [--print-cut card]\n');
    return 2;
  }
  const processText = opt('print-process');
  if (processText !== undefined && !(PRINT_PROCESSES as readonly string[]).includes(processText)) {
    process.stderr.write(`unknown --print-process "${processText}"; accepted: ${PRINT_PROCESSES.join(', ')}\n`);
    return 2;
  }
  const out = opt('out') ?? await mkdtemp(join(tmpdir(), 'lab-repro-'));
  const results = await compareChunkImages(chunk, parseIndices(opt('indices')), out, {
    ...(processText ? { printProcess: processText as PrintProcess } : {}),
    ...(opt('screen-falloff') === 'on' ? { screenFalloff: true } : {}),
    ...(opt('screen-awb') === 'frame' ? { screenAwb: true } : {}),
    ...(opt('print-cut') === 'card' ? { printCut: 'card' as const } : {}),
  });
  for (const r of results) {
    const verdict = r.imageEqual && r.sidecarEqual ? 'same' : `DIFFERS (image ${r.imageEqual ? 'same' : 'differs'}, params changed: ${r.changedParams.join(', ') || 'none'})`;
    process.stdout.write(`${r.image}: ${verdict} (chunk labVersion ${r.chunkLabVersion ?? 'none'}, this checkout ${LAB_VERSION})\n`);
  }
  process.stdout.write(`regenerated into ${out}\n`);
  return results.every((r) => r.imageEqual && r.sidecarEqual) ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 2;
  });
}
