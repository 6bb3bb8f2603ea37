// The quad search's scalar aspect (run on every quad that passes the edge test) must be aspect.ts trueAspect exactly:
// the format fit before the cut decides which quads are scored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Quad } from '../domain/types.js';
import { trueAspect } from './aspect.js';
import { clockwise, signedArea } from './geometry.js';
import { cornersTrueAspect } from './quads.js';

/** Deterministic pseudo-random numbers (mulberry32): the same quads every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('cornersTrueAspect equals trueAspect of the clockwise quad, for either winding and degenerate quads', () => {
  const next = random(7);
  const width = 480, height = 270;
  const quads: Quad[] = [];
  for (let q = 0; q < 2000; q++) {
    const p = (): [number, number] => [-0.6 * width + 2.2 * width * next(), -0.6 * height + 2.2 * height * next()];
    quads.push([p(), p(), p(), p()]);
  }
  // Degenerate ones: the perspective model fails and the side-ratio fallback (or NaN) decides.
  quads.push([[10, 10], [10, 10], [10, 10], [10, 10]], [[0, 0], [100, 0], [200, 0], [300, 0]]);
  let windings = 0;
  for (const quad of quads) {
    const corners = Float64Array.from(quad.flat());
    const signed = signedArea(quad);
    if (signed < 0) windings++;
    const expected = trueAspect(clockwise(quad), width, height);
    assert.ok(Object.is(cornersTrueAspect(corners, signed, width, height), expected), `quad ${JSON.stringify(quad)}: ${cornersTrueAspect(corners, signed, width, height)} != ${expected}`);
  }
  // Both windings were exercised.
  assert.ok(windings > 100 && windings < quads.length - 100);
});
