// The ONNX conversion of face-api's tiny face detector must compute what face-api computes: same raw grid from the
// same input tensor (tfjs wasm backend vs onnxruntime), and the same detections through the whole detect path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { buildTinyFaceOnnx, MEAN_RGB } from './export-tiny-face-onnx.js';
import { faceApiModelDir } from './tiny-face-weights.js';
import { TinyFaceDetector, prepareInput } from '../../src/portrait/tiny-face-detector.js';
import type { RgbImage } from '../../src/image/types.js';
import { sharedDataDir } from '../../test/support/shared-data.js';

const require = createRequire(import.meta.url);
const FACES = join(sharedDataDir(), 'faces');
const SIZE = 320;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let faceapi: any;
let detector: TinyFaceDetector;
let dir: string;

before(async () => {
  faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
  await faceapi.tf.setBackend('wasm');
  await faceapi.tf.ready();
  await faceapi.nets.tinyFaceDetector.loadFromDisk(faceApiModelDir());
  dir = mkdtempSync(join(tmpdir(), 'doclive-face-'));
  writeFileSync(join(dir, 'tiny-face.onnx'), buildTinyFaceOnnx());
  detector = await TinyFaceDetector.load(join(dir, 'tiny-face.onnx'), SIZE);
});

after(async () => {
  await detector?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function loadRgb(path: string): Promise<RgbImage> {
  const { data, info } = await sharp(path).rotate().removeAlpha().resize(480, 480, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

function sampleImages(): string[] {
  if (!existsSync(FACES)) return [];
  return readdirSync(FACES).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort().slice(0, 6).map((f) => join(FACES, f));
}

test('the committed ONNX file is what the export script builds', () => {
  const committed = readFileSync('models/tiny-face-detector.onnx');
  assert.ok(Buffer.from(buildTinyFaceOnnx()).equals(committed), 'models/tiny-face-detector.onnx is stale: re-run lab/face/export-tiny-face-onnx.ts');
});

test('ONNX grid equals face-api tfjs runMobilenet output on the same input (max abs diff < 1e-4)', async (t) => {
  const images = sampleImages();
  assert.ok(images.length > 0, `no sample faces in ${FACES}`);
  const tf = faceapi.tf;
  const net = faceapi.nets.tinyFaceDetector;
  for (const path of images) {
    const input = prepareInput(await loadRgb(path), SIZE);
    const onnxGrid = await detector.forward(input);
    // NCHW -> NHWC, normalised as face-api does before the network.
    const nhwc = new Float32Array(input.length);
    const plane = SIZE * SIZE;
    for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) nhwc[i * 3 + c] = ((input[c * plane + i] as number) - MEAN_RGB[c]!) / 255;
    const x = tf.tensor4d(nhwc, [1, SIZE, SIZE, 3]);
    const out = net.runMobilenet(x, net.params);
    const tfGrid = (await out.data()) as Float32Array;
    x.dispose(); out.dispose();
    const cells = SIZE / 32;
    assert.equal(onnxGrid.length, cells * cells * 25);
    let maxDiff = 0, maxAbs = 0;
    for (let k = 0; k < 25; k++) for (let i = 0; i < cells * cells; i++) {
      const a = onnxGrid[k * cells * cells + i] as number, b = tfGrid[i * 25 + k] as number;
      maxDiff = Math.max(maxDiff, Math.abs(a - b));
      maxAbs = Math.max(maxAbs, Math.abs(b));
    }
    assert.ok(maxAbs > 0.5, 'tfjs output is degenerate');
    assert.ok(maxDiff < 1e-4, `${path}: max abs difference ${maxDiff}`);
    t.diagnostic(`${path.split('/').pop()}: max abs difference ${maxDiff.toExponential(2)} (outputs up to ${maxAbs.toFixed(1)})`);
  }
});

test('detections match face-api detectAllFaces (scores within 1e-3, boxes within 0.5 px)', async () => {
  const tf = faceapi.tf;
  let compared = 0;
  for (const path of sampleImages()) {
    const rgb = await loadRgb(path);
    const tensor = tf.tensor3d(rgb.data, [rgb.height, rgb.width, 3], 'int32');
    const theirs = await faceapi.detectAllFaces(tensor, new faceapi.TinyFaceDetectorOptions({ inputSize: SIZE, scoreThreshold: 0.5 }));
    tensor.dispose();
    const ours = await detector.detect(rgb, 0.5);
    assert.equal(ours.length, theirs.length, `${path}: face count`);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const sorted = [...theirs].sort((a: any, b: any) => b.score - a.score);
    ours.forEach((face, i) => {
      const t = sorted[i];
      assert.ok(Math.abs(face.score - t.score) < 1e-3, `${path}: score ${face.score} vs ${t.score}`);
      assert.ok(Math.abs(face.x - t.box.x) < 0.5 && Math.abs(face.y - t.box.y) < 0.5, `${path}: box origin`);
      assert.ok(Math.abs(face.width - t.box.width) < 0.5 && Math.abs(face.height - t.box.height) < 0.5, `${path}: box size`);
      compared++;
    });
  }
  assert.ok(compared >= 3, `only ${compared} faces compared`);
});
