// Lists the images whose document type is wrong in records of lab/localiser/failures.ts, bucketed by why
// (docs/quality.md, "Type round"): the quad is wrong (a localisation miss, counted only), or the quad is right
// (IoU >= 0.9) and the type rule failed on it.
//   node --import tsx lab/localiser/type-errors.ts RECORDS.jsonl [--part tune|report]
import { parseArgs } from 'node:util';
import { FORMAT_BOUNDARY } from '../../src/localisation/aspect.js';
import { readJsonLines } from '../manifest-files.js';

export interface TypeRecord {
  name: string; part: string; count: number; type: string | null; expectedType: string | null;
  iou?: number; aspect: number | null; truthAspect?: number; mrz: 'inside' | 'outside' | null;
}

/** Why a record's type is wrong, or null when it is right. */
export function typeErrorCause(r: TypeRecord): string | null {
  if (r.type === r.expectedType) return null;
  if (r.count === 0) return 'quad wrong: not found';
  if ((r.iou ?? 0) < 0.9) return 'quad wrong: IoU < 0.9';
  const truthSide = r.truthAspect === undefined ? null : r.truthAspect >= FORMAT_BOUNDARY ? 'ID_CARD' : 'PASSPORT';
  if (r.mrz !== null && r.expectedType === 'ID_CARD') return 'quad right: an MRZ read as a passport zone';
  if (r.mrz === null && r.expectedType === 'PASSPORT' && (r.aspect ?? 0) >= FORMAT_BOUNDARY) {
    return 'quad right: passport, MRZ not found, aspect on the ID-1 side';
  }
  // The annotated quad itself measures on the wrong side: the perspective correction (assumed focal length) fails.
  if (truthSide !== null && truthSide !== r.expectedType) return 'quad right: aspect under perspective (the truth quad also reads wrong)';
  return 'quad right: aspect of the found quad across the boundary (the truth quad reads right)';
}

const isMain = process.argv[1]?.endsWith('type-errors.ts') ?? false;
if (isMain) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { part: { type: 'string' } } });
  if (positionals.length !== 1) {
    console.log('node --import tsx lab/localiser/type-errors.ts RECORDS.jsonl [--part tune|report]');
    process.exit(1);
  }
  const rows = readJsonLines<TypeRecord>(positionals[0]!).filter((r) => values.part === undefined || r.part === values.part);
  const byCause = new Map<string, TypeRecord[]>();
  for (const r of rows) {
    const cause = typeErrorCause(r);
    if (cause !== null) byCause.set(cause, [...(byCause.get(cause) ?? []), r]);
  }
  for (const [cause, list] of [...byCause].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`${String(list.length).padStart(4)}  ${cause}`);
    if (cause.startsWith('quad right')) {
      for (const r of list) console.log(`        ${r.name} ${r.expectedType} as ${r.type}, IoU ${r.iou}, aspect ${r.aspect} (truth ${r.truthAspect}), MRZ ${r.mrz}`);
    }
  }
  const wrong = [...byCause.values()].reduce((n, l) => n + l.length, 0);
  console.log(`n ${rows.length}, type wrong ${wrong} (${((100 * wrong) / Math.max(1, rows.length)).toFixed(1)} %)`);
}
