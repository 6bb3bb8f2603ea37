import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from './rng.js';

test('the same seed gives the same sequence, another seed another', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const seqA = Array.from({ length: 5 }, () => a.uint32());
  assert.deepEqual(seqA, Array.from({ length: 5 }, () => b.uint32()));
  assert.notDeepEqual(seqA, Array.from({ length: 5 }, () => c.uint32()));
});

test('uniform draws cover [0, 1) evenly', () => {
  const rng = new Rng('uniform');
  const bins = new Array(10).fill(0);
  for (let i = 0; i < 20000; i++) bins[Math.floor(rng.next() * 10)]++;
  for (const count of bins) assert.ok(count > 1800 && count < 2200, `bin count ${count}`);
});

test('int is inclusive on both ends and normal has the asked mean and spread', () => {
  const rng = new Rng(7);
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) seen.add(rng.int(1, 3));
  assert.deepEqual([...seen].sort(), [1, 2, 3]);
  const xs = Array.from({ length: 20000 }, () => rng.normal(5, 2));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  assert.ok(Math.abs(mean - 5) < 0.05, `mean ${mean}`);
  assert.ok(Math.abs(sd - 2) < 0.05, `sd ${sd}`);
});

test('forks are independent of later draws on the parent', () => {
  const p1 = new Rng(1);
  const f1 = p1.fork('x');
  const p2 = new Rng(1);
  const f2 = p2.fork('x');
  p2.uint32();
  assert.equal(f1.uint32(), f2.uint32());
});
