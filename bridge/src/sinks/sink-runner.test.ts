import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../admin/metrics.js';
import type { Reading } from '../model/reading.js';
import { DurableQueue } from '../queue/index.js';
import { SinkRunner } from './sink-runner.js';
import { SinkWriteError, type BatchWriter, type QueuedReading } from './types.js';

/** A scripted writer: pure-logic test of the runner's retry/drop/split rules (servers are tested elsewhere). */
class ScriptedWriter implements BatchWriter {
  readonly name = 'influxdb';
  readonly written: Reading[] = [];
  readonly batchSizes: number[] = [];
  constructor(private readonly failures: Array<SinkWriteError | ((batch: readonly Reading[]) => SinkWriteError | undefined)>) {}
  async write(batch: readonly Reading[]): Promise<void> {
    this.batchSizes.push(batch.length);
    const next = this.failures.shift();
    const failure = typeof next === 'function' ? next(batch) : next;
    if (failure) throw failure;
    this.written.push(...batch);
  }
  async close(): Promise<void> {}
}

let dir: string;
let queue: DurableQueue<QueuedReading>;
const reading = (n: number): QueuedReading => ({
  reading: { site: 'demo', device: `d-${n}`, kind: 'temperature', ts: n, fields: { value: n }, quality: 'good' },
  receivedAt: Date.now(),
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sink-test-'));
  queue = DurableQueue.open<QueuedReading>({ dir, consumers: ['influxdb'], maxMessages: 1e6, maxBytes: 2 ** 30, syncIntervalMs: 100 });
});
afterEach(() => {
  queue.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function runUntil(runner: SinkRunner, done: () => boolean): Promise<void> {
  runner.start();
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  await runner.stop();
}

describe('SinkRunner', () => {
  it('keeps a batch queued through retryable failures and writes it once the writer recovers', async () => {
    for (let n = 0; n < 10; n++) queue.append(reading(n));
    const metrics = createMetrics({ perDevice: false });
    const writer = new ScriptedWriter([new SinkWriteError('down', 'retryable'), new SinkWriteError('down', 'retryable')]);
    const runner = new SinkRunner(queue, writer, metrics, pino({ level: 'silent' }), { batchSize: 100, minBackoffMs: 1, maxBackoffMs: 2 });
    await runUntil(runner, () => writer.written.length === 10);
    expect(writer.written.map((r) => r.ts)).toEqual([...Array(10).keys()]);
    expect(queue.depth).toBe(0);
    expect((await metrics.registry.getSingleMetric('sensorplus_sink_write_errors_total')!.get()).values[0]!.value).toBe(2);
  });

  it('drops a batch the database refuses for good, counts it, and goes on', async () => {
    for (let n = 0; n < 4; n++) queue.append(reading(n));
    const metrics = createMetrics({ perDevice: false });
    const writer = new ScriptedWriter([new SinkWriteError('field type conflict', 'rejected')]);
    const runner = new SinkRunner(queue, writer, metrics, pino({ level: 'silent' }), { batchSize: 2 });
    await runUntil(runner, () => queue.depth === 0);
    expect(writer.written.map((r) => r.ts)).toEqual([2, 3]);
    expect((await metrics.registry.getSingleMetric('sensorplus_sink_points_dropped_total')!.get()).values[0]!.value).toBe(2);
  });

  it('halves the batch when the database says it is too large', async () => {
    for (let n = 0; n < 8; n++) queue.append(reading(n));
    const writer = new ScriptedWriter([(batch) => (batch.length > 2 ? new SinkWriteError('413', 'too_large') : undefined)]);
    const runner = new SinkRunner(queue, writer, createMetrics({ perDevice: false }), pino({ level: 'silent' }), { batchSize: 8 });
    await runUntil(runner, () => writer.written.length === 8);
    expect(writer.batchSizes.slice(0, 2)).toEqual([8, 4]);
    expect(writer.written.map((r) => r.ts)).toEqual([...Array(8).keys()]);
  });
});
