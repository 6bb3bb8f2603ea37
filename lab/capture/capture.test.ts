import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../rng.js';
import { createCapture } from './index.js';
import { patternDocument, PATTERN_COLS, PATTERN_ROWS, PATTERN_LEVELS } from '../../test/lab/pattern-document.js';
import { syntheticDocument } from '../../test/lab/synthetic-document.js';
import { decode, lumaAt, pearson, quadMapper } from '../../test/lab/pixels.js';

const small = createCapture({ options: { resolution: [960, 540] } });

test('the same seed gives byte-identical captures, another seed a different one', async () => {
  const doc = syntheticDocument();
  const a = await small(doc, new Rng('det-1'));
  const b = await small(doc, new Rng('det-1'));
  const c = await small(doc, new Rng('det-2'));
  assert.deepEqual(Buffer.from(a.bytes), Buffer.from(b.bytes));
  assert.deepEqual(a.quads, b.quads);
  assert.notDeepEqual(Buffer.from(a.bytes), Buffer.from(c.bytes));
  assert.equal(a.label, 'bona_fide');
  assert.equal(a.attack, null);
});

test('ground-truth quads land on the document: cell brightness through the quad matches the printed pattern', async () => {
  const doc = patternDocument();
  let checked = 0;
  for (let i = 0; i < 6; i++) {
    const sample = await small(doc, new Rng(`quad-${i}`));
    const img = await decode(sample.bytes);
    const map = quadMapper(sample.quads[0]!);
    const seen: number[] = [];
    const expected: number[] = [];
    for (let r = 0; r < PATTERN_ROWS; r++) {
      for (let c = 0; c < PATTERN_COLS; c++) {
        const [x, y] = map((c + 0.5) / PATTERN_COLS, (r + 0.5) / PATTERN_ROWS);
        const l = lumaAt(img, x, y, 1);
        if (l === null) continue;
        seen.push(l);
        expected.push(PATTERN_LEVELS[r * PATTERN_COLS + c]!);
      }
    }
    if (seen.length < 6) continue; // mostly cropped away
    checked++;
    // Hands may hide a cell and light may fall unevenly, but a wrong corner order or offset breaks the ranking.
    const rho = pearson(seen, expected);
    assert.ok(rho > 0.75, `capture ${i}: correlation ${rho.toFixed(2)} between cells seen through the quad and the pattern`);
  }
  assert.ok(checked >= 4, `only ${checked} captures showed enough of the document`);
});
