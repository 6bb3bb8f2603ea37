// The detector input rebuilt from a quad the front-end recorded (lab/detectors/frontend-quads.ts): the tools that
// re-score images without running the front-end again build it the same way, so their rows match each other.
import { imageMeasurements } from '../../src/analysis/frontend.js';
import type { Quad } from '../../src/domain/types.js';
import { decodeImage } from '../../src/image/decode.js';
import type { DetectorInput } from '../../src/pipelines/detector.js';

/**
 * Decodes `bytes` and hands a detector the image, its file facts and the recorded `quad`. Only what hawk-sd reads is
 * filled in: the document view is the quad alone and the quality evidence is neutral.
 */
export async function detectorInputFromRecordedQuad(bytes: Uint8Array, quad: Quad): Promise<DetectorInput> {
  const decoded = await decodeImage(bytes, { maxImagePixels: 50_000_000 });
  return {
    image: decoded.image,
    file: { format: decoded.format, byteLength: decoded.byteLength, quantTables: decoded.quantTables, jpegQuality: imageMeasurements(decoded).jpegQuality, exif: decoded.exif },
    document: { quad } as DetectorInput['document'],
    documentCount: 1,
    quality: { warnings: [], blurSigmaMm: Number.NaN, blockiness: 1, colorless: false, documentColour: null },
  };
}
