import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testServer, type TestServer } from '../support/doubles.js';
import { imageBytes } from '../support/images.js';
import { multipartBody } from '../support/multipart.js';

// The IDLive Doc Server documentation's own client examples, reproduced against a listening doclive:
// curl piping `base64 file` into the JSON body, Python requests (JSON and multipart with comma lists), and the
// browser example that base64-encodes with btoa. Real curl / python3 run when installed; the wire formats they
// produce are also reproduced byte for byte with app.inject so the contract is tested everywhere.

const run = promisify(execFile);
let server: TestServer;
let url: string;
let imagePath: string;
let image: Buffer;

const has = (command: string, args: string[]): boolean => {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const hasCurl = has('curl', ['--version']) && has('base64', ['--version']);
const hasPythonRequests = has('python3', ['-c', 'import requests']);

before(async () => {
  server = await testServer();
  server.engine.scores = { 'vulture-sr': 2, 'woodpecker-pc': 1, 'xenops-ps': 3 };
  url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  image = await imageBytes('png', 400, 250); // ~1 KB of base64: `base64` wraps it over several lines
  imagePath = join(mkdtempSync(join(tmpdir(), 'doclive-clients-')), 'image0.png');
  writeFileSync(imagePath, image);
});

after(async () => {
  await server.app.close();
});

function assertPipelines(body: string, expected: string[]): void {
  const parsed = JSON.parse(body) as { pipeline_results: { pipeline_name: string; calibration: string; result: { status_code: string } }[]; aggregate_liveness_probability?: number };
  assert.deepEqual(parsed.pipeline_results.map((r) => `${r.pipeline_name}:${r.calibration}:${r.result.status_code}`), expected);
  assert.equal(typeof parsed.aggregate_liveness_probability, 'number');
}

test('curl with "$(base64 file)" inside the JSON string: raw line breaks every 76 characters are accepted', { skip: !hasCurl && 'curl or base64 not installed' }, async () => {
  const wrapped = execFileSync('base64', [imagePath], { encoding: 'utf8' });
  assert.ok(wrapped.split('\n').length > 3, 'base64 wraps its output');
  const script = `curl -s -X POST "$URL/check_liveness" -H "Content-Type: application/json" -d '{"image": "'"$(base64 "$IMAGE")"'", "pipelines": [{"pipeline_name": "default-sr", "calibration": "REGULAR"}, {"pipeline_name": "default-pc"}, {"pipeline_name": "xenops-ps"}]}'`;
  const { stdout } = await run('bash', ['-c', script], { env: { ...process.env, URL: url, IMAGE: imagePath } });
  assertPipelines(stdout, ['default-sr:REGULAR:OK', 'default-pc:REGULAR:OK', 'xenops-ps:REGULAR:OK']);
  assert.deepEqual(Buffer.from(server.engine.requests.at(-1)?.image ?? []), image);
});

test('curl -F file=@image with comma lists in the query', { skip: !hasCurl && 'curl not installed' }, async () => {
  const { stdout } = await run('curl', ['-s', '-X', 'POST', '-F', `file=@${imagePath}`, `${url}/check_liveness_file?pipelines=default-sr,default-pc&calibrations=REGULAR,SOFT`]);
  assertPipelines(stdout, ['default-sr:REGULAR:OK', 'default-pc:SOFT:OK']);
});

test('curl -F of a 2 MB file with an unknown pipeline gets the 400 error body (the unread upload is discarded) and the server keeps serving', { skip: !hasCurl && 'curl not installed' }, async () => {
  const bigPath = `${imagePath}.big.png`;
  writeFileSync(bigPath, Buffer.concat([image, Buffer.alloc(2_000_000, 1)]));
  const { stdout } = await run('curl', ['-s', '-X', 'POST', '-F', `file=@${bigPath}`, `${url}/check_liveness_file?pipelines=default-xx`]);
  const body = JSON.parse(stdout) as { status: number; error_code: string };
  assert.equal(body.status, 400);
  assert.equal(body.error_code, 'INVALID_PIPELINE');
  const again = await fetch(`${url}/health/live`);
  assert.equal(again.status, 200);
});

test('the curl body, byte for byte: base64 wrapped at 76 columns with LF inside the JSON string', async () => {
  const b64 = image.toString('base64').replace(/(.{76})/g, '$1\n') + '\n';
  const body = `{"image": "${b64}", "pipelines": [{"pipeline_name": "default-sr", "calibration": "REGULAR"}, {"pipeline_name": "default-pc"}, {"pipeline_name": "xenops-ps"}]}`;
  assert.ok(body.includes('\n'));
  const res = await server.app.inject({ method: 'POST', url: '/check_liveness', headers: { 'content-type': 'application/json' }, payload: body });
  assert.equal(res.statusCode, 200, res.body);
  assertPipelines(res.body, ['default-sr:REGULAR:OK', 'default-pc:REGULAR:OK', 'xenops-ps:REGULAR:OK']);
});

const PYTHON_JSON = `
import base64, sys
import requests
URL = sys.argv[1]
data = open(sys.argv[2], "rb").read()
post_res = requests.post(
    url=URL + "/check_liveness",
    json={
        "image": base64.b64encode(data).decode("utf-8"),
        "pipelines": [
            {"pipeline_name": "default-sr", "calibration": "REGULAR"},
            {"pipeline_name": "default-pc"},
            {"pipeline_name": "xenops-ps"},
        ],
    },
)
print(post_res.text)
`;

const PYTHON_MULTIPART = `
import sys
import requests
URL = sys.argv[1]
post_res = requests.post(
    url=URL + "/check_liveness_file?pipelines=default-sr,default-pc&calibrations=REGULAR,HARD",
    files={"file": open(sys.argv[2], "rb")},
)
print(post_res.text)
`;

test('Python requests, json=...', { skip: !hasPythonRequests && 'python3 with requests not installed' }, async () => {
  const { stdout } = await run('python3', ['-c', PYTHON_JSON, url, imagePath]);
  assertPipelines(stdout, ['default-sr:REGULAR:OK', 'default-pc:REGULAR:OK', 'xenops-ps:REGULAR:OK']);
});

test('Python requests, files={"file": ...} with comma lists', { skip: !hasPythonRequests && 'python3 with requests not installed' }, async () => {
  const { stdout } = await run('python3', ['-c', PYTHON_MULTIPART, url, imagePath]);
  assertPipelines(stdout, ['default-sr:REGULAR:OK', 'default-pc:HARD:OK']);
});

test('the Python requests wire formats, byte for byte', async () => {
  // json=: json.dumps with ", " and ": " separators, Content-Type application/json, no line breaks.
  const body = `{"image": "${image.toString('base64')}", "pipelines": [{"pipeline_name": "default-sr", "calibration": "REGULAR"}, {"pipeline_name": "default-pc"}, {"pipeline_name": "xenops-ps"}]}`;
  const json = await server.app.inject({ method: 'POST', url: '/check_liveness', headers: { 'content-type': 'application/json' }, payload: body });
  assertPipelines(json.body, ['default-sr:REGULAR:OK', 'default-pc:REGULAR:OK', 'xenops-ps:REGULAR:OK']);
  // files=: hex boundary, one part with name and filename, no part Content-Type.
  const multipart = multipartBody([{ name: 'file', filename: 'image0.png', data: image }]);
  const file = await server.app.inject({ method: 'POST', url: '/check_liveness_file?pipelines=default-sr,default-pc&calibrations=REGULAR,HARD', ...multipart });
  assertPipelines(file.body, ['default-sr:REGULAR:OK', 'default-pc:HARD:OK']);
});

test('the browser example: btoa over the file as a binary string, sent with fetch', async () => {
  const image_buffer = Array.from(image, (byte) => String.fromCharCode(byte)).join('');
  function checkLiveness(buffer: string): Promise<Response> {
    const data = {
      image: btoa(buffer),
      pipelines: [{ pipeline_name: 'default-sr', calibration: 'REGULAR' }, { pipeline_name: 'default-pc' }, { pipeline_name: 'xenops-ps' }],
    };
    return fetch(`${url}/check_liveness`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(data) });
  }
  const response = await checkLiveness(image_buffer);
  assert.equal(response.status, 200);
  assertPipelines(await response.text(), ['default-sr:REGULAR:OK', 'default-pc:REGULAR:OK', 'xenops-ps:REGULAR:OK']);
  assert.deepEqual(Buffer.from(server.engine.requests.at(-1)?.image ?? []), image);
});

test('over a real socket a body above the limit is a 413 with the error body and the server keeps serving', async () => {
  const limited = await testServer({ env: { IDLIVEDOC_SERVER_MAX_BODY_BYTES: '10000' } });
  const limitedUrl = await limited.app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const big = await fetch(`${limitedUrl}/check_liveness`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ image: 'A'.repeat(50_000), pipelines: [] }) });
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as { error_code: string }).error_code, 'PAYLOAD_TOO_LARGE');
    assert.equal((await fetch(`${limitedUrl}/health/live`)).status, 200);
  } finally {
    await limited.app.close();
  }
});
