import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Quad } from '../domain/types.js';
import { DocliveError } from '../errors.js';
import type { RgbImage } from '../image/types.js';
import type { Detector, DetectorInput } from '../pipelines/detector.js';
import type { PipelineName } from '../pipelines/registry.js';
import { background, card, placeInQuad } from '../../test/support/synthetic.js';
import { createAnalysisEngine } from './engine.js';
import type { AnalysisEngine } from './types.js';

/** Test double: records what it was given and scores the mean brightness of the canonical document. */
class RecordingDetector implements Detector {
  inputs: DetectorInput[] = [];
  disposed = false;
  constructor(readonly name: PipelineName) {}
  async score(input: DetectorInput): Promise<number> {
    this.inputs.push(input);
    const doc = input.document?.canonical ?? input.image;
    let sum = 0;
    for (let i = 0; i < doc.data.length; i++) sum += doc.data[i]!;
    return sum / doc.data.length / 255 - 0.5;
  }
  async dispose(): Promise<void> { this.disposed = true; }
}

async function png(img: RgbImage): Promise<Uint8Array> {
  return sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
}

const QUAD: Quad = [[300, 200], [1200, 230], [1180, 790], [320, 760]];
let engine: AnalysisEngine;
let sr: RecordingDetector, ps: RecordingDetector;
let scene: Uint8Array, empty: Uint8Array;

before(async () => {
  sr = new RecordingDetector('vulture-sr');
  ps = new RecordingDetector('xenops-ps');
  engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, detectors: [sr, ps] });
  scene = await png(placeInQuad(background(1500, 1000, 21), card(856, 540, 22), QUAD));
  empty = await png(background(1200, 900, 23));
});
after(async () => { await engine.close(); });

test('offers exactly the detectors it was given', () => {
  assert.deepEqual([...engine.implementedPipelines()].sort(), ['vulture-sr', 'xenops-ps']);
});

test('scores pipelines whose status is OK and hands them the shared front-end results', async () => {
  sr.inputs = []; ps.inputs = [];
  const result = await engine.analyse({ image: scene, pipelines: ['vulture-sr', 'xenops-ps'], errorsToIgnore: [] });
  assert.equal(result.findings.found, true);
  assert.equal(result.findings.count, 1);
  assert.equal(result.findings.documentType, 'ID_CARD');
  // The synthetic card has no face: the portrait pipeline answers DOCUMENT_PHOTO_NOT_FOUND and is not scored.
  assert.equal(result.findings.portraitFound, false);
  assert.ok(result.scores['vulture-sr'] !== undefined && Number.isFinite(result.scores['vulture-sr'].score));
  assert.equal(result.scores['xenops-ps'], undefined);
  assert.equal(ps.inputs.length, 0);
  const input = sr.inputs[0]!;
  assert.equal(input.file.format, 'png');
  assert.equal(input.file.quantTables, null);
  assert.equal(input.document?.canonical.width, 640);
  assert.equal(input.documentCount, 1);
  // A full-resolution crop of the top-left quarter of the document is at native resolution (about 900 px wide doc).
  const crop = await input.document!.crop({ x: 0, y: 0, width: 320, height: 200 });
  assert.ok(crop.width > 400 && crop.width < 500, `crop width ${crop.width}`);
});

test('portraitFound is null when no requested pipeline needs the portrait', async () => {
  const result = await engine.analyse({ image: scene, pipelines: ['vulture-sr'], errorsToIgnore: [] });
  assert.equal(result.findings.portraitFound, null);
});

test('no document: nothing is scored, except in no-document-gate research mode', async () => {
  sr.inputs = [];
  const result = await engine.analyse({ image: empty, pipelines: ['vulture-sr'], errorsToIgnore: [] });
  assert.equal(result.findings.found, false);
  assert.deepEqual(result.scores, {});
  const research = await engine.analyse({ image: empty, pipelines: ['vulture-sr'], errorsToIgnore: [], noDocumentGate: true });
  assert.ok(research.scores['vulture-sr'] !== undefined);
  assert.equal(sr.inputs.at(-1)!.document, null);
});

test('a pipeline without a detector, an aborted request and bad bytes are errors', async () => {
  await assert.rejects(engine.analyse({ image: scene, pipelines: ['hawk-sd'], errorsToIgnore: [] }),
    (e: unknown) => e instanceof DocliveError && e.code === 'INVALID_PIPELINE' && /hawk-sd/.test(e.message));
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(engine.analyse({ image: scene, pipelines: ['vulture-sr'], errorsToIgnore: [] }, controller.signal));
  await assert.rejects(engine.analyse({ image: new Uint8Array([1, 2, 3, 4]), pipelines: ['vulture-sr'], errorsToIgnore: [] }),
    (e: unknown) => e instanceof DocliveError && e.code === 'NOT_AN_IMAGE');
});

test('close() disposes every detector and refuses further work', async () => {
  const a = new RecordingDetector('robin-pc');
  const own = await createAnalysisEngine({ maxImagePixels: 1_000_000, detectors: [a] });
  await own.close();
  assert.equal(a.disposed, true);
  await assert.rejects(own.analyse({ image: scene, pipelines: ['robin-pc'], errorsToIgnore: [] }),
    (e: unknown) => e instanceof DocliveError && e.code === 'SERVICE_UNAVAILABLE');
});

test('reports the time of decoding, the front-end and each scored pipeline for the stage histograms', async () => {
  const scored = await engine.analyse({ image: scene, pipelines: ['vulture-sr', 'xenops-ps'], errorsToIgnore: [] });
  const stages = Object.keys(scored.stageMs ?? {}).sort();
  // xenops-ps is not scored (no portrait on the synthetic card), so it has no stage of its own.
  assert.deepEqual(stages, ['decode', 'frontend', 'vulture-sr']);
  for (const ms of Object.values(scored.stageMs ?? {})) assert.ok(Number.isFinite(ms) && ms >= 0, `stage time ${ms}`);
  const unscored = await engine.analyse({ image: empty, pipelines: ['vulture-sr'], errorsToIgnore: [] });
  assert.deepEqual(Object.keys(unscored.stageMs ?? {}).sort(), ['decode', 'frontend']);
});

test('explain: a detector without explain() is scored as usual and its evidence is null; the front-end is explained', async () => {
  const plain = await engine.analyse({ image: scene, pipelines: ['vulture-sr', 'xenops-ps'], errorsToIgnore: [] });
  assert.equal(plain.explanation, undefined);
  const explained = await engine.analyse({ image: scene, pipelines: ['vulture-sr', 'xenops-ps'], errorsToIgnore: [], explain: true });
  assert.deepEqual(explained.scores, plain.scores);
  assert.deepEqual(explained.findings, plain.findings);
  // vulture-sr ran (no explain(): null evidence); xenops-ps did not run (no portrait on the card): absent.
  assert.deepEqual(explained.explanation!.evidence, { 'vulture-sr': null });
  const frontEnd = explained.explanation!.frontEnd;
  assert.deepEqual(frontEnd.image, { width: 1500, height: 1000 });
  assert.deepEqual(frontEnd.documents.quads, plain.findings.quads);
  assert.equal(frontEnd.main!.canonicalWidth, 640);
  assert.equal(frontEnd.portrait, null);
  // Structured-cloneable (it crosses the worker boundary) and free of typed arrays or image data.
  assert.deepEqual(structuredClone(explained.explanation), explained.explanation);
  assert.ok(JSON.stringify(explained.explanation).length < 10_000);
});
