// explain=true end to end through HTTP with the real front-end on a lab-rendered passport photo (small in the frame,
// dim and blurred: several warnings). The only test double is the detector (test/doubles/explaining-detector.ts),
// registered through the detector interface.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { createAnalysisEngine } from '../../src/analysis/engine.js';
import type { AnalysisEngine } from '../../src/analysis/types.js';
import type { CheckExplanation } from '../../src/check/explanation.js';
import { REGION_CELL_PX } from '../../src/check/region-map.js';
import { QUALITY_WARNINGS, type Point } from '../../src/domain/types.js';
import { applyHomography } from '../../src/image/homography.js';
import type { PipelineName } from '../../src/pipelines/registry.js';
import { ExplainingDetector, REGION_COLS, REGION_ROWS } from '../doubles/explaining-detector.js';
import { appOnEngine, sigmoid, testConfig } from '../support/doubles.js';
import { labBonaFide } from '../support/lab-image.js';
import { multipartBody } from '../support/multipart.js';

const PIPES: PipelineName[] = ['vulture-sr', 'xenops-ps'];
let app: FastifyInstance;
let engine: AnalysisEngine;
let detectors: ExplainingDetector[];
let image: Buffer;
let truthPortrait: readonly Point[] | null;

before(async () => {
  const sample = await labBonaFide('demo-7');
  image = Buffer.from(sample.bytes);
  truthPortrait = sample.portraitQuad as readonly Point[] | null;
  const config = testConfig();
  detectors = PIPES.map((p) => new ExplainingDetector(p));
  engine = await createAnalysisEngine({ maxImagePixels: config.maxImagePixels, detectors });
  app = await appOnEngine(engine, PIPES);
});
after(async () => {
  await app.close();
  await engine.close();
});

const PIPELINES = [{ pipeline_name: 'default-sr' }, { pipeline_name: 'xenops-ps', calibration: 'HARD' }];
// Colour and crop judgements are not what these tests are about: let every pipeline run.
const IGNORE = ['DOCUMENT_IS_COLORLESS', 'DOCUMENT_CROPPED'];

async function postJson(extra: Record<string, unknown> = {}, query = ''): Promise<{ status: number; body: string }> {
  const res = await app.inject({ method: 'POST', url: `/check_liveness${query}`, payload: { image: image.toString('base64'), pipelines: PIPELINES, errors_to_ignore: IGNORE, ...extra } });
  return { status: res.statusCode, body: res.body };
}

function withoutExplanation(body: string): { rest: string; explanation: CheckExplanation } {
  const parsed = JSON.parse(body) as { explanation?: CheckExplanation };
  const explanation = parsed.explanation;
  assert.ok(explanation, 'the response has an explanation');
  delete parsed.explanation;
  return { rest: JSON.stringify(parsed), explanation };
}

test('without explain the body is byte for byte the unexplained answer; with it, the same answer plus an explanation', async () => {
  const plain = await postJson();
  assert.equal(plain.status, 200);
  assert.doesNotMatch(plain.body, /explanation/);
  assert.equal((await postJson({ explain: false })).body, plain.body);
  assert.equal((await postJson({ explain: null })).body, plain.body);
  assert.equal((await postJson({}, '?explain=false')).body, plain.body);

  const scoreCalls = detectors.map((d) => d.scoreCalls);
  const explained = await postJson({}, '?explain=true');
  assert.equal(explained.status, 200);
  // Same scores and probabilities, same field order, explanation last.
  const { rest } = withoutExplanation(explained.body);
  assert.equal(rest, plain.body);
  assert.ok(explained.body.startsWith(plain.body.slice(0, -1) + ',"explanation":{'), 'the explanation is appended as the last field');
  // The detectors were asked to explain, not to score.
  assert.deepEqual(detectors.map((d) => d.scoreCalls), scoreCalls);
  assert.deepEqual(JSON.parse(plain.body).pipeline_results.map((r: { result: { status_code: string } }) => r.result.status_code), ['OK', 'OK']);
  assert.ok(detectors.every((d) => d.explainCalls >= 1), 'every detector explained');

  const inBody = await postJson({ explain: true });
  assert.equal(withoutExplanation(inBody.body).rest, plain.body);
});

test('the explanation: documents, portrait mapped into the image, every quality rule, evidence per pipeline', async () => {
  const plain = JSON.parse((await postJson()).body) as { pipeline_results: { result: { status_code: string; liveness_score: number; liveness_probability: number; image_quality_warnings: string[] } }[] };
  const { explanation: ex } = withoutExplanation((await postJson({ explain: true })).body);
  const meta = await sharp(image).metadata();
  assert.deepEqual(ex.image, { width: meta.width, height: meta.height });

  assert.equal(ex.documents.count, 1);
  assert.ok(['ID_CARD', 'PASSPORT'].includes(ex.documents.document_type));
  assert.equal(ex.documents.quads.length, 1);
  const main = ex.main_document!;
  assert.deepEqual(main.quad, ex.documents.quads[0]);
  // The homography carries the canonical corners onto the quad.
  const h = main.canonical_to_image as unknown as Parameters<typeof applyHomography>[0];
  const corners: Point[] = [[0, 0], [main.canonical_width, 0], [main.canonical_width, main.canonical_height], [0, main.canonical_height]];
  corners.forEach(([x, y], i) => {
    const [u, v] = applyHomography(h, x, y);
    assert.ok(Math.hypot(u - main.quad[i]![0], v - main.quad[i]![1]) < 1e-6, `corner ${i}`);
  });

  // The portrait: its image quad is the canonical box through the homography, and lies on the lab's true portrait.
  const portrait = ex.portrait!;
  assert.ok(portrait.face_score >= 0.5, `face score ${portrait.face_score}`);
  const b = portrait.canonical_box;
  const [u0, v0] = applyHomography(h, b.x, b.y);
  assert.ok(Math.hypot(u0 - portrait.image_quad[0]![0], v0 - portrait.image_quad[0]![1]) < 1e-6, 'portrait corner 0 through the homography');
  const centre = portrait.image_quad.reduce(([sx, sy], [x, y]) => [sx + x / 4, sy + y / 4], [0, 0]);
  assert.ok(truthPortrait !== null, 'the lab passport has a portrait');
  assert.ok(insideConvex(centre as unknown as Point, truthPortrait), `portrait centre ${centre} inside the true portrait ${JSON.stringify(truthPortrait)}`);
  assert.ok(portrait.image_box.width > 20 && portrait.image_box.height > 20, JSON.stringify(portrait.image_box));

  // Every warning has its rule, raised exactly when the answer reports it, with measured values and thresholds.
  assert.deepEqual(ex.quality.map((q) => q.name), [...QUALITY_WARNINGS, 'DOCUMENT_IS_COLORLESS']);
  const reported = plain.pipeline_results[0]!.result.image_quality_warnings;
  for (const q of ex.quality) {
    if (q.name !== 'DOCUMENT_IS_COLORLESS') assert.equal(q.raised, reported.includes(q.name), q.name);
    assert.ok(q.rule.length > 10, `${q.name} has its rule in words`);
  }
  const blur = ex.quality.find((q) => q.name === 'IMAGE_TOO_BLURRY')!;
  assert.equal(typeof blur.measured.blur_sigma_mm, 'number');
  assert.equal(blur.thresholds.blur_sigma_mm, 0.25);
  const compression = ex.quality.find((q) => q.name === 'IMAGE_IS_TOO_COMPRESSED')!;
  assert.ok((compression.measured.jpeg_quality as number) > 0 && (compression.measured.jpeg_quality as number) <= 100, `jpeg quality ${compression.measured.jpeg_quality}`);
  const exposure = ex.quality.find((q) => q.name === 'POOR_IMAGE_EXPOSURE')!;
  assert.ok((exposure.measured.p10_luma as number) <= (exposure.measured.p90_luma as number), JSON.stringify(exposure.measured));
  const glare = ex.quality.find((q) => q.name === 'GLARE_ON_IMAGE')!;
  assert.equal(typeof glare.measured.glare_cell_fraction, 'number');
  assert.equal(ex.quality.find((q) => q.name === 'DOCUMENT_IS_COLORLESS')!.raised, false);

  // Evidence: one entry per pipeline entry, as sent; features strongest first; region map numbers and PNG agree.
  assert.deepEqual(ex.pipelines.map((p) => [p.pipeline_name, p.pipeline, p.calibration, p.status_code]), [
    ['default-sr', 'vulture-sr', 'REGULAR', 'OK'],
    ['xenops-ps', 'xenops-ps', 'HARD', 'OK'],
  ]);
  for (const [i, entry] of ex.pipelines.entries()) {
    const evidence = entry.evidence!;
    assert.deepEqual(evidence.features.map((f) => f.name), ['brightness.mean', 'brightness.offset', 'brightness.unweighted']);
    const sum = evidence.features.reduce((s, f) => s + (f.contribution ?? 0), 0);
    assert.ok(Math.abs(sum - plain.pipeline_results[i]!.result.liveness_score) < 1e-9, `contributions ${sum} vs score ${plain.pipeline_results[i]!.result.liveness_score}`);
    assert.deepEqual(evidence.details, { measure: 'mean brightness', canonicalWidth: main.canonical_width });
    const map = evidence.region_map!;
    assert.equal(map.rows, REGION_ROWS);
    assert.equal(map.cols, REGION_COLS);
    assert.equal(map.scores.length, REGION_ROWS * REGION_COLS);
    const t = entry.calibration === 'HARD' ? 1 : 0;
    map.scores.forEach((s, k) => assert.equal(map.probabilities[k], sigmoid(s - t)));
    const png = Buffer.from(map.png, 'base64');
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.format, 'raw');
    assert.deepEqual([info.width, info.height], [REGION_COLS * REGION_CELL_PX, REGION_ROWS * REGION_CELL_PX]);
    // A cell judged more live is greener (green minus red grows along the red - yellow - green scale).
    const greenness = (k: number): number => {
      const o = ((Math.floor(k / REGION_COLS) * REGION_CELL_PX + 8) * info.width + (k % REGION_COLS) * REGION_CELL_PX + 8) * info.channels;
      return data[o + 1]! - data[o]!;
    };
    const order = map.probabilities.map((p, k) => [p, k] as const).sort((a, b) => a[0] - b[0]);
    const [lo, hi] = [order[0]!, order[order.length - 1]!];
    if (hi[0] - lo[0] > 0.01) assert.ok(greenness(hi[1]) > greenness(lo[1]), 'the more live cell is greener');
  }
});

test('/check_liveness_file?explain=true explains too; a pipeline that did not run has no evidence', async () => {
  const upload = async (query: string) => {
    const body = multipartBody([{ name: 'file', filename: 'passport.jpg', data: image }]);
    const res = await app.inject({ method: 'POST', url: `/check_liveness_file?${query}`, payload: body.payload, headers: body.headers });
    return res;
  };
  const plain = await upload('pipelines=vulture-sr&errors_to_ignore=DOCUMENT_IS_COLORLESS,DOCUMENT_CROPPED');
  const explained = await upload('pipelines=vulture-sr&errors_to_ignore=DOCUMENT_IS_COLORLESS,DOCUMENT_CROPPED&explain=true');
  assert.equal(explained.statusCode, 200);
  assert.equal(withoutExplanation(explained.body).rest, plain.body);

  // A black frame: no document, so no detector ran.
  const black = await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: 0, g: 0, b: 0 } } }).png().toBuffer();
  const body = multipartBody([{ name: 'file', filename: 'black.png', data: black }]);
  const res = await app.inject({ method: 'POST', url: '/check_liveness_file?pipelines=vulture-sr&explain=true', payload: body.payload, headers: body.headers });
  const parsed = res.json() as { pipeline_results: { result: { status_code: string } }[]; explanation: CheckExplanation };
  assert.equal(parsed.pipeline_results[0]!.result.status_code, 'DOCUMENT_NOT_FOUND');
  assert.equal(parsed.explanation.main_document, null);
  assert.equal(parsed.explanation.portrait, null);
  assert.equal(parsed.explanation.documents.count, 0);
  assert.deepEqual(parsed.explanation.pipelines, [{ pipeline_name: 'vulture-sr', pipeline: 'vulture-sr', calibration: 'REGULAR', status_code: 'DOCUMENT_NOT_FOUND', evidence: null }]);
  assert.equal(parsed.explanation.quality.find((q) => q.name === 'IMAGE_TOO_BLURRY')!.measured.blur_sigma_mm, null);
});

test('explain must be a boolean: ?explain=maybe is a 400 that says so', async () => {
  const res = await postJson({}, '?explain=maybe');
  assert.equal(res.status, 400);
  assert.match((JSON.parse(res.body) as { message: string }).message, /explain.*boolean/);
  const inBody = await postJson({ explain: 'yes' });
  assert.equal(inBody.status, 400);
  assert.match((JSON.parse(inBody.body) as { message: string }).message, /explain/);
});

function insideConvex(p: Point, polygon: readonly Point[]): boolean {
  let sign = 0;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!, b = polygon[(i + 1) % polygon.length]!;
    const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    if (cross === 0) continue;
    if (sign === 0) sign = Math.sign(cross);
    else if (Math.sign(cross) !== sign) return false;
  }
  return true;
}
