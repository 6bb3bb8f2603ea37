// The analysis engine: runs the shared front-end once per request, derives the findings every pipeline's status
// comes from, and asks the detector of each requested pipeline whose status is OK for its raw score.
import { dirname } from 'node:path';
import { pipelineStatus } from '../domain/status.js';
import { DocliveError } from '../errors.js';
import { defaultModelDir, modelFile } from '../inference/model-files.js';
import { makeDocumentCropper } from '../localisation/crop.js';
import { LearnedLocaliser } from '../localisation/learned.js';
import type { Detector, DetectorInput, DocumentInput } from '../pipelines/detector.js';
import { DETECTOR_FACTORIES } from '../pipelines/detectors.js';
import { PIPELINES, type PipelineName } from '../pipelines/registry.js';
import { PORTRAIT_FACE_MODEL, TinyFaceDetector } from '../portrait/tiny-face-detector.js';
import { DEFAULT_QUALITY_THRESHOLDS, type QualityThresholds } from '../quality/thresholds.js';
import { decodeImage } from '../image/decode.js';
import { explainFrontEnd, type AnalysisExplanation } from './explanation.js';
import { analyseDecoded, type FrontEndResult } from './frontend.js';
import { RequestMemo } from './request-memo.js';
import type { AnalysisEngine, AnalysisRequest, AnalysisResult, DocumentFindings, RawScore } from './types.js';

export interface AnalysisEngineOptions {
  readonly maxImagePixels: number;
  /** Directory of model files; default: models/ at the package root. */
  readonly modelDir?: string;
  /** Detectors to use instead of the shipped ones (DETECTOR_FACTORIES); the engine disposes them on close(). */
  readonly detectors?: readonly Detector[];
  readonly quality?: QualityThresholds;
}

export async function createAnalysisEngine(options: AnalysisEngineOptions): Promise<AnalysisEngine> {
  const modelDir = options.modelDir ?? defaultModelDir();
  const faces = await TinyFaceDetector.load(modelFile(modelDir, PORTRAIT_FACE_MODEL, 'rebuild it with `node --import tsx lab/face/finetune-portrait-faces.ts` (docs/models.md)'));
  let localiser: LearnedLocaliser;
  try {
    localiser = await LearnedLocaliser.load(dirname(modelFile(modelDir, 'localiser/model.onnx', 'train it with `node --import tsx lab/localiser/train.ts` (docs/training.md)')));
  } catch (error) {
    await faces.dispose();
    throw error;
  }
  let detectors: readonly Detector[];
  try {
    detectors = options.detectors ?? (await Promise.all(Object.values(DETECTOR_FACTORIES).map((factory) => factory({ modelDir }))));
  } catch (error) {
    await faces.dispose();
    await localiser.dispose();
    throw error;
  }
  const byName = new Map<PipelineName, Detector>(detectors.map((d) => [d.name, d]));
  let closed = false;

  return {
    implementedPipelines: () => [...byName.keys()],

    async analyse(request: AnalysisRequest, signal?: AbortSignal): Promise<AnalysisResult> {
      if (closed) throw new DocliveError('SERVICE_UNAVAILABLE', 'The analysis engine is shutting down; retry on another instance.');
      const missing = request.pipelines.filter((p) => !byName.has(p));
      if (missing.length > 0) {
        throw new DocliveError('INVALID_PIPELINE', `No trained detector is available in this build for ${missing.join(', ')}; available: [${[...byName.keys()].join(', ')}].`);
      }
      signal?.throwIfAborted();
      // Stage timings feed the per-stage latency histograms (src/metrics); they carry no image data.
      const stageMs: Record<string, number> = {};
      let started = performance.now();
      const decoded = await decodeImage(request.image, { maxImagePixels: options.maxImagePixels });
      stageMs.decode = performance.now() - started;
      signal?.throwIfAborted();
      started = performance.now();
      const frontEnd = await analyseDecoded(decoded, { faces, localiser }, options.quality ? { quality: options.quality } : {});
      stageMs.frontend = performance.now() - started;
      signal?.throwIfAborted();
      const needsPortrait = request.pipelines.some((p) => PIPELINES[p].needsPortrait);
      const findings = toFindings(frontEnd, needsPortrait);
      const ignored = new Set(request.errorsToIgnore);
      const toScore = request.pipelines.filter((p) => {
        const status = pipelineStatus(findings, PIPELINES[p], ignored);
        return status === 'OK' || (request.noDocumentGate === true && status === 'DOCUMENT_NOT_FOUND');
      });
      const scores: Partial<Record<PipelineName, RawScore>> = {};
      const explain = request.explain === true;
      const evidence: AnalysisExplanation['evidence'] = {};
      const finish = (): AnalysisResult =>
        explain ? { findings, scores, stageMs, explanation: { frontEnd: explainFrontEnd(frontEnd, options.quality ?? DEFAULT_QUALITY_THRESHOLDS), evidence } } : { findings, scores, stageMs };
      if (toScore.length === 0) return finish();
      const input = detectorInput(frontEnd, findings, signal);
      for (const name of toScore) {
        signal?.throwIfAborted();
        started = performance.now();
        const detector = byName.get(name)!;
        let score: number;
        if (explain && detector.explain !== undefined) {
          const explained = await detector.explain(input);
          score = explained.score;
          evidence[name] = explained.evidence;
        } else {
          score = await detector.score(input);
          if (explain) evidence[name] = null;
        }
        stageMs[name] = performance.now() - started;
        if (!Number.isFinite(score)) throw new Error(`detector ${name} returned a non-finite score`);
        scores[name] = { score };
      }
      return finish();
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([faces.dispose(), localiser.dispose(), ...detectors.map((d) => d.dispose())]);
    },
  };
}

export function toFindings(frontEnd: FrontEndResult, portraitRequested: boolean): DocumentFindings {
  const main = frontEnd.main;
  return {
    found: main !== null,
    count: frontEnd.documents.length,
    documentType: main?.document.type ?? 'UNKNOWN',
    cropped: main?.document.cropped ?? false,
    colorless: frontEnd.colorless,
    portraitFound: portraitRequested ? main !== null && main.portrait !== null : null,
    warnings: frontEnd.warnings,
    quads: frontEnd.documents.map((d) => d.quad),
    portraitBox: main?.portrait?.photo ?? null,
  };
}

function detectorInput(frontEnd: FrontEndResult, findings: DocumentFindings, signal: AbortSignal | undefined): DetectorInput {
  const { decoded, main } = frontEnd;
  let document: DocumentInput | null = null;
  if (main !== null) {
    const { canonical } = main;
    const crop = makeDocumentCropper(decoded.image, main.document.quad, canonical.width, canonical.height, main.nativeLongSide);
    const portrait = main.portrait;
    document = {
      quad: main.document.quad,
      type: main.document.type,
      aspect: main.document.aspect,
      canonical,
      nativeLongSide: main.nativeLongSide,
      cropped: main.document.cropped,
      portrait: portrait === null ? null : { face: portrait.face, score: portrait.face.score, photo: portrait.photo },
      crop,
    };
  }
  return {
    image: decoded.image,
    file: { format: decoded.format, byteLength: decoded.byteLength, quantTables: decoded.quantTables, jpegQuality: frontEnd.image.jpegQuality, exif: decoded.exif },
    document,
    documentCount: findings.count,
    quality: {
      warnings: findings.warnings,
      blurSigmaMm: main?.measurements.blurSigmaMm ?? Number.NaN,
      blockiness: frontEnd.image.blockiness,
      colorless: findings.colorless,
      documentColour: main?.measurements.colour ?? null,
    },
    // One memo per request: what one detector derives from the shared rasters, the next one reuses.
    derived: new RequestMemo(),
    ...(signal ? { signal } : {}),
  };
}
