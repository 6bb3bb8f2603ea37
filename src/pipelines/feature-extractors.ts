// The feature extractor of each feature-based pipeline, by pipeline name: the training script (lab/detectors/
// train.ts) finds the extractor here, and the pipeline's detector factory (detectors.ts) pairs the same extractor
// with its trained model. Detector issues add their entry, e.g.  'vulture-sr': screenReplayFeatures,
import type { FeatureExtractor } from './feature-detector.js';
import type { PipelineName } from './registry.js';

export const FEATURE_EXTRACTORS: Readonly<Partial<Record<PipelineName, () => FeatureExtractor>>> = Object.freeze({});
