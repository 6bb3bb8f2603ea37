// Values several detectors derive from the same raster of one request (the canonical document as float planes,
// its colour and paper cues ...): the first detector that asks computes them, the others get the same object.
// One memo per request (the engine makes it with the DetectorInput), so nothing outlives the request.
import type { DerivedValues } from '../pipelines/detector.js';

export class RequestMemo implements DerivedValues {
  /** Per source object, per function: the result. Keyed by identity, so a new raster is a new entry. */
  readonly #results = new WeakMap<object, Map<(source: never) => unknown, unknown>>();

  of<S extends object, R>(compute: (source: S) => R, source: S): R {
    let bySource = this.#results.get(source);
    if (bySource === undefined) {
      bySource = new Map();
      this.#results.set(source, bySource);
    }
    if (bySource.has(compute)) return bySource.get(compute) as R;
    const value = compute(source);
    bySource.set(compute, value);
    return value;
  }
}
