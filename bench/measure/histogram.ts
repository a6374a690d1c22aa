/** Latencies in whole milliseconds, as counts per millisecond, and their percentiles. */
export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  private total = 0;

  add(latencyMs: number, count = 1): void {
    const ms = Math.max(0, Math.round(latencyMs));
    this.counts.set(ms, (this.counts.get(ms) ?? 0) + count);
    this.total += count;
  }

  /** As pairs [ms, count], for sending between processes. */
  entries(): Array<[number, number]> {
    return [...this.counts];
  }

  static fromEntries(entries: ReadonlyArray<readonly [number, number]>): LatencyHistogram {
    const histogram = new LatencyHistogram();
    for (const [ms, count] of entries) histogram.add(ms, count);
    return histogram;
  }

  summary(): LatencySummary | undefined {
    if (this.total === 0) return undefined;
    const sorted = [...this.counts].sort((a, b) => a[0] - b[0]);
    const at = (fraction: number): number => {
      const rank = Math.ceil(fraction * this.total);
      let seen = 0;
      for (const [ms, count] of sorted) {
        seen += count;
        if (seen >= rank) return ms;
      }
      return sorted[sorted.length - 1]![0];
    };
    return { count: this.total, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1]![0] };
  }
}
