import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { ManifestError, parseManifest } from './manifest.js';

test('parses entries, resolves paths against the manifest folder, keeps absolute paths, skips blank lines', () => {
  const text = [
    '{"image": "a/b.jpg", "label": "bona_fide", "attack": null, "document_type": "ID_CARD"}',
    '',
    '{"image": "/abs/c.png", "label": "attack", "attack": "SCREEN_REPLAY", "quad": [[0,0],[10,0],[10,5],[0,5]], "colorless": true}',
  ].join('\n');
  const entries = parseManifest(text, '/data/set/manifest.jsonl');
  assert.equal(entries.length, 2);
  assert.equal(entries[0]?.path, resolve('/data/set/a/b.jpg'));
  assert.equal(entries[0]?.line, 1);
  assert.equal(entries[0]?.documentType, 'ID_CARD');
  assert.equal(entries[0]?.attack, null);
  assert.equal(entries[1]?.path, '/abs/c.png');
  assert.equal(entries[1]?.line, 3);
  assert.equal(entries[1]?.attack, 'SCREEN_REPLAY');
  assert.deepEqual(entries[1]?.quad, [[0, 0], [10, 0], [10, 5], [0, 5]]);
});

test('every malformed line is named by its number with what is accepted', () => {
  const text = [
    '{"image": "ok.jpg", "label": "bona_fide"}',
    'not json',
    '{"image": "x.jpg", "label": "live"}',
    '{"image": "x.jpg", "label": "attack", "attack": null}',
    '{"image": "x.jpg", "label": "attack", "attack": "PRINTED_COPY", "quad": [[0,0],[1,1]]}',
    '{"image": "x.jpg", "label": "bona_fide", "attack": "PRINTED_COPY"}',
    '{"label": "bona_fide"}',
  ].join('\n');
  assert.throws(
    () => parseManifest(text, 'm.jsonl'),
    (error: unknown) => {
      assert.ok(error instanceof ManifestError);
      assert.deepEqual(error.problems.map((p) => p.line), [2, 3, 4, 5, 6, 7]);
      assert.match(error.message, /line 2: not valid JSON/);
      assert.match(error.message, /line 3: "label" must be one of \["bona_fide","attack"\]/);
      assert.match(error.message, /line 4: an attack needs "attack" to be one of/);
      assert.match(error.message, /line 5: "quad" must be four/);
      return true;
    },
  );
});
