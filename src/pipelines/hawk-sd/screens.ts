// Native screen resolutions of common phones (portrait width x height, device pixels). A screenshot has exactly
// one of these sizes (or its landscape turn); a camera frame has a sensor or video size (4:3, 16:9, 3:2 ...).
// Public specifications of the devices; the list is a weak prior, not a gate (a cropped screenshot loses it).
// 1080x1920 (the Plus iPhones, many older Androids) is left out: it is also the commonest camera video frame.
export const PHONE_SCREEN_SIZES: readonly (readonly [number, number])[] = [
  // Apple
  [640, 1136], [750, 1334], [828, 1792], [1125, 2436], [1242, 2688], [1080, 2340], [1170, 2532],
  [1284, 2778], [1179, 2556], [1290, 2796], [1206, 2622], [1320, 2868],
  // Android (Samsung, Google, Xiaomi, OnePlus, Motorola ...)
  [720, 1280], [720, 1520], [720, 1560], [720, 1600], [720, 1612], [1080, 2160], [1080, 2220], [1080, 2280],
  [1080, 2310], [1080, 2340], [1080, 2400], [1080, 2408], [1080, 2412], [1080, 2460], [1440, 2560], [1440, 2960],
  [1440, 3040], [1440, 3088], [1440, 3120], [1440, 3200], [1344, 2992], [1280, 2856], [1240, 2772], [1220, 2712],
];

/** 1 when width x height is a known phone screen size in either orientation, else 0. */
export function isPhoneScreenSize(width: number, height: number): number {
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  return PHONE_SCREEN_SIZES.some(([w, h]) => w === short && h === long) ? 1 : 0;
}

/** Image editors whose name in EXIF Software marks a file saved after editing (phone firmware versions do not). */
const EDITOR_PATTERN = /photoshop|lightroom|gimp|snapseed|picsart|affinity|pixelmator|paint\.net|paintshop|canva|fotor|photopea|krita|corel|acdsee|\bphotos\b|facetune|inshot|polarr|vsco|meitu|picmonkey/i;

export function isEditorSoftware(software: string | null): number {
  return software !== null && EDITOR_PATTERN.test(software) ? 1 : 0;
}
