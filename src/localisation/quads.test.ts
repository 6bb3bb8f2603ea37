import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rng } from '../../test/support/synthetic.js';
import { bestRecords } from './quads.js';

test('bestRecords is the head of a stable descending sort of every record (ties at the cut included)', () => {
  const random = rng(97);
  for (const [count, keep, levels] of [[5000, 400, 0], [5000, 400, 30], [1200, 400, 3], [300, 400, 10], [400, 400, 5], [401, 400, 1], [0, 400, 0]] as const) {
    const fields = 3;
    const records = new Float64Array(count * fields);
    // levels > 0: values from a few levels only, so that many records tie (also at the cut).
    for (let q = 0; q < count; q++) records[q * fields + 1] = levels > 0 ? Math.floor(random() * levels) / levels : random();
    const plain = Array.from({ length: count }, (_, q) => q)
      .sort((x, y) => records[y * fields + 1]! - records[x * fields + 1]! || x - y)
      .slice(0, keep);
    assert.deepEqual(bestRecords(records, count, fields, 1, keep), plain, `${count} records, ${levels} levels`);
  }
});
