// The procedural layout families: one fixed design each (issuing state, languages, palette, fonts, background
// security print, emblem, layout, portrait and ghost style, MRZ, overlay). Designs differ in structure, not only in
// colour, so a model cannot learn one template; the split rule keeps some designs out of training.
import type { LabDocumentType } from '../types.js';
import type { DateStyle } from './identity.js';
import type { EmblemKind } from './security.js';
import type { GhostStyle, PortraitStyle } from './portrait.js';
import { PROCEDURAL_FAMILIES } from './family-ids.js';

export type Background = 'waves' | 'mesh' | 'radial' | 'diagonal' | 'concentric' | 'rosettes';
export type Header = 'band' | 'plain' | 'vbar' | 'gradient' | 'footer';
export type Hologram = 'stripe' | 'portrait-corner' | 'disc' | 'band';

export interface Design {
  readonly id: string;
  readonly documentType: LabDocumentType;
  /** Index into identity.STATES. */
  readonly state: number;
  readonly paper: string;
  /** Split-fountain inks of the background guilloche (light tints). */
  readonly inks: readonly string[];
  /** Rosette / band inks (stronger). */
  readonly accents: readonly string[];
  readonly headerColour: string;
  readonly headerText: string;
  readonly labelColour: string;
  readonly valueColour: string;
  readonly numberColour: string;
  readonly fonts: { readonly header: string; readonly label: string; readonly value: string; readonly signature: string };
  readonly background: Background;
  readonly header: Header;
  readonly emblem: EmblemKind;
  readonly portraitSide: 'left' | 'right';
  readonly portrait: PortraitStyle;
  readonly ghost: GhostStyle | null;
  readonly mrz: boolean;
  readonly hologram: Hologram;
  readonly hologramMotif: 'rings' | 'waves' | 'stars';
  readonly laminated: boolean;
  readonly dateStyle: DateStyle;
  readonly numberPattern: string;
  readonly validityYears: number;
  readonly upperCaseValues: boolean;
  /** Header text: state left and title right ('split'), or both centred on two lines ('centre'). */
  readonly titleAlign: 'split' | 'centre';
  /** Field labels: bilingual mixed case, bilingual capitals, or numbered (as on EU-style cards). */
  readonly labelStyle: 'mixed' | 'upper' | 'numbered';
  /** ISO 7816 contact chip on the front (eID cards). */
  readonly chip?: boolean;
}

type Spec = Omit<Design, 'id' | 'documentType'>;

const ID_CARDS: readonly Spec[] = [
  { state: 0, paper: '#f2f7f3', inks: ['#9fd3c7', '#b7c9e8', '#9fd3c7'], accents: ['#2f8f83', '#5b7fc0'], headerColour: '#1f6f67', headerText: '#ffffff', labelColour: '#2b5d58', valueColour: '#111a1a', numberColour: '#b0192b', fonts: { header: 'Noto Sans', label: 'Noto Sans', value: 'Noto Sans', signature: 'Homemade Apple' }, background: 'waves', header: 'band', emblem: 'seal', portraitSide: 'left', portrait: 'colour', ghost: 'halftone', mrz: false, hologram: 'stripe', hologramMotif: 'rings', laminated: true, dateStyle: 'dots', numberPattern: 'AA9999999', validityYears: 10, upperCaseValues: true , titleAlign: 'split', labelStyle: 'mixed' },
  { state: 1, paper: '#f7f1f6', inks: ['#e2b6d6', '#c5b8ec', '#f0c7c0'], accents: ['#9b3f86', '#5a4bb0'], headerColour: '#5e2a57', headerText: '#5e2a57', labelColour: '#6b4767', valueColour: '#1a1020', numberColour: '#1a1020', fonts: { header: 'PT Sans', label: 'PT Sans', value: 'PT Sans', signature: 'Great Vibes' }, background: 'mesh', header: 'plain', emblem: 'shield', portraitSide: 'right', portrait: 'engraved', ghost: 'lines', mrz: true, hologram: 'portrait-corner', hologramMotif: 'waves', laminated: true, dateStyle: 'dots', numberPattern: 'AXXXXXXX9', validityYears: 10, upperCaseValues: true , titleAlign: 'centre', labelStyle: 'upper' },
  { state: 2, paper: '#fbf5ea', inks: ['#f3cf9c', '#e9b5a0', '#d8d59b'], accents: ['#c0622b', '#8a7a1f'], headerColour: '#a4471c', headerText: '#ffffff', labelColour: '#7a4a2a', valueColour: '#201510', numberColour: '#a4471c', fonts: { header: 'Roboto Condensed', label: 'Roboto Condensed', value: 'Roboto Condensed', signature: 'Alex Brush' }, background: 'radial', header: 'vbar', emblem: 'sun', portraitSide: 'left', portrait: 'vignette', ghost: 'fade', mrz: false, hologram: 'disc', hologramMotif: 'stars', laminated: true, dateStyle: 'slashes', numberPattern: 'AAA999999', validityYears: 10, upperCaseValues: true , titleAlign: 'split', labelStyle: 'numbered' },
  { state: 3, paper: '#eef4fa', inks: ['#a9cdef', '#b5e3e6', '#c7c3ee'], accents: ['#1d5fa8', '#2aa0a8'], headerColour: '#0f4c8a', headerText: '#ffffff', labelColour: '#34597f', valueColour: '#0b1420', numberColour: '#0b1420', fonts: { header: 'Source Sans 3', label: 'Source Sans 3', value: 'Source Sans 3', signature: 'Reenie Beanie' }, background: 'concentric', header: 'gradient', emblem: 'eagle', portraitSide: 'left', portrait: 'engraved', ghost: 'halftone', mrz: true, hologram: 'stripe', hologramMotif: 'waves', laminated: true, dateStyle: 'dots', numberPattern: 'AXX99XXX9', validityYears: 10, upperCaseValues: true , titleAlign: 'split', labelStyle: 'mixed' },
  { state: 4, paper: '#f6f8ec', inks: ['#cfe3a0', '#f1e59a', '#bfe0c0'], accents: ['#5f8f1f', '#c39b12'], headerColour: '#3f6b14', headerText: '#3f6b14', labelColour: '#566b3a', valueColour: '#151a0e', numberColour: '#b22222', fonts: { header: 'Libre Franklin', label: 'Libre Franklin', value: 'Libre Franklin', signature: 'Yellowtail' }, background: 'diagonal', header: 'plain', emblem: 'seal', portraitSide: 'right', portrait: 'colour', ghost: null, mrz: false, hologram: 'band', hologramMotif: 'rings', laminated: true, dateStyle: 'dots', numberPattern: 'AA99999AA', validityYears: 10, upperCaseValues: false , titleAlign: 'centre', labelStyle: 'mixed' , chip: true },
  { state: 5, paper: '#f1f3f6', inks: ['#b9c4d6', '#c9d8e6', '#d7cbdc'], accents: ['#44577a', '#7a5e8a'], headerColour: '#2d3c58', headerText: '#ffffff', labelColour: '#4a5570', valueColour: '#10131a', numberColour: '#10131a', fonts: { header: 'Barlow Condensed', label: 'Barlow Condensed', value: 'Barlow Condensed', signature: 'Homemade Apple' }, background: 'concentric', header: 'vbar', emblem: 'shield', portraitSide: 'right', portrait: 'engraved', ghost: 'lines', mrz: true, hologram: 'portrait-corner', hologramMotif: 'stars', laminated: true, dateStyle: 'spaces', numberPattern: '999999999', validityYears: 10, upperCaseValues: true , titleAlign: 'split', labelStyle: 'upper' },
  { state: 6, paper: '#fbf1ec', inks: ['#f4c3b2', '#f2d1e0', '#f6dcae'], accents: ['#c24d3c', '#b0467a'], headerColour: '#b23a30', headerText: '#ffffff', labelColour: '#8b4a45', valueColour: '#1c1212', numberColour: '#b23a30', fonts: { header: 'PT Serif', label: 'PT Sans', value: 'PT Serif', signature: 'Great Vibes' }, background: 'rosettes', header: 'band', emblem: 'eagle', portraitSide: 'left', portrait: 'colour', ghost: 'halftone', mrz: false, hologram: 'disc', hologramMotif: 'rings', laminated: true, dateStyle: 'dots', numberPattern: 'AAA999999', validityYears: 10, upperCaseValues: true , titleAlign: 'split', labelStyle: 'numbered' },
  { state: 7, paper: '#f3f2fa', inks: ['#c8c2ee', '#b8d4f0', '#e0c6ea'], accents: ['#4b3fa0', '#2b6cb0'], headerColour: '#3a2f86', headerText: '#3a2f86', labelColour: '#54507a', valueColour: '#121020', numberColour: '#3a2f86', fonts: { header: 'EB Garamond', label: 'Noto Sans', value: 'EB Garamond', signature: 'Alex Brush' }, background: 'waves', header: 'plain', emblem: 'eagle', portraitSide: 'left', portrait: 'vignette', ghost: 'fade', mrz: true, hologram: 'band', hologramMotif: 'waves', laminated: true, dateStyle: 'iso', numberPattern: 'AA9999999', validityYears: 10, upperCaseValues: false , titleAlign: 'centre', labelStyle: 'mixed' },
  { state: 0, paper: '#eef8f6', inks: ['#a6e0d8', '#c6e9b4', '#a9d2ee'], accents: ['#138a7a', '#3c8d2f'], headerColour: '#0d6b5f', headerText: '#ffffff', labelColour: '#2f6a62', valueColour: '#0c1a18', numberColour: '#0c1a18', fonts: { header: 'Noto Sans', label: 'Noto Sans', value: 'Noto Sans', signature: 'Reenie Beanie' }, background: 'mesh', header: 'footer', emblem: 'seal', portraitSide: 'right', portrait: 'colour', ghost: 'halftone', mrz: false, hologram: 'stripe', hologramMotif: 'stars', laminated: true, dateStyle: 'slashes', numberPattern: '9999AA999', validityYears: 5, upperCaseValues: true , titleAlign: 'split', labelStyle: 'upper' },
  { state: 5, paper: '#fbf6e2', inks: ['#f0dc8c', '#e8c09a', '#f3e6a8'], accents: ['#9a6a12', '#b0402a'], headerColour: '#8a5a0a', headerText: '#ffffff', labelColour: '#7a5a2a', valueColour: '#1e160a', numberColour: '#b0402a', fonts: { header: 'Roboto Condensed', label: 'Roboto Condensed', value: 'Source Sans 3', signature: 'Yellowtail' }, background: 'rosettes', header: 'band', emblem: 'shield', portraitSide: 'left', portrait: 'colour', ghost: null, mrz: false, hologram: 'disc', hologramMotif: 'waves', laminated: true, dateStyle: 'dots', numberPattern: 'A9999999A', validityYears: 15, upperCaseValues: true , titleAlign: 'split', labelStyle: 'numbered' , chip: true },
];

const PASSPORTS: readonly Spec[] = [
  { state: 0, paper: '#fbf2f3', inks: ['#f0bfc8', '#d9c2ea', '#f3cfb8'], accents: ['#9c2a45', '#6a3f9a'], headerColour: '#7d1d34', headerText: '#ffffff', labelColour: '#7a4654', valueColour: '#1a0e12', numberColour: '#b0192b', fonts: { header: 'Noto Serif', label: 'Noto Sans', value: 'Noto Sans', signature: 'Homemade Apple' }, background: 'waves', header: 'band', emblem: 'eagle', portraitSide: 'left', portrait: 'colour', ghost: 'halftone', mrz: true, hologram: 'portrait-corner', hologramMotif: 'rings', laminated: true, dateStyle: 'months', numberPattern: 'AA9999999', validityYears: 10, upperCaseValues: true , titleAlign: 'split', labelStyle: 'mixed' },
  { state: 3, paper: '#eef5f4', inks: ['#a9d8d0', '#b6cdea', '#cde6b0'], accents: ['#1b6f82', '#3a8a3a'], headerColour: '#14505e', headerText: '#14505e', labelColour: '#3b6068', valueColour: '#0c1618', numberColour: '#0c1618', fonts: { header: 'PT Sans', label: 'PT Sans', value: 'PT Sans', signature: 'Great Vibes' }, background: 'mesh', header: 'plain', emblem: 'shield', portraitSide: 'left', portrait: 'engraved', ghost: 'lines', mrz: true, hologram: 'band', hologramMotif: 'waves', laminated: true, dateStyle: 'months', numberPattern: 'AXXXXXXX9', validityYears: 10, upperCaseValues: true , titleAlign: 'centre', labelStyle: 'upper' },
  { state: 5, paper: '#f5f8ea', inks: ['#d2e7a2', '#f2e3a0', '#b8e0c8'], accents: ['#4f7f1a', '#b38a10'], headerColour: '#3b6314', headerText: '#ffffff', labelColour: '#58683a', valueColour: '#14180c', numberColour: '#b22222', fonts: { header: 'Source Sans 3', label: 'Source Sans 3', value: 'Source Sans 3', signature: 'Alex Brush' }, background: 'radial', header: 'gradient', emblem: 'seal', portraitSide: 'left', portrait: 'vignette', ghost: 'fade', mrz: true, hologram: 'disc', hologramMotif: 'stars', laminated: true, dateStyle: 'months', numberPattern: 'A99999999', validityYears: 10, upperCaseValues: true , titleAlign: 'split', labelStyle: 'numbered' },
  { state: 4, paper: '#f7f2f8', inks: ['#dcc6ef', '#f4cfae', '#cfd0f2'], accents: ['#6b3fa0', '#c06a1f'], headerColour: '#4e2a7d', headerText: '#4e2a7d', labelColour: '#5e4a74', valueColour: '#150e1c', numberColour: '#4e2a7d', fonts: { header: 'EB Garamond', label: 'EB Garamond', value: 'Noto Serif', signature: 'Yellowtail' }, background: 'diagonal', header: 'plain', emblem: 'sun', portraitSide: 'left', portrait: 'colour', ghost: 'halftone', mrz: true, hologram: 'stripe', hologramMotif: 'rings', laminated: true, dateStyle: 'months', numberPattern: 'AA9999999', validityYears: 10, upperCaseValues: true , titleAlign: 'centre', labelStyle: 'mixed' },
  { state: 7, paper: '#eff4f6', inks: ['#b3cfd9', '#c7d6c9', '#c6c6e4'], accents: ['#245a70', '#54606e'], headerColour: '#1d4a5c', headerText: '#ffffff', labelColour: '#45606a', valueColour: '#0e1417', numberColour: '#0e1417', fonts: { header: 'Libre Franklin', label: 'Libre Franklin', value: 'Libre Franklin', signature: 'Reenie Beanie' }, background: 'concentric', header: 'band', emblem: 'eagle', portraitSide: 'left', portrait: 'engraved', ghost: 'lines', mrz: true, hologram: 'portrait-corner', hologramMotif: 'waves', laminated: true, dateStyle: 'months', numberPattern: '99AA99999', validityYears: 10, upperCaseValues: true , titleAlign: 'split', labelStyle: 'upper' },
  { state: 6, paper: '#f9f1f4', inks: ['#efc2d2', '#bcd0ee', '#f2d6b8'], accents: ['#a63a62', '#2f5fa6'], headerColour: '#8c2a50', headerText: '#ffffff', labelColour: '#7a4c5e', valueColour: '#1a0f14', numberColour: '#8c2a50', fonts: { header: 'Barlow Condensed', label: 'Barlow Condensed', value: 'Barlow Condensed', signature: 'Great Vibes' }, background: 'rosettes', header: 'gradient', emblem: 'shield', portraitSide: 'left', portrait: 'colour', ghost: 'halftone', mrz: true, hologram: 'band', hologramMotif: 'stars', laminated: false, dateStyle: 'months', numberPattern: 'AA9999999', validityYears: 10, upperCaseValues: true , titleAlign: 'split', labelStyle: 'mixed' },
];

const ids = PROCEDURAL_FAMILIES.filter((f) => f.documentType === 'ID_CARD');
const passports = PROCEDURAL_FAMILIES.filter((f) => f.documentType === 'PASSPORT');
if (ids.length !== ID_CARDS.length || passports.length !== PASSPORTS.length) {
  throw new Error('families.ts: every id in family-ids.ts needs exactly one design');
}

export const DESIGNS: ReadonlyMap<string, Design> = new Map([
  ...ids.map((f, i) => [f.id, { ...(ID_CARDS[i] as Spec), id: f.id, documentType: f.documentType }] as const),
  ...passports.map((f, i) => [f.id, { ...(PASSPORTS[i] as Spec), id: f.id, documentType: f.documentType }] as const),
]);

export function designOf(family: string): Design {
  const d = DESIGNS.get(family);
  if (!d) throw new Error(`unknown procedural family "${family}"; accepted: ${[...DESIGNS.keys()].join(', ')}`);
  return d;
}
