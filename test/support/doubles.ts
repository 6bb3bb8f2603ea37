// Test doubles of the interfaces the HTTP layer depends on. They live in tests only: the product never invents
// findings or scores.
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import type { AnalysisEngine, AnalysisRequest, AnalysisResult, DocumentFindings } from '../../src/analysis/types.js';
import { buildApp, type AppDeps } from '../../src/app.js';
import type { CalibrationFile } from '../../src/calibration/types.js';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load.js';
import type { LicenseState } from '../../src/license/types.js';
import { PIPELINE_NAMES, type PipelineName } from '../../src/pipelines/registry.js';
import type { BiStore } from '../../src/store/types.js';

export const OK_FINDINGS: DocumentFindings = Object.freeze({
  found: true,
  count: 1,
  documentType: 'ID_CARD',
  cropped: false,
  colorless: false,
  portraitFound: true,
  warnings: [],
  quads: [],
});

/** An engine double: answers the findings and raw scores the test chose, and records every request. */
export class ScriptedEngine implements AnalysisEngine {
  readonly requests: AnalysisRequest[] = [];
  findings: DocumentFindings = OK_FINDINGS;
  scores: Partial<Record<PipelineName, number>> = {};
  /** When set, analyse waits for it (to test admission and deadlines). */
  gate: Promise<void> | null = null;
  failWith: Error | null = null;
  closed = false;
  constructor(private readonly implemented: readonly PipelineName[] = PIPELINE_NAMES) {}
  implementedPipelines(): readonly PipelineName[] {
    return this.implemented;
  }
  async analyse(request: AnalysisRequest, signal?: AbortSignal): Promise<AnalysisResult> {
    this.requests.push(request);
    if (this.gate !== null) await this.gate;
    signal?.throwIfAborted();
    if (this.failWith !== null) throw this.failWith;
    const scores: AnalysisResult['scores'] = {};
    for (const name of request.pipelines) {
      const score = this.scores[name];
      if (score !== undefined) scores[name] = { score };
    }
    return { findings: this.findings, scores };
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** In-memory BI store double. */
export class MemoryStore implements BiStore {
  readonly days = new Map<string, Map<string, number>>();
  up = true;
  failWrites = false;
  async increment(day: string, keys: readonly string[]): Promise<void> {
    if (this.failWrites) throw new Error('database is down');
    const counts = this.days.get(day) ?? new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    this.days.set(day, counts);
  }
  async report(from: string, to: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [day, counts] of this.days) {
      if (day < from || day > to) continue;
      for (const [key, n] of counts) out[key] = (out[key] ?? 0) + n;
    }
    return out;
  }
  async ping(): Promise<boolean> {
    return this.up;
  }
  async close(): Promise<void> {}
}

/** License double: `dates` per pipeline; pipelines absent from `covered` are not covered. */
export function licenseDouble(dates: Partial<Record<PipelineName, string>> = {}, covered: readonly PipelineName[] = PIPELINE_NAMES): LicenseState {
  return {
    covers: (name) => covered.includes(name),
    expirationDate: (name) => dates[name] ?? null,
    isExpired: (name, today) => {
      const date = dates[name];
      return date !== undefined && date < today;
    },
  };
}

/** Calibration with k = 1 and thresholds REGULAR 0, SOFT -1, HARD 1: p = sigmoid(s - t). */
export function calibrationFor(pipeline: PipelineName): CalibrationFile {
  return {
    format: 'doclive-calibration/1',
    pipeline,
    k: 1,
    thresholds: {
      REGULAR: { t: 0, apcer: 0.05, bpcer: 0.05 },
      SOFT: { t: -1, apcer: 0.1, bpcer: 0.01 },
      HARD: { t: 1, apcer: 0.01, bpcer: 0.1 },
    },
    fitted_on: { manifest: 'test', n_bona_fide: 1, n_attack: 1, date: '2026-01-01' },
  };
}

/** The logistic function in the same overflow-safe form as calibration/apply.ts, so results compare exactly. */
export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ IDLIVEDOC_SERVER_WORKERS: '2', IDLIVEDOC_SERVER_LOG_LEVEL: 'silent', ...env });
}

export interface TestServer {
  app: FastifyInstance;
  engine: ScriptedEngine;
  store: MemoryStore;
}

export async function testServer(
  options: { env?: Record<string, string>; engine?: ScriptedEngine; license?: LicenseState; now?: Date } & Partial<Pick<AppDeps, 'admission'>> = {},
): Promise<TestServer> {
  const engine = options.engine ?? new ScriptedEngine();
  const store = new MemoryStore();
  const config = testConfig(options.env);
  const license = options.license ?? licenseDouble();
  const offered = engine.implementedPipelines().filter((name) => (config.availablePipelines ?? PIPELINE_NAMES).includes(name) && license.covers(name));
  const app = await buildApp({
    config,
    engine,
    store,
    license,
    calibrations: new Map(offered.map((name) => [name, calibrationFor(name)])),
    logger: pino({ level: 'silent' }),
    clock: () => options.now ?? new Date('2026-03-15T12:00:00Z'),
    ...(options.admission === undefined ? {} : { admission: options.admission }),
  });
  return { app, engine, store };
}

/** An app on a real analysis engine (e.g. the front-end with detector doubles), test calibrations for `pipelines`. */
export async function appOnEngine(engine: AnalysisEngine, pipelines: readonly PipelineName[]): Promise<FastifyInstance> {
  return buildApp({
    config: testConfig(),
    engine,
    store: new MemoryStore(),
    license: licenseDouble(),
    calibrations: new Map(pipelines.map((p) => [p, calibrationFor(p)])),
    logger: pino({ level: 'silent' }),
  });
}
