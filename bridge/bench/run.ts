/**
 * `npm run bench`: measures the bridge on this machine and writes bench-results/bridge.json.
 * Numbers are printed and saved, never asserted (tests do not assert timings).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPipeline, DEFAULT_PIPELINE_OPTIONS } from '../src/pipeline/index.js';
import { DurableQueue } from '../src/queue/index.js';
import { goodMessages, Publisher } from '@sensorplus/simulator';
import type { QueuedReading } from '../src/model/queued-reading.js';
import { StackFixture, eventually } from '../test/support/stack-fixture.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const E2E_MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);

interface Result {
  name: string;
  value: number;
  unit: string;
  detail?: string;
}

function benchPipeline(): Result {
  const messages = goodMessages(200_000, { devices: 2000 });
  const pipeline = createPipeline({ ...DEFAULT_PIPELINE_OPTIONS, rateLimit: null });
  const now = Date.now();
  const started = performance.now();
  let accepted = 0;
  for (const m of messages) if (pipeline.process(m.topic, m.payload, now).ok) accepted += 1;
  const seconds = (performance.now() - started) / 1000;
  return { name: 'pipeline (decode → validate → normalise), one core', value: Math.round(accepted / seconds), unit: 'msg/s' };
}

function benchQueue(): Result[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-queue-'));
  const queue = DurableQueue.open<QueuedReading>({ dir, consumers: ['influxdb'], maxMessages: 10_000_000, maxBytes: 2 ** 40, syncIntervalMs: 200 });
  const pipeline = createPipeline({ ...DEFAULT_PIPELINE_OPTIONS, rateLimit: null });
  const items = goodMessages(200_000, { devices: 2000 }).map((m) => {
    const r = pipeline.process(m.topic, m.payload, Date.now());
    if (!r.ok) throw new Error(r.rejection.detail);
    return { reading: r.value, receivedAt: Date.now() };
  });
  let started = performance.now();
  for (const item of items) queue.append(item);
  const appendRate = items.length / ((performance.now() - started) / 1000);
  started = performance.now();
  let read = 0;
  for (;;) {
    const batch = queue.read('influxdb', 5000);
    if (batch.items.length === 0) break;
    read += batch.items.length;
    queue.commit('influxdb', batch.next);
  }
  const readRate = read / ((performance.now() - started) / 1000);
  queue.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    { name: 'durable queue append (write(2) per message, group fsync 200 ms)', value: Math.round(appendRate), unit: 'msg/s' },
    { name: 'durable queue read + commit (batches of 5,000)', value: Math.round(readRate), unit: 'msg/s' },
  ];
}

async function benchEndToEnd(): Promise<Result[]> {
  const stack = await StackFixture.start('bench');
  try {
    const bridge = await stack.startBridge({ RATE_LIMIT_PER_DEVICE: '0', LOG_LEVEL: 'warn' });
    const messages = goodMessages(E2E_MESSAGES, { devices: 2000, now: Date.now() - 10_000 });
    const publisher = await Publisher.connect({ ...stack.publisherOptions(), maxInFlight: 256 });
    const started = performance.now();
    let peakRss = 0;
    const sampler = setInterval(() => {
      void bridge.metric('process_resident_memory_bytes').then((rss) => (peakRss = Math.max(peakRss, rss)), () => undefined);
    }, 500);
    for (const m of messages) await publisher.publish(m.topic, m.payload);
    await publisher.drain();
    const publishSeconds = (performance.now() - started) / 1000;
    await eventually(() => stack.countPoints(), (n) => n >= E2E_MESSAGES, { timeoutMs: 600_000, intervalMs: 100 });
    const totalSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    await publisher.close();
    return [
      {
        name: `end to end: MQTT QoS 1 → bridge → InfluxDB (${E2E_MESSAGES.toLocaleString('en')} messages, 2,000 devices)`,
        value: Math.round(E2E_MESSAGES / totalSeconds),
        unit: 'msg/s',
        detail: `all points in InfluxDB after ${totalSeconds.toFixed(1)} s; publishing took ${publishSeconds.toFixed(1)} s`,
      },
      { name: 'bridge peak resident memory during the run', value: Math.round(peakRss / 2 ** 20), unit: 'MiB' },
    ];
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const results: Result[] = [benchPipeline(), ...benchQueue(), ...(await benchEndToEnd())];
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  process.stdout.write(`\nBridge benchmark (${machine})\n`);
  for (const r of results) process.stdout.write(`  ${r.name}: ${r.value.toLocaleString('en')} ${r.unit}${r.detail ? ` (${r.detail})` : ''}\n`);
  const outDir = path.join(ROOT, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'bridge.json');
  fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`);
  process.stdout.write(`Results written to ${path.relative(process.cwd(), file)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
