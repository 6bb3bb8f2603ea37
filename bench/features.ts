// Times every feature in src/features on a 512x512 and a 1024x640 synthetic image (median of runs, after warm-up),
// and prints a Markdown table for bench/README.md. Usage: taskset -c 0 node --import tsx bench/features.ts [runs]
import os from 'node:os';
import { cmyPlanes, downsampleBox, lumaFromInterleaved, opponentPlanes, toRgbPlanes, type InterleavedImage, type Plane, type RgbPlanes } from '../src/features/planes.js';
import { averagePowerSpectrum, findSpectralPeaks, highFrequencyRatio, radialProfile } from '../src/features/spectrum.js';
import { medianResidual, noiseInconsistency, noiseLevelMap, noiseSigma } from '../src/features/residual.js';
import { compressionTrace, estimateGrid, gridCombScan, gridPhaseMap, quantisationFitMap } from '../src/features/jpeg.js';
import { chromaStatistics, colourlessness, gamutHull, whitePoint } from '../src/features/colour.js';
import { flatness, lbpHistogram, localContrast, sharpness } from '../src/features/texture.js';
import { detectCopyMove } from '../src/features/copy-move.js';

const runs = Number(process.argv[2] ?? 11);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got ${process.argv[2]}`);

/** A deterministic photo-like RGB image: smooth colour gradients, a few edges, and sensor-like noise. */
function syntheticImage(width: number, height: number): InterleavedImage {
  let s = 12345;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const edge = ((x >> 5) + (y >> 5)) % 5 === 0 ? 40 : 0;
      const base = [90 + 80 * Math.sin(x / 97) + edge, 110 + 60 * Math.cos(y / 71), 100 + 50 * Math.sin((x + y) / 53)];
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(base[c]! + 6 * (rand() - 0.5))));
    }
  }
  return { width, height, channels: 3, data };
}

function median(values: number[]): number {
  const v = values.slice().sort((a, b) => a - b);
  return v[v.length >> 1]!;
}

/**
 * Median CPU time (user + system of this process) per call. CPU time rather than wall time because the machine is
 * shared: waiting for the core is not the feature's cost. The work is single-threaded, so CPU time = one core's time.
 */
function time(fn: () => unknown): number {
  for (let i = 0; i < 2; i++) fn(); // warm-up: JIT and per-size caches
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    samples.push((d.user + d.system) / 1000);
  }
  return median(samples);
}

interface Inputs {
  image: InterleavedImage;
  rgb: RgbPlanes;
  luma: Plane;
}

const cases: Array<[string, (i: Inputs) => unknown]> = [
  ['planes: toRgbPlanes (interleaved -> R, G, B)', (i) => toRgbPlanes(i.image)],
  ['planes: lumaFromInterleaved', (i) => lumaFromInterleaved(i.image)],
  ['planes: opponentPlanes', (i) => opponentPlanes(i.rgb)],
  ['planes: cmyPlanes', (i) => cmyPlanes(i.rgb)],
  ['planes: downsampleBox x2', (i) => downsampleBox(i.luma, 2)],
  ['spectrum: averagePowerSpectrum 128 px, 8 patches', (i) => averagePowerSpectrum(i.luma, { size: 128, maxPatches: 8 })],
  ['spectrum: + findSpectralPeaks', (i) => findSpectralPeaks(averagePowerSpectrum(i.luma, { size: 128, maxPatches: 8 }))],
  ['spectrum: + radialProfile + highFrequencyRatio', (i) => {
    const s = averagePowerSpectrum(i.luma, { size: 128, maxPatches: 8 });
    return [radialProfile(s), highFrequencyRatio(s)];
  }],
  ['residual: medianResidual 3x3', (i) => medianResidual(i.luma)],
  ['residual: noiseSigma', (i) => noiseSigma(i.luma)],
  ['residual: noiseLevelMap 32 + noiseInconsistency', (i) => noiseInconsistency(noiseLevelMap(i.luma, 32))],
  ['jpeg: estimateGrid (blocking)', (i) => estimateGrid(i.luma)],
  ['jpeg: gridCombScan (64 phases, 256 blocks)', (i) => gridCombScan(i.luma)],
  ['jpeg: compressionTrace (all global cues)', (i) => compressionTrace(i.luma)],
  ['jpeg: quantisationFitMap 64', (i) => quantisationFitMap(i.luma, 64)],
  ['jpeg: gridPhaseMap 64 (localisation)', (i) => gridPhaseMap(i.luma, 64)],
  ['colour: chromaStatistics (step 2)', (i) => chromaStatistics(i.rgb)],
  ['colour: colourlessness (step 2)', (i) => colourlessness(i.rgb)],
  ['colour: gamutHull (step 2)', (i) => gamutHull(i.rgb)],
  ['colour: whitePoint (step 2)', (i) => whitePoint(i.rgb)],
  ['texture: lbpHistogram', (i) => lbpHistogram(i.luma)],
  ['texture: sharpness', (i) => sharpness(i.luma)],
  ['texture: flatness 4', (i) => flatness(i.luma)],
  ['texture: localContrast 16', (i) => localContrast(i.luma)],
  ['copy-move: detectCopyMove 16 px blocks', (i) => detectCopyMove(i.luma)],
];

const sizes: Array<[number, number]> = [[512, 512], [1024, 640]];
const inputs = sizes.map(([w, h]) => {
  const image = syntheticImage(w, h);
  return { image, rgb: toRgbPlanes(image), luma: lumaFromInterleaved(image) };
});

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`Machine: ${cpu}, ${os.cpus().length} logical cores, Node ${process.version}; median CPU time (user + system) of ${runs} runs after 2 warm-ups, one thread.\n`);
console.log(`| feature | ${sizes.map(([w, h]) => `${w}x${h} ms`).join(' | ')} |`);
console.log(`|---|${sizes.map(() => '---:').join('|')}|`);
for (const [name, fn] of cases) {
  const ms = inputs.map((i) => time(() => fn(i)));
  console.log(`| ${name} | ${ms.map((m) => m.toFixed(2)).join(' | ')} |`);
}
