// Which way up a document is, from its portrait searched both ways. The tiny face detector usually scores an
// upright face above the same face upside down, but not always: on some grey, low-contrast lab portraits both turns
// score alike (id-06: 0.66 / 0.66) and on a real face pasted on a synthetic card the upside-down one scores higher
// (0.77 / 0.63). The face's height on the page is the second cue: a portrait's face sits in the upper half of its
// photo, so the upright face is the higher one (lab val face centres at 29-53 % of the document's height upright,
// 47-71 % upside down). The height difference counts 1.5x the score difference: on lab val weights 0.5-1.5 all
// orient 99 % of the documents with a face both ways (1 document of 278 apart), and only 1.5 and above also orient
// the pasted real face (src/analysis/frontend.test.ts; docs/quality.md "Round 5").
import type { PortraitSearch } from './portrait.js';

/** Weight of the face centre's height difference (fraction of the document's height) against the score difference. */
const HEIGHT_WEIGHT = 1.5;

/** True when the turned search (document rotated by 180 degrees) is the upright one. */
export function turnedIsUpright(asShown: PortraitSearch, turned: PortraitSearch, docHeight: number): boolean {
  const a = asShown.best?.face, t = turned.best?.face;
  if (t === undefined) return false;
  if (a === undefined) return true;
  const centreY = (f: { y: number; height: number }): number => (f.y + f.height / 2) / docHeight;
  return t.score - a.score + HEIGHT_WEIGHT * (centreY(a) - centreY(t)) > 0;
}
