// IMAGE_IS_TOO_COMPRESSED against re-encodings of clean phone photos (../shared/data/screen-recapture-dev/real,
// JPEG quality ~96). Files sorted by name: the first half (--split fit) is where the thresholds were chosen, the
// second half (--split report) is what docs/quality.md reports. Degraded = encoded at IJG quality 30 (threshold 50);
// re-encoded = quality 25 then saved again as PNG, or as JPEG quality 95 (the tables then say 95).
// Usage: node --import tsx lab/measure-compression.ts [--split fit|report] [--dump]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { imageMeasurements } from '../src/analysis/frontend.js';
import { decodeImage } from '../src/image/decode.js';
import { DEFAULT_QUALITY_THRESHOLDS as T } from '../src/quality/thresholds.js';
import { qualityWarnings } from '../src/quality/warnings.js';
import { sharedDataDir } from '../test/support/shared-data.js';

const { values } = parseArgs({ options: { split: { type: 'string', default: 'report' }, dump: { type: 'boolean', default: false } } });
const root = join(sharedDataDir(), 'screen-recapture-dev', 'real');
const files = readdirSync(root).filter((f) => /\.jpe?g$/i.test(f)).sort();
const half = Math.ceil(files.length / 2);
const chosen = values.split === 'fit' ? files.slice(0, half) : files.slice(half);
const variants = ['clean', 'q30', 'q25-png', 'q25-q95'] as const;
const raised: Record<string, number> = {};
for (const f of chosen) {
  const original = readFileSync(join(root, f));
  for (const v of variants) {
    let bytes: Buffer = original;
    if (v !== 'clean') {
      // Phones photos are 12 MP; the server sees them as sent, so keep the size.
      const q = v === 'q30' ? 30 : 25;
      bytes = await sharp(original).rotate().jpeg({ quality: q }).toBuffer();
      if (v === 'q25-png') bytes = await sharp(bytes).png({ compressionLevel: 1 }).toBuffer();
      if (v === 'q25-q95') bytes = await sharp(bytes).jpeg({ quality: 95 }).toBuffer();
    }
    const m = imageMeasurements(await decodeImage(bytes, { maxImagePixels: 1e8 }));
    const w = qualityWarnings(m, null, null, T);
    if (w.includes('IMAGE_IS_TOO_COMPRESSED')) raised[v] = (raised[v] ?? 0) + 1;
    if (values.dump) console.error(f, v, m.jpegQuality, m.blockiness.toFixed(3));
  }
}
const out: Record<string, unknown> = { split: values.split, images: chosen.length };
for (const v of variants) out[`${v}: IMAGE_IS_TOO_COMPRESSED raised`] = Math.round(((raised[v] ?? 0) / chosen.length) * 1000) / 1000;
console.log(JSON.stringify(out, null, 2));
