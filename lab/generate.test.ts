import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runGenerator } from './generate-pool.js';
import { classOf, LAB_CLASSES } from './generate.js';
import { LabUsageError, parseGenerateArgs } from './cli-args.js';
import { LAB_VERSION } from './version.js';

const testParts = new URL('../test/lab/test-parts.ts', import.meta.url).href;

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const f of (await readdir(dir)).sort()) out.set(f, await readFile(join(dir, f)));
  return out;
}

test('the output is byte-for-byte the same with one worker and with two', async () => {
  const base = await mkdtemp(join(tmpdir(), 'lab-gen-'));
  try {
    const common = { count: 5, seed: 'determinism', classes: LAB_CLASSES, split: 'train' as const, partsModule: testParts };
    await runGenerator({ ...common, out: join(base, 'one'), workers: 1 });
    await runGenerator({ ...common, out: join(base, 'two'), workers: 2 });
    const one = await filesOf(join(base, 'one'));
    const two = await filesOf(join(base, 'two'));
    assert.deepEqual([...one.keys()], [...two.keys()]);
    assert.equal([...one.keys()].filter((f) => /\.(jpg|png)$/.test(f)).length, 5);
    for (const [name, bytes] of one) assert.ok(bytes.equals(two.get(name)!), `${name} differs between 1 and 2 workers`);
    // A second run with the same worker count is equal too (no clock, Math.random or completion order in the bytes).
    await runGenerator({ ...common, out: join(base, 'again'), workers: 2 });
    const again = await filesOf(join(base, 'again'));
    assert.deepEqual([...again.keys()], [...two.keys()]);
    for (const [name, bytes] of two) assert.ok(bytes.equals(again.get(name)!), `${name} differs between two runs with 2 workers`);
    for (const name of [...one.keys()].filter((f) => /^lab-\d{6}\.json$/.test(f))) {
      const side = JSON.parse(one.get(name)!.toString('utf8')) as { params: { labVersion?: unknown } };
      assert.equal(side.params.labVersion, LAB_VERSION, `${name} records the generator version`);
    }
    const manifest = (await readFile(join(base, 'one', 'manifest.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(manifest.length, 5);
    for (const line of manifest) {
      assert.match(String(line['image']), /^lab-\d{6}\.(jpg|png)$/);
      assert.ok(line['label'] === 'bona_fide' || line['label'] === 'attack');
      assert.equal((line['quad'] as unknown[]).length, 4);
      assert.ok(line['document_type'] === 'ID_CARD' || line['document_type'] === 'PASSPORT');
      assert.equal(line['label'] === 'bona_fide', line['attack'] === null);
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

test('classes are dealt so a small run holds every asked class in proportion', () => {
  const first = Array.from({ length: 6 }, (_, i) => classOf(i, 's', LAB_CLASSES));
  assert.deepEqual([...new Set(first)].sort(), [...LAB_CLASSES].sort());
  assert.equal(first.filter((c) => c === 'bona_fide').length, 2);
  const only = Array.from({ length: 10 }, (_, i) => classOf(i, 's', ['PRINTED_COPY']));
  assert.ok(only.every((c) => c === 'PRINTED_COPY'));
});

test('bad options are refused with a message naming what is accepted', () => {
  const bad = (args: string[], pattern: RegExp): void => {
    assert.throws(() => parseGenerateArgs(args), (err: Error) => err instanceof LabUsageError && pattern.test(err.message));
  };
  bad(['--count', '3'], /missing --out/);
  bad(['--out', 'x', '--count', '0'], /--count must be a positive integer/);
  bad(['--out', 'x', '--count', '2.5'], /--count must be a positive integer/);
  bad(['--out', 'x', '--count', 'ten'], /positive integer.*"ten"/);
  bad(['--out', 'x', '--count', '3', '--classes', 'bona_fide,SCREEN'], /unknown class "SCREEN"; accepted: bona_fide, SCREEN_REPLAY/);
  bad(['--out', 'x', '--count', '3', '--split', 'dev'], /unknown split "dev"; accepted: train, val, test/);
  bad(['--out', 'x', '--count', '3', '--colour'], /unknown option --colour/);
  bad(['--out', 'x', '--count', '3', '--resolution', '1920'], /--resolution must be WIDTHxHEIGHT/);
  const ok = parseGenerateArgs(['--out', 'x', '--count', '3', '--seed', '7', '--classes', 'PRINTED_COPY,bona_fide', '--workers', '2']);
  assert.deepEqual(ok, { out: 'x', count: 3, seed: '7', classes: ['PRINTED_COPY', 'bona_fide'], split: 'train', workers: 2 });
  bad(['--out', 'x', '--count', '3', '--print-process', 'grey'], /unknown --print-process "grey"; accepted: color-laser, inkjet, gray-photocopy/);
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3', '--print-process', 'gray-photocopy']).printProcess, 'gray-photocopy');
  bad(['--out', 'x', '--count', '3', '--screen-falloff', 'yes'], /--screen-falloff takes on or off/);
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3', '--screen-falloff', 'on']).screenFalloff, true);
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3']).screenFalloff, undefined);
  bad(['--out', 'x', '--count', '3', '--screen-awb', 'grey'], /--screen-awb takes default or frame/);
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3', '--screen-awb', 'frame']).screenAwb, true);
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3', '--screen-awb', 'default']).screenAwb, undefined);
  bad(['--out', 'x', '--count', '3', '--room-light', 'warm'], /unknown --room-light "warm"; accepted: default, cast/);
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3', '--room-light', 'cast']).roomLight, 'cast');
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3', '--room-light', 'default']).roomLight, undefined);
  bad(['--out', 'x', '--count', '3', '--print-cut', 'scissors'], /unknown --print-cut "scissors"; accepted: default, card/);
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3', '--print-cut', 'card']).printCut, 'card');
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3', '--print-cut', 'default']).printCut, undefined);
  bad(['--out', 'x', '--count', '3', '--isp-denoise', 'strong'], /unknown --isp-denoise "strong"; accepted: default, phone/);
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3', '--isp-denoise', 'phone']).ispDenoise, 'phone');
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3', '--isp-denoise', 'default']).ispDenoise, undefined);
  bad(['--out', 'x', '--count', '3', '--portrait-kind', 'both'], /unknown --portrait-kind "both"; accepted: physical, digital/);
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3', '--portrait-kind', 'physical']).portraitKind, 'physical');
  assert.equal(parseGenerateArgs(['--out', 'x', '--count', '3']).portraitKind, undefined);
});

test('the CLI exits with status 2 and the message on stderr for a bad option', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', new URL('./cli.ts', import.meta.url).pathname, 'generate', '--out', '/tmp/never', '--count', '-4'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--count must be a positive integer/);
});

test('--split test draws only test-split layout families and faces', async () => {
  const { splitOfFamily, splitOfFace } = await import('./split.js');
  const out = await mkdtemp(join(tmpdir(), 'lab-split-'));
  try {
    await runGenerator({ out, count: 3, seed: 'split', classes: ['bona_fide', 'PRINTED_COPY'], split: 'test', workers: 1, partsModule: testParts });
    const sidecars = (await readdir(out)).filter((f) => f.endsWith('.json'));
    assert.equal(sidecars.length, 3);
    for (const f of sidecars) {
      const side = JSON.parse(await readFile(join(out, f), 'utf8')) as { split: string; family: string; params: { document?: { faceId?: string | null } } };
      assert.equal(side.split, 'test');
      assert.equal(splitOfFamily(side.family), 'test', `${f}: family ${side.family}`);
      const face = side.params.document?.faceId;
      if (face) assert.equal(splitOfFace(face), 'test', `${f}: face ${face}`);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
