// vulture-sr as two heads behind one pipeline: the document head (models/vulture-sr/model.*) judges the rectified
// document; the whole-image head (models/vulture-sr/whole-image/model.*, no colour features) judges the frame when
// no document was found (`--no-document-gate` research mode), where the document head's colour cues do not carry
// over to real screen photos (docs/models.md, vulture-sr card). Both heads emit raw logits of the same kind
// (logistic regression, bona fide = 1, balanced classes), so one calibration file serves the pipeline.
import type { Detector, DetectorContext, DetectorInput } from '../detector.js';
import { createFeatureDetector } from '../feature-detector.js';
import { screenReplayFeatures, wholeImageScreenFeatures } from './features.js';

export const WHOLE_IMAGE_HEAD = 'whole-image';

export async function createScreenReplayDetector(context: DetectorContext): Promise<Detector> {
  const documentHead = await createFeatureDetector('vulture-sr', screenReplayFeatures({ modelDir: context.modelDir }), context);
  let wholeImageHead: Detector;
  try {
    wholeImageHead = await createFeatureDetector('vulture-sr', wholeImageScreenFeatures(), context, { head: WHOLE_IMAGE_HEAD });
  } catch (error) {
    await documentHead.dispose();
    throw error;
  }
  const headFor = (input: DetectorInput): Detector => (input.document === null ? wholeImageHead : documentHead);
  return {
    name: 'vulture-sr',
    score: (input) => headFor(input).score(input),
    explain: (input) => headFor(input).explain!(input),
    async dispose() {
      await Promise.all([documentHead.dispose(), wholeImageHead.dispose()]);
    },
  };
}
