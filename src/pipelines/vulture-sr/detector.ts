// vulture-sr as two heads behind one pipeline: the document head (models/vulture-sr/model.*) judges the rectified
// document; the whole-image head (models/vulture-sr/whole-image/model.*, no colour features) judges the frame, alone
// when no document was found (`--no-document-gate` research mode), and alongside the document head otherwise, the
// more suspicious score winning (route.ts): the document head's colour cues do not carry over to real screen
// photos (docs/models.md, vulture-sr card). Both heads emit raw logits of the same kind
// (logistic regression, bona fide = 1, balanced classes), so one calibration file serves the pipeline.
import type { Detector, DetectorContext } from '../detector.js';
import { createFeatureDetector } from '../feature-detector.js';
import { screenReplayFeatures, wholeImageScreenFeatures } from './features.js';
import { routedExplain, routedScore } from './route.js';

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
  const heads = { document: documentHead, wholeImage: wholeImageHead };
  return {
    name: 'vulture-sr',
    score: (input) => routedScore(heads, input),
    explain: (input) => routedExplain(heads, input),
    async dispose() {
      await Promise.all([documentHead.dispose(), wholeImageHead.dispose()]);
    },
  };
}
