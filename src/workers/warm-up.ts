import sharp from 'sharp';
import type { AnalysisEngine } from '../analysis/types.js';
import { DocliveError } from '../errors.js';

// A worker runs one analysis before it says it is ready, so the first client request does not pay for lazy
// initialisation (JIT, native allocations, the first run of each model session).

const WIDTH = 1280;
const HEIGHT = 800;

/** A camera-sized JPEG: a grey gradient with a lighter card-shaped rectangle, drawn in code (no image data shipped). */
export async function warmUpImage(): Promise<Uint8Array> {
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);
  const card = { x0: 300, y0: 180, x1: 980, y1: 610 };
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const inCard = x >= card.x0 && x < card.x1 && y >= card.y0 && y < card.y1;
      const base = inCard ? 200 : 60 + Math.round((x / WIDTH) * 60);
      const offset = (y * WIDTH + x) * 3;
      pixels[offset] = base;
      pixels[offset + 1] = inCard ? base - 10 : base;
      pixels[offset + 2] = inCard ? base - 30 : base + 10;
    }
  }
  const jpeg = await sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  return new Uint8Array(jpeg);
}

/**
 * Runs every implemented pipeline once on the warm-up image. The research flag makes each detector judge the whole
 * image even though the drawing holds no real document, so every model session runs once. An answer about the image
 * itself (a DocliveError) still warmed the decoder and front-end; anything else means the engine is broken.
 */
export async function warmUp(engine: AnalysisEngine): Promise<void> {
  const image = await warmUpImage();
  try {
    await engine.analyse({ image, pipelines: engine.implementedPipelines(), errorsToIgnore: [], noDocumentGate: true });
  } catch (error) {
    if (error instanceof DocliveError) return;
    throw new Error(`The analysis engine failed its warm-up run: ${(error as Error).message}`, { cause: error });
  }
}
