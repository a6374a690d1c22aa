import type { ArchiveMetrics } from '../metrics/archive-metrics.js';
import type { Queryable } from './mysql/pool.js';
import type { ArchiveStore } from './mysql/store.js';
import type { ArchiveTier } from './settings.js';
import { MINUTE_MS, floorTo } from './windows.js';

/** Retention runs at most this often; deleting is cheap to postpone. */
export const RETENTION_EVERY_MS = 10 * MINUTE_MS;
/** Small batches keep each DELETE's locks short, so the job and the API never wait long behind one. */
export const RETENTION_BATCH = 5_000;
/** A run deletes at most this many batches; a large backlog is worked off over several runs. */
export const RETENTION_MAX_BATCHES = 20;

/** Deletes each tier's windows that start before now − retention, in small batches. Returns rows deleted per tier. */
export async function applyRetention(
  db: Queryable,
  store: ArchiveStore,
  tiers: readonly ArchiveTier[],
  now: number,
  metrics: ArchiveMetrics,
): Promise<Map<string, number>> {
  const deleted = new Map<string, number>();
  for (const tier of tiers) {
    if (tier.retentionMs === null) continue;
    const cutoff = floorTo(now - tier.retentionMs, tier.ms);
    let total = 0;
    for (let batch = 0; batch < RETENTION_MAX_BATCHES; batch++) {
      const n = await store.deleteBefore(db, tier.label, cutoff, RETENTION_BATCH);
      total += n;
      if (n < RETENTION_BATCH) break;
    }
    metrics.rowsDeleted.inc({ tier: tier.label }, total);
    deleted.set(tier.label, total);
  }
  return deleted;
}
