import { describe, expect, it } from 'vitest';
import type { WindowRow } from '../rows.js';
import type { Queryable } from './pool.js';
import { ArchiveStore } from './store.js';

/** Records every statement and its values; answers with empty results. */
function recordingDb() {
  const calls: Array<{ sql: string; values: unknown[] }> = [];
  const db = {
    query: async (statement: string | { sql: string }, values: unknown[] = []) => {
      const sql = typeof statement === 'string' ? statement : statement.sql;
      calls.push({ sql, values });
      if (sql.startsWith('DELETE')) return [{ affectedRows: 0 }, []];
      if (sql.includes('GET_LOCK')) return [[{ got: 1 }], []];
      if (sql.includes('MIN(window_start)')) return [[{ earliest: null }], []];
      return [[], []];
    },
  } as unknown as Queryable;
  return { db, calls };
}

const HOSTILE = ["x'); DROP TABLE archive_rollup; --", 'a" OR "1"="1', 'b`; SELECT SLEEP(10); #', '5m\\\' OR 1=1'];

const row = (i: number): WindowRow => ({
  tier: HOSTILE[3]!, site: HOSTILE[0]!, kind: HOSTILE[1]!, device: HOSTILE[2]!, field: HOSTILE[i % 4]!, windowStart: i * 300_000, windowEnd: (i + 1) * 300_000,
  room: HOSTILE[0]!, count: 1, min: 1, max: 1, sum: 1, mean: 1, first: 1, last: 1, firstAt: 1, lastAt: 1, energyWh: null, increase: null, suspectCount: 0, peakAt: null, runtimeSeconds: null, cost: null, currency: null, final: false,
});

describe('ArchiveStore', () => {
  it('sends every value as a placeholder, never as SQL text', async () => {
    const { db, calls } = recordingDb();
    const store = new ArchiveStore();
    await store.upsert(db, Array.from({ length: 1201 }, (_, i) => row(i)));
    await store.rowsBetween(db, HOSTILE[0]!, 0, 1);
    await store.earliestWindow(db, HOSTILE[1]!);
    await store.watermarks(db);
    await store.advanceWatermark(db, HOSTILE[2]!, 5);
    await store.deleteBefore(db, HOSTILE[3]!, 5, 100);
    await store.queryWindows(db, { tier: HOSTILE[0]!, device: HOSTILE[1]!, site: HOSTILE[2]!, field: HOSTILE[3]!, from: 0, to: 1, limit: 10 });
    await store.tryLock(db, HOSTILE[0]!);
    await store.unlock(db, HOSTILE[1]!);

    for (const { sql } of calls) for (const hostile of HOSTILE) expect(sql).not.toContain(hostile);
    const values = calls.flatMap((c) => c.values);
    for (const hostile of HOSTILE) expect(values).toContain(hostile);
    // 1201 rows go in three statements of at most 500, each with one placeholder per value.
    const upserts = calls.filter((c) => c.sql.startsWith('INSERT INTO archive_rollup'));
    expect(upserts.map((c) => c.values.length / 26)).toEqual([500, 500, 201]);
    for (const c of calls) expect(c.sql.split('?').length - 1).toBe(c.values.length);
  });

  it('never lets an upsert change a final row', async () => {
    const { db, calls } = recordingDb();
    await new ArchiveStore().upsert(db, [row(0)]);
    const update = calls[0]!.sql.split('ON DUPLICATE KEY UPDATE')[1]!;
    expect(update).toContain('value_mean = IF(is_final = 1, value_mean, VALUES(value_mean))');
    expect(update.trim().endsWith('is_final = GREATEST(is_final, VALUES(is_final))')).toBe(true);
  });
});
