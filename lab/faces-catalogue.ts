// Which images of shared/data/faces make usable ID portraits, and where the face is in each. Annotated by eye from a
// contact sheet with a 10 % grid: face centre (cx of the width, cy of the height) and face height (hairline to chin,
// as a fraction of the image height). Group photos, full-body shots with tiny faces, non-faces, strong grimaces (not
// plausible on an ID photo) and images whose crop missed the face on the check sheet are left out. Faces in group
// photos have ids "<file>#<n>". Several files show the same person (a series of one model): they share an identity.

export interface FaceAnnotation {
  readonly cx: number;
  readonly cy: number;
  readonly faceHeight: number;
  /** The person: several images of one person share it, so the split keeps the person on one side. Default: the id. */
  readonly identity?: string;
  readonly sex?: 'M' | 'F';
  /** Share of the crop height taken by the annotated face (tighter in group photos, to keep neighbours out). */
  readonly zoom?: number;
}

export const FACE_ANNOTATIONS: Readonly<Record<string, FaceAnnotation>> = {
  'ai-face.jpg': { identity: 'ai-blonde', cx: 0.5, cy: 0.5, faceHeight: 0.62 },
  'ai-upper.jpg': { identity: 'ai-blonde', cx: 0.45, cy: 0.22, faceHeight: 0.2 },
  'cgi-model-14.jpg': { cx: 0.45, cy: 0.32, faceHeight: 0.28 },
  'cgi-model-22.jpg': { cx: 0.45, cy: 0.22, faceHeight: 0.1 },
  'cgi-model-9.jpg': { cx: 0.4, cy: 0.11, faceHeight: 0.085 },
  'group-1.jpg#01': { cx: 0.085, cy: 0.33, faceHeight: 0.07, zoom: 0.42 },
  'group-1.jpg#02': { cx: 0.185, cy: 0.35, faceHeight: 0.07, zoom: 0.42 },
  'group-1.jpg#03': { cx: 0.255, cy: 0.37, faceHeight: 0.065, zoom: 0.42 },
  'group-1.jpg#04': { cx: 0.32, cy: 0.28, faceHeight: 0.06, zoom: 0.42, sex: 'M' },
  'group-1.jpg#05': { cx: 0.345, cy: 0.4, faceHeight: 0.065, zoom: 0.42 },
  'group-1.jpg#07': { cx: 0.445, cy: 0.39, faceHeight: 0.065, zoom: 0.42 },
  'group-1.jpg#08': { cx: 0.545, cy: 0.25, faceHeight: 0.065, zoom: 0.42, sex: 'M' },
  'group-1.jpg#09': { cx: 0.54, cy: 0.4, faceHeight: 0.065, zoom: 0.42 },
  'group-1.jpg#10': { cx: 0.625, cy: 0.28, faceHeight: 0.055, zoom: 0.42, sex: 'M' },
  'group-1.jpg#11': { cx: 0.615, cy: 0.4, faceHeight: 0.06, zoom: 0.42 },
  'group-1.jpg#12': { cx: 0.665, cy: 0.37, faceHeight: 0.06, zoom: 0.42 },
  'group-1.jpg#13': { cx: 0.735, cy: 0.36, faceHeight: 0.055, zoom: 0.42 },
  'group-1.jpg#14': { cx: 0.78, cy: 0.41, faceHeight: 0.065, zoom: 0.42 },
  'group-3.jpg#1': { cx: 0.18, cy: 0.4, faceHeight: 0.17, zoom: 0.4 },
  'group-3.jpg#2': { cx: 0.4, cy: 0.3, faceHeight: 0.16, zoom: 0.4 },
  'group-3.jpg#3': { cx: 0.66, cy: 0.29, faceHeight: 0.15, zoom: 0.4 },
  'group-3.jpg#4': { cx: 0.82, cy: 0.26, faceHeight: 0.15, zoom: 0.4 },
  'group-4.jpg#1': { cx: 0.17, cy: 0.49, faceHeight: 0.12, zoom: 0.42 },
  'group-4.jpg#2': { cx: 0.32, cy: 0.38, faceHeight: 0.13, zoom: 0.5, sex: 'M', identity: 'vlado' },
  'group-4.jpg#3': { cx: 0.47, cy: 0.43, faceHeight: 0.11, zoom: 0.42 },
  'group-4.jpg#4': { cx: 0.67, cy: 0.42, faceHeight: 0.11, zoom: 0.42 },
  'group-4.jpg#5': { cx: 0.82, cy: 0.46, faceHeight: 0.11, zoom: 0.42 },
  'group-6.jpg#1': { cx: 0.35, cy: 0.33, faceHeight: 0.16, zoom: 0.4 },
  'group-6.jpg#2': { cx: 0.61, cy: 0.25, faceHeight: 0.17, zoom: 0.4 },
  'group-6.jpg#3': { cx: 0.83, cy: 0.32, faceHeight: 0.16, zoom: 0.4 },
  'person-christina.jpg': { cx: 0.4, cy: 0.17, faceHeight: 0.14 },
  'person-tasia.jpg': { cx: 0.5, cy: 0.3, faceHeight: 0.28 },
  'stock-emotions-a-1.jpg': { identity: 'stock-emotions-a', cx: 0.45, cy: 0.35, faceHeight: 0.27 },
  'stock-emotions-a-2.jpg': { identity: 'stock-emotions-a', cx: 0.55, cy: 0.32, faceHeight: 0.27 },
  'stock-emotions-a-3.jpg': { identity: 'stock-emotions-a', cx: 0.5, cy: 0.28, faceHeight: 0.28 },
  'stock-emotions-a-7.jpg': { identity: 'stock-emotions-a', cx: 0.5, cy: 0.3, faceHeight: 0.28 },
  'stock-emotions-b-7.jpg': { cx: 0.5, cy: 0.3, faceHeight: 0.19 },
  'stock-models-4.jpg': { cx: 0.72, cy: 0.22, faceHeight: 0.14 },
  'stock-models-9.jpg': { cx: 0.45, cy: 0.25, faceHeight: 0.19 },
  'stock-teen-1.jpg': { identity: 'stock-teen-freckles', cx: 0.55, cy: 0.33, faceHeight: 0.16 },
  'stock-teen-2.jpg': { identity: 'stock-teen-freckles', cx: 0.45, cy: 0.31, faceHeight: 0.15 },
  'stock-teen-4.jpg': { identity: 'stock-teen-freckles', cx: 0.55, cy: 0.3, faceHeight: 0.19 },
  'stock-teen-5.jpg': { cx: 0.5, cy: 0.2, faceHeight: 0.17 },
  'stock-teen-6.jpg': { cx: 0.5, cy: 0.4, faceHeight: 0.36 },
  'stock-teen-7.jpg': { cx: 0.45, cy: 0.25, faceHeight: 0.16 },
  'stock-teen-8.jpg': { cx: 0.48, cy: 0.3, faceHeight: 0.33 },
};

export const FACE_IDS: readonly string[] = Object.keys(FACE_ANNOTATIONS).sort();

/** Sex of the person, so the name and sex printed match the portrait. */
export function sexOfFace(faceId: string): 'M' | 'F' {
  return FACE_ANNOTATIONS[faceId]?.sex ?? 'F';
}

export function identityOfFace(faceId: string): string {
  return FACE_ANNOTATIONS[faceId]?.identity ?? faceId;
}

/** Image file of a face id ("group-1.jpg#04" -> "group-1.jpg"). */
export function fileOfFace(faceId: string): string {
  return faceId.split('#')[0] as string;
}
