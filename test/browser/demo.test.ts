// The demo page in a real browser: Debian's Chromium driven by playwright-core, against a server started in this
// process (startServer: worker pool, API keys on). With trained pipelines in this build the server runs them;
// otherwise its workers run the real front-end with the explaining detector double (test/workers/
// explaining-engine-worker.ts) and calibration files written here. Screenshots go to test-output/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CheckExplanation } from '../../src/check/explanation.js';
import { DETECTOR_FACTORIES } from '../../src/pipelines/detectors.js';
import type { PipelineName } from '../../src/pipelines/registry.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { calibrationFor, testConfig } from '../support/doubles.js';
import { labBonaFide } from '../support/lab-image.js';

// The page's DOM as far as these tests read it inside page.evaluate (the project compiles without the DOM library;
// these callbacks run in the browser).
interface PageElement {
  readonly dataset: Record<string, string | undefined>;
  readonly textContent: string | null;
  readonly value: string;
  querySelector(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
}
interface PageCanvas extends PageElement {
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
}
declare const document: { getElementById(id: string): PageElement | null; documentElement: { scrollWidth: number; clientWidth: number } };

const CHROMIUM = process.env.DOCLIVE_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = fileURLToPath(new URL('../../test-output/', import.meta.url));
const API_KEY = 'demo-test-key';
/** A check runs the whole front-end in a worker: allow for a slow, shared CI machine. */
const RESULT_TIMEOUT_MS = 180_000;
const DOUBLE_PIPELINES: PipelineName[] = ['vulture-sr', 'woodpecker-pc'];
const REAL_PIPELINES = Object.keys(DETECTOR_FACTORIES) as PipelineName[];

let server: RunningServer;
let browser: Browser;
let base: string;
let tmp: string;
let photo: Buffer;

before(async () => {
  // Not a skip: without Chromium these tests fail, in CI and locally, and say how to fix it.
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (scripts/ci/install-system-packages.sh does) or point DOCLIVE_CHROMIUM at a Chromium executable.`,
  );
  tmp = await mkdtemp(join(tmpdir(), 'doclive-demo-'));
  await mkdir(OUTPUT, { recursive: true });
  photo = Buffer.from((await labBonaFide('demo-7')).bytes);
  const env: Record<string, string> = {
    IDLIVEDOC_SERVER_PORT: '0',
    IDLIVEDOC_SERVER_HOST: '127.0.0.1',
    IDLIVEDOC_SERVER_WORKERS: '1',
    IDLIVEDOC_SERVER_DB_URL: 'sqlite::memory:',
    IDLIVEDOC_SERVER_API_KEYS: API_KEY,
  };
  let workers = {};
  if (REAL_PIPELINES.length === 0) {
    // No trained pipeline in this build: the test double's calibrations (k = 1, REGULAR at 0).
    for (const p of DOUBLE_PIPELINES) await writeFile(join(tmp, `${p}.json`), JSON.stringify(calibrationFor(p)));
    env.IDLIVEDOC_SERVER_CALIBRATION_DIR = tmp;
    workers = {
      workerFile: fileURLToPath(new URL('../workers/explaining-engine-worker.ts', import.meta.url)),
      engineOptions: { maxImagePixels: 50_000_000, pipelines: DOUBLE_PIPELINES },
    };
  }
  server = await startServer(testConfig(env), pino({ level: 'silent' }), workers);
  base = `http://127.0.0.1:${server.port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const offered = (): PipelineName[] => (REAL_PIPELINES.length > 0 ? REAL_PIPELINES : DOUBLE_PIPELINES);

/** Opens /demo without a key, enters the key, waits for the pipeline list. */
async function openDemo(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/401/.test(message.text())) errors.push(message.text());
  });
  const res = await page.goto(`${base}/demo`);
  assert.equal(res?.status(), 200);
  assert.match(res?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
  // Keys are on: the page loads, and asks for one.
  await page.waitForSelector('#key-box[open]');
  assert.match(await page.textContent('#pipelines-note') ?? '', /API key/);
  await page.fill('#api-key', API_KEY);
  await page.press('#api-key', 'Enter');
  await page.waitForSelector('#pipeline-list .pipeline-choice');
  const names = await page.$$eval('#pipeline-list input[name=pipeline]', (boxes) => boxes.map((b) => (b as unknown as PageElement).value));
  assert.deepEqual(names.sort(), [...offered()].sort());
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

async function pixel(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(([px, py]) => {
    const canvas = document.getElementById('view') as PageCanvas;
    return Array.from(canvas.getContext('2d').getImageData(Math.round(px!), Math.round(py!), 1, 1).data);
  }, [x, y]);
}

const near = (a: number[], b: number[], tolerance = 40): boolean => [0, 1, 2].every((i) => Math.abs(a[i]! - b[i]!) <= tolerance);

test('a photo is checked: verdict per pipeline with probability bars, warnings, the quad, portrait and score map drawn', async () => {
  const page = await openDemo({ width: 1280, height: 900 });
  // A second calibration for the second pipeline, to see it used.
  const second = offered()[1];
  if (second !== undefined) await page.selectOption(`select[name="calibration-${second}"]`, 'HARD');
  // Colour and crop judgements are not what this test is about: let every pipeline run.
  await page.check('#ignore-colorless');
  await page.check('#ignore-cropped');
  await page.setInputFiles('#file', { name: 'passport.jpg', mimeType: 'image/jpeg', buffer: photo });
  const answered = page.waitForResponse((r) => r.url().includes('/check_liveness_file'), { timeout: RESULT_TIMEOUT_MS });
  await page.click('#check');
  const response = await answered;
  assert.equal(response.status(), 200);
  assert.equal(response.request().headers()['x-api-key'], API_KEY);
  assert.match(response.url(), /explain=true/);
  assert.match(response.url(), /errors_to_ignore=DOCUMENT_CROPPED%2CDOCUMENT_IS_COLORLESS/);
  const answer = (await response.json()) as { pipeline_results: { pipeline_name: string; calibration: string; result: { status_code: string; liveness_probability?: number; image_quality_warnings?: string[] } }[]; explanation: CheckExplanation };
  await page.waitForSelector('#result:not([hidden])', { timeout: RESULT_TIMEOUT_MS });
  await page.waitForFunction(() => document.getElementById('view')!.dataset.drawn !== undefined);

  // One card per pipeline; an OK one has a bar as wide as its probability.
  const cards = await page.$$eval('.pipeline-result', (els) => (els as unknown as PageElement[]).map((e) => ({ pipeline: e.dataset.pipeline, status: e.dataset.status, bar: e.querySelector('.bar')?.getAttribute('aria-valuenow') ?? null, text: e.textContent })));
  assert.deepEqual(cards.map((c) => c.pipeline), answer.pipeline_results.map((r) => r.pipeline_name));
  for (const [i, card] of cards.entries()) {
    const result = answer.pipeline_results[i]!.result;
    assert.equal(card.status, result.status_code);
    if (result.status_code === 'OK') {
      assert.equal(Number(card.bar), result.liveness_probability);
      assert.match(card.text ?? '', /live|attack suspected/);
    }
  }
  if (second !== undefined) assert.equal(answer.pipeline_results[1]!.calibration, 'HARD');
  assert.match((await page.textContent('#verdict')) ?? '', /^(Live|Rejected|Not checked)/);

  // Warnings in words: one item per warning of the answer (or the "no problem" line).
  const warnings = [...new Set(answer.pipeline_results.flatMap((r) => r.result.image_quality_warnings ?? []))];
  const shown = await page.$$eval('#warnings li', (els) => (els as unknown as PageElement[]).map((e) => e.dataset.warning ?? null));
  assert.deepEqual(shown, warnings.length === 0 ? [null] : warnings);
  const rows = await page.$$eval('#quality-table tbody tr', (els) => els.length);
  assert.equal(rows, answer.explanation.quality.length);

  // The overlays: the document's edge is cyan and the portrait's yellow, on the canvas pixels themselves.
  const ex = answer.explanation;
  const drawn = (await page.getAttribute('#view', 'data-drawn')) ?? '';
  const scale = Number(await page.getAttribute('#view', 'data-scale'));
  assert.ok(ex.main_document, 'the lab passport is found');
  assert.match(drawn, /\bdocument\b/);
  const [a, b] = [ex.main_document.quad[0], ex.main_document.quad[1]];
  assert.ok(near(await pixel(page, ((a[0] + b[0]) / 2) * scale, ((a[1] + b[1]) / 2) * scale), [0, 229, 255]), 'the quad is drawn in cyan');
  if (ex.portrait !== null) {
    assert.match(drawn, /\bportrait\b/);
    const [p, q] = [ex.portrait.image_quad[1], ex.portrait.image_quad[2]];
    assert.ok(near(await pixel(page, ((p[0] + q[0]) / 2) * scale, ((p[1] + q[1]) / 2) * scale), [255, 212, 0]), 'the portrait box is drawn in yellow');
  }
  // The score map: drawn over the document; switching it off changes the pixels inside the document.
  const firstMap = ex.pipelines.find((p) => p.evidence?.region_map);
  if (firstMap !== undefined) {
    assert.match(drawn, new RegExp(`regions:${firstMap.pipeline_name}`));
    const h = ex.main_document.canonical_to_image;
    const [cx, cy] = [ex.main_document.canonical_width * 0.62, ex.main_document.canonical_height * 0.55];
    const w = h[6]! * cx + h[7]! * cy + h[8]!;
    const at = [((h[0]! * cx + h[1]! * cy + h[2]!) / w) * scale, ((h[3]! * cx + h[4]! * cy + h[5]!) / w) * scale] as const;
    const withMap = await pixel(page, at[0], at[1]);
    await page.selectOption('#overlay', '');
    await page.waitForFunction(() => !/regions:/.test(document.getElementById('view')!.dataset.drawn ?? ''));
    const without = await pixel(page, at[0], at[1]);
    assert.notDeepEqual(withMap, without);
    await page.selectOption('#overlay', firstMap.pipeline_name);
    await page.waitForFunction(() => /regions:/.test(document.getElementById('view')!.dataset.drawn ?? ''));
    // The evidence is listed, and each region map is shown as a picture.
    assert.equal(await page.$$eval('img.region-map', (els) => els.length), ex.pipelines.filter((p) => p.evidence?.region_map).length);
  }
  await page.screenshot({ path: join(OUTPUT, 'demo-desktop.png'), fullPage: true });
  assert.deepEqual((page as Page & { errors?: string[] }).errors, []);
  await page.close();
});

test('on a phone-sized screen the page fits the width and shows the verdict', async () => {
  const page = await openDemo({ width: 390, height: 844 });
  await page.setInputFiles('#camera', { name: 'camera.jpg', mimeType: 'image/jpeg', buffer: photo });
  assert.equal(await page.getAttribute('#camera', 'capture'), 'environment');
  await page.click('#check');
  await page.waitForSelector('#result:not([hidden])', { timeout: RESULT_TIMEOUT_MS });
  await page.waitForFunction(() => document.getElementById('view')!.dataset.drawn !== undefined);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no horizontal scrolling');
  const canvasWidth = await page.$eval('#view', (c) => (c as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width);
  assert.ok(canvasWidth <= 390 && canvasWidth > 300, `canvas ${canvasWidth} px wide`);
  await page.screenshot({ path: join(OUTPUT, 'demo-phone.png'), fullPage: true });
  await page.close();
});

test('a file that is not an image gets a clear message from the server, shown on the page', async () => {
  const page = await openDemo({ width: 1280, height: 900 });
  await page.setInputFiles('#file', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('these are my notes, not a photo\n') });
  await page.click('#check');
  await page.waitForSelector('#error:not([hidden])', { timeout: RESULT_TIMEOUT_MS });
  const message = (await page.textContent('#error')) ?? '';
  assert.match(message, /406/);
  assert.match(message, /NOT_AN_IMAGE/);
  assert.match(message, /JPEG/);
  assert.equal(await page.isHidden('#result'), true);
  await page.screenshot({ path: join(OUTPUT, 'demo-error.png'), fullPage: true });
  await page.close();
});

test('without the key the page and its files still load, while the API answers 401', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/demo`);
  await page.waitForSelector('#key-box[open]');
  for (const asset of ['/demo/demo.js', '/demo/demo.css']) {
    const res = await fetch(`${base}${asset}`);
    assert.equal(res.status, 200, asset);
  }
  const api = await fetch(`${base}/api_version`);
  assert.equal(api.status, 401);
  await page.close();
});
