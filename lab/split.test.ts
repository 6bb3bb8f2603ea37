import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROCEDURAL_FAMILIES } from './documents/family-ids.js';
import { listSpecimenFamilies } from './documents/specimen-files.js';
import { FACE_IDS } from './faces-catalogue.js';
import { familiesFor, facesFor, LAB_SPLITS, specimenDesign, splitGroup, splitOfFace, splitOfFamily } from './split.js';
import { identityOfFace } from './faces-catalogue.js';

test('no family and no face is in two splits, and every one has a split', () => {
  const allFamilies = [...PROCEDURAL_FAMILIES.map((f) => f.id), ...listSpecimenFamilies().map((s) => s.family)];
  const seen = new Map<string, string>();
  for (const split of LAB_SPLITS) {
    for (const f of familiesFor(split)) {
      assert.equal(seen.get(f), undefined, `family ${f} in ${seen.get(f)} and ${split}`);
      seen.set(f, split);
      assert.equal(splitOfFamily(f), split);
    }
  }
  assert.deepEqual([...seen.keys()].sort(), [...allFamilies].sort());
  const faces = new Map<string, string>();
  for (const split of LAB_SPLITS) {
    for (const f of facesFor(split)) {
      assert.equal(faces.get(f), undefined, `face ${f} in two splits`);
      faces.set(f, split);
      assert.equal(splitOfFace(f), split);
    }
  }
  assert.equal(faces.size, FACE_IDS.length);
});

test('every split has procedural ID cards, passports and faces; train has about 70 %', () => {
  for (const split of LAB_SPLITS) {
    assert.ok(familiesFor(split, 'ID_CARD').some((f) => !f.startsWith('specimen:')), `${split}: no procedural ID card family`);
    assert.ok(familiesFor(split, 'PASSPORT').some((f) => !f.startsWith('specimen:')), `${split}: no procedural passport family`);
    assert.ok(facesFor(split).length > 0, `${split}: no faces`);
  }
  const n = FACE_IDS.length;
  assert.ok(Math.abs(facesFor('train').length / n - 0.7) < 0.12, `train faces ${facesFor('train').length}/${n}`);
});

test('the split depends only on the names, not on their order', () => {
  const names = Array.from({ length: 40 }, (_, i) => `family-${i}`);
  const a = splitGroup(names);
  const b = splitGroup([...names].reverse());
  assert.deepEqual([...a].sort(), [...b].sort());
  const counts = { train: 0, val: 0, test: 0 };
  for (const s of a.values()) counts[s]++;
  assert.deepEqual(counts, { train: 28, val: 6, test: 6 });
});

test('unknown names get a clear message', () => {
  assert.throws(() => splitOfFamily('id-99'), /unknown layout family "id-99"; known: id-01/);
  assert.throws(() => splitOfFace('nobody.jpg'), /unknown face "nobody.jpg"/);
});

test('one person or one specimen design never spans two splits', () => {
  const byIdentity = new Map<string, Set<string>>();
  for (const id of FACE_IDS) {
    const set = byIdentity.get(identityOfFace(id)) ?? new Set<string>();
    set.add(splitOfFace(id));
    byIdentity.set(identityOfFace(id), set);
  }
  for (const [identity, splits] of byIdentity) assert.equal(splits.size, 1, `${identity} in ${[...splits].join(' and ')}`);
  assert.equal(specimenDesign('100_pass-uto.jpg'), specimenDesign('25_pass-uto.jpg'));
  assert.equal(specimenDesign('100_pass-cze2.jpg'), 'pass-cze');
  assert.equal(specimenDesign('100_pass2-uto.jpg'), 'pass-uto');
  const uto = listSpecimenFamilies().filter((s) => specimenDesign(s.file) === 'pass-uto').map((s) => splitOfFamily(s.family));
  assert.equal(new Set(uto).size, uto.length ? 1 : 0);
});
