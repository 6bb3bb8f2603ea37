// A doclive server in a child process for the load and fault tests: by default the product's own entry
// (src/main.ts: configuration, real worker pool, real engine and whatever detectors this build registers); with
// `testWorker`, the test entry serve-test-worker.ts, whose workers run a test-only worker module instead. Either runs
// with the V8 flags of `npm start`.
// Before trained detectors exist, DOCLIVE_TEST_DETECTOR_DOUBLES=vulture-sr,... makes every server use
// runtime-test-worker.ts with test-double detectors for those pipelines (and test calibrations); the tests say so.
// The server logs JSON lines at info level (one "incoming request" line per accepted request, with its reqId);
// they are kept for the assertions. Only loopback is used.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolvePipelineName, type PipelineName } from '../../../src/pipelines/registry.js';
import { calibrationFor } from '../../support/doubles.js';
import { serverNodeFlags } from '../../support/server-node-flags.js';

const MAIN = fileURLToPath(new URL('../../../src/main.ts', import.meta.url));
const TEST_ENTRY = fileURLToPath(new URL('../serve-test-worker.ts', import.meta.url));
export const RUNTIME_TEST_WORKER = fileURLToPath(new URL('../runtime-test-worker.ts', import.meta.url));

/** Pipelines scored by test-double detectors in this run (DOCLIVE_TEST_DETECTOR_DOUBLES); empty normally. */
export const DETECTOR_DOUBLES: readonly PipelineName[] = (process.env.DOCLIVE_TEST_DETECTOR_DOUBLES ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '')
  .map((name) => {
    const resolved = resolvePipelineName(name);
    if (resolved === null) throw new Error(`DOCLIVE_TEST_DETECTOR_DOUBLES: unknown pipeline ${name}`);
    return resolved;
  });
/** Workers load and warm up their models before the server listens; on a loaded 2-core machine that takes a while. */
const START_TIMEOUT_MS = 180_000;

export interface LogLine {
  readonly level?: number;
  readonly msg?: string;
  readonly reqId?: string;
  readonly [key: string]: unknown;
}

export interface ServerProcess {
  readonly base: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Every JSON log line printed so far. */
  logs(): LogLine[];
  /** Everything printed on stderr so far (start-up problems, crashes). */
  stderr(): string;
  /** Resident set size now (VmRSS) and its peak since start (VmHWM), bytes. */
  memory(): { rss: number; peak: number };
  /** CPU time the process has used so far, all threads, user + system (seconds). */
  cpuSeconds(): number;
  /** Sends SIGTERM and waits for the exit code. */
  stop(): Promise<number | null>;
}

export interface ServerProcessOptions {
  /** IDLIVEDOC_SERVER_* settings on top of the test defaults (loopback, port 0, in-memory store, info logs). */
  readonly env?: Record<string, string>;
  /** A test-only worker module (path) and the options its engine factory gets besides maxImagePixels. */
  readonly testWorker?: { readonly module: string; readonly options?: Record<string, unknown> };
}

export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    IDLIVEDOC_SERVER_HOST: '127.0.0.1',
    IDLIVEDOC_SERVER_PORT: '0',
    IDLIVEDOC_SERVER_DB_URL: 'sqlite::memory:',
    IDLIVEDOC_SERVER_LOG_LEVEL: 'info',
    ...options.env,
  };
  let testWorker = options.testWorker;
  let calibrationDir: string | null = null;
  if (DETECTOR_DOUBLES.length > 0) {
    testWorker = { module: testWorker?.module ?? RUNTIME_TEST_WORKER, options: { ...testWorker?.options, detectorDoubles: DETECTOR_DOUBLES } };
    calibrationDir = mkdtempSync(join(tmpdir(), 'doclive-double-calibrations-'));
    for (const name of DETECTOR_DOUBLES) writeFileSync(join(calibrationDir, `${name}.json`), JSON.stringify(calibrationFor(name)));
    env.IDLIVEDOC_SERVER_CALIBRATION_DIR = calibrationDir;
  }
  if (testWorker !== undefined) {
    env.DOCLIVE_TEST_WORKER = testWorker.module;
    env.DOCLIVE_TEST_WORKER_OPTIONS = JSON.stringify(testWorker.options ?? {});
  }
  const entry = testWorker === undefined ? MAIN : TEST_ENTRY;
  const child = spawn(process.execPath, [...serverNodeFlags(), '--import', 'tsx', entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit').then(([code]) => {
    if (calibrationDir !== null) rmSync(calibrationDir, { recursive: true, force: true });
    return code as number | null;
  });
  const lines: LogLine[] = [];
  let errors = '';
  let partial = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const complete = text.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      if (line.trim() === '') continue;
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        lines.push({ msg: line });
      }
    }
  });

  const base = await new Promise<string>((resolve, reject) => {
    // A server that does not come up is killed here: the caller never gets a handle to kill it.
    const timer = setTimeout(() => {
      clearInterval(poll);
      child.kill('SIGKILL');
      reject(new Error(`the server did not listen within ${START_TIMEOUT_MS} ms; stderr: ${errors}`));
    }, START_TIMEOUT_MS);
    const poll = setInterval(() => {
      for (const line of lines) {
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line.msg ?? '');
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          clearInterval(poll);
          resolve(match[1]);
          return;
        }
      }
    }, 50);
    void exited.then((code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`the server exited with ${code} before listening; stderr: ${errors}`));
    });
  });

  const pid = child.pid as number;
  return {
    base,
    pid,
    child,
    exited,
    logs: () => lines,
    stderr: () => errors,
    memory: () => procMemory(pid),
    cpuSeconds: () => procCpuSeconds(pid),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Kills a server left running by a failed test (no-op once it has exited). */
export function killIfRunning(server: ServerProcess | undefined): void {
  if (server !== undefined && server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
}

function procMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux). */
function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
