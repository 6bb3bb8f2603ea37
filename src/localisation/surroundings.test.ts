import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Quad } from '../domain/types.js';
import { background, card, newspaper, placeInQuad } from '../../test/support/synthetic.js';
import { marginIsQuiet, printAtBorder, printCrowdsBorder } from './surroundings.js';

const CARD_QUAD: Quad = [[172, 113], [318, 117], [316, 207], [169, 203]];
const ASPECT = 1.59;

test('a card lying on newspaper text has a quiet margin; a block cut out of the page is crowded with print', async () => {
  const scene = placeInQuad(newspaper(480, 340, 7, 7, 3), card(856, 540, 61, [235, 235, 230]), CARD_QUAD);
  const onCard = await printAtBorder(scene, CARD_QUAD, ASPECT);
  assert.ok(marginIsQuiet(onCard), `card: outside ${onCard.outside}, inside ${onCard.inside}`);
  assert.equal(printCrowdsBorder(onCard), false);
  const block: Quad = [[20, 20], [150, 20], [150, 102], [20, 102]];
  const onBlock = await printAtBorder(scene, block, ASPECT);
  assert.ok(printCrowdsBorder(onBlock), `block: outside ${onBlock.outside}, inside ${onBlock.inside}`);
});

test('a card on a plain desk is not taken for a block of print', async () => {
  const scene = placeInQuad(background(480, 340, 8), card(856, 540, 61), CARD_QUAD);
  const onCard = await printAtBorder(scene, CARD_QUAD, ASPECT);
  assert.equal(printCrowdsBorder(onCard), false, `outside ${onCard.outside}, inside ${onCard.inside}`);
});
