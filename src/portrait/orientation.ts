// Which way up a document is, from its portrait searched both ways: the turn whose face the tiny face detector
// scores higher. On DLC-2021 frames rectified with their annotated quads this orients 98.4 % of the documents (every
// 3rd frame); adding the face's height on the page as a second cue (upright faces sit high on lab documents) helped
// lab val by 3 documents of 278 but broke real layouts whose portrait sits low on the card (Spanish and Finnish ID
// cards: face centres at 76-80 % of the height), 68.8-92.8 % on the same DLC frames (docs/quality.md "Round 5").
import type { PortraitSearch } from './portrait.js';

/** True when the turned search (document rotated by 180 degrees) is the upright one. */
export function turnedIsUpright(asShown: PortraitSearch, turned: PortraitSearch): boolean {
  const a = asShown.best?.face, t = turned.best?.face;
  if (t === undefined) return false;
  if (a === undefined) return true;
  return t.score > a.score;
}
