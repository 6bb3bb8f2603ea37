// Phones whose screenshots the lab imitates: exact native resolutions and the system bar sizes of their OS.
export type PhoneOs = 'ios' | 'android';

export interface PhoneDevice {
  readonly name: string;
  readonly os: PhoneOs;
  readonly width: number;
  readonly height: number;
  /** Pixels per point (iOS) / per dp (Android). */
  readonly scale: number;
  /** Status bar height in points / dp. */
  readonly statusBar: number;
  /** iOS: home indicator area (pt) or 0 for a home-button phone; Android: gesture bar (dp); 3-button nav is 48 dp. */
  readonly bottomInset: number;
  /** Notch / camera cut-out the status bar flows around (screenshots leave the middle empty). */
  readonly cutout: 'notch' | 'island' | 'punch-hole' | 'none';
}

export const PHONE_DEVICES: readonly PhoneDevice[] = [
  { name: 'iPhone 13', os: 'ios', width: 1170, height: 2532, scale: 3, statusBar: 47, bottomInset: 34, cutout: 'notch' },
  { name: 'iPhone 13 Pro Max', os: 'ios', width: 1284, height: 2778, scale: 3, statusBar: 47, bottomInset: 34, cutout: 'notch' },
  { name: 'iPhone 15', os: 'ios', width: 1179, height: 2556, scale: 3, statusBar: 54, bottomInset: 34, cutout: 'island' },
  { name: 'iPhone 15 Plus', os: 'ios', width: 1290, height: 2796, scale: 3, statusBar: 54, bottomInset: 34, cutout: 'island' },
  { name: 'iPhone 11', os: 'ios', width: 828, height: 1792, scale: 2, statusBar: 48, bottomInset: 34, cutout: 'notch' },
  { name: 'iPhone SE (3rd gen)', os: 'ios', width: 750, height: 1334, scale: 2, statusBar: 20, bottomInset: 0, cutout: 'none' },
  { name: 'Pixel 7', os: 'android', width: 1080, height: 2400, scale: 2.625, statusBar: 30, bottomInset: 24, cutout: 'punch-hole' },
  { name: 'Pixel 7 Pro', os: 'android', width: 1440, height: 3120, scale: 3.5, statusBar: 32, bottomInset: 24, cutout: 'punch-hole' },
  { name: 'Galaxy S22', os: 'android', width: 1080, height: 2340, scale: 2.8125, statusBar: 28, bottomInset: 24, cutout: 'punch-hole' },
  { name: 'Galaxy S21 Ultra', os: 'android', width: 1440, height: 3200, scale: 3.75, statusBar: 28, bottomInset: 24, cutout: 'punch-hole' },
  { name: 'Redmi Note 12', os: 'android', width: 1080, height: 2400, scale: 2.75, statusBar: 30, bottomInset: 24, cutout: 'punch-hole' },
  { name: 'Galaxy A14', os: 'android', width: 720, height: 1600, scale: 2, statusBar: 28, bottomInset: 24, cutout: 'punch-hole' },
];
