// End to end through HTTP with the real front-end: real and generated images are posted to /check_liveness and
// /check_liveness_file of buildApp with the real analysis engine. The only test double is the detector (no
// pipeline is trained yet): it is registered through the detector interface and scores the document's mean
// brightness, so statuses and warnings come from the real localisation, colour, portrait and quality checks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import { createAnalysisEngine } from '../../src/analysis/engine.js';
import type { AnalysisEngine } from '../../src/analysis/types.js';
import type { Detector, DetectorInput } from '../../src/pipelines/detector.js';
import type { PipelineName } from '../../src/pipelines/registry.js';
import { appOnEngine, testConfig } from '../support/doubles.js';
import { multipartBody } from '../support/multipart.js';
import { sharedDataDir } from '../support/shared-data.js';
import { background, card, placeInQuad } from '../support/synthetic.js';

class BrightnessDetector implements Detector {
  calls = 0;
  constructor(readonly name: PipelineName) {}
  async score(input: DetectorInput): Promise<number> {
    this.calls++;
    const img = input.document?.canonical ?? input.image;
    let sum = 0;
    for (let i = 0; i < img.data.length; i++) sum += img.data[i]!;
    return (sum / img.data.length - 128) / 32;
  }
  async dispose(): Promise<void> {}
}

let app: FastifyInstance;
let engine: AnalysisEngine;
const data = sharedDataDir();
const PIPES: PipelineName[] = ['vulture-sr', 'xenops-ps'];

before(async () => {
  const config = testConfig();
  engine = await createAnalysisEngine({ maxImagePixels: config.maxImagePixels, detectors: PIPES.map((p) => new BrightnessDetector(p)) });
  app = await appOnEngine(engine, PIPES);
});
after(async () => {
  await app.close();
  await engine.close();
});

interface PipelineAnswer { pipeline_name: string; calibration: string; result: { status_code: string; liveness_probability?: number; liveness_score?: number; image_quality_warnings?: string[] } }

async function check(bytes: Uint8Array, pipelines: string[], errorsToIgnore: string[] = []): Promise<{ status: number; body: { pipeline_results: PipelineAnswer[]; aggregate_liveness_probability?: number; aggregate_image_quality_warnings?: string[]; error_code?: string } }> {
  const res = await app.inject({
    method: 'POST',
    url: '/check_liveness',
    payload: { image: Buffer.from(bytes).toString('base64'), pipelines: pipelines.map((p) => ({ pipeline_name: p })), errors_to_ignore: errorsToIgnore },
  });
  return { status: res.statusCode, body: res.json() };
}

const file = (...parts: string[]): Buffer => readFileSync(join(data, ...parts));

test('a real grey photocopy: DOCUMENT_IS_COLORLESS, and when ignored, a probability with the quality warnings', async () => {
  const row = JSON.parse(readFileSync(join(data, 'dlc2021-graycopy-dev', 'manifest.jsonl'), 'utf8').split('\n')[0]!) as { image: string };
  const bytes = file('dlc2021-graycopy-dev', row.image);
  const strict = await check(bytes, ['default-sr']);
  assert.equal(strict.status, 200);
  assert.deepEqual(strict.body, { pipeline_results: [{ pipeline_name: 'default-sr', calibration: 'REGULAR', result: { status_code: 'DOCUMENT_IS_COLORLESS' } }] });
  const lenient = await check(bytes, ['default-sr'], ['DOCUMENT_IS_COLORLESS']);
  const result = lenient.body.pipeline_results[0]!.result;
  assert.equal(result.status_code, 'OK');
  assert.ok(result.liveness_probability! > 0 && result.liveness_probability! < 1);
  // DLC frames are video frames stored at IJG-equivalent quality 26 (their own quantisation tables).
  assert.ok(result.image_quality_warnings!.includes('IMAGE_IS_TOO_COMPRESSED'));
  assert.deepEqual(lenient.body.aggregate_image_quality_warnings, result.image_quality_warnings);
});

test('a colour licence in a hand: both pipelines OK, the portrait found', async () => {
  const { status, body } = await check(file('card-photos-dev', 'hawaii-licence-in-hand.png'), ['vulture-sr', 'xenops-ps']);
  assert.equal(status, 200);
  assert.deepEqual(body.pipeline_results.map((p) => p.result.status_code), ['OK', 'OK']);
  assert.equal(typeof body.aggregate_liveness_probability, 'number');
});

test('two documents in one image: MULTIPLE_DOCUMENTS_IN_FRAME', async () => {
  const { body } = await check(file('card-photos-dev', 'two-ids-render.png'), ['vulture-sr']);
  assert.equal(body.pipeline_results[0]!.result.status_code, 'OK');
  assert.ok(body.pipeline_results[0]!.result.image_quality_warnings!.includes('MULTIPLE_DOCUMENTS_IN_FRAME'));
});

test('a scene without any document: DOCUMENT_NOT_FOUND for every pipeline', async () => {
  const { body } = await check(file('screen-recapture-dev', 'real', '20260702_221258.jpg'), ['vulture-sr', 'xenops-ps']);
  assert.deepEqual(body.pipeline_results.map((p) => p.result), [{ status_code: 'DOCUMENT_NOT_FOUND' }, { status_code: 'DOCUMENT_NOT_FOUND' }]);
  assert.equal(body.aggregate_liveness_probability, undefined);
});

test('a card without a portrait: DOCUMENT_PHOTO_NOT_FOUND only for the portrait pipeline', async () => {
  const scene = placeInQuad(background(1500, 1000, 31), card(856, 540, 32), [[300, 200], [1200, 230], [1180, 790], [320, 760]]);
  const png = await sharp(Buffer.from(scene.data), { raw: { width: 1500, height: 1000, channels: 3 } }).png().toBuffer();
  const { body } = await check(png, ['vulture-sr', 'xenops-ps']);
  assert.deepEqual(body.pipeline_results.map((p) => p.result.status_code), ['OK', 'DOCUMENT_PHOTO_NOT_FOUND']);
});

test('multipart upload of a card past the frame: DOCUMENT_CROPPED, or OK with DOCUMENT_BORDERS_OUTSIDE_OF_FRAME when ignored', async () => {
  const scene = placeInQuad(background(1600, 1000, 10), card(856, 540, 6), [[900, 300], [1800, 330], [1780, 880], [890, 860]]);
  const png = await sharp(Buffer.from(scene.data), { raw: { width: 1600, height: 1000, channels: 3 } }).png().toBuffer();
  const upload = async (query: string) => {
    const body = multipartBody([{ name: 'file', filename: 'cropped.png', data: png }]);
    const res = await app.inject({ method: 'POST', url: `/check_liveness_file?${query}`, payload: body.payload, headers: body.headers });
    return res.json() as { pipeline_results: PipelineAnswer[] };
  };
  const strict = await upload('pipelines=vulture-sr');
  assert.deepEqual(strict.pipeline_results[0]!.result, { status_code: 'DOCUMENT_CROPPED' });
  const lenient = await upload('pipelines=vulture-sr&errors_to_ignore=DOCUMENT_CROPPED');
  assert.equal(lenient.pipeline_results[0]!.result.status_code, 'OK');
  assert.ok(lenient.pipeline_results[0]!.result.image_quality_warnings!.includes('DOCUMENT_BORDERS_OUTSIDE_OF_FRAME'));
});

test('a truncated JPEG is a 406 that says what to send', async () => {
  const jpeg = await sharp(file('card-photos-dev', 'midv500-frame-1.png')).jpeg({ quality: 90 }).toBuffer();
  const { status, body } = await check(jpeg.subarray(0, Math.floor(jpeg.length / 2)), ['vulture-sr']);
  assert.equal(status, 406);
  assert.match(body.error_code!, /IMAGE_DECODE_FAILED|NOT_AN_IMAGE/);
});
