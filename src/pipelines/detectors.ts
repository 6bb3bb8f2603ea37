// The detectors this build ships, one factory per pipeline. A pipeline appears here only with a trained,
// measured model and a calibration file (see docs/models.md); the engine offers exactly these pipelines.
import type { DetectorFactory } from './detector.js';
import { createFeatureDetector } from './feature-detector.js';
import { createHawkSdDetector } from './hawk-sd/detector.js';
import { robinFeatures, woodpeckerFeatures } from './printed-copy/features.js';
import type { PipelineName } from './registry.js';
import { createScreenReplayDetector } from './vulture-sr/detector.js';
import { portraitSubstitutionFeatures } from './xenops-ps/features.js';

export const DETECTOR_FACTORIES: Readonly<Partial<Record<PipelineName, DetectorFactory>>> = Object.freeze({
  'vulture-sr': (ctx) => createScreenReplayDetector(ctx),
  'woodpecker-pc': (ctx) => createFeatureDetector('woodpecker-pc', woodpeckerFeatures(), ctx),
  'robin-pc': (ctx) => createFeatureDetector('robin-pc', robinFeatures(), ctx),
  'xenops-ps': (ctx) => createFeatureDetector('xenops-ps', portraitSubstitutionFeatures(), ctx),
  'hawk-sd': (ctx) => createHawkSdDetector(ctx),
});
