// Costs of `doclive eval` / `calibrate` apart from the analysis itself, and what the CLI's worker pool gains.
// Run: node --import tsx bench/cli-eval.ts     Results are recorded in bench/results/cli-eval.md.
// Keep the counts small: the machine is shared.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { Rng } from '../lab/rng.js';
import { fitCalibration } from '../src/calibration/fit.js';
import { summarise, type ImageOutcome } from '../src/eval/evaluate.js';
import type { ManifestEntry } from '../src/eval/manifest.js';
import { operatingPoints } from '../src/eval/metrics.js';
import { detSpec, renderSvg, thinCurve } from '../src/eval/plots.js';
import { fileURLToPath } from 'node:url';
import { createCliEngine } from '../src/cli/engine.js';

async function timed<T>(label: string, run: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await run();
  console.log(`${label}: ${(performance.now() - started).toFixed(0)} ms`);
  return result;
}

const rng = new Rng('bench-cli-eval');
const N = 20_000;
const outcomes: ImageOutcome[] = Array.from({ length: N }, (_, i) => {
  const bona = i % 2 === 0;
  const entry: ManifestEntry = {
    line: i + 1, image: `${i}.jpg`, path: `/x/${i}.jpg`, label: bona ? 'bona_fide' : 'attack',
    attack: bona ? null : 'SCREEN_REPLAY', quad: [[10, 10], [90, 10], [90, 60], [10, 60]], documentType: 'ID_CARD',
  };
  const found = rng.bool(0.97);
  return {
    entry, error: null, timeMs: rng.uniform(200, 900),
    findings: { found, count: found ? 1 : 0, documentType: 'ID_CARD', cropped: false, colorless: false, portraitFound: null, warnings: [], quads: found ? [[[12, 11], [91, 9], [88, 62], [9, 59]]] : [] },
    pipelines: { 'vulture-sr': found ? { status: 'OK', score: rng.normal(bona ? 1.5 : -1.5, 1) } : { status: 'DOCUMENT_NOT_FOUND', score: null } },
  };
});

await timed(`summarise ${N} outcomes (metrics + IoU)`, () =>
  summarise({ manifest: 'bench', outcomes, pipelines: ['vulture-sr'], calibrations: {}, noDocumentGate: false }));
const scores = { bonaFide: [] as number[], attack: [] as number[] };
for (const o of outcomes) {
  const s = o.pipelines['vulture-sr']?.score;
  if (s !== undefined && s !== null) (o.entry.label === 'bona_fide' ? scores.bonaFide : scores.attack).push(s);
}
await timed(`fit a calibration on ${scores.bonaFide.length + scores.attack.length} scores`, () => fitCalibration(scores, { pipeline: 'vulture-sr', manifest: 'bench' }));
const points = operatingPoints(scores) ?? [];
const thinned = thinCurve(points);
const svg = await timed(`render a DET curve of ${points.length} points, thinned to ${thinned.length}, to SVG`, () => renderSvg(detSpec([{ label: 'SCREEN_REPLAY', points: thinned }], 'bench')));
console.log(`  SVG size ${(svg.length / 1024).toFixed(0)} KiB`);

// Worker pool: the test-double engine decodes each image with sharp (metadata + stats), a stand-in for the
// front-end's decoding cost; the real engine costs more per image, so the pool matters more there.
const dir = await mkdtemp(join(tmpdir(), 'doclive-bench-'));
try {
  const images: Uint8Array[] = [];
  for (let i = 0; i < 40; i++) {
    const noise = Buffer.from(Array.from({ length: 1600 * 1200 * 3 }, () => rng.int(0, 255)));
    images.push(await sharp(noise, { raw: { width: 1600, height: 1200, channels: 3 } }).jpeg({ quality: 90 }).toBuffer());
  }
  const workerFile = fileURLToPath(new URL('../test/workers/sharp-double-worker.ts', import.meta.url));
  for (const workers of [1, 2]) {
    const engine = await createCliEngine({ workers, maxImagePixels: 1e8, workerFile });
    try {
      await timed(`pool of ${workers}: ${images.length} images of 1600x1200`, async () => {
        let next = 0;
        await Promise.all(Array.from({ length: workers }, async () => {
          // The pool moves each image to its worker (detaching it): every run sends copies.
          while (next < images.length) await engine.analyse({ image: new Uint8Array(images[next++] as Uint8Array), pipelines: ['vulture-sr'], errorsToIgnore: [] });
        }));
      });
    } finally {
      await engine.close();
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
