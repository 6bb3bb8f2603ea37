// BI store throughput and failure latency. Run: source scripts/ci/start-postgres.sh && node --import tsx bench/bi-store.ts
// Results are recorded in bench/results/bi-store.md. Keep the counts small: the machine is shared.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { openBiStore } from '../src/store/open.js';
import type { BiStore } from '../src/store/types.js';
import { createThrowawayDatabase } from '../test/store/postgres-databases.js';

const logger = pino({ level: 'silent' });
const KEYS = ['auk_ID_CARD_probability_0.9-1.0', 'auk_ID_CARD_probability_0.0-0.1', 'auk_PASSPORT_DOCUMENT_NOT_FOUND'];

function day(n: number): string {
  return new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
}

async function measure(name: string, store: BiStore, calls: number, concurrency: number): Promise<void> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const n = next++;
        await store.increment(day(n % 365), ['total', KEYS[n % KEYS.length] as string]);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const reportStarted = performance.now();
  const report = await store.report(day(0), day(364));
  const reportMs = performance.now() - reportStarted;
  if (report.total === undefined || report.total < calls) throw new Error(`${name}: lost increments`);
  console.log(JSON.stringify({ name, calls, concurrency, incrementsPerSecond: Math.round(calls / seconds), meanIncrementMs: +((seconds * 1000 * concurrency) / calls).toFixed(2), reportOneYearMs: +reportMs.toFixed(1) }));
}

async function rejectionMs(open: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await open().then(() => { throw new Error('expected a rejection'); }, () => undefined);
  return +(performance.now() - started).toFixed(0);
}

const dir = mkdtempSync(join(tmpdir(), 'doclive-bench-'));
try {
  const sqlite = await openBiStore(`sqlite:${join(dir, 'bench.sqlite')}`, logger);
  await measure('sqlite file', sqlite, 5000, 1);
  await sqlite.close();

  if (process.env.DOCLIVE_TEST_PG_URL) {
    const database = await createThrowawayDatabase();
    try {
      const postgres = await openBiStore(database.url, logger);
      await measure('postgres sequential', postgres, 1000, 1);
      await measure('postgres 8 concurrent', postgres, 2000, 8);
      await postgres.close();
    } finally {
      await database.drop();
    }
  } else {
    console.log('postgres skipped: DOCLIVE_TEST_PG_URL is not set');
  }

  // Default deadlines: how long a start waits when PostgreSQL refuses connections, or accepts and never answers.
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as AddressInfo;
  console.log(JSON.stringify({
    name: 'postgres open rejected',
    refusedMs: await rejectionMs(() => openBiStore('postgres://u:p@127.0.0.1:1/bi', logger)),
    silentServerMs: await rejectionMs(() => openBiStore(`postgres://u:p@127.0.0.1:${port}/bi`, logger)),
  }));
  for (const socket of sockets) socket.destroy();
  silent.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
