import type { CheckPlan } from '../check/service.js';
import type { CheckResponse } from '../check/types.js';
import { inspectImage } from '../image/inspect.js';
import { outcomeLabels } from '../metrics/outcome.js';
import type { RouteContext } from './context.js';

/**
 * The part both check endpoints share once the request is parsed and planned: image header checks (406),
 * admission and deadline (408), the analysis, then counting the outcome in the BI store in the background.
 * `explain` adds the explanation to the answer. `clientGone` aborts the analysis (a check still waiting for a worker is dropped) when the client disconnects.
 */
export async function runCheck(ctx: RouteContext, plan: CheckPlan, image: Uint8Array, options: { clientGone?: AbortSignal; explain?: boolean } = {}): Promise<CheckResponse> {
  await inspectImage(image, ctx.config.maxImagePixels);
  const { clientGone } = options;
  const explain = options.explain === true ? { explain: true } : {};
  const outcome = await ctx.admission.run((deadline) =>
    ctx.checker.execute(plan, image, { signal: clientGone === undefined ? deadline : AbortSignal.any([deadline, clientGone]), ...explain }),
  );
  ctx.bi.record(outcome);
  const { status, bucket } = outcomeLabels(outcome.response);
  ctx.metrics.recordOutcome(status, bucket);
  return outcome.response;
}
