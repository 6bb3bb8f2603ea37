// Where a CLI worker thread gets its analysis engine: `createAnalysisEngine` of src/analysis/engine.ts, the same code
// the server runs, unless the pool was given another module exporting the same factory (tests load a test double
// that way, since a function cannot be sent to a worker thread).

import { createAnalysisEngine } from '../analysis/engine.js';
import type { AnalysisEngine } from '../analysis/types.js';

export interface EngineOptions {
  readonly maxImagePixels: number;
}

export type EngineFactory = (options: EngineOptions) => Promise<AnalysisEngine>;

// Running from TypeScript sources (a dev clone through tsx): worker threads do not inherit tsx's ESM hooks, so
// TypeScript modules are loaded through tsx's API there. The built CLI (.js) imports natively.
async function importModule(specifier: string): Promise<unknown> {
  if (!import.meta.url.endsWith('.ts')) return import(specifier);
  const tsxApi = 'tsx/esm/api';
  const { tsImport } = (await import(tsxApi)) as { tsImport: (specifier: string, parentURL: string) => Promise<unknown> };
  return tsImport(specifier, import.meta.url);
}

/** The product's engine factory, or the one exported by `engineModule` (a file URL). */
export async function loadEngineFactory(engineModule?: string): Promise<EngineFactory> {
  if (engineModule === undefined) return createAnalysisEngine;
  let module: unknown;
  try {
    module = await importModule(engineModule);
  } catch (error) {
    throw new Error(`cannot load the analysis engine module ${engineModule}: ${(error as Error).message}`);
  }
  const factory = (module as { createAnalysisEngine?: unknown }).createAnalysisEngine;
  if (typeof factory !== 'function') throw new Error(`${engineModule} does not export createAnalysisEngine(options)`);
  return factory as EngineFactory;
}
