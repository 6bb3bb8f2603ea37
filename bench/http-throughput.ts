// Benchmark (not a test): checks per second over HTTP on loopback with IDLIVEDOC_SERVER_WORKERS=1 and =2, latency
// as the clients see it, and the server's peak resident memory (VmHWM: main thread + workers with every offered
// pipeline loaded). The server is the product's entry (src/main.ts) in a child process; a bounded Node client keeps
// CLIENTS requests in flight (new connection per request), each a POST /check_liveness of a lab JPEG (base64) with
// every offered pipeline and both ignorable errors ignored, so every pipeline runs whenever a document is found.
//   node --import tsx bench/http-throughput.ts [--seconds 30] [--clients 6] [--sequential 20] DIR
// --workers 1,2 (default) sets the worker counts measured, in order; repeat one (2,1,2) to see the load drift.
// DIR: lab images (`npm run lab -- generate --resolution 1920x1080 --count 6 --seed bench --out DIR`).
// Server CPU time per check (all threads, from /proc) is reported too: unlike checks/s it hardly depends on the
// other jobs of a shared machine, split by thread (the main thread, each other thread by its name: the analysis
// workers, libuv's pool where libvips runs, V8's GC helpers ...), with the client's own CPU beside it, to show what
// besides the workers keeps the 2 cores busy. Before the timed window each client sends one check that is not counted (the server is already warm).
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { IGNORABLE_ERRORS } from '../src/domain/types.js';
import { getJson, send, type HttpRequestSpec, type Outcome } from '../test/runtime/harness/http-client.js';
import { DETECTOR_DOUBLES, startServerProcess } from '../test/runtime/harness/server-process.js';

const { values, positionals } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    clients: { type: 'string', default: '6' },
    sequential: { type: 'string', default: '20' },
    workers: { type: 'string', default: '1,2' },
  },
  allowPositionals: true,
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const sequential = Number(values.sequential);
/** Worker counts to measure, in this order (e.g. 2,1,2 to see how much the machine's load drifts between runs). */
const workerCounts = values.workers.split(',').map(Number);
const dir = positionals[0];
if (dir === undefined) {
  console.error('usage: bench/http-throughput.ts [--seconds 30] [--clients 6] [--sequential 20] [--workers 1,2] DIR');
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

/**
 * CPU seconds of each thread of process `pid`, by thread: 'main' for the main thread, `name#tid` for the others
 * (name from /proc/.../comm: 'node' for the analysis workers and V8's platform threads, which run the concurrent
 * and parallel garbage collection and background compilation; 'libvips worker'). Threads that ended are not counted.
 */
function threadCpuSeconds(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string, comm: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    } catch {
      continue; // the thread ended between the listing and the read
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(tid) === pid ? 'main' : `${comm}#${tid}`, (Number(fields[11]) + Number(fields[12])) / 100);
  }
  return out;
}

interface Run {
  workers: number;
  clients: number;
  answered: number;
  others: string[];
  seconds: number;
  latencies: number[];
  peakRss: number;
  /** Server CPU time (all threads) per check answered in the window. */
  cpuPerCheck: number;
  /** Server CPU ms per check by thread (see threadCpuSeconds), and the client's own. */
  threadMsPerCheck: Map<string, number>;
  clientMsPerCheck: number;
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
    const cpuBefore = server.cpuSeconds();
    const pid = server.child.pid!;
    const threadsBefore = threadCpuSeconds(pid);
    const clientBefore = process.cpuUsage();
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
    const cpu = server.cpuSeconds() - cpuBefore;
    const threadsAfter = threadCpuSeconds(pid);
    const client = process.cpuUsage(clientBefore);
    const ok = outcomes.filter((o) => o.kind === 'answer' && o.status === 200);
    const result: Run = {
      workers,
      clients: concurrency,
      answered: ok.length,
      others: outcomes.filter((o) => !(o.kind === 'answer' && o.status === 200)).map((o) => (o.kind === 'answer' ? `${o.status} ${o.text.slice(0, 120)}` : o.code)),
      seconds: elapsed,
      latencies: ok.map((o) => o.answeredAt - o.sentAt),
      peakRss: server.memory().peak,
      cpuPerCheck: cpu / Math.max(1, ok.length),
      threadMsPerCheck: new Map([...threadsAfter].map(([name, s]) => [name, ((s - (threadsBefore.get(name) ?? 0)) * 1000) / Math.max(1, ok.length)])),
      clientMsPerCheck: (client.user + client.system) / 1000 / Math.max(1, ok.length),
    };
    console.log(`  pipelines [${pipelines.join(', ')}]`);
    return result;
  } finally {
    await server.stop();
  }
}

const line = (r: Run): string =>
  `| ${r.workers} | ${r.clients} | ${r.answered} in ${r.seconds.toFixed(1)} s | ${(r.answered / r.seconds).toFixed(2)} | ` +
  `${quantile(r.latencies, 0.5).toFixed(0)} | ${quantile(r.latencies, 0.95).toFixed(0)} | ${(r.cpuPerCheck * 1000).toFixed(0)} | ${mib(r.peakRss)} |`;

console.log(`node ${process.version}; ${images.length} images from ${dir}; load average at start: ${load()}`);
if (DETECTOR_DOUBLES.length > 0) console.log(`TEST-DOUBLE detectors for ${DETECTOR_DOUBLES.join(', ')} (DOCLIVE_TEST_DETECTOR_DOUBLES): not the product's figures`);
const runs: Run[] = [];
console.log(`sequential: 1 worker, 1 client, ${sequential} checks (HTTP end-to-end latency)`);
runs.push(await run(1, 1, { requests: sequential }));
for (const workers of workerCounts) {
  console.log(`throughput: ${workers} worker(s), ${clients} clients, ${seconds} s`);
  runs.push(await run(workers, clients, { seconds }));
}
console.log(`load average at end: ${load()}\n`);
console.log('| workers | clients | checks answered 200 | checks/s | median ms | p95 ms | server CPU ms / check | server peak RSS |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of runs) console.log(line(r));
console.log('\nCPU ms per check answered, by thread of the server, and the client (this process):');
for (const r of runs) {
  const threads = [...r.threadMsPerCheck].filter(([, ms]) => ms >= 0.5).sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${ms.toFixed(0)}`);
  console.log(`  ${r.workers} worker(s), ${r.clients} client(s): ${threads.join(', ')}; client ${r.clientMsPerCheck.toFixed(0)}`);
}
const rate = (w: number): number => {
  const of = runs.slice(1).filter((r) => r.workers === w);
  return of.reduce((sum, r) => sum + r.answered, 0) / of.reduce((sum, r) => sum + r.seconds, 0);
};
console.log(`\nthroughput 2 workers / 1 worker (all runs of each pooled): ${(rate(2) / rate(1)).toFixed(2)}`);
// On a shared machine wall-clock throughput follows the other jobs; CPU per check does not. With C idle cores and
// W workers a server answers about min(W, C) cores worth of CPU per second (estimate: it ignores the main thread).
const cpuOf = (w: number): number => quantile(runs.slice(1).filter((r) => r.workers === w).map((r) => r.cpuPerCheck), 0.5);
console.log(
  `server CPU per check: 1 worker ${(cpuOf(1) * 1000).toFixed(0)} ms, 2 workers ${(cpuOf(2) * 1000).toFixed(0)} ms; ` +
    `idle 2-core estimate (CPU-bound, one busy core per worker): 1 worker ${(1 / cpuOf(1)).toFixed(2)} checks/s, 2 workers ${(2 / cpuOf(2)).toFixed(2)} checks/s, ` +
    `ratio ${((2 / cpuOf(2)) / (1 / cpuOf(1))).toFixed(2)}`,
);
const failed = runs.flatMap((r) => r.others);
if (failed.length > 0) console.log(`non-200 outcomes: ${failed.length}: ${[...new Set(failed)].slice(0, 5).join(' / ')}`);
