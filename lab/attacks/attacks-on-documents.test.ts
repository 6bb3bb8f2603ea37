// The attacks on documents from lab/documents with faces from lab/faces (the capture is still the test double, so
// the traces measured here are the attacks' own).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDocument } from '../documents/index.js';
import { Rng } from '../rng.js';
import { splitOfFace } from '../split.js';
import { captureDouble } from '../../test/lab/doubles.js';
import { makeDigitalManipulation } from './digital-manipulation.js';
import { portraitSubstitution } from './portrait-substitution.js';

describe('attacks on rendered documents', () => {
  it('portrait substitution takes another face of the same split from lab/faces', async () => {
    for (const [seed, split] of [[1, 'test'], [2, 'val'], [3, 'train']] as const) {
      const doc = await renderDocument({ rng: new Rng(seed), split, documentType: 'ID_CARD' });
      if (!doc.portraitBox) continue;
      const s = await portraitSubstitution({ doc, rng: new Rng(seed), split, capture: captureDouble() });
      const ap = s.params['attackParams'] as Record<string, unknown>;
      assert.equal(s.attack, 'PORTRAIT_SUBSTITUTION');
      assert.notEqual(ap['replacementFaceId'], doc.faceId);
      assert.equal(splitOfFace(ap['replacementFaceId'] as string), split, 'the split rule holds for the substitute face');
    }
  });

  it('digital manipulation edits real fields (retype keeps to typeset fields, not the signature or MRZ)', async () => {
    const retype = makeDigitalManipulation({ kind: 'retype' });
    for (const seed of [1, 2, 3]) {
      const doc = await renderDocument({ rng: new Rng(seed), split: 'train' });
      const s = await retype({ doc, rng: new Rng(seed), split: 'train', capture: captureDouble() });
      assert.equal(s.attack, 'DIGITAL_MANIPULATIONS');
      const ap = s.params['attackParams'] as Record<string, unknown>;
      if (s.params['attackSubtype'] !== 'retype') continue; // no field in frame: the capture double frames the whole card, so rare
      assert.ok(!['signature', 'mrz'].includes(ap['field'] as string), `field ${String(ap['field'])}`);
      assert.notEqual(ap['newText'], ap['originalText']);
      assert.ok(!String(doc.params['fonts'] && (doc.params['fonts'] as Record<string, string>)['value']).toLowerCase().includes(ap['font'] as string));
    }
  });
});
