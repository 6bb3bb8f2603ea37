// Where the CLI gets the real analysis engine: `createAnalysisEngine` in src/analysis/engine.ts, the same code the
// server runs. It is imported by a computed specifier so that this module also builds where that file is not
// present yet; the CLI then says so instead of failing to compile.

import type { AnalysisEngine } from '../analysis/types.js';

export interface EngineOptions {
  readonly maxImagePixels: number;
}

export type EngineFactory = (options: EngineOptions) => Promise<AnalysisEngine>;

const ENGINE_MODULE = '../analysis/engine.js';

// Running from TypeScript sources (a dev clone through tsx): worker threads do not inherit tsx's ESM hooks, so
// TypeScript modules are loaded through tsx's API there. The built CLI (.js) imports natively.
async function importModule(specifier: string): Promise<unknown> {
  if (!import.meta.url.endsWith('.ts')) return import(specifier);
  const tsxApi = 'tsx/esm/api';
  const { tsImport } = (await import(tsxApi)) as { tsImport: (specifier: string, parentURL: string) => Promise<unknown> };
  return tsImport(specifier, import.meta.url);
}

/** `engineModule` (a URL or a path relative to this module) lets tests load a test double in worker threads. */
export async function loadEngineFactory(engineModule: string = ENGINE_MODULE): Promise<EngineFactory> {
  let module: unknown;
  try {
    module = await importModule(engineModule);
  } catch (error) {
    throw new Error(`this build has no analysis engine (${engineModule} could not be loaded: ${(error as Error).message})`);
  }
  const factory = (module as { createAnalysisEngine?: unknown }).createAnalysisEngine;
  if (typeof factory !== 'function') throw new Error(`${engineModule} does not export createAnalysisEngine(options)`);
  return factory as EngineFactory;
}
