import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testServer } from '../support/doubles.js';
import { imageBytes } from '../support/images.js';
import { multipartBody } from '../support/multipart.js';

async function upload(url: string, parts?: Parameters<typeof multipartBody>[0]) {
  const body = multipartBody(parts ?? [{ name: 'file', filename: 'image0.png', data: await imageBytes('png') }]);
  return { method: 'POST' as const, url, ...body };
}

test('comma lists and repeated parameters give the same pipelines and calibrations, in order', async () => {
  const { app, engine } = await testServer();
  engine.scores = { 'vulture-sr': 1, 'woodpecker-pc': 2, 'hawk-sd': 3 };
  for (const query of [
    'pipelines=default-sr,default-pc,hawk-sd&calibrations=REGULAR,SOFT,HARD',
    'pipelines=default-sr&pipelines=default-pc&pipelines=hawk-sd&calibrations=REGULAR&calibrations=SOFT&calibrations=HARD',
    'pipelines=default-sr,default-pc&pipelines=hawk-sd&calibrations=REGULAR,SOFT,HARD&errors_to_ignore=DOCUMENT_CROPPED,DOCUMENT_IS_COLORLESS',
  ]) {
    const res = await app.inject(await upload(`/check_liveness_file?${query}`));
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().pipeline_results.map((r: { pipeline_name: string; calibration: string }) => `${r.pipeline_name}:${r.calibration}`),
      ['default-sr:REGULAR', 'default-pc:SOFT', 'hawk-sd:HARD'],
    );
  }
  assert.deepEqual(engine.requests.at(-1)?.errorsToIgnore, ['DOCUMENT_CROPPED', 'DOCUMENT_IS_COLORLESS']);
  await app.close();
});

test('no calibrations means REGULAR for every pipeline; the uploaded bytes reach the engine unchanged', async () => {
  const { app, engine } = await testServer();
  engine.scores = { 'vulture-sr': 1, 'robin-pc': -1 };
  const res = await app.inject(await upload('/check_liveness_file?pipelines=vulture-sr,robin-pc'));
  assert.deepEqual(res.json().pipeline_results.map((r: { calibration: string }) => r.calibration), ['REGULAR', 'REGULAR']);
  assert.deepEqual(Buffer.from(engine.requests[0]?.image ?? []), await imageBytes('png'));
  await app.close();
});

test('file part problems and calibration count mismatch are 400s saying what is expected', async () => {
  const { app } = await testServer();
  const cases: [Awaited<ReturnType<typeof upload>>, number, string, RegExp][] = [
    [await upload('/check_liveness_file?pipelines=default-sr,default-pc&calibrations=SOFT'), 400, 'CALIBRATION_COUNT_MISMATCH', /1 calibrations for 2 pipelines: give none \(all REGULAR\) or exactly one per pipeline/],
    [await upload('/check_liveness_file?pipelines=default-sr&calibrations=MEDIUM'), 400, 'INVALID_CALIBRATION', /'MEDIUM'.*must be one of \[REGULAR, SOFT, HARD\]/],
    [await upload('/check_liveness_file?pipelines=default-sr&errors_to_ignore=DOCUMENT_PHOTO_NOT_FOUND'), 400, 'NON_IGNORABLE_ERROR', /cannot be ignored/],
    [await upload('/check_liveness_file?pipelines=,'), 400, 'BAD_REQUEST', /pipelines is empty/],
    [await upload('/check_liveness_file'), 400, 'BAD_REQUEST', /Missing required query parameter 'pipelines'/],
    [await upload('/check_liveness_file?pipelines=default-sr', [{ name: 'image', filename: 'a.png', data: await imageBytes('png') }]), 400, 'BAD_REQUEST', /no file part named "file"/],
    [await upload('/check_liveness_file?pipelines=default-sr', [{ name: 'note', data: 'hello' }]), 400, 'BAD_REQUEST', /no file part named "file"/],
    [await upload('/check_liveness_file?pipelines=default-sr', [{ name: 'file', filename: 'a.png', data: '' }]), 406, 'NOT_AN_IMAGE', /"file" is empty/],
    [await upload('/check_liveness_file?pipelines=default-sr', [{ name: 'file', filename: 'a.txt', data: 'plain text' }]), 406, 'NOT_AN_IMAGE', /Accepted formats: JPEG, PNG, WebP/],
  ];
  for (const [request, status, code, message] of cases) {
    const res = await app.inject(request);
    assert.equal(res.statusCode, status, `${request.url}: ${res.body}`);
    assert.equal(res.json().error_code, code);
    assert.match(res.json().message, message);
  }
  await app.close();
});

test('a multipart body cut off inside the file part is a 400 saying the form is incomplete (found by the runtime fuzz test)', async () => {
  const { app, engine } = await testServer();
  const whole = await upload('/check_liveness_file?pipelines=vulture-sr', [{ name: 'file', filename: 'photo.png', data: Buffer.alloc(5000, 7) }]);
  for (const keep of [200, 2000, whole.payload.length - 10]) {
    const payload = whole.payload.subarray(0, keep);
    const res = await app.inject({ ...whole, payload, headers: { ...whole.headers, 'content-length': String(payload.length) } });
    assert.equal(res.statusCode, 400, `${keep} bytes: ${res.body}`);
    assert.equal(res.json().error_code, 'BAD_REQUEST');
    assert.match(res.json().message, /ends before its last part is complete/);
  }
  assert.equal(engine.requests.length, 0);
  await app.close();
});

test('a file over MAX_BODY_BYTES is a 413; JSON sent to the multipart endpoint is a 415', async () => {
  const { app } = await testServer({ env: { IDLIVEDOC_SERVER_MAX_BODY_BYTES: '4096' } });
  const big = await app.inject(await upload('/check_liveness_file?pipelines=default-sr', [{ name: 'file', filename: 'big.png', data: Buffer.alloc(10_000, 7) }]));
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().error_code, 'PAYLOAD_TOO_LARGE');
  assert.match(big.json().message, /larger than 4096 bytes \(IDLIVEDOC_SERVER_MAX_BODY_BYTES\)/);
  const json = await app.inject({ method: 'POST', url: '/check_liveness_file?pipelines=default-sr', payload: { image: 'AAAA' } });
  assert.equal(json.statusCode, 415);
  assert.match(json.json().message, /multipart\/form-data with the image in a part named "file"/);
  await app.close();
});
