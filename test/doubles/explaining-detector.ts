// Test double of a detector that can explain itself (tests only; the product never invents scores). Its raw
// score is the document's mean brightness, (mean - 128) / 32, read from the canonical document; explain() returns
// the same score, two features whose contributions add up to it, a rows x cols map of the same measure per region
// and details. Used where the real front-end runs and a test needs known scores and evidence.
import type { Detector, DetectorEvidence, DetectorInput } from '../../src/pipelines/detector.js';
import type { PipelineName } from '../../src/pipelines/registry.js';
import type { RgbImage } from '../../src/image/types.js';

export const REGION_ROWS = 3;
export const REGION_COLS = 4;

function meanBrightness(img: RgbImage, x0 = 0, y0 = 0, x1 = img.width, y1 = img.height): number {
  let sum = 0, n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const o = (y * img.width + x) * 3;
      sum += img.data[o]! + img.data[o + 1]! + img.data[o + 2]!;
      n += 3;
    }
  }
  return n === 0 ? 128 : sum / n;
}

const toScore = (mean: number): number => (mean - 128) / 32;

export class ExplainingDetector implements Detector {
  scoreCalls = 0;
  explainCalls = 0;
  constructor(readonly name: PipelineName) {}

  async score(input: DetectorInput): Promise<number> {
    this.scoreCalls++;
    return toScore(meanBrightness(input.document?.canonical ?? input.image));
  }

  async explain(input: DetectorInput): Promise<{ score: number; evidence: DetectorEvidence }> {
    this.explainCalls++;
    const img = input.document?.canonical ?? input.image;
    const mean = meanBrightness(img);
    const score = toScore(mean);
    const scores: number[] = [];
    for (let r = 0; r < REGION_ROWS; r++) {
      for (let c = 0; c < REGION_COLS; c++) {
        const x0 = Math.floor((c * img.width) / REGION_COLS), x1 = Math.floor(((c + 1) * img.width) / REGION_COLS);
        const y0 = Math.floor((r * img.height) / REGION_ROWS), y1 = Math.floor(((r + 1) * img.height) / REGION_ROWS);
        scores.push(toScore(meanBrightness(img, x0, y0, x1, y1)));
      }
    }
    return {
      score,
      evidence: {
        // Listed weakest first so that tests see the API sort them.
        features: [
          { name: 'brightness.offset', value: 128, contribution: -4 },
          { name: 'brightness.mean', value: mean, contribution: mean / 32 },
          { name: 'brightness.unweighted', value: 1, contribution: null },
        ],
        regions: { rows: REGION_ROWS, cols: REGION_COLS, scores },
        details: { measure: 'mean brightness', canonicalWidth: img.width },
      },
    };
  }

  async dispose(): Promise<void> {}
}
