import type { CheckPlan } from '../check/service.js';
import type { CheckResponse } from '../check/types.js';
import { inspectImage } from '../image/inspect.js';
import type { RouteContext } from './context.js';

/**
 * The part both check endpoints share once the request is parsed and planned: image header checks (406),
 * admission and deadline (408), the analysis, then counting the outcome in the BI store in the background.
 */
export async function runCheck(ctx: RouteContext, plan: CheckPlan, image: Uint8Array): Promise<CheckResponse> {
  await inspectImage(image, ctx.config.maxImagePixels);
  const outcome = await ctx.admission.run((signal) => ctx.checker.execute(plan, image, { signal }));
  ctx.bi.record(outcome);
  return outcome.response;
}
