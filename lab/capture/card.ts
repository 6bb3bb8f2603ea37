// The identity document itself as a scene subject: a card (rounded corners, laminate with a specular sheen and
// holographic foil) or a passport data page, textured with the flat render from lab/documents.
import type { DocumentRender, PxBox } from '../types.js';
import type { Rng } from '../rng.js';
import type { Point } from './geometry.js';
import type { Material, SceneSurface } from './render.js';
import type { Subject } from './scene.js';
import { MipTexture } from './texture.js';

export function boxCorners(box: PxBox, pxPerMm: number): Point[] {
  const x0 = box.x / pxPerMm;
  const y0 = box.y / pxPerMm;
  const x1 = (box.x + box.width) / pxPerMm;
  const y1 = (box.y + box.height) / pxPerMm;
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
}

export function cardSubject(doc: DocumentRender, rng: Rng): { subject: Subject; params: Record<string, unknown> } {
  const texture = MipTexture.fromRgba8(doc.image, doc.pxPerMm);
  const laminate = doc.laminated;
  const material: Material = {
    kind: 'diffuse',
    specular: laminate ? rng.uniform(0.03, 0.09) : rng.uniform(0, 0.01),
    shininess: laminate ? rng.uniform(400, 3000) : 30,
    mirror: laminate ? rng.uniform(0.01, 0.03) : 0,
    holograms: doc.hologramBoxes.map((b) => ({ u0: b.x / doc.pxPerMm, v0: b.y / doc.pxPerMm, u1: (b.x + b.width) / doc.pxPerMm, v1: (b.y + b.height) / doc.pxPerMm })),
    hologramStrength: doc.hologramBoxes.length > 0 ? rng.uniform(0.05, 0.25) : 0,
  };
  const isCard = doc.documentType === 'ID_CARD';
  const subject: Subject = {
    kind: 'card',
    widthMm: doc.widthMm,
    heightMm: doc.heightMm,
    cornerRadiusMm: doc.cornerRadiusMm,
    thicknessMm: isCard ? 0.76 : 3,
    documentCorners: [[0, 0], [doc.widthMm, 0], [doc.widthMm, doc.heightMm], [0, doc.heightMm]],
    portraitCorners: doc.portraitBox ? boxCorners(doc.portraitBox, doc.pxPerMm) : null,
    documentWidthMm: doc.widthMm,
    documentHeightMm: doc.heightMm,
    holdable: true,
    build: (plane, shadow): SceneSurface[] => [
      { plane, widthMm: doc.widthMm, heightMm: doc.heightMm, cornerRadiusMm: doc.cornerRadiusMm, texture, material, samplesPerAxis: 2, shadow },
    ],
  };
  return {
    subject,
    params: { laminateSpecular: +material.specular.toFixed(4), laminateShininess: Math.round(material.shininess), hologramStrength: +material.hologramStrength.toFixed(3) },
  };
}
