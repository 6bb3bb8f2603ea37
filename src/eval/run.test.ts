import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisEngine, AnalysisRequest } from '../analysis/types.js';
import { DocliveError } from '../errors.js';
import type { ManifestEntry } from './manifest.js';
import { runManifest } from './run.js';

const entry = (line: number, path: string): ManifestEntry => ({ line, image: path, path, label: 'bona_fide', attack: null, quad: null, documentType: null });

test('runs with bounded concurrency, keeps manifest order, records per-image errors and reports progress', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const seen: AnalysisRequest[] = [];
  const engine: AnalysisEngine = {
    implementedPipelines: () => ['vulture-sr'],
    async analyse(request) {
      seen.push(request);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      if (request.image.length === 0) throw new DocliveError('NOT_AN_IMAGE', 'empty file');
      return {
        findings: { found: true, count: 1, documentType: 'ID_CARD', cropped: true, colorless: false, portraitFound: null, warnings: [], quads: [] },
        scores: {},
      };
    },
    close: async () => {},
  };
  // /dev/null reads as zero bytes; this file itself is non-empty; a missing path cannot be read
  const entries = [entry(1, new URL(import.meta.url).pathname), entry(2, '/dev/null'), entry(3, '/no/such/file.jpg'), entry(4, new URL(import.meta.url).pathname)];
  const progress: number[] = [];
  const outcomes = await runManifest(engine, entries, {
    pipelines: ['vulture-sr'],
    errorsToIgnore: [],
    noDocumentGate: true,
    concurrency: 2,
    onImageDone: (done) => progress.push(done),
  });
  assert.equal(maxInFlight, 2);
  assert.deepEqual(outcomes.map((o) => o.entry.line), [1, 2, 3, 4]);
  assert.equal(outcomes[0]?.error, null);
  // no score and a cropped document: the status is DOCUMENT_CROPPED, as the server would answer
  assert.deepEqual(outcomes[0]?.pipelines['vulture-sr'], { status: 'DOCUMENT_CROPPED', score: null });
  assert.match(outcomes[1]?.error ?? '', /empty file/);
  assert.match(outcomes[2]?.error ?? '', /cannot read .*ENOENT/);
  assert.deepEqual(progress, [1, 2, 3, 4]);
  assert.ok(seen.every((r) => r.noDocumentGate === true));
});

test('an engine that gives no score for an OK pipeline is reported for that image', async () => {
  const engine: AnalysisEngine = {
    implementedPipelines: () => ['vulture-sr'],
    analyse: async () => ({
      findings: { found: true, count: 1, documentType: 'ID_CARD', cropped: false, colorless: false, portraitFound: null, warnings: [], quads: [] },
      scores: {},
    }),
    close: async () => {},
  };
  const [outcome] = await runManifest(engine, [entry(1, new URL(import.meta.url).pathname)], { pipelines: ['vulture-sr'], errorsToIgnore: [], noDocumentGate: false, concurrency: 1 });
  assert.match(outcome?.error ?? '', /no score for vulture-sr although its status is OK/);
});
