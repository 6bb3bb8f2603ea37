// Options of `npm run lab -- generate ...`, validated with messages that say what was wrong and what is accepted.
import { availableParallelism } from 'node:os';
import type { LabClass, LabSplit } from './types.js';
import { LAB_CLASSES, LAB_SPLIT_NAMES } from './generate.js';
import type { GenerateConfig } from './generate.js';
import { PRINT_CUTS, PRINT_PROCESSES, type PrintProcess } from './capture/print.js';
import { ROOM_LIGHTS } from './capture/room-cast.js';
import { ISP_DENOISE_MODES } from './capture/isp-denoise.js';
import { PORTRAIT_KINDS, type PortraitSubstitutionKind } from './attacks/portrait-substitution.js';

export class LabUsageError extends Error {}

export const GENERATE_USAGE = `usage: npm run lab -- generate --out DIR --count N --seed S [--classes ${LAB_CLASSES.join(',')}] [--split train|val|test] [--workers N] [--resolution WxH] [--print-process ${PRINT_PROCESSES.join('|')}] [--screen-falloff on] [--screen-awb default|frame] [--room-light ${ROOM_LIGHTS.join('|')}] [--print-cut ${PRINT_CUTS.join('|')}] [--isp-denoise ${ISP_DENOISE_MODES.join('|')}] [--portrait-kind ${PORTRAIT_KINDS.join('|')}]`;

/** Parses the arguments after `generate`. */
export function parseGenerateArgs(argv: readonly string[]): GenerateConfig {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new LabUsageError(`unexpected argument "${arg}"\n${GENERATE_USAGE}`);
    const eq = arg.indexOf('=');
    const key = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    if (!['out', 'count', 'seed', 'classes', 'split', 'workers', 'resolution', 'print-process', 'screen-falloff', 'screen-awb', 'room-light', 'print-cut', 'isp-denoise', 'portrait-kind'].includes(key)) {
      throw new LabUsageError(`unknown option --${key}; accepted: --out, --count, --seed, --classes, --split, --workers, --resolution, --print-process, --screen-falloff, --screen-awb, --room-light, --print-cut, --isp-denoise, --portrait-kind\n${GENERATE_USAGE}`);
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new LabUsageError(`option --${key} needs a value\n${GENERATE_USAGE}`);
      i++;
    }
    values.set(key, value);
  }
  const out = values.get('out');
  if (!out) throw new LabUsageError(`missing --out DIR (the folder to write images, sidecars and manifest.jsonl into)\n${GENERATE_USAGE}`);
  const countText = values.get('count');
  if (countText === undefined) throw new LabUsageError(`missing --count N (how many images, a positive integer)\n${GENERATE_USAGE}`);
  const count = positiveInteger('count', countText);
  const seed = values.get('seed') ?? '1';
  const classes = parseClasses(values.get('classes'));
  const splitText = values.get('split') ?? 'train';
  if (!(LAB_SPLIT_NAMES as readonly string[]).includes(splitText)) {
    throw new LabUsageError(`unknown split "${splitText}"; accepted: ${LAB_SPLIT_NAMES.join(', ')}`);
  }
  const workersText = values.get('workers');
  const workers = workersText === undefined ? availableParallelism() : positiveInteger('workers', workersText);
  const resolutionText = values.get('resolution');
  let resolution: [number, number] | undefined;
  if (resolutionText !== undefined) {
    const m = /^(\d+)x(\d+)$/.exec(resolutionText.trim());
    const w = m ? Number(m[1]) : 0;
    const h = m ? Number(m[2]) : 0;
    if (!m || w < 320 || h < 240 || w > 8000 || h > 8000) {
      throw new LabUsageError(`--resolution must be WIDTHxHEIGHT between 320x240 and 8000x8000 (e.g. 1920x1080), got "${resolutionText}"`);
    }
    resolution = [w, h];
  }
  const processText = values.get('print-process');
  if (processText !== undefined && !(PRINT_PROCESSES as readonly string[]).includes(processText)) {
    throw new LabUsageError(`unknown --print-process "${processText}"; accepted: ${PRINT_PROCESSES.join(', ')}`);
  }
  const printProcess = processText as PrintProcess | undefined;
  const falloffText = values.get('screen-falloff');
  if (falloffText !== undefined && falloffText !== 'on' && falloffText !== 'off') {
    throw new LabUsageError(`--screen-falloff takes on or off (screen replays with an off-axis panel fall-off), got "${falloffText}"`);
  }
  const screenFalloff = falloffText === 'on';
  const awbText = values.get('screen-awb');
  if (awbText !== undefined && awbText !== 'default' && awbText !== 'frame') {
    throw new LabUsageError(`--screen-awb takes default or frame (frame: the camera white-balances a screen that fills the frame; close-ups with a bezel / keyboard band), got "${awbText}"`);
  }
  const roomLight = values.get('room-light');
  if (roomLight !== undefined && !(ROOM_LIGHTS as readonly string[]).includes(roomLight)) {
    throw new LabUsageError(`unknown --room-light "${roomLight}"; accepted: ${ROOM_LIGHTS.join(', ')} (cast: real rooms' colour casts on every capture)`);
  }
  const printCut = values.get('print-cut');
  if (printCut !== undefined && !(PRINT_CUTS as readonly string[]).includes(printCut)) {
    throw new LabUsageError(`unknown --print-cut "${printCut}"; accepted: ${PRINT_CUTS.join(', ')} (card: printed copies cut along the card's outline)`);
  }
  const ispDenoise = values.get('isp-denoise');
  if (ispDenoise !== undefined && !(ISP_DENOISE_MODES as readonly string[]).includes(ispDenoise)) {
    throw new LabUsageError(`unknown --isp-denoise "${ispDenoise}"; accepted: ${ISP_DENOISE_MODES.join(', ')} (phone: a phone ISP's spatial noise reduction, strength drawn per capture)`);
  }
  const portraitKind = values.get('portrait-kind');
  if (portraitKind !== undefined && !(PORTRAIT_KINDS as readonly string[]).includes(portraitKind)) {
    throw new LabUsageError(`unknown --portrait-kind "${portraitKind}"; accepted: ${PORTRAIT_KINDS.join(', ')} (every portrait substitution physical or digital; default: drawn per image)`);
  }
  return { out, count, seed, classes, split: splitText as LabSplit, workers, ...(resolution ? { resolution } : {}), ...(printProcess ? { printProcess } : {}), ...(screenFalloff ? { screenFalloff } : {}), ...(awbText === 'frame' ? { screenAwb: true } : {}), ...(roomLight === 'cast' ? { roomLight: 'cast' as const } : {}), ...(printCut === 'card' ? { printCut: 'card' as const } : {}), ...(ispDenoise === 'phone' ? { ispDenoise: 'phone' as const } : {}), ...(portraitKind ? { portraitKind: portraitKind as PortraitSubstitutionKind } : {}) };
}

function positiveInteger(name: string, text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new LabUsageError(`--${name} must be a positive integer (1, 2, 3, ...), got "${text}"`);
  }
  return Number(text);
}

function parseClasses(text: string | undefined): LabClass[] {
  if (text === undefined) return [...LAB_CLASSES];
  const names = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0) throw new LabUsageError(`--classes is empty; accepted: ${LAB_CLASSES.join(', ')} (comma-separated)`);
  const unknown = names.filter((n) => !(LAB_CLASSES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new LabUsageError(`unknown class${unknown.length > 1 ? 'es' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; accepted: ${LAB_CLASSES.join(', ')}`);
  }
  return [...new Set(names)] as LabClass[];
}
