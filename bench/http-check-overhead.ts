// Time the HTTP layer spends on one check before and after the analysis: JSON parsing (with and without raw
// line breaks inside the base64), strict base64 decoding, the image header checks and the response, with an
// engine double that answers at once. Usage: node --import tsx bench/http-check-overhead.ts [megapixels] [runs]
import sharp from 'sharp';
import { testServer } from '../test/support/doubles.js';
import { multipartBody } from '../test/support/multipart.js';

const megapixels = Number(process.argv[2] ?? 12);
const runs = Number(process.argv[3] ?? 15);
const width = Math.round(Math.sqrt((megapixels * 1e6 * 4) / 3));
const height = Math.round((width * 3) / 4);

// Noise compresses badly, like a real photo: a JPEG of a few MB.
const noise = Buffer.alloc(width * height * 3);
for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
const jpeg = await sharp(noise, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
const b64 = jpeg.toString('base64');
const wrapped = b64.replace(/(.{76})/g, '$1\n');

const { app, engine } = await testServer({ env: { IDLIVEDOC_SERVER_MAX_BODY_BYTES: String(64 * 1024 * 1024), IDLIVEDOC_SERVER_MAX_IMAGE_PIXELS: String(100_000_000) } });
engine.scores = { 'vulture-sr': 1 };
const pipelines = [{ pipeline_name: 'default-sr' }];

async function median(label: string, send: () => Promise<{ statusCode: number }>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const res = await send();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (res.statusCode !== 200) throw new Error(`${label}: status ${res.statusCode}`);
    engine.requests.length = 0;
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} median ${times[Math.floor(runs / 2)]?.toFixed(1)} ms  min ${times[0]?.toFixed(1)} ms`);
}

console.log(`image ${width}x${height} JPEG, ${(jpeg.length / 1e6).toFixed(2)} MB (${(b64.length / 1e6).toFixed(2)} MB base64), ${runs} runs, node ${process.version}`);
const json = (image: string) => JSON.stringify({ image, pipelines });
const plainBody = json(b64);
const wrappedBody = `{"image": "${wrapped}", "pipelines": [{"pipeline_name": "default-sr"}]}`;
await median('POST /check_liveness, base64 on one line', () =>
  app.inject({ method: 'POST', url: '/check_liveness', headers: { 'content-type': 'application/json' }, payload: plainBody }),
);
await median('POST /check_liveness, base64 wrapped at 76', () =>
  app.inject({ method: 'POST', url: '/check_liveness', headers: { 'content-type': 'application/json' }, payload: wrappedBody }),
);
const form = multipartBody([{ name: 'file', filename: 'photo.jpg', data: jpeg }]);
await median('POST /check_liveness_file (multipart)', () => app.inject({ method: 'POST', url: '/check_liveness_file?pipelines=default-sr', ...form }));
await app.close();
