// Test-only worker: serves a test-double engine whose behaviour is driven by the "image" bytes, a JSON command:
//   {"sleepMs": 200}            answer after 200 ms
//   {"crash": true}             kill this worker thread mid-task
//   {"fail": "IMAGE_DECODE_FAILED"} throw that DocliveError;  {"fail": "unexpected"} throw a plain Error
// Evidence comes back in the scores (a test double, so the numbers mean nothing else):
//   vulture-sr = start time (ms since epoch), woodpecker-pc = end time, hawk-sd = worker threadId,
//   robin-pc = commands this worker has analysed so far (the warm-up image is not one),
//   xenops-ps = the worker's young-generation limit in MB (resourceLimits, set by the pool).
import { existsSync } from 'node:fs';
import { resourceLimits, threadId } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { AnalysisEngine, AnalysisResult } from '../../src/analysis/types.js';
import { DocliveError, type ErrorCode } from '../../src/errors.js';
import type { PipelineName } from '../../src/pipelines/registry.js';
import { serveEngine } from '../../src/workers/serve-engine.js';

export interface DoubleEngineOptions {
  readonly pipelines: readonly PipelineName[];
  /** Makes engine creation fail with this message. */
  readonly failStart?: string;
  /** Makes engine creation fail once this file exists (so that only replacement workers fail). */
  readonly failStartOnceExists?: string;
}

interface Command {
  sleepMs?: number;
  crash?: boolean;
  fail?: string;
}

const now = (): number => performance.timeOrigin + performance.now();

async function createDoubleEngine(options: DoubleEngineOptions): Promise<AnalysisEngine> {
  if (options.failStart !== undefined) throw new Error(options.failStart);
  if (options.failStartOnceExists !== undefined && existsSync(options.failStartOnceExists)) throw new Error('test double: cannot load models now');
  let analysed = 0;
  return {
    implementedPipelines: () => options.pipelines,
    async analyse(request): Promise<AnalysisResult> {
      const startedAt = now();
      let command: Command;
      try {
        command = JSON.parse(Buffer.from(request.image).toString('utf8')) as Command;
      } catch {
        throw new DocliveError('NOT_AN_IMAGE', 'test double: not a JSON command');
      }
      analysed++;
      if (command.crash === true) process.exit(7);
      if (command.fail === 'unexpected') throw new Error('test double: unexpected failure');
      if (command.fail !== undefined) throw new DocliveError(command.fail as ErrorCode, `test double: ${command.fail}`);
      if (command.sleepMs !== undefined) await new Promise((resolve) => setTimeout(resolve, command.sleepMs));
      return {
        findings: { found: true, count: 1, documentType: 'ID_CARD', cropped: false, colorless: false, portraitFound: null, warnings: [], quads: [] },
        scores: {
          'vulture-sr': { score: startedAt },
          'woodpecker-pc': { score: now() },
          'hawk-sd': { score: threadId },
          'robin-pc': { score: analysed },
          'xenops-ps': { score: resourceLimits.maxYoungGenerationSizeMb ?? Number.NaN },
        },
      };
    },
    async close() {},
  };
}

export default serveEngine(createDoubleEngine);
