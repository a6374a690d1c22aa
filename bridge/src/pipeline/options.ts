export interface PipelineOptions {
  /** Payloads above this are refused `too_large` before any parsing. */
  maxPayloadBytes: number;
  /** A `ts` later than receivedAt + this is refused `timestamp_skew`. */
  maxFutureSkewMs: number;
  /** A `ts` earlier than receivedAt - this is refused `timestamp_skew`. */
  maxPastAgeMs: number;
  /** Per-device limit (site + deviceId); null turns rate limiting off. */
  rateLimit: { perDevicePerSecond: number; burst: number } | null;
}

export const DEFAULT_RATE_LIMIT: NonNullable<PipelineOptions['rateLimit']> = Object.freeze({ perDevicePerSecond: 20, burst: 40 });

/** The defaults, also of the bridge's variables (config/variables.ts takes them from here). */
export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = Object.freeze({
  maxPayloadBytes: 4096,
  maxFutureSkewMs: 5 * 60_000,
  maxPastAgeMs: 7 * 24 * 3_600_000,
  rateLimit: DEFAULT_RATE_LIMIT,
});

/** The smallest value each option takes; the bridge's variable schemas take their minimums from here. */
export const PIPELINE_OPTION_MINIMUMS = Object.freeze({
  maxPayloadBytes: 1,
  maxFutureSkewMs: 0,
  maxPastAgeMs: 0,
  perDevicePerSecond: 0,
  burst: 1,
});

/** Checked once when the pipeline is built: bad options are a fatal start-up error, never a per-message surprise. */
export function checkPipelineOptions(options: PipelineOptions): void {
  const min = PIPELINE_OPTION_MINIMUMS;
  const problems: string[] = [];
  if (!Number.isInteger(options.maxPayloadBytes) || options.maxPayloadBytes < min.maxPayloadBytes) {
    problems.push(`maxPayloadBytes must be a whole number ≥ ${min.maxPayloadBytes}`);
  }
  if (!isAtLeast(options.maxFutureSkewMs, min.maxFutureSkewMs)) problems.push(`maxFutureSkewMs must be a finite number ≥ ${min.maxFutureSkewMs}`);
  if (!isAtLeast(options.maxPastAgeMs, min.maxPastAgeMs)) problems.push(`maxPastAgeMs must be a finite number ≥ ${min.maxPastAgeMs}`);
  const rate = options.rateLimit;
  if (rate !== null) {
    if (!isAtLeast(rate.perDevicePerSecond, min.perDevicePerSecond)) {
      problems.push(`rateLimit.perDevicePerSecond must be a finite number ≥ ${min.perDevicePerSecond}`);
    }
    if (!isAtLeast(rate.burst, min.burst)) problems.push(`rateLimit.burst must be a finite number ≥ ${min.burst}`);
  }
  if (problems.length > 0) throw new Error(`Invalid pipeline options: ${problems.join('; ')}.`);
}

function isAtLeast(value: number, minimum: number): boolean {
  return Number.isFinite(value) && value >= minimum;
}
