// Photos for the runtime tests, drawn in code (no fixture files, nothing from /work/data): a printed card placed
// in perspective on a textured desk, encoded as a phone would send it (JPEG quality 90). The real front-end finds
// the card, so the offered pipelines run their detectors on it.
import sharp from 'sharp';
import type { Quad } from '../../../src/domain/types.js';
import { background, card, placeInQuad } from '../../support/synthetic.js';

/** A 1280 x 800 JPEG of one card; `seed` varies the print and the desk. */
export async function documentJpeg(seed = 1, width = 1280, height = 800): Promise<Buffer> {
  const sx = width / 1500;
  const sy = height / 1000;
  const quad: Quad = [[300 * sx, 200 * sy], [1200 * sx, 230 * sy], [1180 * sx, 790 * sy], [320 * sx, 760 * sy]];
  const scene = placeInQuad(background(width, height, seed + 100), card(Math.round(856 * sx), Math.round(540 * sy), seed), quad);
  return sharp(Buffer.from(scene.data), { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/**
 * The same JPEG with a comment segment (COM, 0xFFFE) holding `text` right after the start-of-image marker: a valid
 * JPEG with the same pixels whose bytes carry a marker a test worker can look for.
 */
export function withJpegComment(jpeg: Buffer, text: string): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const payload = Buffer.from(text, 'latin1');
  const segment = Buffer.alloc(4 + payload.length);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(payload.length + 2, 2);
  payload.copy(segment, 4);
  return Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]);
}
