// The leak-free rule for the localiser's training data: a lab image whose photographic backdrop is not one the lab
// may use now (lab/capture/photos.ts backdropFiles(): the TUNING part of screen-recapture-dev/real and
// faces/background.jpg) is left out. Chunks made before that rule used all 28 generic scenes, including the 18 of
// the reporting part that the front-end's "document reported on a generic scene" figure is measured on.
import { backdropFiles } from '../capture/photos.js';

/** The sidecar's backdrop as lab/capture/photos.ts records it ("data/screen-recapture-dev/real/X.jpg"), or none. */
export interface BackdropParams { readonly params?: { readonly scene?: { readonly backdrop?: string | null } } }

/**
 * True when the image may be used: no photographic backdrop, or one of today's allowed backdrops. Without the shared
 * data on this machine the allowed list is empty, so every image with a backdrop is left out (never the other way).
 */
export function hasAllowedBackdrop(sidecar: BackdropParams, allowed: readonly string[] = backdropFiles()): boolean {
  const backdrop = sidecar.params?.scene?.backdrop;
  if (backdrop === undefined || backdrop === null) return true;
  return allowed.some((file) => file.endsWith(`/${backdrop}`));
}
