// What explain=true costs: per image of a lab chunk, the check without and with the explanation through the
// shipped engine and the checker (same process, back to back), and the size of the answer.
// Run: node --import tsx bench/explain.ts /work/data/test-s1 [count=12]
// Results are recorded in bench/results/explain.md. Keep the count small: the machine is shared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAnalysisEngine } from '../src/analysis/engine.js';
import { loadCalibrations } from '../src/calibration/load.js';
import { createLivenessChecker } from '../src/check/service.js';
import type { IgnorableError } from '../src/domain/types.js';
import { packageRoot } from '../src/paths.js';
import { resolveOffering } from '../src/pipelines/offering.js';

const [dir, countArg] = process.argv.slice(2);
if (dir === undefined) {
  console.error('usage: node --import tsx bench/explain.ts <lab chunk dir with manifest.jsonl> [count]');
  process.exit(2);
}
const count = Number(countArg ?? 12);
const lines = readFileSync(join(dir, 'manifest.jsonl'), 'utf8').trim().split('\n').slice(0, count).map((l) => JSON.parse(l) as { image: string });

const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000 });
const pipelines = engine.implementedPipelines();
if (pipelines.length === 0) {
  console.error('this build has no trained pipeline (DETECTOR_FACTORIES is empty): nothing to explain');
  process.exit(1);
}
const calibrations = loadCalibrations(pipelines, { modelsDir: join(packageRoot(), 'models'), overrideDir: null });
const license = { covers: () => true, expirationDate: () => null, isExpired: () => false };
const checker = createLivenessChecker({
  engine,
  offering: resolveOffering(pipelines, null, license),
  license,
  calibrations,
  timezone: 'UTC',
});
const ignore: IgnorableError[] = ['DOCUMENT_CROPPED', 'DOCUMENT_IS_COLORLESS'];
const plan = checker.plan(pipelines.map((requested) => ({ requested })), ignore);

const rows: { plainMs: number; explainMs: number; plainBytes: number; explainBytes: number; pngBytes: number; same: boolean }[] = [];
// One warm-up check so that model sessions and caches are hot for both variants.
await checker.execute(plan, readFileSync(join(dir, lines[0]!.image)));
for (const { image } of lines) {
  const bytes = readFileSync(join(dir, image));
  let started = performance.now();
  const plain = await checker.execute(plan, new Uint8Array(bytes));
  const plainMs = performance.now() - started;
  started = performance.now();
  const explained = await checker.execute(plan, new Uint8Array(bytes), { explain: true });
  const explainMs = performance.now() - started;
  const { explanation, ...rest } = explained.response;
  const pngBytes = (explanation?.pipelines ?? []).reduce((sum, p) => sum + (p.evidence?.region_map ? Buffer.from(p.evidence.region_map.png, 'base64').length : 0), 0);
  rows.push({
    plainMs,
    explainMs,
    plainBytes: JSON.stringify(plain.response).length,
    explainBytes: JSON.stringify(explained.response).length,
    pngBytes,
    same: JSON.stringify(rest) === JSON.stringify(plain.response),
  });
}
await engine.close();

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
console.log(JSON.stringify({
  pipelines,
  images: rows.length,
  medianPlainMs: +median(rows.map((r) => r.plainMs)).toFixed(0),
  medianExplainMs: +median(rows.map((r) => r.explainMs)).toFixed(0),
  medianExtraMs: +median(rows.map((r) => r.explainMs - r.plainMs)).toFixed(0),
  medianPlainBytes: median(rows.map((r) => r.plainBytes)),
  medianExplainBytes: median(rows.map((r) => r.explainBytes)),
  medianPngBytesPerAnswer: median(rows.map((r) => r.pngBytes)),
  identicalAnswers: rows.filter((r) => r.same).length,
}));
