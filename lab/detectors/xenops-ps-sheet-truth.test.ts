// The ground truth of the per-strip labels (xenops-ps-sheet-truth.ts): the sidecar's pasted box goes through render
// px -> photo (from the printed portrait's two boxes) -> canonical (the front-end's quad), and a strip is labelled 1
// only where the sheet's same-named side passes through its middle.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Point, Quad } from '../../src/domain/types.js';
import { ACROSS_TOLERANCE, distanceToSide, photoToCanonical, physicalStripLabels, sheetInPhoto, type TruthSidecar } from './xenops-ps-sheet-truth.js';
import { stripPlaces } from './xenops-ps-edge-strips.js';

const close = (a: readonly Point[], b: readonly Point[], eps = 1e-6): void =>
  a.forEach((p, i) => assert.ok(Math.hypot(p[0] - b[i]![0], p[1] - b[i]![1]) < eps, `corner ${i}: ${p} vs ${b[i]}`));

describe('xenops-ps sheet truth', () => {
  it('maps the pasted box through the printed portrait box (render px scaled by 2 and shifted in the photo)', () => {
    const sidecar: TruthSidecar = {
      // Render box 100x200 at (10, 20) -> photo at twice the size, shifted by (300, 100).
      portrait_quad: [[320, 140], [520, 140], [520, 540], [320, 540]],
      params: { attackParams: { portraitBoxPx: { x: 10, y: 20, width: 100, height: 200 }, overlay: { centerPx: [60, 120], widthPx: 104, heightPx: 204, rotationDeg: 0 } } },
    };
    close(sheetInPhoto(sidecar)!, [[316, 136], [524, 136], [524, 544], [316, 544]]);
  });

  it('turns the pasted box by its rotation about its centre', () => {
    const sidecar: TruthSidecar = {
      portrait_quad: [[0, 0], [100, 0], [100, 100], [0, 100]],
      params: { attackParams: { portraitBoxPx: { x: 0, y: 0, width: 100, height: 100 }, overlay: { centerPx: [50, 50], widthPx: 40, heightPx: 20, rotationDeg: 90 } } },
    };
    // 90 degrees: the 40-wide box stands 40 high; left-top goes to (60, 30).
    close(sheetInPhoto(sidecar)!, [[60, 30], [60, 70], [40, 70], [40, 30]]);
  });

  it('has no sheet without an overlay (bona fide, digital)', () => {
    assert.equal(sheetInPhoto({ portrait_quad: [[0, 0], [1, 0], [1, 1], [0, 1]], params: {} }), null);
  });

  it('maps photo points onto the canonical document of a quad', () => {
    const quad: Quad = [[100, 50], [740, 50], [740, 453], [100, 453]];
    close(photoToCanonical([[100, 50], [420, 251.5]], quad, 640, 403), [[0, 0], [320, 201.5]]);
    // Half the size in the photo: canonical coordinates double.
    const half: Quad = [[0, 0], [320, 0], [320, 201.5], [0, 201.5]];
    close(photoToCanonical([[160, 100]], half, 640, 403), [[320, 200]]);
  });

  it('labels a strip 1 only across the same-named side, within the tolerance', () => {
    const sheet: Point[] = [[100, 100], [200, 100], [200, 250], [100, 250]];
    // Fitted rectangle 3 px inside the sheet on the left, 20 px off on the right (the fit missed that side).
    const places = stripPlaces([[103, 100], [220, 100], [220, 250], [103, 250]], 'fit');
    const labels = physicalStripLabels(places, sheet);
    const bySide = (side: string) => labels.filter((_, i) => places[i]!.side === side);
    assert.deepEqual(bySide('left'), [1, 1, 1]);
    assert.deepEqual(bySide('right'), [null, null, null]);
    assert.ok(ACROSS_TOLERANCE > 3 && ACROSS_TOLERANCE < 20);
    // A left strip centre lying on the sheet's top side is far from the sheet's left side.
    assert.equal(distanceToSide({ side: 'left', x: 150, y: 100 }, sheet), 50);
  });
});
