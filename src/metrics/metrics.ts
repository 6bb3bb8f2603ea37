import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { StatusCode } from '../domain/types.js';
import type { PoolObserver } from '../workers/pool.js';

// One set of Prometheus metrics per server instance (no module-level registry: two apps in one process, as in
// tests, never share or double-register metrics). docs/scaling.md lists every metric and what it means.

/** Seconds; from a fast decode to a slow analysis of a large photo on a busy core. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Values read at scrape time from the parts of the server that own them. */
export interface MetricSources {
  /** Checks running on a worker and waiting for one. */
  queue?(): { running: number; queued: number };
  /** Workers that died and were replaced since start (monotonic). */
  workerRestarts?(): number;
  /** BI store writes that failed since start (monotonic). */
  biStoreFailures?(): number;
}

export interface DocliveMetrics {
  readonly registry: Registry;
  /** Connects the scrape-time sources; later calls replace the sources they name. */
  bind(sources: MetricSources): void;
  /** One finished HTTP request; `route` is the route pattern (e.g. /check_liveness), never the raw URL. */
  recordRequest(labels: { method: string; route: string; statusCode: number }, seconds: number): void;
  /** Time of one stage of a check: queue, analysis, decode, frontend, or a pipeline's name. */
  recordStage(stage: string, seconds: number): void;
  /**
   * One answered check: the first non-OK pipeline status, or OK with the aggregate probability's bucket
   * ("0.0-0.1" ... "0.9-1.0", as in the BI report); bucket null when a pipeline was not OK.
   */
  recordOutcome(status: StatusCode, probabilityBucket: string | null): void;
  /** Pool observer feeding the queue and analysis stage histograms. */
  poolObserver(): PoolObserver;
}

export function createMetrics(options: { prefix?: string } = {}): DocliveMetrics {
  const prefix = options.prefix ?? 'doclive_';
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix });
  let sources: MetricSources = {};

  const httpRequests = new Counter({
    name: `${prefix}http_requests_total`,
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: `${prefix}http_request_duration_seconds`,
    help: 'Time from receiving a request to sending its answer, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const stageDuration = new Histogram({
    name: `${prefix}stage_duration_seconds`,
    help: 'Time of one stage of a check: queue (waiting for a worker), analysis (all work in the worker), decode, frontend, or one pipeline by name.',
    labelNames: ['stage'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const outcomes = new Counter({
    name: `${prefix}check_outcomes_total`,
    help: 'Answered checks by outcome: the first non-OK pipeline status, or OK with the aggregate probability bucket (none when not OK).',
    labelNames: ['status_code', 'probability_bucket'] as const,
    registers: [registry],
  });
  new Gauge({
    name: `${prefix}queue_depth`,
    help: 'Checks running on a worker (state=running) and waiting for one (state=waiting).',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const queue = sources.queue?.();
      if (queue === undefined) return;
      this.set({ state: 'running' }, queue.running);
      this.set({ state: 'waiting' }, queue.queued);
    },
  });
  new Counter({
    name: `${prefix}worker_restarts_total`,
    help: 'Analysis workers that died (crash, exit) and were replaced since the server started.',
    registers: [registry],
    collect() {
      setCounter(this, sources.workerRestarts?.());
    },
  });
  new Counter({
    name: `${prefix}bi_store_failures_total`,
    help: 'Answered checks that could not be counted in the BI store (the answer itself was still sent).',
    registers: [registry],
    collect() {
      setCounter(this, sources.biStoreFailures?.());
    },
  });

  return {
    registry,
    bind(more) {
      sources = { ...sources, ...more };
    },
    recordRequest({ method, route, statusCode }, seconds) {
      const labels = { method, route, status_code: String(statusCode) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, seconds);
    },
    recordStage(stage, seconds) {
      stageDuration.observe({ stage }, seconds);
    },
    recordOutcome(status, probabilityBucket) {
      outcomes.inc({ status_code: status, probability_bucket: probabilityBucket ?? 'none' });
    },
    poolObserver: () => ({
      taskTimed({ queueSeconds, analysisSeconds, stageSeconds }) {
        stageDuration.observe({ stage: 'queue' }, queueSeconds);
        stageDuration.observe({ stage: 'analysis' }, analysisSeconds);
        for (const [stage, seconds] of Object.entries(stageSeconds ?? {})) stageDuration.observe({ stage }, seconds);
      },
    }),
  };
}

/** A counter owned elsewhere (a monotonic total): shown as its current value at scrape time. */
function setCounter(counter: Counter, total: number | undefined): void {
  if (total === undefined) return;
  counter.reset();
  counter.inc(total);
}
