// Which vulture-sr head judges an image. Without a document only the whole-image head can. With one, both heads
// judge and the more suspicious (lower, less live) raw score wins: on real screen close-ups the front-end finds a
// "document" on the screen, and the document head's colour cues pass them (notes sr5/sr6, vulture-sr card), while
// the whole-image head reads the frame they share. Both heads emit logits of one kind (one calibration file).
import type { Detector, DetectorEvidence, DetectorInput } from '../detector.js';

export type HeadName = 'document' | 'whole-image';

/** The two heads' raw scores behind a routed score (whole-image only when no document was found). */
export interface RoutedScores {
  readonly judgedBy: HeadName;
  readonly score: number;
  readonly document: number | null;
  readonly wholeImage: number;
}

/** The more suspicious of the two heads' scores; ties go to the document head, which sees the document itself. */
export function routeScores(document: number | null, wholeImage: number): RoutedScores {
  if (document === null || wholeImage < document) return { judgedBy: 'whole-image', score: wholeImage, document, wholeImage };
  return { judgedBy: 'document', score: document, document, wholeImage };
}

export interface Heads {
  readonly document: Detector;
  readonly wholeImage: Detector;
}

export async function routedScore(heads: Heads, input: DetectorInput): Promise<number> {
  const wholeImage = await heads.wholeImage.score(input);
  if (input.document === null) return wholeImage;
  input.signal?.throwIfAborted();
  return routeScores(await heads.document.score(input), wholeImage).score;
}

/** The evidence of the head that judged, with both heads' raw scores in `details.route`. */
export async function routedExplain(heads: Heads, input: DetectorInput): Promise<{ score: number; evidence: DetectorEvidence }> {
  const wholeImage = await heads.wholeImage.explain!(input);
  const document = input.document === null ? null : await heads.document.explain!(input);
  const route = routeScores(document?.score ?? null, wholeImage.score);
  const chosen = route.judgedBy === 'document' && document !== null ? document : wholeImage;
  const evidence: DetectorEvidence = { ...chosen.evidence, details: { ...chosen.evidence.details, route } };
  return { score: route.score, evidence };
}
