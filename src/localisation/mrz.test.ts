import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Point, Quad } from '../domain/types.js';
import { applyHomography, homographyFromPoints } from '../image/homography.js';
import { background, card, greyPassportPage, placeInQuad, td1Card } from '../../test/support/synthetic.js';
import { ID3_ASPECT, trueAspect } from './aspect.js';
import { quadIou } from './geometry.js';
import { findMrzPage } from './mrz.js';
import { landscapeOrder, rectify } from './rectify.js';
import type { RgbImage } from '../image/types.js';

const PAGE_QUAD: Quad = [[220, 150], [780, 170], [770, 560], [230, 545]];
/** The body of the page: the page quad without its MRZ zone (the bottom 23.2 mm of 88). */
function bodyOf(quad: Quad, fromBottom: boolean): Quad {
  const h = homographyFromPoints([[0, 0], [1, 0], [1, 1], [0, 1]], quad);
  const cut = 1 - 23.2 / 88;
  const at = (x: number, y: number): Point => applyHomography(h, x, y);
  return fromBottom ? [at(0, 0), at(1, 0), at(1, cut), at(0, cut)] : [at(0, 1 - cut), at(1, 1 - cut), at(1, 1), at(0, 1)];
}
const paperScene = (page = greyPassportPage(875, 616, 5)): ReturnType<typeof placeInQuad> =>
  placeInQuad(background(1000, 720, 11, [236, 236, 236]), page, PAGE_QUAD);

test('a passport page whose MRZ zone is as light as the paper is extended from its body to the whole page', async () => {
  const scene = paperScene();
  const body = landscapeOrder(bodyOf(PAGE_QUAD, true));
  const aspect = trueAspect(body, scene.width, scene.height);
  assert.ok(aspect > 1.6, `the body alone reads as an ID-1 card or wider (${aspect.toFixed(3)})`);
  const page = await findMrzPage(scene, body, aspect);
  assert.ok(page !== null, 'MRZ found');
  assert.equal(page.found, 'outside');
  assert.ok(quadIou(page.quad, PAGE_QUAD) > 0.95, `IoU ${quadIou(page.quad, PAGE_QUAD).toFixed(3)}`);
  assert.ok(Math.abs(trueAspect(page.quad, scene.width, scene.height) - ID3_ASPECT) < 0.02);
  // Corner 0 is the page's own top-left: the MRZ is at the bottom.
  assert.ok(Math.hypot(page.quad[0][0] - PAGE_QUAD[0][0], page.quad[0][1] - PAGE_QUAD[0][1]) < 10);
});

test('an upside-down page is extended on the other side and turned upright', async () => {
  const turned: Quad = [PAGE_QUAD[2], PAGE_QUAD[3], PAGE_QUAD[0], PAGE_QUAD[1]];
  const scene = placeInQuad(background(1000, 720, 11, [236, 236, 236]), greyPassportPage(875, 616, 6), turned);
  // The localiser's quad in the reading order of the image (corner 0 top-left of the frame), MRZ zone above it.
  const body = bodyOf(PAGE_QUAD, false);
  const page = await findMrzPage(scene, body, trueAspect(body, scene.width, scene.height));
  assert.ok(page !== null, 'MRZ found');
  assert.ok(quadIou(page.quad, PAGE_QUAD) > 0.95, `IoU ${quadIou(page.quad, PAGE_QUAD).toFixed(3)}`);
  const [x0, y0] = page.quad[0];
  assert.ok(Math.hypot(x0 - turned[0][0], y0 - turned[0][1]) < 10, `corner 0 at ${x0.toFixed(0)},${y0.toFixed(0)}`);
});

test('an ID card on a desk, or on a sheet of print-like texture, is not extended', async () => {
  const quad: Quad = [[220, 150], [780, 170], [770, 515], [230, 500]];
  for (const seed of [21, 22]) {
    const scene = placeInQuad(background(1000, 720, seed), card(856, 540, seed), quad);
    assert.equal(await findMrzPage(scene, quad, trueAspect(quad, scene.width, scene.height)), null);
  }
  // A sheet full of text lines below and above the card (a newspaper): lines without an MRZ's clear zone.
  const newspaper = placeInQuad(card(1000, 720, 23, [230, 230, 230]), card(856, 540, 24), quad);
  assert.equal(await findMrzPage(newspaper, quad, trueAspect(quad, newspaper.width, newspaper.height)), null);
});

test('a whole passport page holding its zone reads as TD3; an ID card with three MRZ lines reads as TD1', async () => {
  const page = paperScene();
  const found = await findMrzPage(page, PAGE_QUAD, trueAspect(PAGE_QUAD, page.width, page.height));
  assert.ok(found !== null, 'passport MRZ found');
  assert.equal(found.found, 'inside');
  assert.equal(found.format, 'TD3');
  // The card's quad shortened along its long side (as by a dark band at one end) reads at a passport's aspect.
  const quad: Quad = [[220, 150], [720, 165], [712, 500], [228, 488]];
  const scene = placeInQuad(background(1000, 720, 31, [236, 236, 236]), td1Card(856, 540, 31), quad);
  const aspect = trueAspect(quad, scene.width, scene.height);
  assert.ok(aspect < 1.51, `aspect ${aspect.toFixed(3)} reads as ID-3`);
  const card1 = await findMrzPage(scene, quad, aspect);
  assert.ok(card1 !== null, 'TD1 MRZ found');
  assert.equal(card1.format, 'TD1');
  // Upside down, the zone is found above and the format is the same.
  const turned: Quad = [quad[2], quad[3], quad[0], quad[1]];
  const upside = placeInQuad(background(1000, 720, 32, [236, 236, 236]), td1Card(856, 540, 32), turned);
  const turnedFound = await findMrzPage(upside, quad, trueAspect(quad, upside.width, upside.height));
  assert.ok(turnedFound !== null, 'TD1 MRZ found upside down');
  assert.equal(turnedFound.format, 'TD1');
});

test('a passport page whose quad runs 8 % long reads as an ID-1 card by aspect, and its zone inside makes it TD3', async () => {
  const scene = paperScene();
  // The page's quad stretched along its long side, past the page's right edge onto the paper.
  const h = homographyFromPoints([[0, 0], [1, 0], [1, 1], [0, 1]], PAGE_QUAD);
  const at = (x: number, y: number): Point => applyHomography(h, x, y);
  const long: Quad = [at(0, 0), at(1.08, 0), at(1.08, 1), at(0, 1)];
  const aspect = trueAspect(long, scene.width, scene.height);
  assert.ok(aspect >= 1.51 && aspect <= 1.65, `aspect ${aspect.toFixed(3)} on the ID-1 side`);
  const page = await findMrzPage(scene, long, aspect);
  assert.ok(page !== null, 'MRZ found');
  assert.equal(page.found, 'inside');
  assert.equal(page.format, 'TD3');
});

test("with the quad's own raster, its bands are cut from it: the same zones, formats and orientations", async () => {
  const own = (image: RgbImage, quad: Quad, height: number) => () => rectify(image, quad, 640, height);
  const quad: Quad = [[220, 150], [720, 165], [712, 500], [228, 488]];
  const scene = placeInQuad(background(1000, 720, 31, [236, 236, 236]), td1Card(856, 540, 31), quad);
  const aspect = trueAspect(quad, scene.width, scene.height);
  const upright = await findMrzPage(scene, quad, aspect, own(scene, quad, 404));
  assert.deepEqual(upright && { quad: upright.quad, found: upright.found, format: upright.format }, { quad, found: 'inside', format: 'TD1' });
  const turned: Quad = [quad[2], quad[3], quad[0], quad[1]];
  const upside = placeInQuad(background(1000, 720, 32, [236, 236, 236]), td1Card(856, 540, 32), turned);
  const found = await findMrzPage(upside, quad, trueAspect(quad, upside.width, upside.height), own(upside, quad, 404));
  assert.deepEqual(found?.quad, turned, 'zone at the top: the quad turned');
  assert.equal(found?.format, 'TD1');
  // A passport page whose quad runs 8 % long: its zone inside, cut from a raster of the passport's canonical size.
  const page = paperScene();
  const h = homographyFromPoints([[0, 0], [1, 0], [1, 1], [0, 1]], PAGE_QUAD);
  const at = (x: number, y: number): Point => applyHomography(h, x, y);
  const long: Quad = [at(0, 0), at(1.08, 0), at(1.08, 1), at(0, 1)];
  const passport = await findMrzPage(page, long, trueAspect(long, page.width, page.height), own(page, long, 451));
  assert.equal(passport?.format, 'TD3');
  assert.equal(passport?.found, 'inside');
  // A raster of the wrong width is refused, saying what is expected.
  await assert.rejects(findMrzPage(scene, quad, aspect, () => rectify(scene, quad, 320, 202)), /own raster must be 640 px wide, got 320/);
});
