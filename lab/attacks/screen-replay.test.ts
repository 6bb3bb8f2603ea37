import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { captureDocument, createCapture } from '../capture/index.js';
import type { CaptureOptions } from '../capture/index.js';
import type { DocumentRender } from '../types.js';
import type { DisplayModel } from '../capture/display.js';
import { drawFrameWhiteBalance, drawReplayFraming, screenReplay } from './screen-replay.js';
import { syntheticDocument } from '../../test/lab/synthetic-document.js';
import { decode, lumaAt } from '../../test/lab/pixels.js';
import { hann, highPass, magnitudeSpectrum } from '../../test/lab/spectrum.js';

const testDisplay: DisplayModel = {
  displayClass: 'tablet', name: 'test stripe panel', ppi: 254, pitchMm: 0.1, cols: 400, rows: 300, layout: 'rgb-stripe',
  gamma: 2.2, whitePointK: 6500, brightness: 1.5, blackLevel: 0.002, fillX: 0.8, fillY: 0.85, wideGamut: false,
  bezelMm: 4, screenCornerRadiusMm: 0, bodyColor: [0.02, 0.02, 0.02], glassReflectance: 0.01,
};

function captureOptions(widthFill: number): CaptureOptions {
  return {
    resolution: [640, 480],
    controlled: { widthFill, noNoise: true },
    encoding: { path: 'phone', quality: 95, longSide: null, phoneModel: ['Test', 'Camera'] },
  };
}

function greyCard(wMm: number, hMm: number): DocumentRender {
  const doc = syntheticDocument();
  const w = 8 * wMm;
  const h = 8 * hMm;
  return { ...doc, image: { width: w, height: h, data: new Uint8ClampedArray(w * h * 4).fill(160) }, pxPerMm: 8, widthMm: wMm, heightMm: hMm, cornerRadiusMm: 0, laminated: false, hologramBoxes: [] };
}

/**
 * A fronto-parallel shot of a uniformly grey screen: the only fine structure is the sub-pixel grid. Its frequency
 * on the sensor is f_s = 1 / (screen pitch x sensor pixels per mm); sampled by the sensor it must fold back to
 * |f_s - round(f_s)| (LAB-PHYSICS.md, "Moire is aliasing").
 */
async function measuredAlias(widthFill: number, flatCardControl = false): Promise<{ predicted: number; fs: number; peak: number; prominence: number; amplitude: number; isLocalPeak: boolean }> {
  const capture = createCapture({ options: captureOptions(widthFill) });
  const replay = await screenReplay(
    { doc: syntheticDocument(), rng: new Rng(`moire-${widthFill}`), split: 'train', capture: captureDocument },
    {
      display: testDisplay,
      uniformGrey: 0.6,
      documentScreenFill: 0.9,
      noUi: true,
      capture: captureOptions(widthFill),
    },
  );
  const attack = replay.params['attack'] as { screenPixelCyclesPerSensorPx: number; predictedAliasCyclesPerPx: number };
  // Control: a matte grey card the size of the displayed document, photographed from the same distance.
  const sample = flatCardControl ? await capture(greyCard(36, 27), new Rng(`moire-${widthFill}`)) : replay;
  const img = await decode(sample.bytes);
  // Central window inside the screen: average the rows (the stripes are vertical) into one signal along x. The green
  // channel is used: green sits on a quincunx lattice whose aliases fold at integer frequencies, as in |f_s - k|;
  // red and blue are sampled every second pixel and fold at multiples of 0.5 (their aliases are elsewhere).
  const n = 200;
  const x0 = Math.round(img.width / 2 - n / 2);
  const y0 = Math.round(img.height / 2 - 60);
  const signal: number[] = [];
  for (let x = x0; x < x0 + n; x++) {
    let s = 0;
    for (let y = y0; y < y0 + 120; y++) {
      const o = (y * img.width + x) * 3;
      s += img.data[o + 1]!;
    }
    signal.push(s / 120);
  }
  const spec = magnitudeSpectrum(hann(highPass(signal, 15)));
  const band = spec.filter((_, k) => k / n >= 0.08 && k / n <= 0.45).sort((x, y) => x - y);
  const median = band[band.length >> 1]!;
  // Strongest bin within one bin of the prediction, and its prominence over the band's median.
  const kp = Math.round(attack.predictedAliasCyclesPerPx * n);
  let best = kp;
  for (const k of [kp - 1, kp + 1]) if (spec[k]! > spec[best]!) best = k;
  const isLocalPeak = spec[best]! >= Math.max(spec[best - 2]!, spec[best + 2]!);
  return { predicted: attack.predictedAliasCyclesPerPx, fs: attack.screenPixelCyclesPerSensorPx, peak: best / n, prominence: spec[best]! / median, amplitude: spec[best]!, isLocalPeak };
}

test('a screen capture has energy at the display pitch aliased where f_alias = |f_s - k| predicts', async () => {
  // Two magnifications: f_s ~ 1.27 and ~ 1.21 cycles per sensor pixel, both above Nyquist (0.5), chosen so the
  // fundamental's alias is apart from the harmonics' and the red/blue aliases (folding at k/2) and from the JPEG
  // block grid (multiples of 1/8).
  for (const fill of [360 / (1.27 * 640), 360 / (1.21 * 640)]) {
    const m = await measuredAlias(fill);
    assert.ok(m.fs > 1, `screen grid at ${m.fs} cycles/px should be beyond Nyquist`);
    // Tolerance: two DFT bins (2/200) plus the +-0.5 px uncertainty of where the centre window sits.
    assert.ok(m.isLocalPeak, `no spectral peak at the predicted alias ${m.predicted.toFixed(3)} cycles/px (f_s ${m.fs.toFixed(3)})`);
    assert.ok(m.prominence > 5, `alias peak at ${m.peak.toFixed(3)} only ${m.prominence.toFixed(1)} x the median spectrum`);
    const control = await measuredAlias(fill, true);
    assert.ok(m.amplitude > 5 * control.amplitude, `screen ${m.amplitude.toFixed(3)} vs flat grey card ${control.amplitude.toFixed(3)} (grey levels) at ${m.predicted.toFixed(3)} cycles/px`);
  }
});

test('screen replays are labelled, carry the display model and put the quad on the screen', async () => {
  const s = await screenReplay({ doc: syntheticDocument(), rng: new Rng('sr-label'), split: 'train', capture: captureDocument }, { capture: { resolution: [960, 540] }, framing: { content: 'document' } });
  assert.equal(s.label, 'attack');
  assert.equal(s.attack, 'SCREEN_REPLAY');
  const attack = s.params['attack'] as { display: { ppi: number; layout: string } };
  assert.ok(attack.display.ppi >= 90 && attack.display.ppi <= 560);
  assert.ok(['rgb-stripe', 'bgr-stripe', 'pentile-rgbg'].includes(attack.display.layout));
  assert.equal(s.quads.length, 1);
});

test('replay framing is drawn per seed: pictures, close-ups and messenger re-sends in the planned shares', () => {
  assert.deepEqual(drawReplayFraming(new Rng('framing-a')), drawReplayFraming(new Rng('framing-a')));
  const drawn = Array.from({ length: 400 }, (_, i) => drawReplayFraming(new Rng(`framing-${i}`)));
  const share = (f: (x: (typeof drawn)[number]) => boolean) => drawn.filter(f).length / drawn.length;
  assert.ok(Math.abs(share((d) => d.content === 'picture') - 0.3) < 0.07, `pictures ${share((d) => d.content === 'picture')}`);
  assert.ok(Math.abs(share((d) => d.messenger !== null) - 0.35) < 0.07, `messenger ${share((d) => d.messenger !== null)}`);
  assert.ok(Math.abs(share((d) => d.closeUpArea !== null) - 0.46) < 0.08, `close-ups ${share((d) => d.closeUpArea !== null)}`);
  for (const d of drawn) {
    if (d.messenger) assert.ok(d.messenger.longSide <= 1280 && d.messenger.quality >= 60 && d.messenger.quality <= 85, JSON.stringify(d.messenger));
    if (d.closeUpArea !== null) assert.ok(d.content === 'picture' ? d.closeUpArea > 1 : d.closeUpArea >= 0.65, JSON.stringify(d));
  }
});

test('a close-up of a displayed document fills the frame; a picture re-sent by messenger has no document, is smaller and has no EXIF', async () => {
  const ctx = { doc: syntheticDocument(), rng: new Rng('sr-close'), split: 'train' as const, capture: captureDocument };
  const close = await screenReplay(ctx, { capture: { resolution: [640, 480] }, framing: { content: 'document', closeUpArea: 0.9, messenger: null } });
  const q = close.quads[0]!;
  const area = Math.abs(q.reduce((a, p, i) => a + p[0] * q[(i + 1) % 4]![1] - q[(i + 1) % 4]![0] * p[1], 0)) / 2;
  assert.ok(area / (640 * 480) > 0.5, `the document covers ${(area / (640 * 480)).toFixed(2)} of the frame`);
  assert.equal((close.params['camera'] as { closeUp: boolean }).closeUp, true);

  const picture = await screenReplay({ ...ctx, rng: new Rng('sr-picture') }, { capture: { resolution: [640, 480] }, framing: { content: 'picture', closeUpArea: 1.3, messenger: { longSide: 480, quality: 65 } } });
  assert.equal(picture.quads.length, 0, 'no document on the screen, none annotated');
  assert.equal(picture.portraitQuad, null);
  const img = await decode(picture.bytes);
  assert.equal(Math.max(img.width, img.height), 480, 'downscaled to the messenger long side');
  const enc = picture.params['encoding'] as { path: string; jpegQuality: number; exif: string | null };
  assert.deepEqual([enc.path, enc.jpegQuality, enc.exif], ['messenger', 65, null]);
  // The screen overflows the frame: its border is lit screen content, not the dark bezel.
  let ring = 0;
  let n = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (x > 8 && y > 8 && x < img.width - 9 && y < img.height - 9) continue;
      const o = (y * img.width + x) * 3;
      ring += (img.data[o]! + img.data[o + 1]! + img.data[o + 2]!) / 3;
      n++;
    }
  }
  assert.ok(ring / n > 20, `frame border mean ${(ring / n).toFixed(1)} (a bezel would be near black)`);
});

test('with viewingFalloff the screen is darker off-axis than in its centre; without it the panel is uniform', async () => {
  // Edge-to-centre luma of a uniformly grey screen that nearly fills the frame, sampled inside the quad.
  async function edgeToCentre(viewingFalloff: boolean): Promise<{ ratio: number; falloff: unknown }> {
    const replay = await screenReplay(
      { doc: syntheticDocument(), rng: new Rng('falloff'), split: 'train', capture: captureDocument },
      { display: testDisplay, uniformGrey: 0.6, documentScreenFill: 0.9, noUi: true, capture: captureOptions(0.95), viewingFalloff },
    );
    const img = await decode(replay.bytes);
    const quad = replay.quads[0]!;
    const [a, , c] = [quad[0], quad[1], quad[2]];
    const cx = (a[0] + c[0]) / 2;
    const cy = (a[1] + c[1]) / 2;
    const edgeX = a[0] + 0.06 * (c[0] - a[0]);
    const centre = lumaAt(img, cx, cy, 6)!;
    const edge = lumaAt(img, edgeX, cy, 6)!;
    return { ratio: edge / centre, falloff: (replay.params['attack'] as { emissionFalloff?: number }).emissionFalloff };
  }
  const plain = await edgeToCentre(false);
  const dimmed = await edgeToCentre(true);
  assert.equal(plain.falloff, undefined, 'no fall-off recorded without the option');
  assert.ok(typeof dimmed.falloff === 'number' && dimmed.falloff >= 0.5 && dimmed.falloff <= 2, `tablet exponent in 0.5..2, got ${String(dimmed.falloff)}`);
  assert.ok(dimmed.ratio < plain.ratio - 0.02, `edge/centre ${dimmed.ratio.toFixed(3)} with fall-off vs ${plain.ratio.toFixed(3)} without`);
});

test('with frameWhiteBalance a screen filling the frame is white-balanced by the camera: its white reads more neutral', async () => {
  // A bluish (9000 K) panel showing flat grey fills ~90 % of a controlled frame; the room light is the seed's. Without
  // the option the AWB blends the room light with the screen's white; with it the frame alone sets the estimate.
  const bluish: DisplayModel = { ...testDisplay, whitePointK: 9000 };
  async function centreBlueMinusRed(frameWhiteBalance: boolean): Promise<{ bMinusR: number; screenAwb: { screenShare: number; greyWorldWeight: number } | undefined }> {
    const replay = await screenReplay(
      { doc: syntheticDocument(), rng: new Rng('screen-awb'), split: 'train', capture: captureDocument },
      { display: bluish, uniformGrey: 0.7, documentScreenFill: 0.9, noUi: true, capture: captureOptions(0.95), frameWhiteBalance },
    );
    const img = await decode(replay.bytes);
    // Mean over the central 40 % of the frame: single pixels carry the sub-pixel moire's colour bands.
    let bMinusR = 0;
    let n = 0;
    for (let y = Math.round(img.height * 0.3); y < img.height * 0.7; y++) {
      for (let x = Math.round(img.width * 0.3); x < img.width * 0.7; x++, n++) bMinusR += img.data[(y * img.width + x) * 3 + 2]! - img.data[(y * img.width + x) * 3]!;
    }
    const sensor = replay.params['sensor'] as { screenAwb?: { screenShare: number; greyWorldWeight: number } };
    return { bMinusR: bMinusR / n, screenAwb: sensor.screenAwb };
  }
  const plain = await centreBlueMinusRed(false);
  const balanced = await centreBlueMinusRed(true);
  assert.equal(plain.screenAwb, undefined, 'nothing recorded without the option');
  assert.ok(balanced.screenAwb !== undefined && balanced.screenAwb.screenShare > 0.6, `screen share of the frame ${JSON.stringify(balanced.screenAwb)}`);
  // Without the option the estimate blends the room light with the white patch: the screen keeps a tint.
  assert.ok(Math.abs(plain.bMinusR) >= 8, `without the option the screen keeps a tint (B - R ${plain.bMinusR.toFixed(1)})`);
  assert.ok(Math.abs(balanced.bMinusR) <= Math.abs(plain.bMinusR) - 5, `B - R ${balanced.bMinusR.toFixed(1)} with the option vs ${plain.bMinusR.toFixed(1)} without`);
});

test('frameWhiteBalance draws mostly close-ups filling 60-100 % of the frame, a keyboard deck on laptops, a chin on monitors', () => {
  const laptop: DisplayModel = { ...testDisplay, displayClass: 'laptop' };
  const rng = new Rng('fwb-draws');
  const draws = Array.from({ length: 400 }, () => drawFrameWhiteBalance(rng.fork('d'), laptop));
  const closeUps = draws.filter((d) => d.closeUp !== null);
  assert.ok(Math.abs(closeUps.length / draws.length - 0.75) < 0.07, `close-up share ${closeUps.length / draws.length}`);
  assert.ok(closeUps.every((d) => d.closeUp!.screenShare >= 0.6 && d.closeUp!.screenShare <= 1), 'screen share in 0.6..1');
  assert.ok(closeUps.filter((d) => d.closeUp!.bandSide === 'bottom').length / closeUps.length > 0.7, 'laptops mostly show the keyboard at the bottom');
  assert.ok(draws.every((d) => d.lowerBandMm > 0 && d.strength >= 0.75 && d.strength <= 1), 'every laptop has a keyboard deck; strength in 0.75..1');
  assert.equal(drawFrameWhiteBalance(new Rng('fwb-phone'), { ...testDisplay, displayClass: 'phone' }).lowerBandMm, 0, 'phones have no band below the screen');
});
