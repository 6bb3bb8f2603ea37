// Test-double detector (tests only, never registered in src/): scores the document from its own pixels, the mean
// brightness of the rectified document (or of the whole image in no-document-gate mode) mapped to about -4..4.
// Used by the runtime tests only when DOCLIVE_TEST_DETECTOR_DOUBLES asks for it, i.e. before trained detectors exist.
import type { Detector, DetectorInput } from '../../src/pipelines/detector.js';
import type { PipelineName } from '../../src/pipelines/registry.js';

export class ImageStatisticsDetector implements Detector {
  constructor(readonly name: PipelineName) {}

  async score(input: DetectorInput): Promise<number> {
    const image = input.document?.canonical ?? input.image;
    let sum = 0;
    for (let i = 0; i < image.data.length; i++) sum += image.data[i]!;
    return (sum / image.data.length - 128) / 32;
  }

  async dispose(): Promise<void> {}
}
