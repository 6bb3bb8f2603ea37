import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RgbImage } from '../image/types.js';
import { card } from '../../test/support/synthetic.js';
import { sharedDataDir } from '../../test/support/shared-data.js';
import { findPortrait } from './portrait.js';
import { PORTRAIT_FACE_MODEL, TinyFaceDetector } from './tiny-face-detector.js';

let faces: TinyFaceDetector;
before(async () => { faces = await TinyFaceDetector.load(`models/${PORTRAIT_FACE_MODEL}`); });
after(async () => { await faces.dispose(); });

const PHOTO = { x: 40, y: 90, width: 140, height: 180 };

/** A 640 x 403 canonical card with a faded, slightly soft portrait (contrast x 0.3, as on worn or dim documents). */
async function fadedPortraitCard(): Promise<RgbImage> {
  const face = await sharp(join(sharedDataDir(), 'faces', 'ai-face.jpg')).resize(PHOTO.width, PHOTO.height, { fit: 'cover' })
    .blur(1.5).linear(0.3, 128 * 0.7).removeAlpha().raw().toBuffer();
  const doc = card(640, 403, 11);
  for (let y = 0; y < PHOTO.height; y++) for (let x = 0; x < PHOTO.width; x++) {
    const t = ((y + PHOTO.y) * 640 + x + PHOTO.x) * 3, s = (y * PHOTO.width + x) * 3;
    doc.data[t] = face[s]!; doc.data[t + 1] = face[s + 1]!; doc.data[t + 2] = face[s + 2]!;
  }
  return doc;
}

test('a faded portrait (contrast x 0.3, soft) is found, its face box on the photo', async () => {
  const doc = await fadedPortraitCard();
  const search = await findPortrait(faces, doc);
  assert.ok(search.found, `portrait found (score ${search.best?.face.score})`);
  const face = search.best!.face;
  // The face box is centred on the pasted photo, in document coordinates (the window offset is undone).
  const cx = face.x + face.width / 2, cy = face.y + face.height / 2;
  assert.ok(cx > PHOTO.x && cx < PHOTO.x + PHOTO.width && cy > PHOTO.y && cy < PHOTO.y + PHOTO.height, `face centre ${cx}, ${cy}`);
});

test('the same document with its portrait covered (a thumb, a white label) has no portrait, in any window', async () => {
  for (const colour of [[200, 150, 125], [245, 245, 245]] as const) {
    const doc = await fadedPortraitCard();
    for (let y = PHOTO.y - 5; y < PHOTO.y + PHOTO.height + 5; y++) for (let x = PHOTO.x - 5; x < PHOTO.x + PHOTO.width + 5; x++) {
      const i = (y * 640 + x) * 3; doc.data[i] = colour[0]; doc.data[i + 1] = colour[1]; doc.data[i + 2] = colour[2];
    }
    const search = await findPortrait(faces, doc);
    assert.equal(search.found, false, `covered with ${colour}: face score ${search.best?.face.score}`);
  }
});
