// Sorts the per-image records of lab/localiser/failures.ts into the failure buckets of docs/quality.md
// ("Localisation round 4") and compares two runs of the same images (before / after a change).
//   node --import tsx lab/localiser/buckets.ts RECORDS.jsonl [AFTER.jsonl] [--part tune|report]
import { parseArgs } from 'node:util';
import { readJsonLines } from '../manifest-files.js';

interface FailureRecord {
  name: string; part: string; count: number; type: string | null; expectedType: string | null;
  iou?: number; bestClassicalIou?: number; bestHypothesisIou?: number; bestLearnedIou?: number;
  quad: number[][] | null; cornerErrors?: number[];
}

/** A record's bucket: the first that applies, in this order. */
export function bucketOf(r: FailureRecord): string {
  const iou = r.iou ?? 0;
  if (r.count === 0) {
    if ((r.bestHypothesisIou ?? 0) >= 0.85) return 'not found: the right quad was a hypothesis, not verified';
    if ((r.bestClassicalIou ?? 0) >= 0.85) return 'not found: the right quad among the classical candidates, not a hypothesis';
    if ((r.bestLearnedIou ?? 0) >= 0.85) return 'not found: only the learned quad was right';
    return 'not found: no quad of IoU >= 0.85 proposed';
  }
  if (iou < 0.6) return 'wrong object (IoU < 0.6)';
  if (iou < 0.9) return 'right document, corners off (IoU 0.6-0.9)';
  if (r.type !== r.expectedType) return 'type wrong with a good quad';
  return 'right (IoU >= 0.9, type right)';
}

export function summary(rows: readonly FailureRecord[]): string {
  const n = rows.length;
  const ious = rows.map((r) => r.iou ?? 0).sort((a, b) => a - b);
  const pct = (k: number): string => `${((100 * k) / n).toFixed(1)} %`;
  return `n ${n}, IoU median ${(ious[Math.floor(n / 2)] ?? 0).toFixed(3)}, >= 0.9 ${pct(ious.filter((v) => v >= 0.9).length)}, ` +
    `not found ${pct(rows.filter((r) => r.count === 0).length)}, type right ${pct(rows.filter((r) => r.type === r.expectedType).length)}`;
}

const isMain = process.argv[1]?.endsWith('buckets.ts') ?? false;
if (isMain) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { part: { type: 'string' } } });
  if (positionals.length < 1) {
    console.log('node --import tsx lab/localiser/buckets.ts RECORDS.jsonl [AFTER.jsonl] [--part tune|report]');
    process.exit(1);
  }
  const load = (path: string): FailureRecord[] => readJsonLines<FailureRecord>(path).filter((r) => values.part === undefined || r.part === values.part);
  const before = load(positionals[0]!);
  const counts = new Map<string, number>();
  for (const r of before) counts.set(bucketOf(r), (counts.get(bucketOf(r)) ?? 0) + 1);
  for (const [bucket, k] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`${String(k).padStart(4)}  ${bucket}`);
  console.log(summary(before));
  if (positionals[1] !== undefined) {
    const after = new Map(load(positionals[1]).map((r) => [r.name, r]));
    const paired = before.filter((r) => after.has(r.name));
    const afterRows = paired.map((r) => after.get(r.name)!);
    console.log(`same images before: ${summary(paired)}\nsame images after:  ${summary(afterRows)}`);
    for (const [k, r] of paired.entries()) {
      const a = afterRows[k]!;
      const was = (r.iou ?? 0) >= 0.9, is = (a.iou ?? 0) >= 0.9;
      if (was !== is) console.log(`${is ? 'up  ' : 'down'} ${r.name} IoU ${r.iou ?? 0} -> ${a.iou ?? 0}`);
    }
  }
}
