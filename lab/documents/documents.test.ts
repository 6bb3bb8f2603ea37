import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCanvas } from '@napi-rs/canvas';
import { loadFacePortrait } from '../faces.js';
import { Rng } from '../rng.js';
import { familiesFor, facesFor, splitOfFamily } from '../split.js';
import type { DocumentRender, PxBox, Rgba8 } from '../types.js';
import { renderDocument } from './index.js';
import { PROCEDURAL_FAMILIES } from './family-ids.js';
import { checkDigit } from './mrz.js';

function luminance(img: Rgba8, box: PxBox, w: number, h: number): Float64Array {
  // Box-averaged resample of a region to w x h luminance values.
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      let n = 0;
      const x0 = box.x + Math.floor((x * box.width) / w);
      const x1 = box.x + Math.floor(((x + 1) * box.width) / w);
      const y0 = box.y + Math.floor((y * box.height) / h);
      const y1 = box.y + Math.floor(((y + 1) * box.height) / h);
      for (let yy = y0; yy < y1; yy++) {
        for (let xx = x0; xx < x1; xx++) {
          const i = (yy * img.width + xx) * 4;
          sum += 0.299 * (img.data[i] as number) + 0.587 * (img.data[i + 1] as number) + 0.114 * (img.data[i + 2] as number);
          n++;
        }
      }
      out[y * w + x] = n ? sum / n : 0;
    }
  }
  return out;
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

const render = (family: string, seed: string, faceId?: string): Promise<DocumentRender> =>
  renderDocument({ rng: new Rng(seed), split: splitOfFamily(family), family, ...(faceId ? { faceId } : {}) });

test('same seed gives byte-identical documents; another seed changes the personal data', async () => {
  const a = await render('id-01', 'seed-1');
  const b = await render('id-01', 'seed-1');
  const c = await render('id-01', 'seed-2');
  assert.deepEqual(Buffer.from(a.image.data), Buffer.from(b.image.data));
  assert.deepEqual(a.fields, b.fields);
  // Caches filled by other families (static layers, faces) must not change a document: workers render in any order.
  for (const f of PROCEDURAL_FAMILIES) await render(f.id, 'other');
  const again = await render('id-01', 'seed-1');
  assert.deepEqual(Buffer.from(again.image.data), Buffer.from(a.image.data));
  assert.notDeepEqual(a.fields['surname']?.text + String(a.fields['documentNumber']?.text), c.fields['surname']?.text + String(c.fields['documentNumber']?.text));
});

test('sizes follow ID-1 and ID-3 at the stated resolution, with transparent rounded card corners', async () => {
  for (const f of PROCEDURAL_FAMILIES) {
    const d = await render(f.id, 'size');
    assert.equal(d.documentType, f.documentType);
    assert.ok(Math.abs(d.widthMm - (f.documentType === 'ID_CARD' ? 85.6 : 125)) < 0.1, `${f.id} width ${d.widthMm}`);
    assert.ok(Math.abs(d.heightMm - (f.documentType === 'ID_CARD' ? 53.98 : 88)) < 0.1, `${f.id} height ${d.heightMm}`);
    assert.equal(d.image.width, Math.round(d.widthMm * d.pxPerMm));
    const cornerAlpha = d.image.data[3] as number;
    const centreAlpha = d.image.data[((d.image.height >> 1) * d.image.width + (d.image.width >> 1)) * 4 + 3] as number;
    assert.equal(centreAlpha, 255);
    assert.equal(cornerAlpha, f.documentType === 'ID_CARD' ? 0 : 255, `${f.id} corner alpha`);
  }
});

test('the portrait box holds the face: the face pixels correlate with the face crop, a shifted box does not', async () => {
  for (const f of PROCEDURAL_FAMILIES) {
    const d = await render(f.id, 'face');
    assert.ok(d.portraitBox && d.faceId, `${f.id} has a portrait`);
    const { image: face, face: geo } = await loadFacePortrait(d.faceId);
    // The face itself (eyes to chin, cheek to cheek): the backdrop, frames and overlays leave it alone.
    const region = (w: number, h: number, x0: number, y0: number): PxBox => ({
      x: x0 + Math.round((geo.cx - 0.3 * geo.height * (h / w)) * w),
      y: y0 + Math.round((geo.cy - 0.35 * geo.height) * h),
      width: Math.round(0.6 * geo.height * h),
      height: Math.round(0.7 * geo.height * h),
    });
    const expected = luminance(face, region(face.width, face.height, 0, 0), 12, 14);
    const b = d.portraitBox;
    const got = correlation(luminance(d.image, region(b.width, b.height, b.x, b.y), 12, 14), expected);
    const shiftX = b.x > d.image.width / 2 ? -b.width : b.width;
    const shifted = correlation(luminance(d.image, region(b.width, b.height, b.x + shiftX, b.y), 12, 14), expected);
    assert.ok(got > 0.85, `${f.id}: face correlation ${got.toFixed(3)}`);
    assert.ok(shifted < 0.6, `${f.id}: shifted box correlation ${shifted.toFixed(3)}`);
  }
});

test('the ghost portrait box holds a faded copy of the same face, and overlay boxes lie on the document', async () => {
  let ghosts = 0;
  for (const f of PROCEDURAL_FAMILIES) {
    const d = await render(f.id, 'ghost');
    for (const b of d.hologramBoxes) {
      assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= d.image.width && b.y + b.height <= d.image.height, `${f.id} overlay box inside`);
    }
    if (!d.ghostPortraitBox || !d.faceId) continue;
    ghosts++;
    const face = await loadFacePortrait(d.faceId);
    // At a coarse scale the halftone / line screen averages to the tone of the face: its darkness follows the face's.
    const g = d.ghostPortraitBox;
    const geo = face.face;
    const region = (w: number, h: number, x0: number, y0: number): PxBox => ({
      x: x0 + Math.round(geo.cx * w - 0.45 * geo.height * h),
      y: y0 + Math.round((geo.cy - 0.5 * geo.height) * h),
      width: Math.round(0.9 * geo.height * h),
      height: Math.round(1.0 * geo.height * h),
    });
    const expected = luminance(face.image, region(face.image.width, face.image.height, 0, 0), 6, 7);
    const got = correlation(luminance(d.image, region(g.width, g.height, g.x, g.y), 6, 7), expected);
    assert.ok(got > 0.7, `${f.id}: ghost correlation ${got.toFixed(3)}`);
  }
  assert.ok(ghosts >= 10, `only ${ghosts} families with a ghost portrait`);
});

test('MRZ lines have the ICAO length and valid check digits, and match the printed number', async () => {
  for (const f of PROCEDURAL_FAMILIES) {
    const d = await render(f.id, 'mrz');
    if (d.mrz.length === 0) continue;
    if (d.documentType === 'PASSPORT') {
      assert.equal(d.mrz.length, 2);
      const l2 = d.mrz[1] as string;
      assert.ok(d.mrz.every((l) => l.length === 44));
      assert.equal(l2[9], checkDigit(l2.slice(0, 9)));
      assert.equal(l2[19], checkDigit(l2.slice(13, 19)));
      assert.equal(l2[27], checkDigit(l2.slice(21, 27)));
      assert.equal(l2[43], checkDigit(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43)));
      assert.equal(l2.slice(0, 9).replace(/<+$/, ''), d.fields['documentNumber']?.text);
    } else {
      assert.equal(d.mrz.length, 3);
      const [l1, l2] = d.mrz as [string, string, string];
      assert.ok(d.mrz.every((l) => l.length === 30));
      assert.equal(l1[14], checkDigit(l1.slice(5, 14)));
      assert.equal(l2[29], checkDigit(l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29)));
      assert.equal(l1.slice(5, 14).replace(/<+$/, ''), d.fields['documentNumber']?.text);
    }
  }
});

test('layouts are visibly different: every pair of families differs clearly at thumbnail scale', async () => {
  const thumbs: { family: string; lum: Float64Array }[] = [];
  for (const f of PROCEDURAL_FAMILIES) {
    const d = await render(f.id, 'look', facesFor(splitOfFamily(f.id))[0]);
    // Per-channel thumbnails so colour schemes count as well as structure.
    const c = createCanvas(d.image.width, d.image.height);
    const g = c.getContext('2d');
    const img = g.createImageData(d.image.width, d.image.height);
    img.data.set(d.image.data);
    g.putImageData(img, 0, 0);
    const t = createCanvas(32, 20);
    t.getContext('2d').drawImage(c, 0, 0, 32, 20);
    const px = t.getContext('2d').getImageData(0, 0, 32, 20).data;
    thumbs.push({ family: f.id, lum: Float64Array.from(px.filter((_, i) => i % 4 !== 3)) });
  }
  for (let i = 0; i < thumbs.length; i++) {
    for (let j = i + 1; j < thumbs.length; j++) {
      const a = thumbs[i]!;
      const b = thumbs[j]!;
      if (a.lum.length !== b.lum.length) continue; // card vs passport: different shapes already
      let sum = 0;
      for (let k = 0; k < a.lum.length; k++) sum += Math.abs((a.lum[k] as number) - (b.lum[k] as number));
      const mad = sum / a.lum.length;
      assert.ok(mad > 12, `${a.family} and ${b.family} look alike (mean abs difference ${mad.toFixed(1)} of 255)`);
    }
  }
});

test('the split is enforced: a family or face of another split is refused with a clear message', async () => {
  const testFamily = familiesFor('test').find((f) => !f.startsWith('specimen:'));
  assert.ok(testFamily);
  await assert.rejects(renderDocument({ rng: new Rng(1), split: 'train', family: testFamily }), /belongs to the test split, not train/);
  const testFace = facesFor('test')[0];
  const trainFamily = familiesFor('train').find((f) => !f.startsWith('specimen:'));
  assert.ok(testFace && trainFamily);
  await assert.rejects(renderDocument({ rng: new Rng(1), split: 'train', family: trainFamily, faceId: testFace }), /face .* belongs to the test split/);
  await assert.rejects(renderDocument({ rng: new Rng(1), split: 'train', family: 'id-77' }), /unknown layout family "id-77"/);
  await assert.rejects(renderDocument({ rng: new Rng(1), split: 'training' as never }), /split "training" is not one of train, val, test/);
  await assert.rejects(renderDocument({ rng: new Rng(1), split: 'train', documentType: 'VISA' as never }), /documentType "VISA" is not one of ID_CARD, PASSPORT/);
});

test('random documents of a split use only that split\'s families and faces, and both document types', async () => {
  const rng = new Rng('mix');
  const types = new Set<string>();
  for (let i = 0; i < 12; i++) {
    const d = await renderDocument({ rng: rng.fork(String(i)), split: 'val' });
    assert.equal(splitOfFamily(d.family), 'val');
    if (d.faceId) assert.ok(facesFor('val').includes(d.faceId));
    types.add(d.documentType);
  }
  assert.equal(types.size, 2);
});

test('specimens render as documents of their family with the type from the file name and portrait boxes inside the page', async () => {
  for (const split of ['train', 'val', 'test'] as const) {
    for (const family of familiesFor(split).filter((f) => f.startsWith('specimen:'))) {
      const d = await renderDocument({ rng: new Rng(1), split, family });
      assert.equal(d.family, family);
      if (d.portraitBox) {
        const b = d.portraitBox;
        assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= d.image.width && b.y + b.height <= d.image.height, `${family} portrait box inside`);
        assert.ok(b.height > b.width, `${family} portrait box is upright`);
      }
      assert.equal(d.documentType, /(^|_)(id|card)[-_.]/.test(family.slice(9)) ? 'ID_CARD' : 'PASSPORT');
      assert.ok(d.image.width >= 1000 && d.image.data.length === d.image.width * d.image.height * 4);
    }
  }
});
