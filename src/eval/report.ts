// The self-contained HTML evaluation report: metric tables, DET / ROC curves and score histograms (inline SVG), and
// a gallery of the worst misses as inline JPEG thumbnails with the document quads drawn over them. No external
// resource is referenced, so the file can be mailed or archived as it is.

import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { CALIBRATIONS, STATUS_CODES, type Quad } from '../domain/types.js';
import { PIPELINES, type PipelineName } from '../pipelines/registry.js';
import type { CalibrationFile } from '../calibration/types.js';
import { metricScore, pipelineImages, type EvaluationSummary, type ImageOutcome } from './evaluate.js';
import { operatingPoints, type LabelledScores } from './metrics.js';
import { detSpec, histogramSpec, renderSvg, rocSpec, thinCurve, type Curve } from './plots.js';
import { quadIou } from './iou.js';

export interface ReportInput {
  readonly summary: EvaluationSummary;
  readonly outcomes: readonly ImageOutcome[];
  readonly calibrations: Partial<Record<PipelineName, { file: CalibrationFile; source: string }>>;
  /** Thumbnails per gallery (worst misses per pipeline, worst localisations). */
  readonly galleryLimit?: number;
}

const THUMB_WIDTH = 220;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Fractions as percentages; null (cannot be computed) as an em dash. */
export function formatRate(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(2)} %`;
}
function formatNumber(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

interface Miss {
  readonly outcome: ImageOutcome;
  readonly caption: string;
}

/** A thumbnail (inline JPEG) with the expected quad (green, dashed) and the found quad (orange) drawn in SVG. */
async function thumbnail(miss: Miss): Promise<string> {
  const { outcome, caption } = miss;
  let picture: string;
  try {
    const meta = await sharp(outcome.entry.path).metadata();
    const rotated = (meta.orientation ?? 1) >= 5;
    const width = (rotated ? meta.height : meta.width) ?? 1;
    const height = (rotated ? meta.width : meta.height) ?? 1;
    const scale = THUMB_WIDTH / width;
    const thumbHeight = Math.max(1, Math.round(height * scale));
    const jpeg = await sharp(outcome.entry.path).rotate().resize(THUMB_WIDTH, thumbHeight, { fit: 'fill' }).jpeg({ quality: 70 }).toBuffer();
    const polygon = (quad: Quad, style: string): string =>
      `<polygon points="${quad.map(([x, y]) => `${(x * scale).toFixed(1)},${(y * scale).toFixed(1)}`).join(' ')}" ${style}/>`;
    const shapes = [
      outcome.entry.quad ? polygon(outcome.entry.quad, 'fill="none" stroke="#1a9850" stroke-width="2" stroke-dasharray="5,3"') : '',
      outcome.findings?.quads[0] ? polygon(outcome.findings.quads[0], 'fill="none" stroke="#f46d43" stroke-width="2"') : '',
    ].join('');
    picture =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${THUMB_WIDTH}" height="${thumbHeight}" viewBox="0 0 ${THUMB_WIDTH} ${thumbHeight}">` +
      `<image width="${THUMB_WIDTH}" height="${thumbHeight}" href="data:image/jpeg;base64,${jpeg.toString('base64')}"/>${shapes}</svg>`;
  } catch (error) {
    picture = `<div class="broken">thumbnail unavailable: ${escapeHtml((error as Error).message)}</div>`;
  }
  return `<figure>${picture}<figcaption>${escapeHtml(outcome.entry.image)}<br>${escapeHtml(caption)}</figcaption></figure>`;
}

async function gallery(misses: readonly Miss[]): Promise<string> {
  if (misses.length === 0) return '<p>No misses.</p>';
  const figures: string[] = [];
  for (const miss of misses) figures.push(await thumbnail(miss));
  return `<div class="gallery">${figures.join('\n')}</div>`;
}

function scoreText(score: number): string {
  return Number.isFinite(score) ? score.toFixed(3) : 'not scored';
}

/** Worst misses of one pipeline: the highest-scoring attacks of its type and the lowest-scoring bona fide images. */
function worstMisses(outcomes: readonly ImageOutcome[], pipeline: PipelineName, limit: number): Miss[] {
  const { bonaFide, attacks } = pipelineImages(outcomes, pipeline);
  const own = attacks.get(PIPELINES[pipeline].attackType) ?? [];
  const attacksHigh = own
    .filter(({ outcome }) => outcome.status === 'OK')
    .sort((a, b) => metricScore(b.outcome) - metricScore(a.outcome))
    .slice(0, Math.ceil(limit / 2))
    .map(({ image, outcome }) => ({ outcome: image, caption: `attack, score ${scoreText(metricScore(outcome))}` }));
  const bonaLow = [...bonaFide]
    .sort((a, b) => metricScore(a.outcome) - metricScore(b.outcome))
    .slice(0, limit - attacksHigh.length)
    .map(({ image, outcome }) => ({
      outcome: image,
      caption: `bona fide, ${outcome.status === 'OK' ? `score ${scoreText(metricScore(outcome))}` : outcome.status}`,
    }));
  return [...attacksHigh, ...bonaLow];
}

function worstLocalisations(outcomes: readonly ImageOutcome[], limit: number): Miss[] {
  return outcomes
    .filter((o) => o.error === null && o.entry.quad !== null && o.findings !== null)
    .map((o) => {
      const found = o.findings?.found === true ? o.findings.quads[0] : undefined;
      return { o, iou: found ? quadIou(o.entry.quad as Quad, found) : 0 };
    })
    .filter(({ iou }) => iou < 0.9)
    .sort((a, b) => a.iou - b.iou)
    .slice(0, limit)
    .map(({ o, iou }) => ({ outcome: o, caption: o.findings?.found === true ? `IoU ${iou.toFixed(3)}` : 'DOCUMENT_NOT_FOUND' }));
}

async function pipelineSection(input: ReportInput, pipeline: PipelineName, limit: number): Promise<string> {
  const summary = input.summary.pipelines[pipeline];
  if (summary === undefined) return '';
  const { bonaFide, attacks } = pipelineImages(input.outcomes, pipeline);
  const bonaScores = bonaFide.map(({ outcome }) => metricScore(outcome));
  const curves: Curve[] = [];
  for (const [type, list] of attacks) {
    const data: LabelledScores = { bonaFide: bonaScores, attack: list.map(({ outcome }) => metricScore(outcome)) };
    const points = operatingPoints(data);
    if (points !== null) curves.push({ label: type === summary.attack_type ? `${type} (own)` : type, points: thinCurve(points) });
  }
  const histogramValues = [
    ...bonaFide.map(({ outcome }) => ({ cls: 'BONA_FIDE', score: metricScore(outcome) })),
    ...[...attacks].flatMap(([type, list]) => list.map(({ outcome }) => ({ cls: type, score: metricScore(outcome) }))),
  ].filter((v) => Number.isFinite(v.score));
  const calibration = input.calibrations[pipeline]?.file;
  const thresholds = calibration ? CALIBRATIONS.map((name) => ({ name, t: calibration.thresholds[name].t })) : [];

  const plots: string[] = [];
  if (curves.length > 0) {
    plots.push(await renderSvg(detSpec(curves, `${pipeline}: DET`)));
    plots.push(await renderSvg(rocSpec(curves, `${pipeline}: ROC`)));
  }
  if (histogramValues.length > 0) plots.push(await renderSvg(histogramSpec(histogramValues, thresholds, `${pipeline}: score histograms`)));

  const metrics = table(
    ['images (bona fide / attacks)', 'scored', 'EER', 'ROC AUC', 'BPCER @ APCER 1 %', 'BPCER @ APCER 5 %', 'APCER @ BPCER 1 %'],
    [[
      `${summary.n_bona_fide} / ${summary.n_attack}`,
      formatRate(summary.scored),
      formatRate(summary.eer),
      formatNumber(summary.auc),
      formatRate(summary.bpcer_at_apcer_1),
      formatRate(summary.bpcer_at_apcer_5),
      formatRate(summary.apcer_at_bpcer_1),
    ]],
  );
  const calibrationTable = table(
    ['calibration', 'threshold t', 'APCER', 'BPCER'],
    CALIBRATIONS.map((name) => [
      name,
      calibration ? formatNumber(calibration.thresholds[name].t, 4) : '—',
      formatRate(summary.calibrations[name].apcer),
      formatRate(summary.calibrations[name].bpcer),
    ]),
  );
  const perAttack = table(
    ['attack type', 'attacks', 'scored', 'EER', 'ROC AUC', ...CALIBRATIONS.map((c) => `APCER ${c}`)],
    Object.entries(summary.per_attack).map(([type, b]) => [
      type,
      String(b.n_attack),
      formatRate(b.scored),
      formatRate(b.eer),
      formatNumber(b.auc),
      ...CALIBRATIONS.map((c) => formatRate(b.calibrations[c])),
    ]),
  );
  const statuses = table(
    [...STATUS_CODES],
    [STATUS_CODES.map((s) => String(summary.status_counts[s]))],
  );
  return `<section><h2>${escapeHtml(pipeline)} (${escapeHtml(summary.attack_type)})</h2>
<p>Bona fide images against attacks of type ${escapeHtml(summary.attack_type)}. Calibration: ${escapeHtml(summary.calibration_source ?? 'none found')}.</p>
${metrics}
<h3>Calibrations</h3>${calibrationTable}
<h3>Per attack type</h3>${perAttack}
<h3>Status codes</h3>${statuses}
<div class="plots">${plots.join('\n')}</div>
<h3>Worst misses</h3>
<p>Attacks with the highest scores and bona fide images with the lowest (dashed green: expected quad; orange: found quad).</p>
${await gallery(worstMisses(input.outcomes, pipeline, limit))}
</section>`;
}

export async function renderReport(input: ReportInput): Promise<string> {
  const { summary } = input;
  const limit = input.galleryLimit ?? 12;
  const loc = summary.localisation;
  const sections: string[] = [];
  for (const pipeline of Object.keys(summary.pipelines) as PipelineName[]) sections.push(await pipelineSection(input, pipeline, limit));
  const unreadable = summary.unreadable_images.length === 0
    ? ''
    : `<h3>Unreadable images (skipped)</h3>${table(['line', 'image', 'error'], summary.unreadable_images.map((u) => [String(u.line), u.image, u.error]))}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>doclive evaluation: ${escapeHtml(summary.manifest)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 1200px; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.plots { display: flex; flex-wrap: wrap; gap: 1em; }
.gallery { display: flex; flex-wrap: wrap; gap: 0.8em; }
figure { margin: 0; width: ${THUMB_WIDTH}px; font-size: 0.8em; word-break: break-all; }
.broken { width: ${THUMB_WIDTH}px; height: 80px; background: #eee; }
section { border-top: 2px solid #444; margin-top: 2em; }
</style></head><body>
<h1>doclive evaluation</h1>
<p>Manifest ${escapeHtml(summary.manifest)}${summary.no_document_gate ? ' — <strong>research mode --no-document-gate</strong>: where no document was found the detectors judged the whole image' : ''}.
Metrics in ISO/IEC 30107-3 terms: APCER = attacks accepted / attacks, BPCER = bona fide rejected / bona fide; an image whose
pipeline status is not OK counts as not accepted. “—” marks a metric that cannot be computed on these data.</p>
${table(['images', 'unreadable (skipped)', 'time per image, median', 'p95'], [[String(summary.images), String(summary.unreadable), `${formatNumber(summary.timing_ms.median, 0)} ms`, `${formatNumber(summary.timing_ms.p95, 0)} ms`]])}
${unreadable}
<h2>Localisation</h2>
${table(
  ['images with a quad', 'IoU median', 'IoU ≥ 0.9', 'DOCUMENT_NOT_FOUND', 'images with a type', 'document type accuracy'],
  [[String(loc.with_quad), formatNumber(loc.iou_median), formatRate(loc.iou_at_least_0_9), formatRate(loc.not_found), String(loc.with_document_type), formatRate(loc.document_type_accuracy)]],
)}
<h3>Worst localisations</h3>
${await gallery(worstLocalisations(input.outcomes, limit))}
${sections.join('\n')}
</body></html>
`;
}

export async function writeReport(path: string, input: ReportInput): Promise<void> {
  await writeFile(path, await renderReport(input), 'utf8');
}
