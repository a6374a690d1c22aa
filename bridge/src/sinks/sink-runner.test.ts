import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../metrics/bridge-metrics.js';
import type { QueuedReading } from '../model/queued-reading.js';
import type { Reading } from '../model/reading.js';
import { DurableQueue } from '../queue/index.js';
import { SinkError, type Sink } from './sink.js';
import { SinkRunner } from './sink-runner.js';

type Failure = Error | ((batch: readonly Reading[]) => Error | undefined);

/** A scripted sink: pure-logic test of the runner's rules (the real sinks pass test/support/sink-contract.ts). */
class ScriptedSink implements Sink {
  readonly written: Reading[] = [];
  readonly batchSizes: number[] = [];
  connects = 0;
  constructor(
    private readonly failures: Failure[],
    private readonly connectFailures: Error[] = [],
    readonly batchSize = 100,
    readonly batchTimeoutMs?: number,
  ) {}
  async connect(): Promise<void> {
    this.connects += 1;
    const failure = this.connectFailures.shift();
    if (failure) throw failure;
  }
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
const item = (n: number): QueuedReading => ({
  reading: { measurement: 'temperature', tags: { site: 'demo', device: `d-${n}` }, ts: n, fields: { value: n }, quality: 'good' },
  receivedAt: 1000 + n,
});
const fill = (count: number) => {
  for (let n = 0; n < count; n++) queue.append(item(n));
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sink-test-'));
  queue = DurableQueue.open<QueuedReading>({ dir, consumers: ['influxdb'], maxMessages: 1e6, maxBytes: 2 ** 30, syncIntervalMs: 100 });
});
afterEach(() => {
  queue.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function runner(sink: Sink, metrics = createMetrics({ perDevice: false })) {
  return new SinkRunner('influxdb', sink, queue, metrics, pino({ level: 'silent' }), { minBackoffMs: 1, maxBackoffMs: 2 });
}

async function runUntil(run: SinkRunner, done: () => boolean): Promise<void> {
  run.start();
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  await run.stop();
}

async function counter(metrics: ReturnType<typeof createMetrics>, name: string, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await metrics.registry.getSingleMetric(name)!.get();
  return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
}

describe('SinkRunner', () => {
  it('keeps a batch queued through retryable failures and writes it once the sink recovers', async () => {
    fill(10);
    const metrics = createMetrics({ perDevice: false });
    const sink = new ScriptedSink([new SinkError('SP_ERR_SINK_UNREACHABLE', 'down'), new SinkError('SP_ERR_SINK_UNAVAILABLE', '503')]);
    await runUntil(runner(sink, metrics), () => sink.written.length === 10);
    expect(sink.written.map((r) => r.ts)).toEqual([...Array(10).keys()]);
    expect(queue.depth).toBe(0);
    expect(await counter(metrics, 'sensorplus_sink_write_errors_total', { class: 'retryable' })).toBe(2);
  });

  it.each([
    ['the database refuses it for good', new SinkError('SP_ERR_SINK_REFUSED', 'field type conflict'), 'rejected'],
    ['nothing classified the error', new Error("invalid float value for field 'value': NaN"), 'unclassified'],
  ])('drops a batch at once when %s, counts it, and goes on', async (_case, failure, failureClass) => {
    fill(4);
    const metrics = createMetrics({ perDevice: false });
    const sink = new ScriptedSink([failure], [], 2);
    await runUntil(runner(sink, metrics), () => queue.depth === 0);
    expect(sink.batchSizes).toEqual([2, 2]);
    expect(sink.written.map((r) => r.ts)).toEqual([2, 3]);
    expect(await counter(metrics, 'sensorplus_sink_points_dropped_total')).toBe(2);
    expect(await counter(metrics, 'sensorplus_sink_write_errors_total', { class: failureClass })).toBe(1);
  });

  it('halves the batch while the database says it is too large, and drops a single point that still is', async () => {
    fill(8);
    const metrics = createMetrics({ perDevice: false });
    const tooLarge = (batch: readonly Reading[]) =>
      batch.length > 2 || batch.some((r) => r.ts === 5) ? new SinkError('SP_ERR_SINK_TOO_LARGE', '413') : undefined;
    const sink = new ScriptedSink(Array(20).fill(tooLarge), [], 8);
    await runUntil(runner(sink, metrics), () => queue.depth === 0);
    expect(sink.batchSizes.slice(0, 2)).toEqual([8, 4]);
    expect(sink.written.map((r) => r.ts)).toEqual([0, 1, 2, 3, 4, 6, 7]);
    expect(await counter(metrics, 'sensorplus_sink_points_dropped_total')).toBe(1);
  });

  it('retries a retryable connect failure, and tells subscribers each stored batch', async () => {
    fill(3);
    const sink = new ScriptedSink([], [new SinkError('SP_ERR_SINK_UNREACHABLE', 'InfluxDB unreachable: ECONNREFUSED')]);
    const run = runner(sink);
    const told: number[] = [];
    run.subscribe((items) => told.push(...items.map((i) => i.reading.ts)));
    expect(run.readiness()).toEqual({ ok: false, detail: 'not connected yet' });
    await runUntil(run, () => told.length === 3);
    expect(sink.connects).toBe(2);
    expect(told).toEqual([0, 1, 2]);
    expect(run.readiness()).toEqual({ ok: true });
  });

  it('writes readings a bridge queued before device profiles as the same points', async () => {
    const before = { site: 'demo', room: 'room1', device: 'temp-1', kind: 'temperature', ts: 5, fields: { value: 21.5 }, quality: 'good' };
    queue.append({ reading: before, receivedAt: 6 } as unknown as QueuedReading);
    const sink = new ScriptedSink([]);
    await runUntil(runner(sink), () => sink.written.length === 1);
    expect(sink.written).toEqual([
      { measurement: 'temperature', tags: { site: 'demo', device: 'temp-1', room: 'room1' }, ts: 5, fields: { value: 21.5 }, quality: 'good' },
    ]);
  });

  it('stops connecting when retrying cannot help, and says so in readiness', async () => {
    fill(1);
    const sink = new ScriptedSink([], [new SinkError('SP_ERR_UNCLASSIFIED', 'InfluxDB: retention policy duration must be at least 1h0m0s')]);
    const run = runner(sink);
    run.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(sink.connects).toBe(1);
    expect(run.readiness()).toEqual({ ok: false, detail: 'InfluxDB: retention policy duration must be at least 1h0m0s' });
    await run.stop();
    expect(queue.depth).toBe(1);
  });

  it('reports as written-through the receive time of the oldest reading it has not stored', async () => {
    const run = runner(new ScriptedSink([]));
    const before = Date.now();
    expect(run.writtenThrough()).toBeGreaterThanOrEqual(before);
    fill(2);
    expect(run.writtenThrough()).toBe(1000);
    queue.commit('influxdb', queue.read('influxdb', 1).next);
    expect(run.writtenThrough()).toBe(1001);
  });

  it('lets a batch of fresh readings wait for more (up to the batch size) instead of writing a small one at once', async () => {
    const fresh = (n: number): QueuedReading => ({ ...item(n), receivedAt: Date.now() });
    queue.append(fresh(0));
    const sink = new ScriptedSink([], [], 3, 60_000);
    const run = new SinkRunner('influxdb', sink, queue, createMetrics({ perDevice: false }), pino({ level: 'silent' }));
    run.start();
    await new Promise((r) => setTimeout(r, 20));
    expect(sink.batchSizes).toEqual([]);
    queue.append(fresh(1));
    queue.append(fresh(2));
    for (let i = 0; i < 200 && sink.written.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    await run.stop();
    expect(sink.batchSizes).toEqual([3]);
    expect(sink.written.map((r) => r.ts)).toEqual([0, 1, 2]);
  });

  it("writes a reading that has already waited as long as the sink's batch timeout at once, alone", async () => {
    queue.append(item(0));
    const sink = new ScriptedSink([], [], 3, 60_000);
    await runUntil(new SinkRunner('influxdb', sink, queue, createMetrics({ perDevice: false }), pino({ level: 'silent' })), () => sink.written.length === 1);
    expect(sink.batchSizes).toEqual([1]);
  });

  it('keeps two writes under way for a sink that allows it, and moves the cursor only past what is stored, in order', async () => {
    fill(6);
    const calls: Array<{ ts: number[]; settle: (error?: Error) => void }> = [];
    const sink: Sink = {
      batchSize: 2,
      maxInFlight: 2,
      connect: async () => undefined,
      write: (batch) => new Promise<void>((resolve, reject) => calls.push({ ts: batch.map((r) => r.ts), settle: (error) => (error ? reject(error) : resolve()) })),
      close: async () => undefined,
    };
    const run = runner(sink);
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
    };
    run.start();
    await until(() => calls.length === 2);
    expect(calls.map((c) => c.ts)).toEqual([[0, 1], [2, 3]]);
    // The second is stored first: nothing is committed while the first is under way.
    calls[1]!.settle();
    await new Promise((r) => setTimeout(r, 20));
    expect(queue.pending('influxdb')).toBe(6);
    expect(calls).toHaveLength(2);
    // The first fails: both are written again from the cursor.
    calls[0]!.settle(new SinkError('SP_ERR_SINK_UNREACHABLE', 'down'));
    await until(() => calls.length === 4);
    expect(calls.slice(2).map((c) => c.ts)).toEqual([[0, 1], [2, 3]]);
    calls[2]!.settle();
    await until(() => queue.pending('influxdb') === 4);
    expect(queue.pending('influxdb')).toBe(4);
    calls[3]!.settle();
    await until(() => calls.length === 5);
    calls[4]!.settle();
    await until(() => queue.pending('influxdb') === 0);
    await run.stop();
    expect(calls.slice(4).map((c) => c.ts)).toEqual([[4, 5]]);
    expect(queue.depth).toBe(0);
  });
});
