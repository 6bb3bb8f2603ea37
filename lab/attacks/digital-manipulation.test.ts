import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { Rng } from '../rng.js';
import { captureDouble, recordingCapture, syntheticDocument } from '../../test/lab/doubles.js';
import type { DigitalManipulationKind } from './digital-manipulation.js';
import { makeDigitalManipulation } from './digital-manipulation.js';
import { documentToImage, quadBounds } from './homography.js';
import type { LabQuad, PxBox } from '../types.js';
import { PHONE_DEVICES } from './phone-devices.js';
import { copyMove, cropAndAdjust, spliceFromCapture } from './photo-edits.js';
import type { Rgb8 } from './raster.js';
import { decodeRgb, jpegRoundTrip } from './raster.js';
import { blockinessByPhase, meanAbsDifference, noiseSigma } from './traces.js';

const doc = syntheticDocument(12);

async function run(kind: DigitalManipulationKind, seed: number, capture = captureDouble()) {
  const rec = recordingCapture(capture);
  const sample = await makeDigitalManipulation({ kind })({ doc, rng: new Rng(seed), split: 'train', capture: rec.capture });
  return { sample, sources: rec.samples, ap: sample.params['attackParams'] as Record<string, unknown> };
}

function pixel(img: Rgb8, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * img.width + Math.round(x)) * 3;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
}

/** How far phase `ph` rises above the median of the other non-zero phases (phase 0 is the last encode's grid). */
function standsOut(v: number[], ph: number): number {
  const others = v.filter((_, i) => i !== 0 && i !== ph).sort((a, b) => a - b);
  return v[ph]! - others[Math.floor(others.length / 2)]!;
}

function centre(q: LabQuad): [number, number] {
  return [q.reduce((s, p) => s + p[0], 0) / 4, q.reduce((s, p) => s + p[1], 0) / 4];
}

describe('digital manipulation: phone screenshots', () => {
  it('has an exact phone resolution, flat pixel-perfect status bar, no sensor noise in the UI and no EXIF', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const { sample, ap } = await run('screenshot', seed);
      const meta = await sharp(sample.bytes).metadata();
      assert.equal(meta.exif, undefined, 'no camera EXIF');
      assert.ok(PHONE_DEVICES.some((d) => d.width === meta.width && d.height === meta.height), `${meta.width}x${meta.height} is a phone resolution`);
      assert.equal(sample.params['attackSubtype'], 'screenshot');
      const img = await decodeRgb(sample.bytes);
      const statusH = ap['statusBarPx'] as number;
      // Status bar: the background colour repeats exactly (PNG) or nearly (one JPEG encode) on most pixels.
      const counts = new Map<number, number>();
      for (let y = 0; y < statusH; y++) {
        for (let x = 0; x < img.width; x++) {
          const [r, g, b] = pixel(img, x, y);
          const key = (r << 16) | (g << 8) | b;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
      const top = Math.max(...counts.values()) / (statusH * img.width);
      if (ap['encoding'] === 'png') {
        assert.ok(top > 0.75, `PNG status bar: ${(top * 100).toFixed(1)}% of pixels share one exact colour`);
        // A UI strip without glyphs (left 2 % of the bar, vertically centred rows) is exactly flat: no sensor noise.
        assert.equal(noiseSigma(img, { x: 0, y: Math.round(statusH * 0.1), width: Math.round(img.width * 0.02), height: Math.round(statusH * 0.2) }), 0);
      } else {
        assert.ok(top > 0.3, `JPEG status bar mostly flat (${(top * 100).toFixed(1)}%)`);
      }
    }
  });

  it('maps the ground-truth quads onto the document as displayed (checked by pixels)', async () => {
    for (const seed of [5, 6, 7]) {
      const { sample, sources } = await run('screenshot', seed);
      const photo = await decodeRgb(sources[0]!.bytes);
      const shot = await decodeRgb(sample.bytes);
      const ap = (sample.params['attackParams'] as Record<string, unknown>)['photoRect'] as PxBox;
      if (ap.width < 300) continue; // Tiny messenger thumbnails: colours still match, but the portrait is a few px.
      const [px, py] = centre(sample.portraitQuad!);
      const [ox, oy] = centre(sources[0]!.portraitQuad!);
      const a = pixel(shot, px, py);
      const b = pixel(photo, ox, oy);
      for (let c = 0; c < 3; c++) assert.ok(Math.abs(a[c]! - b[c]!) < 20, `portrait centre colour ${a} vs capture ${b}`);
      // The document quad's corners are on the card: just inside a corner the pixel is card-coloured, not the frame.
      const q = sample.quads[0]!;
      const [cx, cy] = centre(q);
      const inside = pixel(shot, q[1][0] * 0.9 + cx * 0.1, q[1][1] * 0.9 + cy * 0.1);
      assert.ok(inside[1] > 150, `just inside the top-right corner is card (${inside}), not background`);
    }
  });

  it('is deterministic by seed', async () => {
    const a = await run('screenshot', 42);
    const b = await run('screenshot', 42);
    assert.deepEqual(Buffer.from(a.sample.bytes), Buffer.from(b.sample.bytes));
  });
});

describe('digital manipulation: edited captures', () => {
  it('copy-move duplicates pixels exactly before the re-encode, and nearly after it', async () => {
    const { sample, sources, ap } = await run('copy_move', 3);
    assert.equal(sample.params['attackSubtype'], 'copy_move');
    const before = await decodeRgb(sources[0]!.bytes);
    const dest = ap['destination'] as PxBox;
    const [dx, dy] = ap['shiftPx'] as [number, number];
    const inner = { x: dest.x + 5, y: dest.y + 5, width: dest.width - 10, height: dest.height - 10 };
    const src = { ...inner, x: inner.x + dx, y: inner.y + dy };
    const exact = copyMove(before, { mode: 'conceal', field: '', otherField: null, destination: dest, shiftPx: [dx, dy], featherPx: ap['featherPx'] as number });
    assert.equal(meanAbsDifference(exact, inner, exact, src), 0, 'exact duplicate before encoding');
    assert.ok(meanAbsDifference(before, inner, before, src) > 3, 'the two regions differed before the edit');
    const after = await decodeRgb(sample.bytes);
    // After the one JPEG encode each copy carries its own quantisation error (the shift is not a multiple of 8, so
    // the two land on different blocks): they differ by at most about twice the encode error, far less than before.
    const encodeError = meanAbsDifference(exact, inner, after, inner);
    const dup = meanAbsDifference(after, inner, after, src);
    assert.ok(dup < 2 * encodeError + 0.5, `duplicate after re-encode ${dup.toFixed(2)} vs encode error ${encodeError.toFixed(2)}`);
    assert.ok(dup < 0.5 * meanAbsDifference(before, inner, before, src), 'the duplicate is far closer to its source than the original was');
  });

  it('a spliced region saved as its own JPEG crop keeps a grid phase the rest of the image does not have', async () => {
    const capture = captureDouble(3, 95);
    const t = await capture(doc, new Rng(1));
    const s = await capture(doc, new Rng(2));
    const target = await decodeRgb(t.bytes);
    const source = await decodeRgb(s.bytes);
    const field = doc.fields['date_of_birth']!;
    const region = { x: field.box.x - 20, y: field.box.y - 20, width: field.box.width + 200, height: field.box.height + 40 };
    const tH = documentToImage(doc.image.width, doc.image.height, t.quads[0]!);
    const sH = documentToImage(doc.image.width, doc.image.height, s.quads[0]!);
    const qb = quadBounds([
      [region.x, region.y],
      [region.x + region.width, region.y],
      [region.x + region.width, region.y + region.height],
      [region.x, region.y + region.height],
    ].map(([x, y]) => {
      const w = tH[6]! * x! + tH[7]! * y! + tH[8]!;
      return [(tH[0]! * x! + tH[1]! * y! + tH[2]!) / w, (tH[3]! * x! + tH[4]! * y! + tH[5]!) / w] as const;
    }) as unknown as LabQuad);
    const gx = Math.floor(qb.x0) - 5;
    const gy = Math.floor(qb.y0) - 5;
    const phase = [gx % 8, gy % 8];
    const spliced = await spliceFromCapture(target, tH, source, sH, {
      targetField: 'date_of_birth',
      sourceField: 'date_of_birth',
      regionDocPx: region,
      sourceShiftDocPx: [0, 0],
      colourMatch: 1,
      featherPx: 1,
      patchJpegQuality: 55,
      patchGridOrigin: [gx, gy],
    });
    const after = await jpegRoundTrip(spliced, 92);
    const inner = { x: Math.ceil(qb.x0) + 8, y: Math.ceil(qb.y0) + 8, width: Math.floor(qb.x1 - qb.x0) - 16, height: Math.floor(qb.y1 - qb.y0) - 16 };
    const inside = blockinessByPhase(after, inner);
    const outsideRegion = { x: inner.x, y: Math.ceil(qb.y1) + 20, width: inner.width, height: 60 };
    const outside = blockinessByPhase(after, outsideRegion);
    // Phase 0 is the final encode's grid (everywhere); the splice's own grid is the strongest of the other phases.
    assert.notEqual(phase[0], 0, 'the test geometry puts the splice off the grid in x');
    for (const [axis, ph] of [['x', phase[0]!]] as const) {
      const v = inside[axis];
      assert.equal(v.indexOf(Math.max(...v.slice(1))), ph, `${axis} phases inside ${v.map((n) => n.toFixed(2))}`);
      assert.ok(v[ph]! > outside[axis][ph]! + 0.2, `${axis} phase ${ph}: spliced ${v[ph]!.toFixed(2)} vs rest ${outside[axis][ph]!.toFixed(2)}`);
    }
  });

  it('re-saving a crop leaves the first JPEG grid shifted by the crop offset (non-aligned double JPEG)', async () => {
    const t = await captureDouble(3, 50)(doc, new Rng(8));
    const photo = await decodeRgb(t.bytes);
    // Crop 3 px on the left, 8 on top: the old grid moves to x phase 5 and stays at y phase 0.
    const left = 3;
    const top = 8;
    const edited = cropAndAdjust(photo, { crop: { left, top, right: 0, bottom: 0 }, gamma: 1, gain: 1, saturation: 1, jpegQuality: 92 });
    const after = await jpegRoundTrip(edited, 92);
    const q = t.quads[0]!;
    const b = quadBounds(q);
    const region = { x: Math.ceil(b.x0) + 20 - left, y: Math.ceil(b.y0) + 20 - top, width: Math.floor(b.x1 - b.x0) - 40, height: Math.floor(b.y1 - b.y0) - 40 };
    const blk = blockinessByPhase(after, region);
    // The capture's grid (x = 0 mod 8 there) sits at (8 - left) mod 8 after the crop; phase 0 is the new encode's.
    // (Measured across columns only: vertical steps cross the card's horizontal guilloche, which weakens that axis.)
    const ex = (8 - left) % 8;
    assert.equal(blk.x.indexOf(Math.max(...blk.x.slice(1))), ex, `x phases ${blk.x.map((v) => v.toFixed(2))}`);
    assert.ok(standsOut(blk.x, ex) > 0.15, `the old grid stands out: x ${blk.x.map((v) => v.toFixed(2))}`);
    // Control: a crop on the 8-pixel grid leaves no grid at non-zero phases.
    const alignedCrop = await jpegRoundTrip(cropAndAdjust(photo, { crop: { left: 8, top, right: 0, bottom: 0 }, gamma: 1, gain: 1, saturation: 1, jpegQuality: 92 }), 92);
    const ctl = blockinessByPhase(alignedCrop, { ...region, x: region.x - 5 });
    assert.ok(standsOut(ctl.x, ex) < 0.08, `aligned control at phase ${ex}: ${ctl.x.map((v) => v.toFixed(2))}`);
  });

  it('retyping changes the field and nothing far from it, in a different font', async () => {
    const { sample, sources, ap } = await run('retype', 4);
    assert.equal(sample.params['attackSubtype'], 'retype');
    assert.notEqual(ap['newText'], ap['originalText']);
    assert.notEqual(ap['font'], 'roboto', 'the double renders its fields in Roboto, so the retype uses another font');
    const before = await decodeRgb(sources[0]!.bytes);
    const after = await decodeRgb(sample.bytes);
    const eb = quadBounds(ap['editedQuad'] as LabQuad);
    const field = { x: Math.ceil(eb.x0), y: Math.ceil(eb.y0), width: Math.floor(eb.x1 - eb.x0), height: Math.floor(eb.y1 - eb.y0) };
    assert.ok(meanAbsDifference(before, field, after, field) > 2, 'the field changed');
    const far = { x: 20, y: 20, width: 200, height: 100 };
    assert.ok(meanAbsDifference(before, far, after, far) < 2.5, 'far from the field only the re-encode differs');
  });

  it('every kind is labelled DIGITAL_MANIPULATIONS with its sub-type, and bad kinds are refused', async () => {
    for (const kind of ['splice', 'resave'] as const) {
      const { sample } = await run(kind, 9);
      assert.equal(sample.label, 'attack');
      assert.equal(sample.attack, 'DIGITAL_MANIPULATIONS');
      assert.equal(sample.params['attackSubtype'], kind);
      assert.equal(sample.extension, 'jpg');
    }
    // Same seed, same bytes for an edit that captures twice (splice).
    const a = await run('splice', 12);
    const b = await run('splice', 12);
    assert.deepEqual(Buffer.from(a.sample.bytes), Buffer.from(b.sample.bytes));
    // A cropped re-save moves the ground truth with the crop, and the pixels there are the same document pixels.
    const r = await run('resave', 13);
    const crop = r.ap['crop'] as { left: number; top: number };
    const srcQuad = r.sources[0]!.quads[0]!;
    r.sample.quads[0]!.forEach(([x, y], i) => {
      assert.ok(Math.abs(x - (srcQuad[i]![0] - crop.left)) < 1e-9 && Math.abs(y - (srcQuad[i]![1] - crop.top)) < 1e-9);
    });
    const [ox, oy] = centre(r.sources[0]!.portraitQuad!);
    const [nx, ny] = centre(r.sample.portraitQuad!);
    const lumaAt = (img: Rgb8, x: number, y: number): number => pixel(img, x, y).reduce((s2, v) => s2 + v, 0) / 3;
    const before = await decodeRgb(r.sources[0]!.bytes);
    const after = await decodeRgb(r.sample.bytes);
    // The tone edit changes levels by at most ~25 %; a wrong shift would land on other content entirely.
    const ratio = lumaAt(after, nx, ny) / lumaAt(before, ox, oy);
    assert.ok(ratio > 0.7 && ratio < 1.35, `portrait centre luminance ratio ${ratio.toFixed(2)}`);
    assert.throws(() => makeDigitalManipulation({ kind: 'blur' as never }), /kind "blur" is not one of screenshot, retype, splice, copy_move, resave/);
  });
});

describe('retyped text', () => {
  it('changes digits in dates and numbers and replaces names by other names', async () => {
    const { alterText } = await import('./photo-edits.js');
    const rng = new Rng(3);
    for (let i = 0; i < 20; i++) {
      const date = alterText('14.03.1987', rng);
      assert.match(date, /^\d\d\.\d\d\.\d{4}$/);
      assert.notEqual(date, '14.03.1987');
      const name = alterText('CLAIRE ANNE', rng);
      assert.notEqual(name, 'CLAIRE ANNE');
      assert.match(name, /^[A-Z]+ [A-Z]+$/, 'still two upper-case words');
    }
  });
});
