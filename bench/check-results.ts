// Benchmark helper (not a test): the answer of a full check (front-end findings and every offered pipeline's raw
// score) for each image, one JSON line per image, from this tree's engine or another tree's, so that a change meant
// to leave results alone (allocation, GC flags) can be proven to: run it before and after, then compare the files.
//   node --import tsx bench/check-results.ts [--tree ROOT] --out FILE DIR_OR_JPEG...
// --tree ROOT: a copy of another commit's tree (`git archive <commit> | tar -x -C ROOT`, with node_modules linked);
// models are always this tree's models/ (the comparison is about code, not models). Stage timings are left out.
// JSON.stringify writes every double so that it parses back to the same bits: equal lines mean equal results.
import { readdirSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { createAnalysisEngine as CreateEngine } from '../src/analysis/engine.js';
import { IGNORABLE_ERRORS } from '../src/domain/types.js';

const { values, positionals } = parseArgs({ options: { tree: { type: 'string' }, out: { type: 'string' } }, allowPositionals: true });
if (positionals.length === 0 || values.out === undefined) {
  console.error('usage: bench/check-results.ts [--tree ROOT] --out FILE DIR_OR_JPEG...  (folders of JPEGs or JPEG files)');
  process.exit(2);
}
const root = values.tree === undefined ? resolve(import.meta.dirname, '..') : resolve(values.tree);
const { createAnalysisEngine } = (await import(join(root, 'src/analysis/engine.ts'))) as { createAnalysisEngine: typeof CreateEngine };
const engine = await createAnalysisEngine({ maxImagePixels: 50_000_000, modelDir: resolve(import.meta.dirname, '..', 'models') });
const pipelines = engine.implementedPipelines();
const files = positionals.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.jpg')).sort().map((f) => join(p, f)) : [p]));
const lines: string[] = [];
for (const file of files) {
  const result = await engine.analyse({ image: new Uint8Array(readFileSync(file)), pipelines, errorsToIgnore: [...IGNORABLE_ERRORS] });
  lines.push(JSON.stringify({ file, findings: result.findings, scores: result.scores }));
}
await engine.close();
writeFileSync(values.out, lines.join('\n') + '\n');
console.log(`${files.length} images, pipelines [${pipelines.join(', ')}], tree ${root} -> ${values.out}`);
