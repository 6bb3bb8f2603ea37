/** Day in yyyy-MM-dd (in the configured time zone). */
export type Day = string;

/**
 * BI counters: per day, per outcome key (e.g. "auk_ID_CARD_probability_0.9-1.0", "total"). Only counters are
 * stored, never images or personal data. Implementations: sqlite (default) and postgres, one contract suite.
 */
export interface BiStore {
  /** Adds 1 to each key on that day, atomically (one answered check = "total" + its outcome key). */
  increment(day: Day, keys: readonly string[]): Promise<void>;
  /** Sums per key over [from, to], both inclusive. Keys never counted are absent. */
  report(from: Day, to: Day): Promise<Record<string, number>>;
  /** Cheap liveness probe of the backing database, for /health/ready. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
