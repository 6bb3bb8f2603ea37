// Runs the generator on worker threads (one per core by default): images are dealt out one index at a time, each
// worker writes its images and sidecars, and the manifest is written in index order at the end.
import { Worker } from 'node:worker_threads';
import type { GenerateConfig, ManifestEntry } from './generate.js';
import { makeSample, prepareOut, writeManifest, writeSample } from './generate.js';
import type { LabClass } from './types.js';
import type { LabParts } from './parts.js';

export interface RunConfig extends GenerateConfig {
  /** Module exporting `loadLabParts(split)`; tests point this at test doubles. Default: lab/parts.ts. */
  readonly partsModule?: string;
}

export interface RunResult {
  readonly entries: ManifestEntry[];
  /** Milliseconds of generation per class (summed over images; CPU-bound, one image per worker at a time). */
  readonly msByClass: Partial<Record<LabClass, number[]>>;
  readonly wallMs: number;
}

export type JobMessage = { type: 'job'; index: number } | { type: 'stop' };
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'done'; index: number; entry: ManifestEntry; cls: LabClass; ms: number }
  | { type: 'failed'; index: number; message: string };

export function defaultPartsModule(): string {
  return new URL('./parts.ts', import.meta.url).href;
}

export async function loadParts(config: RunConfig): Promise<LabParts> {
  const mod = (await import(config.partsModule ?? defaultPartsModule())) as {
    loadLabParts: (split: RunConfig['split'], options?: { resolution?: readonly [number, number]; printProcess?: RunConfig['printProcess']; screenFalloff?: boolean; screenAwb?: boolean; roomCast?: boolean; printCut?: RunConfig['printCut']; ispDenoise?: 'phone'; portraitKind?: RunConfig['portraitKind'] }) => Promise<LabParts>;
  };
  return mod.loadLabParts(config.split, { ...(config.resolution ? { resolution: config.resolution } : {}), ...(config.printProcess ? { printProcess: config.printProcess } : {}), ...(config.screenFalloff ? { screenFalloff: true } : {}), ...(config.screenAwb ? { screenAwb: true } : {}), ...(config.roomLight === 'cast' ? { roomCast: true } : {}), ...(config.printCut === 'card' ? { printCut: 'card' as const } : {}), ...(config.ispDenoise === 'phone' ? { ispDenoise: 'phone' as const } : {}), ...(config.portraitKind ? { portraitKind: config.portraitKind } : {}) });
}

export async function runGenerator(config: RunConfig, onProgress: (done: number, cls: LabClass) => void = () => {}): Promise<RunResult> {
  await prepareOut(config.out);
  const started = Date.now();
  const entries: (ManifestEntry | undefined)[] = new Array(config.count);
  const msByClass: Partial<Record<LabClass, number[]>> = {};
  let done = 0;
  const record = (index: number, entry: ManifestEntry, cls: LabClass, ms: number): void => {
    entries[index] = entry;
    (msByClass[cls] ??= []).push(ms);
    done++;
    onProgress(done, cls);
  };

  if (config.workers <= 1) {
    const parts = await loadParts(config);
    for (let i = 0; i < config.count; i++) {
      const t = Date.now();
      const made = await makeSample(i, config, parts);
      record(i, await writeSample(config.out, i, made, config), made.cls, Date.now() - t);
    }
  } else {
    await runOnWorkers(config, record);
  }
  const finished = entries.filter((e): e is ManifestEntry => e !== undefined);
  await writeManifest(config.out, finished);
  return { entries: finished, msByClass, wallMs: Date.now() - started };
}

function runOnWorkers(config: RunConfig, record: (index: number, entry: ManifestEntry, cls: LabClass, ms: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let next = 0;
    let outstanding = 0;
    let failed = false;
    const workers: Worker[] = [];
    const boot = new URL('./worker-boot.mjs', import.meta.url);
    const entry = new URL('./generate-worker.ts', import.meta.url).href;
    const stopAll = (): void => {
      for (const w of workers) w.postMessage({ type: 'stop' } satisfies JobMessage);
    };
    const feed = (w: Worker): void => {
      if (failed) return;
      if (next < config.count) {
        outstanding++;
        w.postMessage({ type: 'job', index: next++ } satisfies JobMessage);
      } else if (outstanding === 0) {
        stopAll();
        resolve();
      }
    };
    const n = Math.min(config.workers, Math.max(1, config.count));
    for (let k = 0; k < n; k++) {
      const w = new Worker(boot, { workerData: { entry, config } });
      workers.push(w);
      w.on('message', (msg: WorkerReply) => {
        if (msg.type === 'ready') return feed(w);
        outstanding--;
        if (msg.type === 'failed') {
          failed = true;
          stopAll();
          reject(new Error(`image ${msg.index}: ${msg.message}`));
          return;
        }
        record(msg.index, msg.entry, msg.cls, msg.ms);
        feed(w);
      });
      w.on('error', (err) => {
        if (failed) return;
        failed = true;
        stopAll();
        reject(err);
      });
    }
  });
}
