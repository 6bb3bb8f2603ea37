// Axis-aligned box geometry shared by the face detector (non-maximum suppression) and the portrait's users.
import type { Box } from '../domain/types.js';

/** Area two boxes share (0 when they do not overlap). */
export function boxIntersectionArea(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return ix * iy;
}

export function boxIou(a: Box, b: Box): number {
  const inter = boxIntersectionArea(a, b);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}
