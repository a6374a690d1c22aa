import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { codeOf, isRetryable } from '../../src/errors.js';
import { createMetrics } from '../../src/metrics/bridge-metrics.js';
import type { QueuedReading } from '../../src/model/queued-reading.js';
import type { Reading } from '../../src/model/reading.js';
import { DurableQueue } from '../../src/queue/index.js';
import type { Sink } from '../../src/sinks/sink.js';
import { SinkRunner } from '../../src/sinks/sink-runner.js';

/** What a sink implementation gives the contract: fresh sinks against its real database, and one that cannot reach it. */
export interface SinkContract {
  /** A sink, not connected yet, writing to an empty place of a running database, and what that place holds. */
  fresh(): Promise<{ sink: Sink; stored(): Promise<Reading[]> }>;
  /** A sink whose database does not answer. */
  unreachable(): Sink;
}

const T0 = Date.UTC(2024, 4, 1);

/** Every shape a reading takes: rooms and none, several fields, booleans, integers, strings, another device tag, suspect quality. */
export function contractReadings(count: number, first = 0): Reading[] {
  return Array.from({ length: count }, (_, i): Reading => {
    const n = first + i;
    const ts = T0 + n * 1000;
    if (n % 4 === 0) return { measurement: 'temperature', tags: { site: 'demo', device: 'temp-1', room: 'room1' }, ts, fields: { value: 20 + n / 4 }, quality: n % 8 ? 'suspect' : 'good' };
    if (n % 4 === 1) return { measurement: 'solar', tags: { site: 'demo', device: 'solar-plant' }, ts, fields: { power_w: n * 10, voltage: 380.5, current: n / 20 }, quality: 'good' };
    if (n % 4 === 2) return { measurement: 'switch', tags: { site: 'demo', device: 'sw-1', room: 'room2' }, ts, fields: { on: n % 8 === 2 }, quality: 'good' };
    const fields = { state: n % 3 ? 'running' : 'idle, "setup"', speed: n / 2, cumulative_production: n * 7 };
    return { measurement: 'production_machine', tags: { site: 'plant', machine: 'press-2' }, ts, fields, integerFields: ['cumulative_production'], quality: 'good' };
  });
}

const identity = (r: Reading) => `${r.measurement},${Object.entries(r.tags).sort().join(',')}`;
const byIdentity = (a: Reading, b: Reading) => identity(a).localeCompare(identity(b)) || a.ts - b.ts;
const sorted = (readings: readonly Reading[]) => [...readings].sort(byIdentity);

async function failure(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error,
  );
}

/**
 * The behaviour every sink promises the runner (sinks/README.md): what it stores reads back as
 * written, a replay stores nothing twice, and each failure carries the code of errors.ts that tells
 * the runner whether to retry. Run by each sink's test file against its real database.
 */
export function describeSinkContract(name: string, contract: () => SinkContract): void {
  describe(`${name} sink contract`, () => {
    const opened: Sink[] = [];
    const fresh = async () => {
      const subject = await contract().fresh();
      opened.push(subject.sink);
      return subject;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((sink) => sink.close()));
    });

    it('stores a batch so that every reading reads back as written', async () => {
      const { sink, stored } = await fresh();
      await sink.connect();
      const batch = contractReadings(30);
      await sink.write(batch);
      expect(sorted(await stored())).toEqual(sorted(batch));
    });

    it('stores a replayed batch once: a write is idempotent', async () => {
      const { sink, stored } = await fresh();
      await sink.connect();
      const batch = contractReadings(20);
      await sink.write(batch);
      await sink.write(batch);
      await sink.write(batch.slice(5, 15));
      expect(sorted(await stored())).toEqual(sorted(batch));
    });

    it('refuses for good, not to be retried, a field whose type conflicts with what it holds', async () => {
      const { sink } = await fresh();
      await sink.connect();
      const [first] = contractReadings(1);
      await sink.write([first!]);
      const error = await failure(sink.write([{ ...first!, ts: first!.ts + 1, fields: { value: true } }]));
      expect(codeOf(error)).toBe('SP_ERR_SINK_REFUSED');
      expect(isRetryable(codeOf(error))).toBe(false);
    });

    it('never calls retryable what it cannot recognise, such as a value it cannot encode', async () => {
      const { sink, stored } = await fresh();
      await sink.connect();
      const [good] = contractReadings(1);
      const error = await failure(sink.write([good!, { ...good!, ts: good!.ts + 1, fields: { value: Number.NaN } }]));
      expect(isRetryable(codeOf(error))).toBe(false);
      expect(await stored()).toEqual([]);
    });

    it('calls a write before connect, and a database that does not answer, retryable', async () => {
      const { sink } = await fresh();
      const early = await failure(sink.write(contractReadings(1)));
      expect(codeOf(early)).toBe('SP_ERR_SINK_NOT_CONNECTED');
      const away = contract().unreachable();
      opened.push(away);
      const unreachable = await failure(away.connect());
      expect(codeOf(unreachable)).toBe('SP_ERR_SINK_UNREACHABLE');
      expect([early, unreachable].every((e) => isRetryable(codeOf(e)))).toBe(true);
    });

    it('takes a queued backlog from the runner in batches until the cursor has passed it all', async () => {
      const { sink, stored } = await fresh();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sink-contract-'));
      const queue = DurableQueue.open<QueuedReading>({ dir, consumers: ['subject'], maxMessages: 1e6, maxBytes: 2 ** 30, syncIntervalMs: 100 });
      try {
        const backlog = contractReadings(sink.batchSize * 2 + 7);
        for (const reading of backlog) queue.append({ reading, receivedAt: Date.now() });
        const runner = new SinkRunner('subject', sink, queue, createMetrics({ perDevice: false }), pino({ level: 'silent' }));
        const written: number[] = [];
        runner.subscribe((items) => written.push(items.length));
        runner.start();
        for (let i = 0; i < 500 && queue.pending('subject') > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        await runner.stop();
        expect(queue.pending('subject')).toBe(0);
        expect(written.reduce((a, b) => a + b, 0)).toBe(backlog.length);
        expect(Math.max(...written)).toBeLessThanOrEqual(sink.batchSize);
        expect(sorted(await stored())).toEqual(sorted(backlog));
      } finally {
        queue.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('closes, connected or not, and twice', async () => {
      const { sink } = await fresh();
      await sink.close();
      await sink.connect();
      await sink.close();
      await sink.close();
    });
  });
}
