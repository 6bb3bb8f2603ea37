import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LOCALISER_THRESHOLDS } from '../localisation/localise.js';
import { DEFAULT_VERIFICATION, verifiedWithoutPrint } from './frontend.js';

// Evidence values are the ones measured in docs/quality.md "Face-only verification (branch facegate)" and its
// paragraph "After the locnet merge (branch facegate2)".
const verify = (text: number, face: number, score: number, source: 'classical' | 'learned' = 'classical'): boolean =>
  verifiedWithoutPrint(text, face, { score, source }, DEFAULT_VERIFICATION, DEFAULT_LOCALISER_THRESHOLDS);

test('a watch dial (minute marks as faint print, a weak face-like score) on a vague quad is not a document', () => {
  assert.equal(verify(0.833, 0.255, 0.306), false);
});

test('a watch dial outlined by the learned mask, a clear face-like score and no print at all, is not a document', () => {
  assert.equal(verify(0, 0.783, 0.761, 'learned'), false);
});

test('a grey copy with faint print and a weak portrait on a clear quad is still a document', () => {
  assert.equal(verify(0.833, 0.395, 0.591), true);
  assert.equal(verify(0.417, 0.357, 0.884), true);
});

test('a clear portrait verifies a classical quad without any print, whatever its quad score', () => {
  assert.equal(verify(0, 0.982, 0.31), true);
  assert.equal(verify(0, 0.982, 0.795), true);
});

test('a learned outline with some faint print and a face is still a document', () => {
  assert.equal(verify(0.625, 0.47, 0.75, 'learned'), true);
  assert.equal(verify(0.833, 0.901, 0.709, 'learned'), true);
});

test('too little evidence altogether is never a document, even on a clear quad', () => {
  assert.equal(verify(0.2, 0.2, 0.95), false);
  assert.equal(verify(0, 0.5, 0.95), false);
});
