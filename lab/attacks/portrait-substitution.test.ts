import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../rng.js';
import type { DocumentRender } from '../types.js';
import { captureDouble, flatFaces, recordingCapture, syntheticDocument, testFaces } from '../../test/lab/doubles.js';
import { applyPortraitOverlay, drawOverlayParams } from './portrait-overlay.js';
import type { OverlayParams } from './portrait-overlay.js';
import { makePortraitSubstitution, swapPortraitDigitally } from './portrait-substitution.js';
import type { DigitalSwapParams } from './portrait-substitution.js';
import { quadBounds } from './homography.js';
import { decodeRgb, jpegRoundTrip, rgbaToRgb, createRgb } from './raster.js';
import type { Rgb8 } from './raster.js';
import { blockinessByPhase, noiseSigma, spectralPower } from './traces.js';

const doc = syntheticDocument(12);

/** A face stand-in with fine texture everywhere (so JPEG blocking has something to act on). */
function texturedFace(): Rgb8 {
  const f = createRgb(240, 300);
  const rng = new Rng(99);
  for (let i = 0; i < f.width * f.height; i++) {
    const v = Math.max(0, Math.min(255, Math.round(140 + rng.normal(0, 14))));
    f.data[i * 3] = f.data[i * 3 + 1] = f.data[i * 3 + 2] = v;
  }
  return f;
}

function flatFace(): Rgb8 {
  const f = createRgb(60, 75);
  f.data.fill(150);
  return f;
}

function overlayFor(d: DocumentRender, overrides: Partial<OverlayParams>, seed = 5): OverlayParams {
  const base = drawOverlayParams(d, d.portraitBox!, new Rng(seed));
  return { ...base, ...overrides };
}

describe('portrait substitution, physical (printed photo stuck on)', () => {
  it('the stuck photo carries its own AM halftone: the red channel has a peak at the cyan screen ruling and angle', () => {
    const lpi = 120;
    const p = overlayFor(doc, {
      rotationDeg: 0,
      liftedCorner: null,
      print: { process: 'laser_am', deviceDpi: doc.pxPerMm * 4 * 25.4, lpi, anglesDeg: [15, 75, 0, 45], paperWhite: [0.92, 0.92, 0.9], dotGain: 0.1 },
    });
    const altered = rgbaToRgb(applyPortraitOverlay(doc, flatFace(), p, new Rng(1)).image);
    const region = { x: Math.round(p.centerPx[0] - p.widthPx / 4), y: Math.round(p.centerPx[1] - p.heightPx / 4), width: Math.round(p.widthPx / 2), height: Math.round(p.heightPx / 2) };
    // Screen frequency in cycles per render pixel: lpi / 25.4 mm per inch / px per mm (physics, not a fitted number).
    const f = lpi / 25.4 / doc.pxPerMm;
    const a = (15 * Math.PI) / 180;
    const peak = spectralPower(altered, region, 0, f * Math.cos(a), f * Math.sin(a));
    // Background: same radius, angles away from all four screens (0, 15, 45, 75 deg and their 90-degree images).
    const off = [30, 37, 52, 60, 100, 120, 142].map((deg) => spectralPower(altered, region, 0, f * Math.cos((deg * Math.PI) / 180), f * Math.sin((deg * Math.PI) / 180)));
    const maxOff = Math.max(...off);
    assert.ok(peak > 20 * maxOff, `halftone peak ${peak.toFixed(1)} should stand 20x above off-angle power ${maxOff.toFixed(2)}`);
    // Before the overlay the flat card portrait has no such peak.
    const before = spectralPower(rgbaToRgb(doc.image), region, 0, f * Math.cos(a), f * Math.sin(a));
    assert.ok(peak > 50 * Math.max(before, 1e-3), 'the peak comes from the print, not from the card');
  });

  it('an inkjet-printed photo adds dither noise where the card portrait was smooth', () => {
    const p = overlayFor(doc, {
      rotationDeg: 0,
      liftedCorner: null,
      print: { process: 'inkjet_fm', deviceDpi: doc.pxPerMm * 3 * 25.4, lpi: null, anglesDeg: null, paperWhite: [0.92, 0.92, 0.9], dotGain: 0.15 },
    });
    const altered = rgbaToRgb(applyPortraitOverlay(doc, flatFace(), p, new Rng(2)).image);
    const region = { x: Math.round(p.centerPx[0] - 40), y: Math.round(p.centerPx[1] - 40), width: 80, height: 80 };
    const dither = noiseSigma(altered, region);
    const card = noiseSigma(rgbaToRgb(doc.image), region);
    // 3x3 device dots per render pixel: binomial coverage noise of a few grey levels remains after integration.
    assert.ok(dither > 2 && dither > 3 * card, `inkjet dither noise ${dither.toFixed(2)} should exceed 2 grey levels and 3x the card's ${card.toFixed(2)}`);
  });

  it('the sheet edge casts a shadow on the side away from the light only', () => {
    const p = overlayFor(doc, { rotationDeg: 0, liftedCorner: null, lightAzimuthDeg: 0, shadowLengthPx: 3, shadowStrength: 0.4 });
    const before = rgbaToRgb(doc.image);
    const after = rgbaToRgb(applyPortraitOverlay(doc, flatFace(), p, new Rng(3)).image);
    const cy = Math.round(p.centerPx[1]);
    const ratioAt = (x: number): number => {
      let a = 0;
      let b = 0;
      for (let y = cy - 60; y < cy + 60; y++) {
        const i = (y * before.width + x) * 3 + 1;
        a += after.data[i]!;
        b += before.data[i]!;
      }
      return a / b;
    };
    // Light from +x: the shadow falls beyond the left edge (the sheet is 0.1-0.3 mm thick, shadow 3 px).
    const left = Math.floor(p.centerPx[0] - p.widthPx / 2) - 2;
    const right = Math.ceil(p.centerPx[0] + p.widthPx / 2) + 1;
    assert.ok(ratioAt(left) < 0.85, `left (shadow side) darkened to ${ratioAt(left).toFixed(3)}`);
    assert.ok(ratioAt(right) > 0.99, `right (lit side) unchanged: ${ratioAt(right).toFixed(3)}`);
  });

  it('a lifted corner throws a longer shadow than the corners lying flat', () => {
    const p = overlayFor(doc, { rotationDeg: 0, liftedCorner: 0, liftSizeMm: 5, lightAzimuthDeg: 0, shadowLengthPx: 3, shadowStrength: 0.4 });
    const before = rgbaToRgb(doc.image);
    const after = rgbaToRgb(applyPortraitOverlay(doc, flatFace(), p, new Rng(3)).image);
    // Left edge (away from the light), 2.5 shadow lengths out: only a raised edge reaches that far.
    const x = Math.floor(p.centerPx[0] - p.widthPx / 2 - 2.5 * p.shadowLengthPx);
    const darkening = (y0: number): number => {
      let a = 0;
      let b = 0;
      for (let y = y0; y < y0 + 10; y++) {
        const i = (y * before.width + x) * 3 + 1;
        a += after.data[i]!;
        b += before.data[i]!;
      }
      return 1 - a / b;
    };
    const top = Math.ceil(p.centerPx[1] - p.heightPx / 2) + 2;
    const bottom = Math.floor(p.centerPx[1] + p.heightPx / 2) - 12;
    assert.ok(darkening(top) > 0.05, `shadow beside the lifted top-left corner: ${darkening(top).toFixed(3)}`);
    assert.ok(darkening(bottom) < 0.01, `no shadow that far out beside the flat bottom-left corner: ${darkening(bottom).toFixed(3)}`);
  });

  it('is labelled, captured, deterministic by seed and uses a different face of the same split', async () => {
    const attack = makePortraitSubstitution(testFaces, { kind: 'physical' });
    const a = await attack({ doc, rng: new Rng(11), split: 'train', capture: captureDouble() });
    const b = await attack({ doc, rng: new Rng(11), split: 'train', capture: captureDouble() });
    assert.deepEqual(Buffer.from(a.bytes), Buffer.from(b.bytes));
    assert.equal(a.label, 'attack');
    assert.equal(a.attack, 'PORTRAIT_SUBSTITUTION');
    assert.equal(a.params['attackSubtype'], 'physical');
    const ap = a.params['attackParams'] as Record<string, unknown>;
    assert.notEqual(ap['replacementFaceId'], doc.faceId);
    assert.ok(a.portraitQuad);
  });

  it('refuses a document without a portrait with a clear message', async () => {
    const attack = makePortraitSubstitution(flatFaces);
    await assert.rejects(
      attack({ doc: { ...doc, portraitBox: null }, rng: new Rng(1), split: 'train', capture: captureDouble() }),
      /needs a document with a portrait.*portraitBox null/,
    );
  });
});

describe('portrait substitution, digital (pasted in an editor)', () => {
  async function swapped(params: Partial<DigitalSwapParams>, face: Rgb8 = flatFace()): Promise<{ before: Rgb8; after: Rgb8; box: { x: number; y: number; width: number; height: number }; origin: readonly [number, number] }> {
    const rec = recordingCapture(captureDouble(4, 95));
    const sample = await rec.capture(doc, new Rng(21));
    const before = await decodeRgb(sample.bytes);
    const quad = sample.portraitQuad!;
    const p: DigitalSwapParams = {
      replacementFaceId: 'flat-b',
      colourMatch: 0.5,
      blurSigmaPx: 0.8,
      addedNoiseSigma: 0,
      featherPx: 2,
      grow: 1.04,
      patchJpegQuality: null,
      patchGridOrigin: [Math.floor(quadBounds(quad).x0) - 3, Math.floor(quadBounds(quad).y0) - 3],
      finalJpegQuality: 95,
      ...params,
    };
    const edited = await swapPortraitDigitally(before, quad, face, p, new Rng(4));
    const after = await jpegRoundTrip(edited, p.finalJpegQuality);
    const b = quadBounds(quad);
    const box = { x: Math.ceil(b.x0) + 12, y: Math.ceil(b.y0) + 12, width: Math.floor(b.x1 - b.x0) - 24, height: Math.floor(b.y1 - b.y0) - 24 };
    return { before, after, box, origin: p.patchGridOrigin };
  }

  it('the pasted face lacks the capture noise of the card around it', async () => {
    const { after, box } = await swapped({});
    const inside = noiseSigma(after, box);
    const outside = noiseSigma(after, { x: box.x + box.width + 40, y: box.y, width: 60, height: box.height });
    // Capture double noise sigma 4 (JPEG 95 keeps most of it); the blurred paste has none of its own.
    assert.ok(outside > 2.5, `card noise ${outside.toFixed(2)}`);
    assert.ok(inside < outside * 0.4, `pasted face noise ${inside.toFixed(2)} should be well below the card's ${outside.toFixed(2)}`);
  });

  it('a face patch saved as its own JPEG keeps its 8x8 grid at its own phase', async () => {
    const { after, box, origin } = await swapped({ patchJpegQuality: 40, blurSigmaPx: 0 }, texturedFace());
    const b = blockinessByPhase(after, box);
    const phase = [origin[0] % 8, origin[1] % 8] as const;
    assert.notEqual(phase[0], 0, 'the test places the patch off the final grid in x');
    // The strongest non-zero phase inside the pasted face is the patch's own grid origin mod 8.
    // Measured across columns (x): the test geometry guarantees a non-zero x phase.
    for (const [axis, v, ph] of [['x', b.x, phase[0]]] as const) {
      const best = v.indexOf(Math.max(...v.slice(1)));
      assert.equal(best, ph, `${axis} grid phase: blockiness ${v.map((n) => n.toFixed(2)).join(' ')}`);
      const others = v.filter((_, i) => i !== 0 && i !== ph).sort((a, c) => a - c);
      assert.ok(v[ph]! - others[3]! > 0.08, `${axis} phase ${ph} blockiness ${v[ph]!.toFixed(2)} should stand out of ${others.map((n) => n.toFixed(2))}`);
    }
    // Outside the paste the card shows no blocking at that phase.
    const card = blockinessByPhase(after, { x: box.x + box.width + 40, y: box.y, width: 120, height: box.height });
    const ph = phase[0] !== 0 ? phase[0] : phase[1];
    const inside = phase[0] !== 0 ? b.x[ph]! : b.y[ph]!;
    const outside = phase[0] !== 0 ? card.x[ph]! : card.y[ph]!;
    assert.ok(inside > outside + 0.1, `phase ${ph}: pasted ${inside.toFixed(2)} vs card ${outside.toFixed(2)}`);
  });
});
