export interface PipelineOptions {
  /** Payloads above this are refused `too_large` before any parsing. */
  maxPayloadBytes: number;
  /** A `ts` later than receivedAt + this is refused `timestamp_skew`. */
  maxFutureSkewMs: number;
  /** A `ts` earlier than receivedAt - this is refused `timestamp_skew`. */
  maxPastAgeMs: number;
  /** Token bucket per device (site + deviceId); null turns rate limiting off. */
  rateLimit: { perDevicePerSecond: number; burst: number } | null;
}

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = Object.freeze({
  maxPayloadBytes: 4096,
  maxFutureSkewMs: 5 * 60_000,
  maxPastAgeMs: 7 * 24 * 3_600_000,
  rateLimit: Object.freeze({ perDevicePerSecond: 20, burst: 40 }),
});

/** Checked once when the pipeline is built: bad options are a fatal start-up error, never a per-message surprise. */
export function checkPipelineOptions(options: PipelineOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.maxPayloadBytes) || options.maxPayloadBytes < 1) problems.push('maxPayloadBytes must be a whole number ≥ 1');
  if (!isNonNegative(options.maxFutureSkewMs)) problems.push('maxFutureSkewMs must be a finite number ≥ 0');
  if (!isNonNegative(options.maxPastAgeMs)) problems.push('maxPastAgeMs must be a finite number ≥ 0');
  const rate = options.rateLimit;
  if (rate !== null) {
    if (!isNonNegative(rate.perDevicePerSecond)) problems.push('rateLimit.perDevicePerSecond must be a finite number ≥ 0');
    if (!Number.isFinite(rate.burst) || rate.burst < 1) problems.push('rateLimit.burst must be a finite number ≥ 1');
  }
  if (problems.length > 0) throw new Error(`Invalid pipeline options: ${problems.join('; ')}.`);
}

function isNonNegative(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}
