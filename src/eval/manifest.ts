// Reader for the evaluation manifest (../shared/DESIGN.md): one JSON object per line,
// {"image", "label": "bona_fide" | "attack", "attack": AttackType | null, "quad"?, "document_type"?}.
// Image paths are relative to the manifest's folder unless absolute. Blank lines are skipped; extra fields are
// allowed (data sets carry their own, e.g. "colorless"). Every malformed line is reported with its line number.

import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ATTACK_TYPES, DOCUMENT_TYPES, isOneOf, type AttackType, type DocumentType, type Quad } from '../domain/types.js';

export const LABELS = ['bona_fide', 'attack'] as const;
export type Label = (typeof LABELS)[number];

export interface ManifestEntry {
  /** 1-based line number in the manifest. */
  readonly line: number;
  /** The path as written in the manifest. */
  readonly image: string;
  /** Absolute path of the image. */
  readonly path: string;
  readonly label: Label;
  /** The attack type for attacks; null for bona fide images. */
  readonly attack: AttackType | null;
  readonly quad: Quad | null;
  readonly documentType: DocumentType | null;
}

export class ManifestError extends Error {
  readonly problems: readonly { line: number; message: string }[];
  constructor(manifestPath: string, problems: readonly { line: number; message: string }[]) {
    const shown = problems.slice(0, 20).map((p) => `  line ${p.line}: ${p.message}`);
    if (problems.length > shown.length) shown.push(`  ... and ${problems.length - shown.length} more`);
    super(`${manifestPath}: ${problems.length} malformed line(s):\n${shown.join('\n')}`);
    this.name = 'ManifestError';
    this.problems = problems;
  }
}

export async function readManifest(manifestPath: string): Promise<ManifestEntry[]> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw new Error(`cannot read manifest ${manifestPath}: ${(error as Error).message}`);
  }
  return parseManifest(text, manifestPath);
}

/** Parses manifest text; image paths are resolved against the folder of `manifestPath`. */
export function parseManifest(text: string, manifestPath: string): ManifestEntry[] {
  const baseDir = dirname(resolve(manifestPath));
  const entries: ManifestEntry[] = [];
  const problems: { line: number; message: string }[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const parsed = parseLine(raw, line, baseDir);
    if (typeof parsed === 'string') problems.push({ line, message: parsed });
    else entries.push(parsed);
  });
  if (problems.length > 0) throw new ManifestError(manifestPath, problems);
  return entries;
}

function parseLine(raw: string, line: number, baseDir: string): ManifestEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a JSON object';
  const o = value as Record<string, unknown>;
  if (typeof o.image !== 'string' || o.image.trim() === '') return '"image" must be a non-empty path string';
  if (!isOneOf(LABELS, o.label)) return `"label" must be one of ${JSON.stringify(LABELS)}, got ${JSON.stringify(o.label)}`;
  let attack: AttackType | null = null;
  if (o.label === 'attack') {
    if (!isOneOf(ATTACK_TYPES, o.attack)) {
      return `an attack needs "attack" to be one of ${JSON.stringify(ATTACK_TYPES)}, got ${JSON.stringify(o.attack)}`;
    }
    attack = o.attack;
  } else if (o.attack !== undefined && o.attack !== null) {
    return `a bona_fide image must have "attack": null (or no "attack"), got ${JSON.stringify(o.attack)}`;
  }
  let quad: Quad | null = null;
  if (o.quad !== undefined && o.quad !== null) {
    const q = parseQuad(o.quad);
    if (q === null) return '"quad" must be four [x, y] points of finite numbers, clockwise from the top-left';
    quad = q;
  }
  let documentType: DocumentType | null = null;
  if (o.document_type !== undefined && o.document_type !== null) {
    if (!isOneOf(DOCUMENT_TYPES, o.document_type)) {
      return `"document_type" must be one of ${JSON.stringify(DOCUMENT_TYPES)}, got ${JSON.stringify(o.document_type)}`;
    }
    documentType = o.document_type;
  }
  const path = isAbsolute(o.image) ? o.image : resolve(baseDir, o.image);
  return { line, image: o.image, path, label: o.label, attack, quad, documentType };
}

function parseQuad(value: unknown): Quad | null {
  if (!Array.isArray(value) || value.length !== 4) return null;
  const points: [number, number][] = [];
  for (const p of value) {
    if (!Array.isArray(p) || p.length !== 2) return null;
    const [x, y] = p as unknown[];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return null;
    points.push([x, y]);
  }
  return points as unknown as Quad;
}
