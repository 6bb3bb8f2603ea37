import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A PostgreSQL cluster owned by one test, for tests that stop and restart the server: stopping the shared test
// cluster would break test files running beside it. Needs the PostgreSQL 15 binaries (DOCLIVE_TEST_PGBIN or the
// Debian path); as root the commands run as the `postgres` user, since initdb refuses to run as root.

const PGBIN = process.env.DOCLIVE_TEST_PGBIN ?? '/usr/lib/postgresql/15/bin';

export const PRIVATE_CLUSTER_UNAVAILABLE = existsSync(join(PGBIN, 'initdb'))
  ? null
  : `PostgreSQL binaries not found in ${PGBIN} (install postgresql-15 or set DOCLIVE_TEST_PGBIN)`;

export interface PrivateCluster {
  url: string;
  start(): void;
  stop(): void;
  /** Stops the server if running and deletes its files. */
  destroy(): void;
}

function run(binary: string, args: string[]): void {
  const command = join(PGBIN, binary);
  if (process.getuid?.() === 0) {
    const quoted = [command, ...args].map((part) => `'${part.replace(/'/g, `'\\''`)}'`).join(' ');
    execFileSync('su', ['postgres', '-c', quoted], { stdio: 'pipe' });
  } else {
    execFileSync(command, args, { stdio: 'pipe' });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function createPrivateCluster(): Promise<PrivateCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'doclive-private-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const dataDir = join(dir, 'data');
  const port = await freePort();
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  let running = false;
  const cluster: PrivateCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start() {
      run('pg_ctl', ['-D', dataDir, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
      running = true;
    },
    stop() {
      run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      running = false;
    },
    destroy() {
      if (running) cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}
