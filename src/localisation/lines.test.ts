import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rng } from '../../test/support/synthetic.js';
import { bandInFrame } from './lines.js';

// refineLine samples 5 points across the line (offsets -2..2 along its normal, rounded) and skips every t outside
// bandInFrame's range: none of those t may have a sample on a pixel it would have used (1 .. size - 2).
test('outside bandInFrame no band sample of a line lands inside the frame; inside, some do', () => {
  const random = rng(91);
  const width = 480, height = 270, diag = Math.hypot(width, height);
  let inside = 0;
  for (let k = 0; k < 400; k++) {
    const theta = k < 4 ? (k * Math.PI) / 4 : random() * Math.PI;
    const rho = (random() * 2 - 1) * diag;
    const nx = Math.cos(theta), ny = Math.sin(theta), dx = -ny, dy = nx, x0 = rho * nx, y0 = rho * ny;
    const [lo, hi] = bandInFrame(x0, y0, dx, dy, width, height);
    for (let t = -diag; t <= diag; t += 1) {
      let hits = false;
      for (let o = -2; o <= 2; o++) {
        const x = Math.round(x0 + t * dx + o * nx), y = Math.round(y0 + t * dy + o * ny);
        if (x >= 1 && y >= 1 && x < width - 1 && y < height - 1) hits = true;
      }
      if (t < lo || t > hi) assert.equal(hits, false, `theta ${theta}, rho ${rho}, t ${t} outside [${lo}, ${hi}]`);
      else if (hits) inside++;
    }
  }
  assert.ok(inside > 10_000, `${inside} samples inside`);
});
