// The leak-free rule of the localiser's training data: images with a reporting-part backdrop are left out, images
// without a backdrop or with a tuning-part one are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDataDir } from '../shared-data.js';
import { hasAllowedBackdrop } from './leak-free.js';

const withBackdrop = (backdrop: string | null) => ({ params: { scene: { backdrop } } });

test('an image without a photographic backdrop is kept, whatever the allowed list', () => {
  assert.equal(hasAllowedBackdrop(withBackdrop(null), []), true);
  assert.equal(hasAllowedBackdrop({}, []), true);
});

test('a backdrop is kept only when it is one of the allowed files (matched by its data/... path)', () => {
  const allowed = ['/x/shared/data/screen-recapture-dev/real/a.jpg'];
  assert.equal(hasAllowedBackdrop(withBackdrop('data/screen-recapture-dev/real/a.jpg'), allowed), true);
  assert.equal(hasAllowedBackdrop(withBackdrop('data/screen-recapture-dev/real/b.jpg'), allowed), false);
  assert.equal(hasAllowedBackdrop(withBackdrop('data/screen-recapture-dev/real/a.jpg'), []), false);
});

const real = (() => { try { return join(sharedDataDir(), 'screen-recapture-dev', 'real'); } catch { return ''; } })();
test('with the shared data: of the 28 generic scenes, the 18 of the reporting part are refused', { skip: !existsSync(real) && 'shared data not on this machine' }, () => {
  const scenes = readdirSync(real).filter((f) => /\.jpe?g$/i.test(f));
  const refused = scenes.filter((f) => !hasAllowedBackdrop(withBackdrop(`data/screen-recapture-dev/real/${f}`)));
  assert.equal(scenes.length, 28);
  assert.equal(refused.length, 18);
});
