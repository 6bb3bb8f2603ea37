// Test double of the analysis engine (tests only): reads the image with sharp and derives everything from its
// pixels, so the CLI paths can be exercised end to end before (and independently of) the real detectors.
//   - a document is "found" unless the image is mostly black (mean < 20); its quad is the inset rectangle
//     8 % from each edge; document type ID_CARD when landscape, PASSPORT when portrait;
//   - the raw score of every pipeline is (mean green - mean red) / 25: tests paint bona fide images green and
//     attacks red to get separable scores;
//   - images narrower than 16 px are refused with IMAGE_TOO_SMALL.
import sharp from 'sharp';
import type { AnalysisEngine, AnalysisRequest, AnalysisResult } from '../../src/analysis/types.js';
import { DocliveError } from '../../src/errors.js';
import type { Quad } from '../../src/domain/types.js';
import { PIPELINES, type PipelineName } from '../../src/pipelines/registry.js';
import { pipelineStatus } from '../../src/domain/status.js';

export const TEST_PIPELINES: readonly PipelineName[] = ['vulture-sr', 'woodpecker-pc'];

export async function createAnalysisEngine(options: { maxImagePixels: number }): Promise<AnalysisEngine> {
  return {
    implementedPipelines: () => TEST_PIPELINES,
    async analyse(request: AnalysisRequest): Promise<AnalysisResult> {
      let stats;
      let meta;
      try {
        meta = await sharp(request.image).metadata();
        stats = await sharp(request.image).stats();
      } catch (error) {
        throw new DocliveError('NOT_AN_IMAGE', `not an image: ${(error as Error).message}`);
      }
      const width = meta.width ?? 0;
      const height = meta.height ?? 0;
      if (width * height > options.maxImagePixels) throw new DocliveError('IMAGE_TOO_MANY_PIXELS', 'too many pixels');
      if (width < 16) throw new DocliveError('IMAGE_TOO_SMALL', 'image narrower than 16 px');
      const [r, g, b] = stats.channels.map((c) => c.mean) as [number, number, number];
      const found = (r + g + b) / 3 >= 20;
      const dx = width * 0.08;
      const dy = height * 0.08;
      const quad: Quad = [[dx, dy], [width - dx, dy], [width - dx, height - dy], [dx, height - dy]];
      const findings = {
        found,
        count: found ? 1 : 0,
        documentType: found ? (width >= height ? 'ID_CARD' : 'PASSPORT') : 'UNKNOWN',
        cropped: false,
        colorless: false,
        portraitFound: null,
        warnings: [],
        quads: found ? [quad] : [],
      } as const;
      const scores: AnalysisResult['scores'] = {};
      const ignored = new Set(request.errorsToIgnore);
      for (const name of request.pipelines) {
        if (pipelineStatus(findings, PIPELINES[name], ignored) === 'OK' || request.noDocumentGate === true) scores[name] = { score: (g - r) / 25 };
      }
      return { findings, scores };
    },
    close: async () => {},
  };
}
