// The feature extractor of each feature-based pipeline, by pipeline name: the training script (lab/detectors/
// train.ts) finds the extractor here, and the pipeline's detector factory (detectors.ts) pairs the same extractor
// with its trained model.
import type { FeatureExtractor } from './feature-detector.js';
import { hawkSdFeatures } from './hawk-sd/features.js';
import { robinFeatures, woodpeckerFeatures } from './printed-copy/features.js';
import type { PipelineName } from './registry.js';
import { screenReplayFeatures } from './vulture-sr/features.js';
import { portraitSubstitutionFeatures } from './xenops-ps/features.js';

export const FEATURE_EXTRACTORS: Readonly<Partial<Record<PipelineName, () => FeatureExtractor>>> = Object.freeze({
  'vulture-sr': screenReplayFeatures,
  'woodpecker-pc': woodpeckerFeatures,
  'robin-pc': robinFeatures,
  'xenops-ps': portraitSubstitutionFeatures,
  'hawk-sd': hawkSdFeatures,
});
