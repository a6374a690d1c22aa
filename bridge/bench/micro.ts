/**
 * The bridge's micro-benchmarks (one core, no servers): the pipeline stages and the durable queue.
 * `npm run bench` at the root runs this in a process of its own and reads the JSON it prints;
 * `npm run bench -w bridge` runs it alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPipeline, DEFAULT_PIPELINE_OPTIONS } from '../src/pipeline/index.js';
import { loadProfiles } from '../src/profiles/index.js';
import { DurableQueue } from '../src/queue/index.js';
import { goodMessages } from '@sensorplus/simulator';
import type { QueuedReading } from '../src/model/queued-reading.js';

export interface MicroResult {
  name: string;
  value: number;
  unit: string;
}

function benchPipeline(): MicroResult {
  const messages = goodMessages(200_000, { devices: 2000 });
  const pipeline = createPipeline({ ...DEFAULT_PIPELINE_OPTIONS, rateLimit: null }, loadProfiles());
  const now = Date.now();
  const started = performance.now();
  let accepted = 0;
  for (const m of messages) if (pipeline.process(m.topic, m.payload, now).ok) accepted += 1;
  const seconds = (performance.now() - started) / 1000;
  return { name: 'Pipeline (decode → validate → normalise), one core', value: Math.round(accepted / seconds), unit: 'msg/s' };
}

function benchQueue(): MicroResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-queue-'));
  const queue = DurableQueue.open<QueuedReading>({ dir, consumers: ['influxdb'], maxMessages: 10_000_000, maxBytes: 2 ** 40, syncIntervalMs: 200 });
  const pipeline = createPipeline({ ...DEFAULT_PIPELINE_OPTIONS, rateLimit: null }, loadProfiles());
  const items = goodMessages(200_000, { devices: 2000 }).map((m) => {
    const r = pipeline.process(m.topic, m.payload, Date.now());
    if (!r.ok) throw new Error(r.rejection.detail);
    return { reading: r.value, receivedAt: Date.now() };
  });
  // As the MQTT source does: a batch of up to 256 staged, then one write(2).
  let started = performance.now();
  for (let i = 0; i < items.length; i += 1) {
    queue.stage(items[i]!);
    if (queue.staged === 256) queue.flush();
  }
  queue.flush();
  const appendRate = items.length / ((performance.now() - started) / 1000);
  queue.close();
  // From disk, as after a restart or when the sink is far behind (a sink that keeps up reads the queue's recent records from memory).
  const reopened = DurableQueue.open<QueuedReading>({ dir, consumers: ['influxdb'], maxMessages: 10_000_000, maxBytes: 2 ** 40, syncIntervalMs: 200 });
  started = performance.now();
  let read = 0;
  for (;;) {
    const batch = reopened.read('influxdb', 5000);
    if (batch.items.length === 0) break;
    read += batch.items.length;
    reopened.commit('influxdb', batch.next);
  }
  const readRate = read / ((performance.now() - started) / 1000);
  reopened.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return [
    { name: 'Durable queue append (one `write(2)` per 256 messages, fsync every 200 ms)', value: Math.round(appendRate), unit: 'msg/s' },
    { name: 'Durable queue read from disk + commit (batches of 5,000)', value: Math.round(readRate), unit: 'msg/s' },
  ];
}

const results: MicroResult[] = [benchPipeline(), ...benchQueue()];
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
