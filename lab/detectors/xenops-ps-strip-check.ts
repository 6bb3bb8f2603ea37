// Where a sheet-edge CNN (xenops-ps-strip-cnn.ts) fails on a strip dump with per-strip labels
// (xenops-ps-strip-labels.ts): strip-level separation of the strips across a stuck-on sheet's side (label 1) from bona
// fide strips (all, and only those across the printed portrait's frame), and how many physical substitutions have
// any labelled strip at all (the rest are the fit's misses, which no strip classifier can see); the sheet strips are
// also split by the sheet's print process (sidecar params.attackParams.overlay.print.process).
//   node --import tsx lab/detectors/xenops-ps-strip-check.ts --model /tmp/ps7/cnn1.onnx /tmp/ps7/strips/val [...]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { equalErrorRate, rocAuc } from '../../src/eval/metrics.js';
import { loadModel } from '../../src/inference/session.js';
import { nhwcToNchw } from '../ml/onnx-export.js';
import { STRIP_ACROSS, STRIP_ALONG, STRIP_CHANNELS, STRIP_SIZE } from './xenops-ps-edge-strips.js';
import type { StripLabels } from './xenops-ps-strip-labels.js';
import type { StripSetIndex } from './xenops-ps-strips.js';

function separation(bona: readonly number[], sheet: readonly number[]): string {
  // The metric helpers take "bona fide scores higher": the logit is "sheet edge", so both are negated.
  const s = { bonaFide: bona.map((v) => -v), attack: sheet.map((v) => -v) };
  const eer = equalErrorRate(s);
  const auc = rocAuc(s);
  return `EER ${eer === null ? '-' : (100 * eer).toFixed(1) + ' %'} AUC ${auc === null ? '-' : auc.toFixed(3)} (${bona.length}/${sheet.length})`;
}

async function printProcess(imagePath: string): Promise<string> {
  const sidecar = JSON.parse(await readFile(imagePath.replace(/\.[^./]+$/, '.json'), 'utf8')) as { params?: { attackParams?: { overlay?: { print?: { process?: string } } } } };
  return sidecar.params?.attackParams?.overlay?.print?.process ?? 'unknown';
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { model: { type: 'string' } } });
  if (values.model === undefined || positionals.length === 0) throw new Error('usage: xenops-ps-strip-check.ts --model FILE.onnx STRIP_PREFIX [...]');
  const session = await loadModel(values.model);
  try {
    for (const prefix of positionals) {
      const index = JSON.parse(await readFile(`${prefix}.json`, 'utf8')) as StripSetIndex;
      const given = JSON.parse(await readFile(`${prefix}.labels.json`, 'utf8')) as StripLabels;
      const bytes = await readFile(`${prefix}.f32`);
      const strips = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      const sheet: number[] = [], bona: number[] = [], frame: number[] = [];
      const byProcess = new Map<string, number[]>();
      let physical = 0, covered = 0;
      for (const [i, im] of index.images.entries()) {
        const n = im.places.length;
        const nhwc = strips.subarray(im.first * STRIP_SIZE, (im.first + n) * STRIP_SIZE);
        const out = await session.run({ input: { dims: [n, STRIP_CHANNELS, STRIP_ALONG, STRIP_ACROSS], data: nhwcToNchw(nhwc, [n, STRIP_ALONG, STRIP_ACROSS, STRIP_CHANNELS]) } });
        const logits = Array.from(out.logits!.data);
        const labels = given.labels[i]!;
        if (im.subtype === 'physical') (physical++, labels.includes(1) && covered++);
        const process = im.subtype === 'physical' ? await printProcess(im.path) : 'none';
        logits.forEach((v, j) => {
          if (labels[j] === 1) (sheet.push(v), byProcess.set(process, [...(byProcess.get(process) ?? []), v]));
          else if (labels[j] === 0) (bona.push(v), given.frame[i]![j] && frame.push(v));
        });
      }
      console.log(`${prefix}: physical with a strip across the sheet ${covered}/${physical}; sheet strips vs bona fide strips ${separation(bona, sheet)}; vs printed-frame strips ${separation(frame, sheet)}`);
      for (const [process, values] of [...byProcess].sort()) console.log(`  ${process} sheets vs bona fide strips ${separation(bona, values)}`);
    }
  } finally {
    await session.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
