import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { addGaussianNoise, fractalTexture } from '../../../test/features/synthetic.js';
import type { Quad } from '../../domain/types.js';
import type { Plane } from '../../features/planes.js';
import { imageMeasurements } from '../../analysis/frontend.js';
import { decodeImage } from '../../image/decode.js';
import type { RgbImage } from '../../image/types.js';
import type { DetectorInput } from '../detector.js';
import { createFeatureDetector } from '../feature-detector.js';
import { analysedRegion, HAWK_SD_ALIGNED_DQ_FEATURES, HAWK_SD_FEATURES, hawkSdFeatures, LOWEST_MODELLED_JPEG_QUALITY } from './features.js';
import { isEditorSoftware, isPhoneScreenSize } from './screens.js';

const rgbFromGrey = (p: Plane): RgbImage => {
  const data = new Uint8Array(p.width * p.height * 3);
  for (let i = 0; i < p.width * p.height; i++) {
    const v = Math.max(0, Math.min(255, Math.round(p.data[i]!)));
    data[i * 3] = v;
    data[i * 3 + 1] = v;
    data[i * 3 + 2] = v;
  }
  return { width: p.width, height: p.height, data };
};

const raw = (img: RgbImage) => sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } });

/** A detector input as the engine builds it from an encoded file, with the document at `quad` (test double). */
async function inputOf(bytes: Uint8Array, quad?: Quad): Promise<DetectorInput> {
  const decoded = await decodeImage(bytes, { maxImagePixels: 50_000_000 });
  const { width: w, height: h } = decoded.image;
  const q: Quad = quad ?? [[w * 0.2, h * 0.3], [w * 0.8, h * 0.3], [w * 0.8, h * 0.7], [w * 0.2, h * 0.7]];
  return {
    image: decoded.image,
    file: { format: decoded.format, byteLength: decoded.byteLength, quantTables: decoded.quantTables, jpegQuality: null, exif: decoded.exif },
    document: { quad: q } as DetectorInput['document'],
    documentCount: 1,
    quality: { warnings: [], blurSigmaMm: 0.1, blockiness: 1, colorless: false, documentColour: null },
  };
}

async function featuresOf(input: DetectorInput): Promise<Record<string, number>> {
  const values = await hawkSdFeatures().extract(input);
  return Object.fromEntries(HAWK_SD_FEATURES.map((n, i) => [n, values[i]!]));
}

/** Camera-like content: textured scene with sensor noise everywhere. */
const cameraScene = (w: number, h: number, seed: number): Plane => addGaussianNoise(fractalTexture(w, h, seed), 2.5, seed + 1);

describe('hawk-sd features', () => {
  it('dq: a re-saved capture has no atypical field; the same capture with a field pasted between the encodes has one', async () => {
    const scene = rgbFromGrey(cameraScene(640, 480, 11));
    const camera = await decodeImage(await raw(scene).jpeg({ quality: 60 }).toBuffer(), { maxImagePixels: 50_000_000 });
    const resaved = await raw(camera.image).jpeg({ quality: 90 }).toBuffer();
    // A never-compressed 96x48 field (fresh texture) pasted into the decoded capture before the second encode.
    const patch = rgbFromGrey(cameraScene(640, 480, 12));
    const edited = Uint8Array.from(camera.image.data);
    for (let y = 216; y < 264; y++) edited.set(patch.data.subarray((y * 640 + 272) * 3, (y * 640 + 368) * 3), (y * 640 + 272) * 3);
    const editedBytes = await raw({ width: 640, height: 480, data: edited }).jpeg({ quality: 90 }).toBuffer();
    const whole: Quad = [[0, 0], [640, 0], [640, 480], [0, 480]];
    const re = await featuresOf(await inputOf(resaved, whole));
    const ed = await featuresOf(await inputOf(editedBytes, whole));
    assert.ok(re['dq.strength']! > 0.2, `the re-save carries a double-quantisation signature (${re['dq.strength']})`);
    assert.ok(ed['dq.fieldDeficit']! > re['dq.fieldDeficit']! + 10, `edited field deficit ${ed['dq.fieldDeficit']} vs re-save ${re['dq.fieldDeficit']}`);
    assert.ok(ed['dq.fieldZ']! > re['dq.fieldZ']!, `edited field z ${ed['dq.fieldZ']} vs re-save ${re['dq.fieldZ']}`);
    // A PNG has no last JPEG encode to compare with: the group is neutral.
    const png = await featuresOf(await inputOf(await raw(scene).png().toBuffer(), whole));
    for (const name of HAWK_SD_FEATURES.filter((n) => n.startsWith('dq.'))) assert.equal(png[name], 0, name);
  });

  it('dq: finds the re-save signature on the last encode\'s grid when the decoder turned the image (grid off the origin)', async () => {
    // 644 x 484 is not a multiple of 8: a file stored upside down with EXIF orientation 3 (both encodes in the
    // stored frame, as a phone and a re-save keep it) has its 8x8 grids 4 pixels in on both axes once the decoder
    // turns it upright; the comb scan must find that phase for the dq check to see the re-save.
    const scene = rgbFromGrey(cameraScene(644, 484, 13));
    const upright = await raw((await decodeImage(await raw(scene).jpeg({ quality: 60 }).toBuffer(), { maxImagePixels: 50_000_000 })).image).jpeg({ quality: 90 }).toBuffer();
    const stored = await sharp(await raw(scene).rotate(180).jpeg({ quality: 60 }).toBuffer()).raw().toBuffer();
    const turnedBytes = await sharp(await raw({ width: 644, height: 484, data: new Uint8Array(stored) }).jpeg({ quality: 90 }).toBuffer()).withMetadata({ orientation: 3 }).toBuffer();
    const whole: Quad = [[0, 0], [644, 0], [644, 484], [0, 484]];
    const up = await featuresOf(await inputOf(upright, whole));
    const turned = await inputOf(turnedBytes, whole);
    assert.equal(turned.image.width, 644, 'decoded upright');
    const tu = await featuresOf(turned);
    assert.ok(up['dq.strength']! > 0.2, `upright re-save signature ${up['dq.strength']}`);
    // On the wrong grid (the image origin) the signature is much weaker.
    assert.ok(tu['dq.strength']! > 0.8 * up['dq.strength']!, `turned re-save signature ${tu['dq.strength']} vs upright ${up['dq.strength']} (phase found by the comb scan)`);
  });

  it('analysedRegion: at most the pixel budget, centred in the document box, starting on the 8-pixel lattice', () => {
    const r = analysedRegion({ x: 103, y: 211, width: 3600, height: 2300 }, 4000, 3000, 1_000_000);
    assert.ok(r.width * r.height <= 1_000_000 && r.width * r.height > 900_000, `${r.width}x${r.height}`);
    assert.equal(r.x % 8, 0);
    assert.equal(r.y % 8, 0);
    assert.ok(Math.abs(r.x + r.width / 2 - (103 + 1800)) <= 8 && Math.abs(r.y + r.height / 2 - (211 + 1150)) <= 8, `centre of ${JSON.stringify(r)}`);
    const small = analysedRegion({ x: 16, y: 8, width: 500, height: 300 }, 640, 480, 1_000_000);
    assert.deepEqual(small, { x: 16, y: 8, width: 500, height: 300 }, 'a small document is read whole');
  });

  it('sees flat status and navigation bars of a screenshot, and none in a camera frame of the same size', async () => {
    const camera = cameraScene(360, 780, 3);
    const shot = { width: camera.width, height: camera.height, data: camera.data.slice() };
    // Status bar (top 40 rows) and navigation bar (bottom 40 rows) in one flat UI colour with a few dark glyphs.
    for (let y = 0; y < shot.height; y++) {
      if (y >= 40 && y < shot.height - 40) continue;
      for (let x = 0; x < shot.width; x++) shot.data[y * shot.width + x] = y > 12 && y < 26 && x % 50 < 8 ? 30 : 246;
    }
    const cam = await featuresOf(await inputOf(await raw(rgbFromGrey(camera)).png().toBuffer()));
    const scr = await featuresOf(await inputOf(await raw(rgbFromGrey(shot)).png().toBuffer()));
    assert.ok(scr['chrome.topFlat']! > 0.8 && scr['chrome.bottomFlat']! > 0.8, `screenshot bars ${scr['chrome.topFlat']} ${scr['chrome.bottomFlat']}`);
    assert.ok(cam['chrome.topFlat']! < 0.02 && cam['chrome.bottomFlat']! < 0.02, `camera bars ${cam['chrome.topFlat']} ${cam['chrome.bottomFlat']}`);
    assert.ok(scr['chrome.outsideFlat']! > 0.1 && cam['chrome.outsideFlat']! === 0, `outside flat ${scr['chrome.outsideFlat']} vs ${cam['chrome.outsideFlat']}`);
    // Saved as PNG, the camera frame and the screenshot alike have no JPEG facts: the format alone is no evidence.
    for (const f of [cam, scr]) assert.deepEqual([f['format.jpegQuality'], f['format.jpegBitsPerPixel']], [Number.NaN, Number.NaN]);
    for (const [name, v] of Object.entries(cam)) if (!name.startsWith('format.')) assert.ok(Number.isFinite(v), `${name} is ${v}`);
  });

  it('finds the second JPEG grid of a capture cropped between two encodes, not of an aligned re-save', async () => {
    const scene = rgbFromGrey(cameraScene(520, 520, 7));
    const first = await raw(scene).jpeg({ quality: 75 }).toBuffer();
    const decoded = await sharp(first).raw().toBuffer();
    const firstImage: RgbImage = { width: 520, height: 520, data: new Uint8Array(decoded) };
    const resaved = await raw(firstImage).jpeg({ quality: 92 }).toBuffer();
    const cropped = await raw(firstImage).extract({ left: 3, top: 5, width: 512, height: 512 }).jpeg({ quality: 92 }).toBuffer();
    const everything = [[0, 0], [512, 0], [512, 512], [0, 512]] as const;
    const aligned = await featuresOf(await inputOf(resaved, everything));
    const shifted = await featuresOf(await inputOf(cropped, everything));
    assert.ok(shifted['jpeg.shiftedGrid']! > 0.4, `cropped re-save: second comb ${shifted['jpeg.shiftedGrid']}`);
    assert.ok(aligned['jpeg.shiftedGrid']! < 0.3, `aligned re-save: second comb ${aligned['jpeg.shiftedGrid']}`);
  });

  it('finds a pasted block that keeps its own JPEG grid (misgrid), and no such block in an aligned re-save', async () => {
    const decodeRgb = async (jpeg: Buffer, width: number, height: number): Promise<RgbImage> => ({ width, height, data: new Uint8Array(await sharp(jpeg).raw().toBuffer()) });
    const camera = await decodeRgb(await raw(rgbFromGrey(cameraScene(512, 512, 21))).jpeg({ quality: 90 }).toBuffer(), 512, 512);
    const donor = await decodeRgb(await raw(rgbFromGrey(cameraScene(128, 128, 22))).jpeg({ quality: 50 }).toBuffer(), 128, 128);
    // A 64 x 32 px block of the donor (its grid intact) pasted at (203, 157): grid phases (3, 5) of the image's.
    const spliced: RgbImage = { width: 512, height: 512, data: camera.data.slice() };
    for (let y = 0; y < 32; y++) for (let x = 0; x < 64; x++) for (let c = 0; c < 3; c++) spliced.data[((157 + y) * 512 + 203 + x) * 3 + c] = donor.data[((16 + y) * 128 + 16 + x) * 3 + c]!;
    const everything = [[0, 0], [512, 0], [512, 512], [0, 512]] as const;
    const resavedInput = await inputOf(await raw(camera).jpeg({ quality: 90 }).toBuffer(), everything);
    const splicedInput = await inputOf(await raw(spliced).jpeg({ quality: 90 }).toBuffer(), everything);
    const resaved = await featuresOf(resavedInput);
    const edited = await featuresOf(splicedInput);
    assert.ok(edited['misgrid.window']! > 1.2 * resaved['misgrid.window']!, `spliced ${edited['misgrid.window']} vs re-saved ${resaved['misgrid.window']}`);
    const where = ((await hawkSdFeatures().details!(splicedInput)) as { shiftedGridBlocking: { window: { x: number; y: number; width: number; height: number } | null } }).shiftedGridBlocking.window;
    assert.ok(where !== null && where.x < 203 + 64 && where.x + where.width > 203 && where.y < 157 + 32 && where.y + where.height > 157, `window ${JSON.stringify(where)}`);
  });

  it('contrast: a pasted block on its own grid stands out from its neighbours; a shifted grid over the whole capture does not', async () => {
    const decodeRgb = async (jpeg: Buffer, width: number, height: number): Promise<RgbImage> => ({ width, height, data: new Uint8Array(await sharp(jpeg).raw().toBuffer()) });
    const camera = await decodeRgb(await raw(rgbFromGrey(cameraScene(512, 512, 31))).jpeg({ quality: 90 }).toBuffer(), 512, 512);
    const donor = await decodeRgb(await raw(rgbFromGrey(cameraScene(128, 128, 32))).jpeg({ quality: 50 }).toBuffer(), 128, 128);
    const spliced: RgbImage = { width: 512, height: 512, data: camera.data.slice() };
    for (let y = 0; y < 32; y++) for (let x = 0; x < 96; x++) for (let c = 0; c < 3; c++) spliced.data[((229 + y) * 512 + 203 + x) * 3 + c] = donor.data[((16 + y) * 128 + 16 + x) * 3 + c]!;
    // The same capture encoded at q50, cropped by (3, 5) and re-saved: the old grid is shifted everywhere alike.
    const q50 = await decodeRgb(await raw(rgbFromGrey(cameraScene(520, 520, 31))).jpeg({ quality: 50 }).toBuffer(), 520, 520);
    const cropped = await raw(q50).extract({ left: 3, top: 5, width: 512, height: 512 }).jpeg({ quality: 90 }).toBuffer();
    const everything = [[0, 0], [512, 0], [512, 512], [0, 512]] as const;
    const splicedInput = await inputOf(await raw(spliced).jpeg({ quality: 90 }).toBuffer(), everything);
    const edited = await featuresOf(splicedInput);
    const shifted = await featuresOf(await inputOf(cropped, everything));
    const clean = await featuresOf(await inputOf(await raw(camera).jpeg({ quality: 90 }).toBuffer(), everything));
    // The shifted grid is there (whole-document score) but lifts every window alike: little local contrast.
    assert.ok(shifted['misgrid.global']! > 1.5 * clean['misgrid.global']!, `shifted global ${shifted['misgrid.global']} vs clean ${clean['misgrid.global']}`);
    assert.ok(edited['contrast.misgrid']! > 2 * shifted['contrast.misgrid']!, `spliced contrast ${edited['contrast.misgrid']} vs shifted ${shifted['contrast.misgrid']}`);
    assert.ok(edited['contrast.misgrid']! > 2 * clean['contrast.misgrid']!, `spliced contrast ${edited['contrast.misgrid']} vs clean ${clean['contrast.misgrid']}`);
    const where = ((await hawkSdFeatures().details!(splicedInput)) as { locallyOutstanding: { window: { x: number; y: number; width: number; height: number } | null } }).locallyOutstanding.window;
    assert.ok(where !== null && where.x < 203 + 96 && where.x + where.width > 203 && where.y < 229 + 32 && where.y + where.height > 229, `window ${JSON.stringify(where)}`);
  });

  it('aligned double JPEG (lab option): a field pasted between a q60 capture and its q90 re-save is found; off by default', async () => {
    const decodeRgb = async (jpeg: Buffer, width: number, height: number): Promise<RgbImage> => ({ width, height, data: new Uint8Array(await sharp(jpeg).raw().toBuffer()) });
    const camera = await decodeRgb(await raw(rgbFromGrey(cameraScene(512, 512, 41))).jpeg({ quality: 60 }).toBuffer(), 512, 512);
    const field = rgbFromGrey(cameraScene(512, 512, 42));
    // A never-compressed 96 x 40 px field (a retyped value) pasted at (203, 229), then the whole saved at q90.
    const edited: RgbImage = { width: 512, height: 512, data: camera.data.slice() };
    for (let y = 229; y < 269; y++) for (let x = 203; x < 299; x++) for (let c = 0; c < 3; c++) edited.data[(y * 512 + x) * 3 + c] = field.data[(y * 512 + x) * 3 + c]!;
    const everything = [[0, 0], [512, 0], [512, 512], [0, 512]] as const;
    const editedInput = await inputOf(await raw(edited).jpeg({ quality: 90 }).toBuffer(), everything);
    const resavedInput = await inputOf(await raw(camera).jpeg({ quality: 90 }).toBuffer(), everything);
    const extractor = hawkSdFeatures({ alignedDoubleJpeg: true });
    assert.deepEqual(extractor.names, [...HAWK_SD_FEATURES, ...HAWK_SD_ALIGNED_DQ_FEATURES]);
    const named = async (input: DetectorInput): Promise<Record<string, number>> => {
      const v = await extractor.extract(input);
      return Object.fromEntries(extractor.names.map((n, i) => [n, v[i]!]));
    };
    const e = await named(editedInput);
    const r = await named(resavedInput);
    assert.ok(r['adq.strength']! > 0.05, `the re-save shows double quantisation (${r['adq.strength']})`);
    assert.ok(e['adq.field']! > r['adq.field']! + 20, `edited field ${e['adq.field']} nats vs re-save ${r['adq.field']}`);
    assert.ok(e['adq.contrast']! > r['adq.contrast']!, `contrast ${e['adq.contrast']} vs ${r['adq.contrast']}`);
    // The 27 shipped features are the default extractor's, value for value.
    const shipped = await hawkSdFeatures().extract(editedInput);
    assert.deepEqual(Array.from(shipped), Array.from(await extractor.extract(editedInput)).slice(0, HAWK_SD_FEATURES.length));
    const details = (await extractor.details!(editedInput)) as { alignedDoubleJpeg: { mostEditedField: { x: number; y: number; width: number; height: number } | null; primarySteps: (number | null)[] } };
    const where = details.alignedDoubleJpeg.mostEditedField;
    assert.ok(where !== null && where.x < 299 && where.x + where.width > 203 && where.y < 269 && where.y + where.height > 229, `field ${JSON.stringify(where)}`);
    assert.ok(details.alignedDoubleJpeg.primarySteps.some((q) => q !== null && q > 4), `camera steps ${JSON.stringify(details.alignedDoubleJpeg.primarySteps)}`);
    assert.equal('alignedDoubleJpeg' in ((await hawkSdFeatures().details!(editedInput)) as object), false);
  });

  it('reads an editor in EXIF Software through the decoder, and phone screen sizes', async () => {
    const img = rgbFromGrey(cameraScene(256, 192, 5));
    const edited = await raw(img).jpeg({ quality: 90 }).withExif({ IFD0: { Make: 'Apple', Model: 'iPhone 13', Software: 'Adobe Photoshop 25.1 (Windows)' } }).toBuffer();
    const camera = await raw(img).jpeg({ quality: 90 }).withExif({ IFD0: { Make: 'Apple', Model: 'iPhone 13', Software: '17.1.2' } }).toBuffer();
    const e = await inputOf(edited);
    assert.equal(e.file.exif?.make, 'Apple');
    assert.equal((await featuresOf(e))['file.editorSoftware'], 1);
    assert.equal((await featuresOf(await inputOf(camera)))['file.editorSoftware'], 0);
    assert.equal(isEditorSoftware('GIMP 2.10.36'), 1);
    assert.equal(isEditorSoftware(null), 0);
    assert.equal(isPhoneScreenSize(1170, 2532), 1);
    assert.equal(isPhoneScreenSize(2400, 1080), 1);
    assert.equal(isPhoneScreenSize(1920, 1080), 0);
    assert.equal(isPhoneScreenSize(4032, 3024), 0);
  });

  it('format: a JPEG quality below the lowest the model was trained on counts as that lowest; higher ones as they are', async () => {
    const img = rgbFromGrey(cameraScene(256, 192, 7));
    const qualityFeature = async (quality: number): Promise<number> => {
      const bytes = await raw(img).jpeg({ quality }).toBuffer();
      const input = await inputOf(bytes);
      const measured = imageMeasurements(await decodeImage(bytes, { maxImagePixels: 50_000_000 })).jpegQuality;
      assert.ok(measured !== null && Math.abs(measured - quality) <= 2, `estimated quality ${measured} for ${quality}`);
      return (await featuresOf({ ...input, file: { ...input.file, jpegQuality: measured } }))['format.jpegQuality']!;
    };
    assert.equal(await qualityFeature(25), LOWEST_MODELLED_JPEG_QUALITY);
    assert.equal(await qualityFeature(45), LOWEST_MODELLED_JPEG_QUALITY);
    assert.ok(Math.abs((await qualityFeature(90)) - 90) <= 2);
    // Not a JPEG: no quality at all (unknown, the model's training mean), not the floor.
    assert.ok(Number.isNaN((await featuresOf(await inputOf(await raw(img).png().toBuffer())))['format.jpegQuality']!));
  });

  it('stops when the request is aborted', async () => {
    const input = await inputOf(await raw(rgbFromGrey(cameraScene(300, 300, 2))).png().toBuffer());
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(hawkSdFeatures().extract({ ...input, signal: controller.signal }));
  });

  describe('region map', () => {
    // 800 x 600 camera-like scene whose right quarter (the region map's last column) carries much stronger noise,
    // as a field pasted from another capture would.
    const doc = [[20, 20], [780, 20], [780, 580], [20, 580]] as const;
    async function splicedInput(): Promise<DetectorInput> {
      const scene = addGaussianNoise(cameraScene(800, 600, 21), 12, 22, { x: 590, y: 0, width: 210, height: 600 });
      return inputOf(await raw(rgbFromGrey(scene)).jpeg({ quality: 90 }).toBuffer(), doc);
    }

    it('regions(): rows x cols finite vectors of the extractor width; per-cell noise follows the cell, file cues stay whole', async () => {
      const extractor = hawkSdFeatures();
      const input = await splicedInput();
      const grid = await extractor.regions!(input);
      assert.equal(grid.rows, 3);
      assert.equal(grid.cols, 4);
      assert.equal(grid.features.length, grid.rows * grid.cols);
      const at = (cell: number, name: string) => grid.features[cell]![HAWK_SD_FEATURES.indexOf(name as (typeof HAWK_SD_FEATURES)[number])]!;
      for (const [i, v] of grid.features.entries()) {
        assert.equal(v.length, HAWK_SD_FEATURES.length);
        // format.* are unknown (NaN, the model's mean) when the file's JPEG quality is not measured, as here.
        for (const [j, x] of v.entries()) if (!HAWK_SD_FEATURES[j]!.startsWith('format.')) assert.ok(Number.isFinite(x), `cell ${i} ${HAWK_SD_FEATURES[j]} is ${x}`);
      }
      for (const row of [0, 1, 2]) {
        const plain = at(row * 4, 'noise.documentSigma');
        const noisy = at(row * 4 + 3, 'noise.documentSigma');
        assert.ok(noisy > plain * 2, `row ${row}: noisy cell sigma ${noisy} vs plain cell ${plain}`);
      }
      const whole = await extractor.extract(input);
      for (const name of ['format.jpegBitsPerPixel', 'chrome.outsideFlat', 'local.noiseSpread', 'contrast.misgrid']) {
        const j = HAWK_SD_FEATURES.indexOf(name as (typeof HAWK_SD_FEATURES)[number]);
        for (const v of grid.features) assert.equal(v[j], whole[j], `${name} stays the whole document's`);
      }
    });

    it('regions(): no document, no map; an aborted request stops', async () => {
      const input = await splicedInput();
      assert.deepEqual(await hawkSdFeatures().regions!({ ...input, document: null }), { rows: 0, cols: 0, features: [] });
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(hawkSdFeatures().regions!({ ...input, signal: controller.signal }));
    });

    it('explain() through the committed model returns evidence.regions with rows x cols finite scores', async () => {
      const detector = await createFeatureDetector('hawk-sd', hawkSdFeatures(), { modelDir: 'models' });
      try {
        const { evidence } = await detector.explain!(await splicedInput());
        assert.ok(evidence.regions, 'a region map');
        assert.equal(evidence.regions.rows, 3);
        assert.equal(evidence.regions.cols, 4);
        assert.equal(evidence.regions.scores.length, 12);
        assert.ok(evidence.regions.scores.every(Number.isFinite), `scores ${evidence.regions.scores.join(', ')}`);
      } finally {
        await detector.dispose();
      }
    });
  });
});
