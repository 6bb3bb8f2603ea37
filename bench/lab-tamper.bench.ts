// Throughput of the portrait-substitution and digital-manipulation attacks at 1920x1080, one core.
// Run: node --import tsx bench/lab-tamper.bench.ts [count-per-kind]
// The figure is the attack's own work; the real capture (lab/capture) adds its time per capture call (every kind
// calls it once, splice twice, the physical overlay once on the altered card).
import { Rng } from '../lab/rng.js';
import type { CaptureFn } from '../lab/types.js';
import { makeDigitalManipulation, DIGITAL_MANIPULATION_KINDS } from '../lab/attacks/digital-manipulation.js';
import { makePortraitSubstitution } from '../lab/attacks/portrait-substitution.js';
import { captureDouble, syntheticDocument, testFaces } from '../test/lab/doubles.js';

const count = Number(process.argv[2] ?? 6);
const doc = syntheticDocument(14);
const slowCapture = captureDouble(2.5, 92, [1920, 1080]);
// The attacks' own cost: the capture double's result for the unaltered card is computed once and reused; the
// physical overlay's altered card is captured each time (subtract the double's time printed first).
const plain = slowCapture(doc, new Rng(0));
const capture: CaptureFn = (d, rng) => (d.image.data === doc.image.data ? plain : slowCapture(d, rng));
const captureOnly = async (): Promise<number> => {
  const t = performance.now();
  for (let i = 0; i < count; i++) await slowCapture(doc, new Rng(i));
  return (performance.now() - t) / count;
};
const base = await captureOnly();
console.log(`capture double alone: ${base.toFixed(0)} ms/image (not counted below: the attacks get a memoised capture)`);
const kinds: [string, (seed: number) => Promise<unknown>][] = [
  ['portrait:physical', (s) => makePortraitSubstitution(testFaces, { kind: 'physical' })({ doc, rng: new Rng(s), split: 'train', capture })],
  ['portrait:digital', (s) => makePortraitSubstitution(testFaces, { kind: 'digital' })({ doc, rng: new Rng(s), split: 'train', capture })],
  ...DIGITAL_MANIPULATION_KINDS.map((k) => [`digital:${k}`, (s: number) => makeDigitalManipulation({ kind: k })({ doc, rng: new Rng(s), split: 'train', capture })] as [string, (seed: number) => Promise<unknown>]),
];
for (const [name, run] of kinds) {
  await run(1000); // warm-up (fonts, face cache)
  const t = performance.now();
  for (let i = 0; i < count; i++) await run(i);
  const ms = (performance.now() - t) / count;
  console.log(`${name.padEnd(20)} ${ms.toFixed(0).padStart(5)} ms/image of attack work (+ the capture calls)`);
}
