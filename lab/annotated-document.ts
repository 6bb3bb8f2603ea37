// The document of an annotated quad, rectified the way the front-end rectifies a localised one (landscape corner
// order, true aspect under perspective, canonical size), for the measurement scripts that skip localisation.
import type { DocumentType, Point, Quad } from '../src/domain/types.js';
import type { RgbImage } from '../src/image/types.js';
import { trueAspect } from '../src/localisation/aspect.js';
import { canonicalSize, landscapeOrder, rectify } from '../src/localisation/rectify.js';

export async function rectifyAnnotated(image: RgbImage, quad: readonly Point[], type: DocumentType): Promise<{ landscape: Quad; canonical: RgbImage }> {
  const landscape = landscapeOrder(quad as unknown as Quad);
  const size = canonicalSize(type, trueAspect(landscape, image.width, image.height));
  return { landscape, canonical: await rectify(image, landscape, size.width, size.height) };
}
