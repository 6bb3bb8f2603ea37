import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { DocliveError } from '../../src/errors.js';
import { testServer } from '../support/doubles.js';
import { imageBytes, pngClaiming } from '../support/images.js';
import { multipartBody } from '../support/multipart.js';

// Item 10 of the server issue: each bad request gets the right status, the JSON error body and a message that
// says what is accepted; the server keeps answering afterwards.

interface Case {
  name: string;
  request: InjectOptions;
  status: number;
  code: string;
  message: RegExp;
}

const json = (payload: unknown): InjectOptions => ({
  method: 'POST',
  url: '/check_liveness',
  headers: { 'content-type': 'application/json' },
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
});

test('every bad request is answered with its status, error body and an explanatory message; the server stays up', async () => {
  const { app, engine } = await testServer({ env: { IDLIVEDOC_SERVER_MAX_BODY_BYTES: '200000' } });
  engine.scores = { 'vulture-sr': 1 };
  const jpeg = (await imageBytes('jpeg')).toString('base64');
  const sr = [{ pipeline_name: 'default-sr' }];
  const cases: Case[] = [
    { name: 'malformed JSON', request: json('{"image": "abc", "pipelines": ['), status: 400, code: 'BAD_REQUEST', message: /not valid JSON.*Send a JSON object/ },
    { name: 'JSON with single quotes', request: json("{'image': 'abc'}"), status: 400, code: 'BAD_REQUEST', message: /not valid JSON/ },
    { name: 'empty body', request: json(''), status: 400, code: 'BAD_REQUEST', message: /empty|not valid JSON/ },
    { name: 'body is an array', request: json([1, 2]), status: 400, code: 'BAD_REQUEST', message: /must be a JSON object/ },
    { name: 'prototype poisoning', request: json('{"__proto__": {"x": 1}, "image": "a", "pipelines": []}'), status: 400, code: 'BAD_REQUEST', message: /not valid JSON/ },
    { name: 'missing image', request: json({ pipelines: sr }), status: 400, code: 'BAD_REQUEST', message: /Missing required field 'image'/ },
    { name: 'image not a string', request: json({ image: 42, pipelines: sr }), status: 400, code: 'BAD_REQUEST', message: /'image' must be a string/ },
    { name: 'missing pipelines', request: json({ image: jpeg }), status: 400, code: 'BAD_REQUEST', message: /Missing required field 'pipelines'/ },
    { name: 'pipelines not an array', request: json({ image: jpeg, pipelines: 'default-sr' }), status: 400, code: 'BAD_REQUEST', message: /'pipelines' must be an array/ },
    { name: 'empty pipelines', request: json({ image: jpeg, pipelines: [] }), status: 400, code: 'BAD_REQUEST', message: /'pipelines' must contain at least 1 item.*GET \/api_version/ },
    { name: 'pipeline without name', request: json({ image: jpeg, pipelines: [{ calibration: 'SOFT' }] }), status: 400, code: 'BAD_REQUEST', message: /Missing required field 'pipelines\[0\]\.pipeline_name'/ },
    { name: 'pipeline name not a string', request: json({ image: jpeg, pipelines: [{ pipeline_name: 7 }] }), status: 400, code: 'BAD_REQUEST', message: /'pipelines\[0\]\.pipeline_name' must be a string/ },
    { name: 'unknown pipeline', request: json({ image: jpeg, pipelines: [{ pipeline_name: 'default-xx' }] }), status: 400, code: 'INVALID_PIPELINE', message: /Unknown pipeline 'default-xx': must be one of \[vulture-sr, .*default-sr/ },
    { name: 'bad calibration', request: json({ image: jpeg, pipelines: [{ pipeline_name: 'default-sr', calibration: 'STRICT' }] }), status: 400, code: 'INVALID_CALIBRATION', message: /"STRICT": must be one of \[REGULAR, SOFT, HARD\]/ },
    { name: 'non-ignorable error', request: json({ image: jpeg, pipelines: sr, errors_to_ignore: ['DOCUMENT_NOT_FOUND'] }), status: 400, code: 'NON_IGNORABLE_ERROR', message: /"DOCUMENT_NOT_FOUND" cannot be ignored; only \[DOCUMENT_CROPPED, DOCUMENT_IS_COLORLESS\]/ },
    { name: 'errors_to_ignore not an array', request: json({ image: jpeg, pipelines: sr, errors_to_ignore: 'DOCUMENT_CROPPED' }), status: 400, code: 'BAD_REQUEST', message: /'errors_to_ignore' must be an array/ },
    { name: 'calibration count mismatch', request: { method: 'POST', url: '/check_liveness_file?pipelines=default-sr&calibrations=SOFT,HARD', ...multipartBody([{ name: 'file', filename: 'a.jpg', data: await imageBytes() }]) }, status: 400, code: 'CALIBRATION_COUNT_MISMATCH', message: /2 calibrations for 1 pipelines/ },
    { name: 'invalid base64', request: json({ image: `${jpeg.slice(0, 40)}!!${jpeg.slice(40)}`, pipelines: sr }), status: 406, code: 'INVALID_BASE64', message: /character '!' at position 40.*Accepted: standard base64/ },
    { name: 'truncated base64', request: json({ image: jpeg.slice(0, 41), pipelines: sr }), status: 406, code: 'INVALID_BASE64', message: /cannot encode whole bytes/ },
    { name: 'empty image', request: json({ image: '', pipelines: sr }), status: 406, code: 'INVALID_BASE64', message: /image field is empty/ },
    { name: 'bytes that are not an image', request: json({ image: Buffer.from('%PDF-1.4 not a photo').toString('base64'), pipelines: sr }), status: 406, code: 'NOT_AN_IMAGE', message: /Accepted formats: JPEG, PNG, WebP/ },
    { name: 'unsupported format (GIF)', request: json({ image: (await imageBytes('gif')).toString('base64'), pipelines: sr }), status: 406, code: 'UNSUPPORTED_IMAGE_FORMAT', message: /GIF is not accepted\. Accepted formats: JPEG, PNG, WebP/ },
    { name: 'unsupported format (TIFF)', request: json({ image: (await imageBytes('tiff')).toString('base64'), pipelines: sr }), status: 406, code: 'UNSUPPORTED_IMAGE_FORMAT', message: /TIFF is not accepted/ },
    { name: 'decompression bomb', request: json({ image: pngClaiming(50_000, 50_000).toString('base64'), pipelines: sr }), status: 406, code: 'IMAGE_TOO_MANY_PIXELS', message: /2500000000 pixels; at most 50000000 .*IDLIVEDOC_SERVER_MAX_IMAGE_PIXELS/ },
    { name: 'image too small', request: json({ image: (await imageBytes('png', 40, 30)).toString('base64'), pipelines: sr }), status: 406, code: 'IMAGE_TOO_SMALL', message: /40 x 30 pixels; both sides must be at least 64/ },
    { name: 'body over the size limit', request: json({ image: 'A'.repeat(250_000), pipelines: sr }), status: 413, code: 'PAYLOAD_TOO_LARGE', message: /larger than 200000 bytes/ },
    { name: 'text/plain', request: { method: 'POST', url: '/check_liveness', headers: { 'content-type': 'text/plain' }, payload: jpeg }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /"text\/plain" is not accepted here; send application\/json/ },
    { name: 'form-urlencoded', request: { method: 'POST', url: '/check_liveness', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'image=abc' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /send application\/json/ },
    { name: 'multipart to the JSON endpoint', request: { method: 'POST', url: '/check_liveness', ...multipartBody([{ name: 'file', filename: 'a.jpg', data: await imageBytes() }]) }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: /use POST \/check_liveness_file/ },
    { name: 'date_from missing', request: { method: 'GET', url: '/bi_report?date_to=2026-03-01' }, status: 400, code: 'INVALID_DATE_RANGE', message: /Missing required query parameter 'date_from'.*yyyy-MM-dd/ },
    { name: 'date not yyyy-MM-dd', request: { method: 'GET', url: '/bi_report?date_from=01/03/2026&date_to=2026-03-31' }, status: 400, code: 'INVALID_DATE_RANGE', message: /date_from="01\/03\/2026" is not a date: use yyyy-MM-dd/ },
    { name: 'date not on the calendar', request: { method: 'GET', url: '/bi_report?date_from=2026-02-01&date_to=2026-02-29' }, status: 400, code: 'INVALID_DATE_RANGE', message: /date_to="2026-02-29" is not a date/ },
    { name: 'date_from after date_to', request: { method: 'GET', url: '/bi_report?date_from=2026-03-02&date_to=2026-03-01' }, status: 400, code: 'INVALID_DATE_RANGE', message: /date_from \(2026-03-02\) is after date_to \(2026-03-01\)/ },
    { name: 'unknown path', request: { method: 'GET', url: '/check' }, status: 404, code: 'NOT_FOUND', message: /No endpoint GET \/check\. Endpoints: POST \/check_liveness/ },
    { name: 'wrong method', request: { method: 'GET', url: '/check_liveness' }, status: 405, code: 'METHOD_NOT_ALLOWED', message: /GET is not supported on \/check_liveness; use POST/ },
    { name: 'wrong method on a GET endpoint', request: { method: 'DELETE', url: '/bi_report?x=1' }, status: 405, code: 'METHOD_NOT_ALLOWED', message: /use GET/ },
  ];
  for (const c of cases) {
    const res = await app.inject(c.request);
    assert.equal(res.statusCode, c.status, `${c.name}: ${res.body}`);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['timestamp', 'status', 'error', 'message', 'path', 'error_code'], c.name);
    assert.equal(body.status, c.status, c.name);
    assert.equal(body.error_code, c.code, `${c.name}: ${body.message}`);
    assert.match(body.message, c.message, c.name);
    assert.equal(body.path, (c.request.url as string).split('?')[0], c.name);
    assert.equal(body.timestamp, '2026-03-15T12:00:00.000Z');
  }
  // Still up and answering correctly.
  assert.equal((await app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200);
  const ok = await app.inject(json({ image: jpeg, pipelines: sr }));
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().aggregate_liveness_probability, 1 / (1 + Math.exp(-1)));
  await app.close();
});

test('the reason phrase matches the status for every error class', async () => {
  const { app } = await testServer();
  const res = await app.inject({ method: 'POST', url: '/check_liveness', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });
  assert.equal(res.json().error, 'Unsupported Media Type');
  const missing = await app.inject({ method: 'GET', url: '/nowhere' });
  assert.equal(missing.json().error, 'Not Found');
  assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  await app.close();
});

test('a truncated image the engine cannot decode is a 406 IMAGE_DECODE_FAILED', async () => {
  const { app, engine } = await testServer();
  engine.failWith = new DocliveError('IMAGE_DECODE_FAILED', 'The image data is truncated: JPEG ended before its last scan.');
  const res = await app.inject(json({ image: (await imageBytes()).toString('base64'), pipelines: [{ pipeline_name: 'vulture-sr' }] }));
  assert.equal(res.statusCode, 406);
  assert.equal(res.json().error, 'Not Acceptable');
  assert.equal(res.json().error_code, 'IMAGE_DECODE_FAILED');
  await app.close();
});
