// Quality-warning thresholds against controlled degradations, measured with the annotated quads so that
// localisation errors do not mix in. Two sources:
//   --manifest PATH[,PATH]  lab chunks (bona fide images unless --class says otherwise): choose on val-*, report on
//                           test-* (the target is on the lab test split);
//   otherwise               DLC-2021 frames (../shared/data/dlc2021-graycopy-dev), split by document type:
//                           --split fit (alb_id, esp_id, aze_passport) / --split report (fin_id, grc_passport).
// Each degradation is applied to the whole frame, past its threshold by a stated margin:
//   blur      Gaussian with sigma = 1.5 x the threshold (in mm on the document)
//   jpeg      re-encoded at IJG quality 30 (threshold 50); reencoded: quality 25 then saved as PNG
//   dark      linear intensity x 0.12 (-3 EV);   bright: x 4 (+2 EV), clipped
//   glare     a saturated, colourless elliptical highlight covering about 4 % of the document
// --glare-truth FILE (lab only, from lab/glare-truth.ts) also splits the clean images by whether the lab's lamp
// reflection clips at least the warning's share of the document ("rendered glare"): clean glare is then reported on
// the images without it, and the warning's hit rate on those with it. --glare-label chunk (default: the chunk image's
// own cells against the shot without reflections) or reshot (the generator's two shots alone).
// Usage: node --import tsx lab/measure-quality.ts [--manifest PATH[,PATH] [--class NAME] [--glare-truth FILE] | --split fit|report] [--step N] [--dump]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { imageMeasurements, measureDocument } from '../src/analysis/frontend.js';
import type { DocumentType, Point, Quad, QualityWarning } from '../src/domain/types.js';
import { decodeImage } from '../src/image/decode.js';
import type { RgbImage } from '../src/image/types.js';
import { canonicalSize, landscapeOrder, longSideLength, rectify } from '../src/localisation/rectify.js';
import { DEFAULT_QUALITY_THRESHOLDS as T } from '../src/quality/thresholds.js';
import { qualityWarnings } from '../src/quality/warnings.js';
import { manifestImagePath, readJsonLines } from './manifest-files.js';
import { sharedDataDir } from './shared-data.js';
import { showsRealGlare } from './specular-truth.js';
import type { SpecularTruth } from './specular-truth.js';

const { values } = parseArgs({ options: { split: { type: 'string', default: 'report' }, manifest: { type: 'string' }, class: { type: 'string', default: 'bona_fide' }, step: { type: 'string', default: '3' }, dump: { type: 'boolean', default: false }, 'glare-truth': { type: 'string' }, 'glare-label': { type: 'string', default: 'chunk' } } });
const FIT = ['alb_id', 'esp_id', 'aze_passport'];
interface Row { image: string; quad: [number, number][]; document_type: DocumentType; label?: string; attack?: string | null }
const root = values.manifest === undefined ? join(sharedDataDir(), 'dlc2021-graycopy-dev') : '';
const rows = (values.manifest === undefined
  ? readJsonLines<Row>(join(root, 'manifest.jsonl')).filter((r) => FIT.includes(r.image.split('/')[0]!) === (values.split === 'fit'))
  // Lab manifests: image paths relative to each chunk's folder.
  : values.manifest.split(',').flatMap((m) => readJsonLines<Row>(m).map((r) => ({ ...r, image: manifestImagePath(m, r.image) })))
    .filter((r) => (r.attack ?? r.label) === values.class || r.label === values.class))
  .filter((_, i) => i % Number(values.step) === 0);

// Image path -> whether the lab rendered glare on it (lab/glare-truth.ts).
const glareLabel = values['glare-label'];
if (glareLabel !== 'chunk' && glareLabel !== 'reshot') throw new Error(`--glare-label takes chunk or reshot, got "${glareLabel}"`);
const renderedGlare = new Map<string, boolean>(values['glare-truth'] === undefined ? []
  : (JSON.parse(readFileSync(values['glare-truth'], 'utf8')) as ({ image: string } & Record<'chunk' | 'reshot', SpecularTruth>)[]).map((t) => [t.image, showsRealGlare(t[glareLabel])]));
const LONG_MM: Record<DocumentType, number> = { ID_CARD: 85.6, PASSPORT: 125, UNKNOWN: 100 };
type Degradation = 'clean' | 'blur' | 'jpeg' | 'reencoded' | 'dark' | 'bright' | 'glare';
const TARGET: Record<Exclude<Degradation, 'clean'>, QualityWarning> = {
  blur: 'IMAGE_TOO_BLURRY', jpeg: 'IMAGE_IS_TOO_COMPRESSED', reencoded: 'IMAGE_IS_TOO_COMPRESSED', dark: 'POOR_IMAGE_EXPOSURE', bright: 'POOR_IMAGE_EXPOSURE', glare: 'GLARE_ON_IMAGE',
};
const counts = new Map<string, number>();
const bump = (k: string): void => { counts.set(k, (counts.get(k) ?? 0) + 1); };

function raw(img: RgbImage): sharp.Sharp {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), { raw: { width: img.width, height: img.height, channels: 3 } });
}
async function toRgb(s: sharp.Sharp): Promise<RgbImage> {
  const { data, info } = await s.raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}
function gain(img: RgbImage, k: number): RgbImage {
  // In linear light, then back to sRGB (a camera exposure change).
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    const c = v / 255, lin = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    const o = Math.min(1, lin * k), s = o <= 0.0031308 ? o * 12.92 : 1.055 * o ** (1 / 2.4) - 0.055;
    lut[v] = Math.round(s * 255);
  }
  return { ...img, data: img.data.map((v) => lut[v]!) };
}
function glare(img: RgbImage, quad: Quad): RgbImage {
  const out = new Uint8Array(img.data);
  const cx = quad.reduce((s, p) => s + p[0], 0) / 4, cy = quad.reduce((s, p) => s + p[1], 0) / 4;
  // Ellipse of ~4 % of the document's area, off-centre, with a soft edge.
  const area = 0.04 * longSideLength(quad) ** 2 / 1.5;
  const a = Math.sqrt((area * 1.6) / Math.PI), b = a / 1.6;
  const ox = cx + a * 0.6, oy = cy - b * 0.3;
  for (let y = Math.max(0, Math.floor(oy - 2 * b)); y < Math.min(img.height, oy + 2 * b); y++) {
    for (let x = Math.max(0, Math.floor(ox - 2 * a)); x < Math.min(img.width, ox + 2 * a); x++) {
      const d = ((x - ox) / a) ** 2 + ((y - oy) / b) ** 2;
      const w = d <= 1 ? 1 : Math.max(0, 1 - (Math.sqrt(d) - 1) * 3);
      if (w <= 0) continue;
      for (let c = 0; c < 3; c++) { const i = (y * img.width + x) * 3 + c; out[i] = Math.round(out[i]! * (1 - w) + 255 * w); }
    }
  }
  return { ...img, data: out };
}

const dump: unknown[] = [];
for (const row of rows) {
  const bytes = readFileSync(join(root, row.image));
  const decoded = await decodeImage(bytes, { maxImagePixels: 5e7 });
  const quad = landscapeOrder(row.quad.map(([x, y]) => [x, y] as Point) as unknown as Quad);
  const size = canonicalSize(row.document_type, 1.5);
  const native = longSideLength(quad);
  const degradations: Degradation[] = ['clean', 'blur', 'jpeg', 'reencoded', 'dark', 'bright', 'glare'];
  for (const d of degradations) {
    let image = decoded.image;
    let im = imageMeasurements(decoded);
    if (d === 'blur') {
      const sigmaPx = (1.5 * T.blurSigmaMm * native) / LONG_MM[row.document_type];
      image = await toRgb(raw(image).blur(Math.max(0.3, sigmaPx)));
    } else if (d === 'jpeg' || d === 'reencoded') {
      let enc = await raw(image).jpeg({ quality: d === 'jpeg' ? 30 : 25 }).toBuffer();
      if (d === 'reencoded') enc = await sharp(enc).png({ compressionLevel: 1 }).toBuffer();
      const again = await decodeImage(enc, { maxImagePixels: 5e7 });
      image = again.image;
      im = imageMeasurements(again);
    } else if (d === 'dark') image = gain(image, 0.12);
    else if (d === 'bright') image = gain(image, 4);
    else if (d === 'glare') image = glare(image, quad);
    const canonical = await rectify(image, quad, size.width, size.height);
    const dm = await measureDocument(image, quad, row.document_type, canonical);
    const warnings = qualityWarnings(im, dm, null, T);
    if (values.dump) dump.push({ image: row.image, d, blurMm: dm.blurSigmaMm, jpegQ: im.jpegQuality, block: im.blockiness, exposure: dm.exposure, glare: dm.glare.glareFraction });
    bump(`${d}:n`);
    for (const w of warnings) bump(`${d}:${w}`);
    if (d === 'clean' && renderedGlare.size > 0) {
      const truth = renderedGlare.get(row.image);
      if (truth === undefined) throw new Error(`--glare-truth has no entry for ${row.image}; run lab/glare-truth.ts on the same manifests`);
      const group = truth ? 'clean-rendered-glare' : 'clean-no-rendered-glare';
      bump(`${group}:n`);
      if (warnings.includes('GLARE_ON_IMAGE')) bump(`${group}:GLARE_ON_IMAGE`);
    }
  }
}

const n = counts.get('clean:n') ?? 0;
const result: Record<string, unknown> = { source: values.manifest ?? `dlc ${values.split}`, frames: n, ...(renderedGlare.size > 0 ? { glareLabel } : {}) };
for (const [d, w] of Object.entries(TARGET)) {
  result[`${d} -> ${w} raised on degraded`] = round((counts.get(`${d}:${w}`) ?? 0) / n);
}
for (const w of new Set(Object.values(TARGET))) result[`${w} raised on clean`] = round((counts.get(`clean:${w}`) ?? 0) / n);
for (const group of ['clean-no-rendered-glare', 'clean-rendered-glare']) {
  const k = counts.get(`${group}:n`);
  if (k === undefined) continue;
  result[`GLARE_ON_IMAGE raised on ${group} (${k})`] = round((counts.get(`${group}:GLARE_ON_IMAGE`) ?? 0) / k);
}
console.log(JSON.stringify(result, null, 2));
if (values.dump) console.error(JSON.stringify(dump));

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
