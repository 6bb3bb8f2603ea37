// The launcher end to end, as a user runs it: ./bin/doclive (built CLI when dist/ exists, else the sources via tsx).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/doclive', import.meta.url));

function doclive(...args: string[]) {
  return spawnSync(bin, args, { encoding: 'utf8', timeout: 60_000 });
}

test('./bin/doclive --help lists the commands and exits 0', () => {
  const result = doclive('--help');
  assert.equal(result.status, 0, result.stderr);
  for (const command of ['check', 'eval', 'calibrate', 'license']) assert.match(result.stdout, new RegExp(`\\n\\s+${command}\\b`));
});

test('usage errors exit 2 with a message saying what is accepted', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'doclive-bin-'));
  try {
    const manifest = join(dir, 'm.jsonl');
    await writeFile(manifest, '{"image": "a.jpg", "label": "bona_fide"}\n{"image": "b.jpg"}\n');
    const malformed = doclive('eval', manifest);
    assert.equal(malformed.status, 2);
    assert.match(malformed.stderr, /line 2: "label" must be one of \["bona_fide","attack"\]/);
    const unknown = doclive('eval', manifest, '--pipelines', 'eagle');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown pipeline "eagle": must be one of vulture-sr/);
    const badIgnore = doclive('check', dir, '--ignore', 'DOCUMENT_NOT_FOUND');
    assert.equal(badIgnore.status, 2);
    assert.match(badIgnore.stderr, /only DOCUMENT_CROPPED, DOCUMENT_IS_COLORLESS may be/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
