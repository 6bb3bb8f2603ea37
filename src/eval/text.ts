// Plain-text rendering of an evaluation summary for the terminal.

import { CALIBRATIONS } from '../domain/types.js';
import type { EvaluationSummary } from './evaluate.js';

const rate = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : `${(v * 100).toFixed(2)}%`);
const num = (v: number | null | undefined, digits = 3): string => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));

/** Left-aligned first column, right-aligned others. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatSummaryText(summary: EvaluationSummary): string {
  const out: string[] = [];
  out.push(`images: ${summary.images}, unreadable (skipped): ${summary.unreadable}, time per image: median ${num(summary.timing_ms.median, 0)} ms, p95 ${num(summary.timing_ms.p95, 0)} ms`);
  if (summary.no_document_gate) out.push('research mode --no-document-gate: detectors judged whole images where no document was found');
  const loc = summary.localisation;
  out.push(
    '',
    'localisation',
    textTable(
      ['with quad', 'IoU median', 'IoU>=0.9', 'not found', 'with type', 'type accuracy'],
      [[String(loc.with_quad), num(loc.iou_median), rate(loc.iou_at_least_0_9), rate(loc.not_found), String(loc.with_document_type), rate(loc.document_type_accuracy)]],
    ),
  );
  const pipelines = Object.entries(summary.pipelines);
  if (pipelines.length === 0) out.push('', 'no pipeline evaluated (none available in this build or none requested)');
  for (const [name, p] of pipelines) {
    out.push(
      '',
      `${name} (${p.attack_type}): ${p.n_bona_fide} bona fide, ${p.n_attack} attacks, scored ${rate(p.scored)}; calibration: ${p.calibration_source ?? 'none'}`,
      textTable(
        ['EER', 'AUC', 'BPCER@APCER1%', 'BPCER@APCER5%', 'APCER@BPCER1%'],
        [[rate(p.eer), num(p.auc), rate(p.bpcer_at_apcer_1), rate(p.bpcer_at_apcer_5), rate(p.apcer_at_bpcer_1)]],
      ),
      textTable(['calibration', 'APCER', 'BPCER'], CALIBRATIONS.map((c) => [c, rate(p.calibrations[c].apcer), rate(p.calibrations[c].bpcer)])),
      textTable(
        ['attack type', 'n', 'scored', 'EER', 'AUC', ...CALIBRATIONS.map((c) => `APCER ${c}`)],
        Object.entries(p.per_attack).map(([type, b]) => [type, String(b.n_attack), rate(b.scored), rate(b.eer), num(b.auc), ...CALIBRATIONS.map((c) => rate(b.calibrations[c]))]),
      ),
      `status: ${Object.entries(p.status_counts).filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}`,
    );
  }
  return out.join('\n') + '\n';
}
