import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CATALOGUE } from '../src/errors.js';
import { CONFIG_VARIABLES, ENV_PREFIX } from '../src/config/variables.js';

// The documentation is part of the contract: these tests keep docs/errors.md, docs/configuration.md,
// docs/features.md, the repository paths the docs name, the deploy files and the README in step with the code.

const read = (path: string): string => readFileSync(path, 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** `CODE` | status rows of a markdown table. */
function tableRows(markdown: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const match of markdown.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| ([^|]+) \|/gm)) rows.set(match[1] as string, (match[2] as string).trim());
  return rows;
}

test('docs/errors.md lists exactly the codes of the error catalogue, each with its HTTP status', () => {
  const rows = tableRows(read('docs/errors.md'));
  assert.deepEqual([...rows.keys()].sort(), Object.keys(ERROR_CATALOGUE).sort());
  for (const [code, { status }] of Object.entries(ERROR_CATALOGUE)) assert.equal(rows.get(code), String(status), code);
});

test('every IDLIVEDOC_SERVER_* variable the code reads is documented in docs/configuration.md, and nothing else', () => {
  const inCode = new Set<string>(CONFIG_VARIABLES.map((name) => ENV_PREFIX + name));
  for (const file of sourceFiles('src')) {
    for (const match of read(file).matchAll(/IDLIVEDOC_SERVER_[A-Z_]*[A-Z]/g)) inCode.add(match[0]);
  }
  const documented = new Set([...read('docs/configuration.md').matchAll(/^\| `(IDLIVEDOC_SERVER_[A-Z_]+)` \|/gm)].map((m) => m[1] as string));
  assert.deepEqual([...documented].sort(), [...inCode].sort());
});

test('the deploy files use only known variables, port 8080 and a non-root user', () => {
  const known = new Set<string>(CONFIG_VARIABLES.map((name) => ENV_PREFIX + name));
  const dockerfile = read('deploy/Dockerfile');
  const compose = read('deploy/compose.yaml');
  for (const text of [dockerfile, compose]) {
    for (const match of text.matchAll(/IDLIVEDOC_SERVER_[A-Z_]*[A-Z]/g)) assert.ok(known.has(match[0]), match[0]);
  }
  assert.match(dockerfile, /^EXPOSE 8080$/m);
  assert.match(dockerfile, /^USER node$/m);
  assert.match(dockerfile, /^FROM node:20/m);
  assert.match(dockerfile, /npm ci/);
  // The server itself must be PID 1 so docker stop's SIGTERM reaches it (through npm start it does not): the exec
  // form of CMD is the package's start script word for word.
  const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;
  assert.deepEqual(JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]'), start.split(' '));
  assert.match(compose, /image: postgres:15/);
  assert.match(compose, /IDLIVEDOC_SERVER_DB_URL: postgres:\/\//);
  assert.match(compose, /"8080:8080"/);
});

test('the README quick start is exactly the two command lines, and every docs link resolves', () => {
  const readme = read('README.md');
  const quickStart = /## Quick start\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const commands = quickStart.split('\n').filter((line) => line.trim() !== '').map((line) => line.replace(/\s+#.*$/, '').trim());
  assert.deepEqual(commands, ['npm ci && npm start', 'npm ci && npm test']);
  for (const match of readme.matchAll(/\]\((docs\/[^)#]+)\)/g)) assert.ok(statSync(match[1] as string).isFile(), match[1]);
});

/** README.md and docs/*.md, without the two measurement logs that quote files of other branches and data folders. */
function userDocs(): string[] {
  const docs = readdirSync('docs').filter((name) => name.endsWith('.md') && !['models.md', 'quality.md'].includes(name));
  return ['README.md', ...docs.map((name) => join('docs', name))];
}

test('every repository path the user docs name in backticks exists', () => {
  const missing: string[] = [];
  for (const doc of userDocs()) {
    read(doc).split('\n').forEach((line, index) => {
      for (const match of line.matchAll(/`((?:src|lab|test|bench|scripts|models|deploy|web|bin|docs)\/[^`\s]*)`/g)) {
        const path = (match[1] as string).replace(/[:#].*$/, '').replace(/\/$/, '');
        if (/[<>*{}]/.test(path)) continue; // placeholders such as models/<pipeline>/calibration.json
        try {
          statSync(path);
        } catch {
          missing.push(`${doc}:${index + 1}: ${path}`);
        }
      }
    });
  }
  assert.deepEqual(missing, []);
});

test('docs/features.md names every function src/features exports', () => {
  const features = read('docs/features.md');
  const undocumented = sourceFiles('src/features')
    .flatMap((file) => [...read(file).matchAll(/^export (?:async )?function (\w+)/gm)].map((m) => `${file}: ${m[1] as string}`))
    .filter((entry) => !new RegExp(`\\b${entry.split(': ')[1] as string}\\b`).test(features));
  assert.deepEqual(undocumented, []);
});
