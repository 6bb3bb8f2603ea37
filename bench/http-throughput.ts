// Benchmark (not a test): checks per second over HTTP on loopback with IDLIVEDOC_SERVER_WORKERS=1 and =2, latency
// as the clients see it, and the server's peak resident memory (VmHWM: main thread + workers with every offered
// pipeline loaded). The server is the product's entry (src/main.ts) in a child process; a bounded Node client keeps
// CLIENTS requests in flight (new connection per request), each a POST /check_liveness of a lab JPEG (base64) with
// every offered pipeline and both ignorable errors ignored, so every pipeline runs whenever a document is found.
//   node --import tsx bench/http-throughput.ts [--seconds 30] [--clients 6] [--sequential 20] DIR
// DIR: lab images (`npm run lab -- generate --resolution 1920x1080 --count 6 --seed bench --out DIR`).
// Before the timed window each client sends one check that is not counted (the server is already warm).
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { IGNORABLE_ERRORS } from '../src/domain/types.js';
import { getJson, send, type HttpRequestSpec, type Outcome } from '../test/runtime/harness/http-client.js';
import { DETECTOR_DOUBLES, startServerProcess } from '../test/runtime/harness/server-process.js';

const { values, positionals } = parseArgs({
  options: { seconds: { type: 'string', default: '30' }, clients: { type: 'string', default: '6' }, sequential: { type: 'string', default: '20' } },
  allowPositionals: true,
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const sequential = Number(values.sequential);
const dir = positionals[0];
if (dir === undefined) {
  console.error('usage: bench/http-throughput.ts [--seconds 30] [--clients 6] [--sequential 20] DIR');
  process.exit(2);
}
const images = readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort().map((f) => readFileSync(join(dir, f)));

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

function checkOf(image: Buffer, pipelines: readonly string[]): HttpRequestSpec {
  const body = { image: image.toString('base64'), pipelines: pipelines.map((pipeline_name) => ({ pipeline_name })), errors_to_ignore: [...IGNORABLE_ERRORS] };
  return { method: 'POST', path: '/check_liveness', headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) };
}

interface Run {
  workers: number;
  clients: number;
  answered: number;
  others: string[];
  seconds: number;
  latencies: number[];
  peakRss: number;
}

async function run(workers: number, concurrency: number, limit: { seconds?: number; requests?: number }): Promise<Run> {
  const server = await startServerProcess({
    env: { IDLIVEDOC_SERVER_WORKERS: String(workers), IDLIVEDOC_SERVER_MAX_QUEUE: '64', IDLIVEDOC_SERVER_REQUEST_TIMEOUT_MS: '300000' },
  });
  try {
    const { json } = await getJson(server.base, '/api_version');
    const pipelines = Object.keys((json as { expirationDates: Record<string, unknown> }).expirationDates);
    if (pipelines.length === 0) throw new Error('this build offers no pipeline: every check would be a 400; nothing to measure');
    const requests = images.map((image) => checkOf(image, pipelines));
    await Promise.all(Array.from({ length: concurrency }, (_, c) => send(server.base, requests[c % requests.length]!)));
    const outcomes: Outcome[] = [];
    const started = performance.now();
    const ends = started + (limit.seconds ?? Number.POSITIVE_INFINITY) * 1000;
    let sent = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, c) => {
        for (let i = 0; performance.now() < ends && sent < (limit.requests ?? Number.POSITIVE_INFINITY); i++) {
          sent++;
          outcomes.push(await send(server.base, requests[(c + i * concurrency) % requests.length]!));
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const ok = outcomes.filter((o) => o.kind === 'answer' && o.status === 200);
    const result: Run = {
      workers,
      clients: concurrency,
      answered: ok.length,
      others: outcomes.filter((o) => !(o.kind === 'answer' && o.status === 200)).map((o) => (o.kind === 'answer' ? `${o.status} ${o.text.slice(0, 120)}` : o.code)),
      seconds: elapsed,
      latencies: ok.map((o) => o.answeredAt - o.sentAt),
      peakRss: server.memory().peak,
    };
    console.log(`  pipelines [${pipelines.join(', ')}]`);
    return result;
  } finally {
    await server.stop();
  }
}

const line = (r: Run): string =>
  `| ${r.workers} | ${r.clients} | ${r.answered} in ${r.seconds.toFixed(1)} s | ${(r.answered / r.seconds).toFixed(2)} | ` +
  `${quantile(r.latencies, 0.5).toFixed(0)} | ${quantile(r.latencies, 0.95).toFixed(0)} | ${mib(r.peakRss)} |`;

console.log(`node ${process.version}; ${images.length} images from ${dir}; load average at start: ${load()}`);
if (DETECTOR_DOUBLES.length > 0) console.log(`TEST-DOUBLE detectors for ${DETECTOR_DOUBLES.join(', ')} (DOCLIVE_TEST_DETECTOR_DOUBLES): not the product's figures`);
const runs: Run[] = [];
console.log(`sequential: 1 worker, 1 client, ${sequential} checks (HTTP end-to-end latency)`);
runs.push(await run(1, 1, { requests: sequential }));
for (const workers of [1, 2]) {
  console.log(`throughput: ${workers} worker(s), ${clients} clients, ${seconds} s`);
  runs.push(await run(workers, clients, { seconds }));
}
console.log(`load average at end: ${load()}\n`);
console.log('| workers | clients | checks answered 200 | checks/s | median ms | p95 ms | server peak RSS |');
console.log('|---|---|---|---|---|---|---|');
for (const r of runs) console.log(line(r));
const [, one, two] = runs as [Run, Run, Run];
console.log(`\nthroughput 2 workers / 1 worker: ${(two.answered / two.seconds / (one.answered / one.seconds)).toFixed(2)}`);
const failed = runs.flatMap((r) => r.others);
if (failed.length > 0) console.log(`non-200 outcomes: ${failed.length}: ${[...new Set(failed)].slice(0, 5).join(' / ')}`);
