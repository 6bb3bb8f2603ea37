// REPLACED-BY: branch frontend
import { DocliveError } from '../errors.js';
import type { AnalysisEngine } from './types.js';

/**
 * The analysis engine of this build. No detector has been trained and measured yet, so it implements no pipeline:
 * the server offers none and never invents a probability. The real engine (document localisation, quality checks,
 * detectors) replaces this file.
 */
export async function createAnalysisEngine(options: { maxImagePixels: number }): Promise<AnalysisEngine> {
  void options;
  return {
    implementedPipelines: () => [],
    async analyse(request) {
      throw new DocliveError(
        'INVALID_PIPELINE',
        `No trained detector is available in this build for ${request.pipelines.join(', ') || 'any pipeline'}.`,
      );
    },
    async close() {},
  };
}
