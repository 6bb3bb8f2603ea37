import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCalibrationList, parseIgnoreList, parsePipelineList, selectPipelines } from './options.js';
import { expandImagePaths } from './image-files.js';

test('pipeline lists resolve aliases, drop duplicates and name what is accepted', () => {
  assert.deepEqual(parsePipelineList('default-sr, vulture-sr,robin-pc'), ['vulture-sr', 'robin-pc']);
  assert.throws(() => parsePipelineList('eagle'), /unknown pipeline "eagle": must be one of vulture-sr, woodpecker-pc/);
  assert.throws(() => parsePipelineList(' , '), /at least one pipeline/);
});

test('only ignorable errors and known calibrations are accepted', () => {
  assert.deepEqual(parseIgnoreList('DOCUMENT_CROPPED,DOCUMENT_CROPPED'), ['DOCUMENT_CROPPED']);
  assert.throws(() => parseIgnoreList('DOCUMENT_NOT_FOUND'), /cannot be ignored: only DOCUMENT_CROPPED, DOCUMENT_IS_COLORLESS/);
  assert.deepEqual(parseCalibrationList('SOFT,HARD'), ['SOFT', 'HARD']);
  assert.throws(() => parseCalibrationList('MEDIUM'), /must be one of REGULAR, SOFT, HARD/);
});

test('pipelines this build lacks are refused with the available list', () => {
  assert.deepEqual(selectPipelines(undefined, ['hawk-sd']), ['hawk-sd']);
  assert.throws(() => selectPipelines(['vulture-sr'], []), /vulture-sr not available in this build; available: none/);
});

test('directories are walked for image files, sorted; files are kept as given', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-files-'));
  try {
    await mkdir(join(dir, 'sub'));
    await mkdir(join(dir, '.hidden'));
    for (const name of ['b.JPG', 'a.png', 'notes.txt', 'sub/c.webp', '.hidden/d.jpg']) await writeFile(join(dir, name), 'x');
    assert.deepEqual(await expandImagePaths([dir, join(dir, 'notes.txt'), '/no/such.jpg']), [
      join(dir, 'a.png'),
      join(dir, 'b.JPG'),
      join(dir, 'sub', 'c.webp'),
      join(dir, 'notes.txt'),
      '/no/such.jpg',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
