// Process-level start-up behaviour of `src/main.ts`: what an operator sees when the configuration or the license
// is wrong, and that a good start serves and stops cleanly on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { writeTestLicense } from './license/test-license.js';

const MAIN = new URL('../src/main.ts', import.meta.url).pathname;

interface Run {
  code: number | null;
  stderr: string;
}

function startServer(env: Record<string, string>): { child: ReturnType<typeof spawn>; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH ?? '', IDLIVEDOC_SERVER_DB_URL: 'sqlite::memory:', IDLIVEDOC_SERVER_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr };
}

async function runToExit(env: Record<string, string>): Promise<Run> {
  const { child, stderr } = startServer(env);
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stderr: stderr() };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

test('a tampered license stops the server with a message naming the license', async () => {
  const license = await writeTestLicense({ 'vulture-sr': '2030-01-01' });
  try {
    const token = readFileSync(license.licensePath, 'utf8').trim();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    claims.licensee = 'someone else';
    writeFileSync(license.licensePath, `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}\n`);
    const run = await runToExit({ IDLIVEDOC_SERVER_LICENSE: license.licensePath, IDLIVEDOC_SERVER_LICENSE_PUBLIC_KEY: license.publicKeyPath });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^doclive: Cannot load the license/m);
  } finally {
    rmSync(license.dir, { recursive: true, force: true });
  }
});

test('a license without its public key stops the server', async () => {
  const license = await writeTestLicense({ 'vulture-sr': '2030-01-01' });
  try {
    const run = await runToExit({ IDLIVEDOC_SERVER_LICENSE: license.licensePath });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /LICENSE_PUBLIC_KEY/);
  } finally {
    rmSync(license.dir, { recursive: true, force: true });
  }
});

test('AVAILABLE_PIPELINES set but empty, or naming an unknown pipeline, stops the server with a clear message', async () => {
  const empty = await runToExit({ IDLIVEDOC_SERVER_AVAILABLE_PIPELINES: '' });
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /IDLIVEDOC_SERVER_AVAILABLE_PIPELINES/);
  const unknown = await runToExit({ IDLIVEDOC_SERVER_AVAILABLE_PIPELINES: 'vulture-sr,eagle-xx' });
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /eagle-xx/);
  assert.match(unknown.stderr, /vulture-sr/);
});

test('every invalid variable is reported in one start-up message', async () => {
  const run = await runToExit({ IDLIVEDOC_SERVER_PORT: 'eighty', IDLIVEDOC_SERVER_MAX_QUEUE: '-3', IDLIVEDOC_SERVER_TIMEZONE: 'Mars/Olympus' });
  assert.equal(run.code, 1);
  for (const name of ['IDLIVEDOC_SERVER_PORT', 'IDLIVEDOC_SERVER_MAX_QUEUE', 'IDLIVEDOC_SERVER_TIMEZONE']) assert.match(run.stderr, new RegExp(name));
});

test('a valid license starts the server, /license_info answers, and SIGTERM exits 0', async () => {
  const license = await writeTestLicense({ 'vulture-sr': '2030-01-01' });
  const port = await freePort();
  const { child, stderr } = startServer({
    IDLIVEDOC_SERVER_PORT: String(port),
    IDLIVEDOC_SERVER_HOST: '127.0.0.1',
    IDLIVEDOC_SERVER_LICENSE: license.licensePath,
    IDLIVEDOC_SERVER_LICENSE_PUBLIC_KEY: license.publicKeyPath,
  });
  try {
    let ready: Response | null = null;
    for (let attempt = 0; attempt < 150 && ready === null; attempt++) {
      ready = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
      if (ready === null) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(ready, `server did not come up: ${stderr()}`);
    assert.equal(ready.status, 200);
    const info = await fetch(`http://127.0.0.1:${port}/license_info`);
    assert.equal(info.status, 200);
    assert.ok(Array.isArray(await info.json()));
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(license.dir, { recursive: true, force: true });
  }
});
