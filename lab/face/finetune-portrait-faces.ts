// Fine-tunes the head (conv5, conv8) of face-api's tiny face detector on document portraits: the product's search
// windows of lab TRAIN documents (lab/face/portrait-windows.ts), with augmentations for what made the detector miss
// portraits of unseen layouts (low contrast, gamma, glare spots, blur, noise, a guilloche-like wave pattern over the
// window, the window's scale), and negatives that teach the product's two decisions: an upside-down portrait must
// score lower than the upright one (orientation), a ghost portrait, emblem or text must not score as a face. The
// epoch is chosen on lab VAL windows (families and faces never in train). Writes the ONNX model.
// Usage: node --import tsx lab/face/finetune-portrait-faces.ts --train T.bin[,B.bin] --val V.bin --out models/portrait-face-detector.onnx
//        [--epochs 8] [--lr 0.0002] [--seed portrait4] [--copies 3] [--save-epochs DIR] (writes DIR/epoch-N.onnx each epoch)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Box } from '../../src/domain/types.js';
import { boxIou } from '../../src/portrait/boxes.js';
import { decodeFaces, TINY_FACE_ANCHORS } from '../../src/portrait/tiny-face-detector.js';
import { initTf, tf } from '../ml/tf.js';
import { Rng } from '../rng.js';
import { buildTinyFaceOnnx } from './export-tiny-face-onnx.js';
import type { WindowEntry } from './portrait-windows.js';
import { readTinyFaceWeights } from './tiny-face-weights.js';
import { HEAD_WEIGHTS, TinyFaceTf } from './tiny-face-tf.js';

const INPUT = 224, CELLS = INPUT / 32, ANCHORS = TINY_FACE_ANCHORS.length;
const FEATURE_SIZE = CELLS * CELLS * 256;

interface WindowSet { side: number; entries: WindowEntry[]; pixels: Uint8Array }

/** One or more window files (comma-separated, e.g. portrait windows and backdrop windows), all of one side. */
export function readWindows(bins: string): WindowSet {
  const sets = bins.split(',').map((bin) => {
    const meta = JSON.parse(readFileSync(bin.replace(/\.bin$/, '') + '.json', 'utf8')) as { side: number; windows: WindowEntry[] };
    return { side: meta.side, entries: meta.windows, pixels: new Uint8Array(readFileSync(bin)) };
  });
  const side = sets[0]!.side;
  if (sets.some((t) => t.side !== side)) throw new Error(`window files of different sides: ${bins}`);
  if (sets.length === 1) return sets[0]!;
  const pixels = new Uint8Array(sets.reduce((a, t) => a + t.pixels.length, 0));
  let o = 0; for (const t of sets) { pixels.set(t.pixels, o); o += t.pixels.length; }
  return { side, entries: sets.flatMap((t) => t.entries), pixels };
}

interface Sample { features: Float32Array; face: Box | null }

/** Where an output pixel samples the luma window: a square crop (x0, y0, side s) turned by `angle` (radians) and
 * squeezed horizontally by `squeeze` (< 1 narrows) about the source point `pivot`, which stays where the plain crop
 * puts it. The identity (angle 0, squeeze 1) is the plain crop. */
interface Warp { x0: number; y0: number; s: number; angle: number; squeeze: number; pivot: readonly [number, number] }

/** Bilinear resample of a luma window through a warp to INPUT x INPUT; outside the window it mirrors the edge. */
export function warpResize(src: Uint8Array, side: number, w: Warp): Float32Array {
  const out = new Float32Array(INPUT * INPUT);
  const k = w.s / INPUT, cos = Math.cos(w.angle), sin = Math.sin(w.angle);
  const [px, py] = w.pivot, ux = (px - w.x0) / k, uy = (py - w.y0) / k;
  const mirror = (v: number): number => { const m = side - 1.001; const a = Math.abs(v); return a > m ? Math.max(0, 2 * m - a) : a; };
  for (let y = 0; y < INPUT; y++) {
    for (let x = 0; x < INPUT; x++) {
      const dx = (x - ux) * k / w.squeeze, dy = (y - uy) * k;
      const sx = mirror(px + cos * dx - sin * dy), sy = mirror(py + sin * dx + cos * dy);
      const ix = Math.floor(sx), fx = sx - ix, iy = Math.floor(sy), fy = sy - iy;
      const a = src[iy * side + ix]!, b = src[iy * side + ix + 1]!, c = src[(iy + 1) * side + ix]!, d = src[(iy + 1) * side + ix + 1]!;
      out[y * INPUT + x] = (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
    }
  }
  return out;
}

/** Shadow over one side of a line through (cx, cy): a face lit from the side, half in shadow (soft edge). */
function halfShadow(v: Float32Array, cx: number, cy: number, rng: Rng): void {
  const phi = (rng.next() - 0.5) * 1.2 + (rng.next() < 0.5 ? 0 : Math.PI), nx = Math.cos(phi), ny = Math.sin(phi);
  const dim = 0.3 + 0.4 * rng.next(), soft = 3 + 12 * rng.next();
  for (let y = 0; y < INPUT; y++) for (let x = 0; x < INPUT; x++) {
    const d = ((x - cx) * nx + (y - cy) * ny) / soft, t = 1 / (1 + Math.exp(-d));
    v[y * INPUT + x]! *= 1 - (1 - dim) * t;
  }
}

/** The laser-engraved portrait look (lab/documents/portrait.ts 'engraved'): grey, highlights compressed, a faint line
 * structure (at window scale the 0.12 mm pitch aliases, so a coarser pitch and a random angle stand for its moire). */
function engraved(v: Float32Array, rng: Rng): void {
  const pitch = 2 + 4 * rng.next(), amp = 0.05 + 0.12 * rng.next(), phi = rng.next() * Math.PI, lift = 20 + 30 * rng.next(), gain = 0.6 + 0.25 * rng.next();
  const cx = Math.cos(phi), cy = Math.sin(phi);
  for (let y = 0; y < INPUT; y++) for (let x = 0; x < INPUT; x++) {
    const i = y * INPUT + x;
    v[i] = Math.min(255, (lift + gain * v[i]!) * (1 - amp + amp * Math.sin(2 * Math.PI * (x * cx + y * cy) / pitch)));
  }
}

/** Photometric augmentations on a 0..255 luma plane, in place. */
function augment(v: Float32Array, rng: Rng): void {
  const n = v.length;
  if (rng.next() < 0.3) { // blur: one or two 3x3 box passes
    for (let pass = rng.next() < 0.5 ? 1 : 2; pass > 0; pass--) {
      const c = Float32Array.from(v);
      for (let y = 1; y < INPUT - 1; y++) for (let x = 1; x < INPUT - 1; x++) {
        let s = 0; for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += c[(y + dy) * INPUT + x + dx]!;
        v[y * INPUT + x] = s / 9;
      }
    }
  }
  if (rng.next() < 0.35) { // guilloche-like wave lines over everything
    const amp = 8 + 25 * rng.next(), period = 4 + 8 * rng.next(), wave = 10 + 30 * rng.next(), phase = rng.next() * 6.28;
    for (let y = 0; y < INPUT; y++) for (let x = 0; x < INPUT; x++) v[y * INPUT + x]! += amp * Math.sin((y + 6 * Math.sin(x / wave + phase)) * 6.283 / period);
  }
  if (rng.next() < 0.3) { // glare spot
    const cx = rng.next() * INPUT, cy = rng.next() * INPUT, r = 15 + 50 * rng.next(), a = 60 + 160 * rng.next();
    for (let y = 0; y < INPUT; y++) for (let x = 0; x < INPUT; x++) v[y * INPUT + x]! += a * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r));
  }
  const contrast = rng.next() < 0.5 ? 0.3 + 0.7 * rng.next() : 1, gamma = Math.exp((rng.next() - 0.5) * 1.0);
  const noise = rng.next() < 0.5 ? 6 * rng.next() : 0;
  let mean = 0; for (let i = 0; i < n; i++) mean += v[i]!; mean /= n;
  for (let i = 0; i < n; i++) {
    let p = mean + (v[i]! - mean) * contrast;
    p = 255 * Math.pow(Math.min(1, Math.max(0, p / 255)), gamma);
    v[i] = p + (noise > 0 ? noise * (rng.next() + rng.next() + rng.next() - 1.5) * 2 : 0);
  }
}

/** The product's contrast stretch (src/portrait/windows.ts stretchedGrey): luma 1st..99th percentiles to 0..255. */
function stretch(v: Float32Array): Float32Array {
  const hist = new Uint32Array(256);
  for (let i = 0; i < v.length; i++) { const q = Math.max(0, Math.min(255, Math.round(v[i]!))); v[i] = q; hist[q]!++; }
  let acc = 0, lo = 0, hi = 255;
  for (let q = 0; q < 256; q++) { acc += hist[q]!; if (acc < 0.01 * v.length) lo = q; if (acc <= 0.99 * v.length) hi = q; }
  const k = hi - lo < 10 ? 1 : 255 / (hi - lo), base = hi - lo < 10 ? 0 : lo;
  return v.map((q) => Math.max(0, Math.min(255, Math.round((q - base) * k))));
}

export function makeInputs(set: WindowSet, index: number, rng: Rng | null): { input: Float32Array; face: Box | null } {
  const e = set.entries[index]!, side = set.side;
  const src = set.pixels.subarray(index * side * side, (index + 1) * side * side);
  let s = side, x0 = 0, y0 = 0;
  if (rng !== null && rng.next() < 0.7) {
    s = Math.round(side * (0.78 + 0.22 * rng.next()));
    const f = e.face;
    const lo = (a: number, len: number): number => f === null ? 0 : Math.max(0, a + len - s);
    const hi = (a: number): number => f === null ? side - s : Math.min(side - s, a);
    const xl = lo(f?.x ?? 0, f?.width ?? 0), xh = Math.max(xl, hi(f?.x ?? 0));
    const yl = lo(f?.y ?? 0, f?.height ?? 0), yh = Math.max(yl, hi(f?.y ?? 0));
    x0 = Math.round(xl + (xh - xl) * rng.next()); y0 = Math.round(yl + (yh - yl) * rng.next());
  }
  // Turned and tilted heads: in-plane rotation up to 20 degrees, a horizontal squeeze for yaw, both about the face's
  // centre (the window's for a negative, so negatives see the same mirrored corners and must not learn them as faces).
  const angle = rng !== null && rng.next() < 0.5 ? (rng.next() - 0.5) * 2 * (20 * Math.PI / 180) : 0;
  const squeeze = rng !== null && rng.next() < 0.35 ? 0.7 + 0.3 * rng.next() : 1;
  const pivot: [number, number] = e.face === null ? [x0 + s / 2, y0 + s / 2] : [e.face.x + e.face.width / 2, e.face.y + e.face.height / 2];
  const luma = warpResize(src, side, { x0, y0, s, angle, squeeze, pivot });
  const k = INPUT / s;
  const centre: [number, number] = [(pivot[0] - x0) * k, (pivot[1] - y0) * k];
  if (rng !== null) {
    if (rng.next() < 0.25) halfShadow(luma, centre[0], centre[1], rng);
    if (rng.next() < 0.2) engraved(luma, rng);
    augment(luma, rng);
  }
  const grey = stretch(luma);
  const input = new Float32Array(INPUT * INPUT * 3);
  for (let i = 0; i < grey.length; i++) { input[3 * i] = grey[i]!; input[3 * i + 1] = grey[i]!; input[3 * i + 2] = grey[i]!; }
  // A tilted face keeps about its upright box; a squeezed one gets narrower.
  const face = e.face === null ? null : { x: centre[0] - e.face.width * k * squeeze / 2, y: centre[1] - e.face.height * k / 2, width: e.face.width * k * squeeze, height: e.face.height * k };
  return { input, face };
}

async function featuresOf(model: TinyFaceTf, inputs: Float32Array[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < inputs.length; i += 16) {
    const chunk = inputs.slice(i, i + 16);
    const x = tf.tensor4d(concat(chunk), [chunk.length, INPUT, INPUT, 3]);
    const f = model.features(x);
    const data = await f.data() as Float32Array;
    x.dispose(); f.dispose();
    for (let j = 0; j < chunk.length; j++) out.push(data.slice(j * FEATURE_SIZE, (j + 1) * FEATURE_SIZE));
  }
  return out;
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0; for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** YOLOv2 targets in grid units: responsible cell and anchor, offsets, and the no-object mask (IoU >= 0.5 ignored). */
function targets(faces: (Box | null)[]): { obj: Float32Array; noobj: Float32Array; coord: Float32Array } {
  const per = CELLS * CELLS * ANCHORS;
  const obj = new Float32Array(faces.length * per), noobj = new Float32Array(faces.length * per).fill(1), coord = new Float32Array(faces.length * per * 4);
  faces.forEach((f, n) => {
    if (f === null) return;
    const g = { x: f.x / 32, y: f.y / 32, width: f.width / 32, height: f.height / 32 };
    const cx = g.x + g.width / 2, cy = g.y + g.height / 2;
    for (let row = 0; row < CELLS; row++) for (let col = 0; col < CELLS; col++) for (let a = 0; a < ANCHORS; a++) {
      const [aw, ah] = TINY_FACE_ANCHORS[a]!;
      if (boxIou({ x: col + 0.5 - aw / 2, y: row + 0.5 - ah / 2, width: aw, height: ah }, g) >= 0.5) noobj[n * per + (row * CELLS + col) * ANCHORS + a] = 0;
    }
    const col = Math.min(CELLS - 1, Math.max(0, Math.floor(cx))), row = Math.min(CELLS - 1, Math.max(0, Math.floor(cy)));
    let best = 0, bestIou = -1;
    TINY_FACE_ANCHORS.forEach(([aw, ah], a) => { const iou = boxIou({ x: 0, y: 0, width: aw, height: ah }, { x: 0, y: 0, width: g.width, height: g.height }); if (iou > bestIou) { bestIou = iou; best = a; } });
    const [aw, ah] = TINY_FACE_ANCHORS[best]!;
    const i = n * per + (row * CELLS + col) * ANCHORS + best;
    obj[i] = 1; noobj[i] = 0;
    coord.set([Math.min(0.99, Math.max(0.01, cx - col)), Math.min(0.99, Math.max(0.01, cy - row)), Math.log(g.width / aw), Math.log(g.height / ah)], i * 4);
  });
  return { obj, noobj, coord };
}

function logitBce(x: tf.Tensor, y: number): tf.Tensor {
  return tf.add(tf.sub(tf.relu(x), tf.mul(x, y)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
}

function lossOf(model: TinyFaceTf, x: tf.Tensor4D, t: ReturnType<typeof targets>, n: number, anchorsTo: ReadonlyMap<string, tf.Tensor>, lambda: number): tf.Scalar {
  const grid = tf.reshape(model.grid(x), [n, CELLS, CELLS, ANCHORS, 5]);
  const [v0, v1, v2, v3, v4] = tf.split(grid, 5, 4) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const shape = [n, CELLS, CELLS, ANCHORS, 1];
  const obj = tf.tensor(t.obj, shape), noobj = tf.tensor(t.noobj, shape);
  const c = tf.tensor(t.coord, [n, CELLS, CELLS, ANCHORS, 4]);
  const [cx, cy, cw, ch] = tf.split(c, 4, 4) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const coordLoss = tf.mul(obj, tf.addN([tf.square(tf.sub(tf.sigmoid(v0), cx)), tf.square(tf.sub(tf.sigmoid(v1), cy)), tf.square(tf.sub(v2, cw)), tf.square(tf.sub(v3, ch))]));
  const objLoss = tf.mul(tf.mul(obj, 5), logitBce(v4, 1));
  const noobjLoss = tf.mul(noobj, logitBce(v4, 0));
  let loss = tf.div(tf.addN([tf.sum(coordLoss), tf.sum(objLoss), tf.sum(noobjLoss)]), n);
  // Stay near face-api's head: it was trained on many real faces, the lab has few.
  for (const [name, v] of model.head) loss = tf.add(loss, tf.mul(lambda, tf.sum(tf.square(tf.sub(v, anchorsTo.get(name)!)))));
  return loss as tf.Scalar;
}

interface ValReport { recall: number; orient: number; falseNeg: number; score: number }

/** On val windows: portrait found (a box >= 0.4 with IoU >= 0.3), upright portrait scored above its turned copy, negatives with a portrait-sized box >= 0.4. */
async function validate(model: TinyFaceTf, set: WindowSet, feats: Float32Array[]): Promise<ValReport> {
  const best: number[] = [];
  let found = 0, positives = 0, falses = 0, negatives = 0;
  for (let i = 0; i < feats.length; i += 32) {
    const chunk = feats.slice(i, i + 32);
    const g = tf.tidy(() => model.grid(tf.tensor4d(concat(chunk), [chunk.length, CELLS, CELLS, 256])));
    const data = await g.data() as Float32Array; g.dispose();
    for (let j = 0; j < chunk.length; j++) {
      // NHWC [G, G, 25] -> the channel-major layout decodeFaces reads.
      const cm = new Float32Array(25 * CELLS * CELLS);
      for (let p = 0; p < CELLS * CELLS; p++) for (let ch = 0; ch < 25; ch++) cm[ch * CELLS * CELLS + p] = data[(j * CELLS * CELLS + p) * 25 + ch]!;
      const faces = decodeFaces(cm, INPUT, INPUT, 0.05).filter((f) => f.height >= 0.15 * INPUT && f.height <= 0.6 * INPUT);
      const e = set.entries[i + j]!;
      best.push(faces[0]?.score ?? 0);
      if (e.face !== null) {
        positives++;
        const k = INPUT / set.side, gt = { x: e.face.x * k, y: e.face.y * k, width: e.face.width * k, height: e.face.height * k };
        if (faces.some((f) => f.score >= 0.4 && boxIou(f, gt) >= 0.3)) found++;
      } else if (!(e.turned && set.entries.some((o) => o.id === e.id && o.side === e.side && o.face !== null))) {
        negatives++;
        if ((faces[0]?.score ?? 0) >= 0.4) falses++;
      }
    }
  }
  let oriented = 0;
  set.entries.forEach((e, i) => {
    if (e.face === null) return;
    const t = set.entries.findIndex((o) => o.id === e.id && o.side === e.side && o.turned);
    if (t >= 0 && best[i]! > best[t]!) oriented++;
  });
  const recall = found / positives, orient = oriented / positives, falseNeg = falses / Math.max(1, negatives);
  return { recall, orient, falseNeg, score: recall + 0.5 * orient - 2 * falseNeg };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { train: { type: 'string' }, val: { type: 'string' }, out: { type: 'string' }, epochs: { type: 'string', default: '8' }, lr: { type: 'string', default: '0.0002' }, lambda: { type: 'string', default: '0.001' }, seed: { type: 'string', default: 'portrait4' }, copies: { type: 'string', default: '3' }, 'save-epochs': { type: 'string' } } });
  if (values.train === undefined || values.val === undefined || values.out === undefined) throw new Error('--train T.bin, --val V.bin and --out FILE.onnx are required');
  const info = await initTf('wasm');
  const log = (s: string): void => { process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${s}\n`); };
  log(`tfjs ${info.backend} simd=${info.simd}`);
  const weights = readTinyFaceWeights();
  const model = new TinyFaceTf(weights);
  const original = new Map<string, tf.Tensor>(HEAD_WEIGHTS.map((n) => [n, tf.tensor(weights.get(n)!.values, [...weights.get(n)!.shape])]));
  const rng = new Rng(values.seed);
  const trainSet = readWindows(values.train), valSet = readWindows(values.val);
  const copies = Number(values.copies);
  const samples: Sample[] = [];
  {
    const inputs: Float32Array[] = [], faces: (Box | null)[] = [];
    trainSet.entries.forEach((e, i) => {
      // Positives and their turned copies (the orientation pairs) get more augmented copies than plain negatives.
      const isPair = e.face !== null || (e.turned && trainSet.entries.some((o) => o.id === e.id && o.side === e.side && o.face !== null));
      const n = isPair ? copies : 1;
      for (let c = 0; c < n; c++) { const m = makeInputs(trainSet, i, c === 0 ? null : rng); inputs.push(m.input); faces.push(m.face); }
    });
    log(`computing frozen features of ${inputs.length} training samples`);
    const feats = await featuresOf(model, inputs);
    feats.forEach((f, i) => samples.push({ features: f, face: faces[i]! }));
  }
  const valInputs = valSet.entries.map((_, i) => makeInputs(valSet, i, null).input);
  const valFeats = await featuresOf(model, valInputs);
  const base = await validate(model, valSet, valFeats);
  log(`val before: found ${(100 * base.recall).toFixed(1)} %, oriented ${(100 * base.orient).toFixed(1)} %, false on negatives ${(100 * base.falseNeg).toFixed(2)} %`);
  const docOf = (epoch: string): string => `Tiny face detector of @vladmandic/face-api 1.7 (MIT), head (conv5, conv8) fine-tuned on lab train document portraits by lab/face/finetune-portrait-faces.ts (${epoch}, lr ${values.lr}, lambda ${values.lambda}, seed ${values.seed}, copies ${values.copies}).`;
  const optimizer = tf.train.adam(Number(values.lr));
  const lambda = Number(values.lambda);
  let bestReport = base, bestWeights = model.headWeights(), bestEpoch = 0;
  for (let epoch = 1; epoch <= Number(values.epochs); epoch++) {
    const order = rng.shuffle(samples.map((_, i) => i));
    let sum = 0, steps = 0;
    for (let b = 0; b < order.length; b += 32) {
      const idx = order.slice(b, b + 32);
      const t = targets(idx.map((i) => samples[i]!.face));
      const x = tf.tensor4d(concat(idx.map((i) => samples[i]!.features)), [idx.length, CELLS, CELLS, 256]);
      const cost = optimizer.minimize(() => lossOf(model, x, t, idx.length, original, lambda), true, [...model.head.values()]);
      sum += (await cost!.data())[0]!; steps++;
      cost!.dispose(); x.dispose();
    }
    const r = await validate(model, valSet, valFeats);
    log(`epoch ${epoch}: loss ${(sum / steps).toFixed(3)}; val found ${(100 * r.recall).toFixed(1)} %, oriented ${(100 * r.orient).toFixed(1)} %, false on negatives ${(100 * r.falseNeg).toFixed(2)} %`);
    if (r.score > bestReport.score) { bestReport = r; bestWeights = model.headWeights(); bestEpoch = epoch; }
    // Every epoch's model, so the epoch and threshold can be chosen on val at the product level (lab/measure-portrait.ts).
    if (values['save-epochs'] !== undefined) writeFileSync(join(values['save-epochs'], `epoch-${epoch}.onnx`), buildTinyFaceOnnx(model.headWeights(), docOf(`epoch ${epoch}`)));
  }
  log(`kept epoch ${bestEpoch}`);
  writeFileSync(values.out, buildTinyFaceOnnx(bestWeights, docOf(`epoch ${bestEpoch} of ${values.epochs}`)));
  log(`wrote ${values.out}`);
}
