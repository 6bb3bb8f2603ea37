import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FACE_CROP_HEIGHT, FACE_CROP_WIDTH, listFaces, loadFace, loadFacePortrait, loadIdPhoto } from './faces.js';
import { FACE_IDS } from './faces-catalogue.js';

test('every catalogued face loads as a 420 x 540 crop with the face inside it', async () => {
  for (const id of FACE_IDS) {
    const { image, face } = await loadFacePortrait(id);
    assert.equal(image.width, FACE_CROP_WIDTH);
    assert.equal(image.height, FACE_CROP_HEIGHT);
    assert.ok(face.cx > 0.2 && face.cx < 0.8 && face.cy > 0.2 && face.cy < 0.8, `${id}: face centre ${face.cx.toFixed(2)}, ${face.cy.toFixed(2)}`);
    assert.ok(face.height > 0.2 && face.height < 0.8, `${id}: face height ${face.height.toFixed(2)}`);
  }
  assert.equal(listFaces().length, FACE_IDS.length);
});

test('the ID photo keeps the face and puts a plain light backdrop in the top corners', async () => {
  const id = FACE_IDS[0] as string;
  const raw = await loadFace(id);
  const photo = await loadIdPhoto(id);
  const { face } = await loadFacePortrait(id);
  const at = (img: typeof raw, x: number, y: number): number[] => {
    const i = (Math.round(y) * img.width + Math.round(x)) * 4;
    return [img.data[i] as number, img.data[i + 1] as number, img.data[i + 2] as number];
  };
  // Face centre unchanged (within rounding), top corner close to the backdrop grey.
  const c = [face.cx * raw.width, face.cy * raw.height] as const;
  assert.deepEqual(at(photo, ...c), at(raw, ...c));
  const corner = at(photo, 3, 3);
  assert.ok(corner.every((v) => Math.abs(v - 228) < 30), `corner ${corner.join(',')}`);
});

test('an unknown face is refused with the list of accepted ids', async () => {
  await assert.rejects(loadFace('nobody.jpg'), /unknown face "nobody.jpg"; accepted: /);
});
