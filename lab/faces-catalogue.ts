// Which images of shared/data/faces make usable ID portraits, and where the face is in each. Annotated by eye from a
// contact sheet with a 10 % grid: face centre (cx of the width, cy of the height) and face height (hairline to chin,
// as a fraction of the image height). Group photos, full-body shots with tiny faces, non-faces, strong grimaces (not
// plausible on an ID photo) and images whose crop missed the face on the check sheet are left out.

export interface FaceAnnotation {
  readonly cx: number;
  readonly cy: number;
  readonly faceHeight: number;
}

export const FACE_ANNOTATIONS: Readonly<Record<string, FaceAnnotation>> = {
  'ai-face.jpg': { cx: 0.5, cy: 0.5, faceHeight: 0.62 },
  'ai-upper.jpg': { cx: 0.45, cy: 0.22, faceHeight: 0.2 },
  'cgi-model-14.jpg': { cx: 0.45, cy: 0.32, faceHeight: 0.28 },
  'cgi-model-22.jpg': { cx: 0.45, cy: 0.22, faceHeight: 0.1 },
  'cgi-model-9.jpg': { cx: 0.4, cy: 0.11, faceHeight: 0.085 },
  'person-christina.jpg': { cx: 0.4, cy: 0.17, faceHeight: 0.14 },
  'person-tasia.jpg': { cx: 0.5, cy: 0.3, faceHeight: 0.28 },
  'stock-emotions-a-1.jpg': { cx: 0.45, cy: 0.35, faceHeight: 0.27 },
  'stock-emotions-a-2.jpg': { cx: 0.55, cy: 0.32, faceHeight: 0.27 },
  'stock-emotions-a-3.jpg': { cx: 0.5, cy: 0.28, faceHeight: 0.28 },
  'stock-emotions-a-7.jpg': { cx: 0.5, cy: 0.3, faceHeight: 0.28 },
  'stock-emotions-b-7.jpg': { cx: 0.5, cy: 0.3, faceHeight: 0.19 },
  'stock-models-4.jpg': { cx: 0.72, cy: 0.22, faceHeight: 0.14 },
  'stock-models-9.jpg': { cx: 0.45, cy: 0.25, faceHeight: 0.19 },
  'stock-teen-1.jpg': { cx: 0.55, cy: 0.33, faceHeight: 0.16 },
  'stock-teen-2.jpg': { cx: 0.45, cy: 0.31, faceHeight: 0.15 },
  'stock-teen-4.jpg': { cx: 0.55, cy: 0.3, faceHeight: 0.19 },
  'stock-teen-5.jpg': { cx: 0.5, cy: 0.2, faceHeight: 0.17 },
  'stock-teen-6.jpg': { cx: 0.5, cy: 0.4, faceHeight: 0.36 },
  'stock-teen-7.jpg': { cx: 0.45, cy: 0.25, faceHeight: 0.16 },
  'stock-teen-8.jpg': { cx: 0.48, cy: 0.3, faceHeight: 0.33 },
};

export const FACE_IDS: readonly string[] = Object.keys(FACE_ANNOTATIONS).sort();

/** Faces of men (the rest are women), so the name and sex printed match the portrait. */
const MALE_FACES = new Set<string>([]);

export function sexOfFace(faceId: string): 'M' | 'F' {
  return MALE_FACES.has(faceId) ? 'M' : 'F';
}
