// Test-only lab parts: the real documents, capture and physical attacks at a small frame size, and relabelling
// doubles for the two attacks that live on branch lab-digital (until it is merged).
import type { LabSplit } from '../../lab/types.js';
import type { LabParts } from '../../lab/parts.js';
import { createCapture } from '../../lab/capture/index.js';
import { screenReplay } from '../../lab/attacks/screen-replay.js';
import { printedCopy } from '../../lab/attacks/printed-copy.js';
import { renderDocument } from '../../lab/documents/index.js';

const resolution = [480, 270] as const;

export async function loadLabParts(_split: LabSplit, _options: { resolution?: readonly [number, number] } = {}): Promise<LabParts> {
  const capture = createCapture({ options: { resolution } });
  return {
    renderDocument,
    capture,
    attacks: {
      SCREEN_REPLAY: (ctx) => screenReplay(ctx, { capture: { resolution } }),
      PRINTED_COPY: (ctx) => printedCopy(ctx, { capture: { resolution } }),
      PORTRAIT_SUBSTITUTION: async (ctx) => ({ ...(await capture(ctx.doc, ctx.rng)), label: 'attack', attack: 'PORTRAIT_SUBSTITUTION' }),
      DIGITAL_MANIPULATIONS: async (ctx) => ({ ...(await capture(ctx.doc, ctx.rng)), label: 'attack', attack: 'DIGITAL_MANIPULATIONS' }),
    },
  };
}
