// xenops-ps region map (explain): a 3 x 4 grid of cells, each compared with the card reference window like the
// portrait window is, on a synthetic 1080p-class document; and through the committed model, a finite score per cell.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Quad } from '../../domain/types.js';
import type { RgbImage } from '../../image/types.js';
import { defaultModelDir } from '../../inference/model-files.js';
import { makeDocumentCropper } from '../../localisation/crop.js';
import type { DetectorInput } from '../detector.js';
import { createFeatureDetector } from '../feature-detector.js';
import { portraitSubstitutionFeatures, XENOPS_FEATURE_NAMES } from './features.js';

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const W = 1920;
const H = 1211;
const CANONICAL_W = 640;
const CANONICAL_H = 404;

/**
 * A card filling a 1920x1211 frame: paper with a faint noise floor (sigma 2), a darker photo on the left, and the
 * top-right cell (row 0, column 3) re-grained with a much stronger noise (sigma 14), as a pasted patch would be.
 */
function cardImage(): RgbImage {
  const next = random(7);
  const gaussian = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const photo = x >= 120 && x < 570 && y >= 270 && y < 870;
      const noisy = x >= (3 * W) / 4 && y < H / 3;
      const base = photo ? 150 + 20 * Math.sin(x / 37) * Math.sin(y / 29) : 215;
      const sigma = noisy ? 14 : 2;
      const o = (y * W + x) * 3;
      data[o] = Math.max(0, Math.min(255, Math.round(base + 4 + sigma * gaussian())));
      data[o + 1] = Math.max(0, Math.min(255, Math.round(base + sigma * gaussian())));
      data[o + 2] = Math.max(0, Math.min(255, Math.round(base - 6 + sigma * gaussian())));
    }
  }
  return { width: W, height: H, data };
}

async function documentInput(): Promise<DetectorInput> {
  const image = cardImage();
  const quad: Quad = [[0, 0], [W, 0], [W, H], [0, H]];
  const crop = makeDocumentCropper(image, quad, CANONICAL_W, CANONICAL_H, W);
  const canonical = await crop({ x: 0, y: 0, width: CANONICAL_W, height: CANONICAL_H }, { scale: CANONICAL_W / W, maxSide: CANONICAL_W });
  return {
    image,
    file: { format: 'png', byteLength: 1, quantTables: null, jpegQuality: null },
    document: {
      quad, type: 'UNKNOWN', aspect: W / H, canonical, nativeLongSide: W, cropped: false, crop,
      portrait: { face: { x: 60, y: 120, width: 110, height: 140 }, score: 0.9, photo: { x: 40, y: 90, width: 150, height: 200 } },
    },
    documentCount: 1,
    quality: { warnings: [], blurSigmaMm: Number.NaN, blockiness: 1, colorless: false, documentColour: null },
  };
}

const input = documentInput();

describe('xenops-ps regions', () => {
  it('returns rows x cols finite vectors of the extractor width; the cell noise cue finds the re-grained cell', async () => {
    const extractor = portraitSubstitutionFeatures();
    const started = performance.now();
    const grid = await extractor.regions!(await input);
    const ms = performance.now() - started;
    assert.equal(grid.rows, 3);
    assert.equal(grid.cols, 4);
    assert.equal(grid.features.length, grid.rows * grid.cols);
    for (const [cell, f] of grid.features.entries()) {
      assert.equal(f.length, XENOPS_FEATURE_NAMES.length);
      f.forEach((v, i) => assert.ok(Number.isFinite(v), `cell ${cell}: ${XENOPS_FEATURE_NAMES[i]} = ${v}`));
    }
    const ratio = XENOPS_FEATURE_NAMES.indexOf('noise.lumaLogRatio');
    const noisy = grid.features[3]![ratio]!;
    const others = grid.features.filter((_, i) => i !== 3).map((f) => f[ratio]!);
    assert.ok(noisy > Math.max(...others) + 1, `re-grained cell ${noisy} vs the others' max ${Math.max(...others)}`);
    // Whole-document cues are the same in every cell.
    const boundary = XENOPS_FEATURE_NAMES.indexOf('boundary.coherenceMean');
    assert.ok(grid.features.every((f) => f[boundary] === grid.features[0]![boundary]));
    console.log(`xenops-ps regions() on ${W}x${H}: ${ms.toFixed(0)} ms`);
  });

  it('gives no map without a document, and stops on an aborted signal', async () => {
    const extractor = portraitSubstitutionFeatures();
    const withDoc = await input;
    assert.deepEqual(await extractor.regions!({ ...withDoc, document: null }), { rows: 0, cols: 0, features: [] });
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(extractor.regions!({ ...withDoc, signal: controller.signal }));
  });

  it('explain() through the committed model carries a 3 x 4 map of finite scores', async () => {
    const detector = await createFeatureDetector('xenops-ps', portraitSubstitutionFeatures(), { modelDir: defaultModelDir() });
    try {
      const { score, evidence } = await detector.explain!(await input);
      assert.ok(Number.isFinite(score));
      assert.ok(evidence.regions !== null);
      assert.equal(evidence.regions.rows * evidence.regions.cols, 12);
      assert.equal(evidence.regions.scores.length, 12);
      assert.ok(evidence.regions.scores.every(Number.isFinite), JSON.stringify(evidence.regions.scores));
    } finally {
      await detector.dispose();
    }
  });
});
