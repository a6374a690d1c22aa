import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../devices/device-registry.js';
import { createMetrics } from '../metrics/bridge-metrics.js';
import type { QueuedReading } from '../model/queued-reading.js';
import type { Rejection } from '../model/rejection.js';
import { createPipeline, DEFAULT_PIPELINE_OPTIONS } from '../pipeline/index.js';
import { loadProfiles } from '../profiles/index.js';
import { DurableQueue } from '../queue/index.js';
import { RejectionLog } from '../rejections/rejection-log.js';
import { Intake } from './intake.js';

let dir: string;
let queue: DurableQueue<QueuedReading>;
const deadLetters: Rejection[] = [];
const topic = 'building/demo/temperature/temp-1';
const payload = (value: unknown) => Buffer.from(JSON.stringify({ deviceId: 'temp-1', kind: 'temperature', value, unit: '°C', roomId: 'room1' }));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-test-'));
  queue = DurableQueue.open<QueuedReading>({ dir, consumers: ['influxdb'], maxMessages: 2, maxBytes: 2 ** 30, syncIntervalMs: 100 });
  deadLetters.length = 0;
});
afterEach(() => {
  queue.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function intake() {
  const parts = {
    pipeline: createPipeline({ ...DEFAULT_PIPELINE_OPTIONS, rateLimit: null }, loadProfiles()),
    queue,
    devices: new DeviceRegistry(60_000),
    rejections: new RejectionLog(10),
    deadLetters: { deadLetter: (rejection: Rejection) => deadLetters.push(rejection) },
    metrics: createMetrics({ perDevice: false }),
    log: pino({ level: 'silent' }),
  };
  return { parts, intake: new Intake(parts) };
}

describe('Intake', () => {
  it('stages a good message, and on flush queues it and only then records its device and counts it', async () => {
    const { parts, intake: subject } = intake();
    expect(subject.handle(topic, payload(21.5), 1000)).toBeUndefined();
    expect(queue.peek('influxdb')).toBeUndefined();
    expect(parts.devices.find('temp-1', 1000)).toBeUndefined();
    subject.flush();
    expect(queue.peek('influxdb')).toMatchObject({ reading: { tags: { device: 'temp-1' }, fields: { value: 21.5 } }, receivedAt: 1000 });
    expect(parts.devices.find('temp-1', 1000)).toMatchObject({ lastValues: { value: 21.5 } });
    expect(await parts.metrics.registry.getSingleMetricAsString('sensorplus_messages_accepted_total')).toContain('kind="temperature"} 1');
  });

  it('writes a batch of staged messages with one flush, in the order they came', () => {
    const { parts, intake: subject } = intake();
    queue.close();
    queue = DurableQueue.open<QueuedReading>({ dir, consumers: ['influxdb'], maxMessages: 100, maxBytes: 2 ** 30, syncIntervalMs: 100 });
    parts.queue = queue;
    for (let n = 0; n < 5; n++) subject.handle(topic, payload(n), 1000 + n);
    expect(queue.staged).toBe(5);
    subject.flush();
    expect(queue.staged).toBe(0);
    expect(queue.read('influxdb', 10).items.map((i) => i.reading.fields.value)).toEqual([0, 1, 2, 3, 4]);
    expect(parts.devices.find('temp-1', 1004)).toMatchObject({ messages: 5, lastValues: { value: 4 } });
  });

  it('records nothing of a batch whose write fails, and says so by throwing', () => {
    const { parts, intake: subject } = intake();
    subject.handle(topic, payload(1), 1000);
    queue.close();
    expect(() => subject.flush()).toThrow('queue is closed');
    expect(parts.devices.find('temp-1', 1000)).toBeUndefined();
    // Nothing left over to be taken for written by a later flush.
    expect(() => subject.flush()).not.toThrow();
    expect(parts.devices.size).toBe(0);
  });

  it('fails the source\'s next flush when an HTTP reading\'s write failed and dropped what the source had handled', () => {
    const { intake: subject, parts } = intake();
    queue.close();
    queue = DurableQueue.open<QueuedReading>({ dir, consumers: ['influxdb'], maxMessages: 100, maxBytes: 2 ** 30, syncIntervalMs: 100 });
    parts.queue = queue;
    subject.handle(topic, payload(1), 1000);
    const write = queue.flush.bind(queue);
    queue.flush = () => {
      queue.flush = write;
      write();
      throw new Error('disk full');
    };
    expect(() => subject.settle(parts.pipeline.process(topic, payload(2), 1001), { topic, payload: payload(2), receivedAt: 1001 })).toThrow('disk full');
    // The source must not acknowledge message 1: its flush says so, once.
    expect(() => subject.flush()).toThrow('earlier write');
    subject.handle(topic, payload(3), 1002);
    expect(() => subject.flush()).not.toThrow();
    expect(parts.devices.find('temp-1', 1002)).toMatchObject({ messages: 1, lastValues: { value: 3 } });
  });

  it('settles an HTTP reading durably: queued when settle returns', () => {
    const { intake: subject, parts } = intake();
    subject.settle(parts.pipeline.process(topic, payload(3), 1000), { topic, payload: payload(3), receivedAt: 1000 });
    expect(queue.pending('influxdb')).toBe(1);
  });

  it('refuses a bad message with its reason: kept, counted and handed to the dead-letter port, never queued', async () => {
    const { parts, intake: subject } = intake();
    subject.handle(topic, payload(900), 1000);
    expect(queue.depth).toBe(0);
    expect(parts.rejections.recent(10).map((r) => r.reason)).toEqual(['out_of_range']);
    expect(deadLetters).toMatchObject([{ reason: 'out_of_range', topic, device: 'temp-1' }]);
    expect(await parts.metrics.registry.getSingleMetricAsString('sensorplus_messages_rejected_total')).toContain('reason="out_of_range"} 1');
  });

  it('holds the acknowledgement while the queue is full, and refuses it once stopping', async () => {
    const { intake: subject } = intake();
    subject.handle(topic, payload(1), 1000);
    subject.handle(topic, payload(2), 1001);
    // Staged messages count towards the limit.
    expect(subject.queueReadiness()).toMatchObject({ ok: false });
    const held = subject.handle(topic, payload(3), 1002);
    expect(held).toBeInstanceOf(Promise);
    // Before waiting, what was staged is written: the sink can only free space by reading it.
    expect(queue.pending('influxdb')).toBe(2);
    queue.commit('influxdb', queue.read('influxdb', 1).next);
    await held;
    subject.flush();
    expect(queue.pending('influxdb')).toBe(2);

    const refused = subject.handle(topic, payload(4), 1003) as Promise<void>;
    subject.stop();
    queue.close();
    await expect(refused).rejects.toThrow('bridge is stopping');
  });

  it('counts the payload keys a profile neither maps nor ignores, per profile and key, and shows them on the device', async () => {
    const { parts, intake: subject } = intake();
    const extra = (keys: Record<string, unknown>) => Buffer.from(JSON.stringify({ deviceId: 'temp-1', kind: 'temperature', value: 21, ...keys }));
    subject.handle(topic, extra({ firmware: '1.2', rssi: -60 }), 1000);
    subject.handle(topic, extra({ rssi: -61 }), 1001);
    subject.flush();
    const text = await parts.metrics.registry.getSingleMetricAsString('sensorplus_unmapped_keys_total');
    expect(text).toContain('sensorplus_unmapped_keys_total{profile="building",key="rssi"} 2');
    expect(text).toContain('sensorplus_unmapped_keys_total{profile="building",key="firmware"} 1');
    expect(parts.devices.find('temp-1', 1001)).toMatchObject({ unmappedKeys: { firmware: 1, rssi: 2 }, messages: 2 });
  });

  it('queues a status message as a device_status point and shows the device offline', () => {
    const { parts, intake: subject } = intake();
    subject.handle('solar-tracker/tracker-1/status', Buffer.from('{"status":"offline","firmware":"1.4.2"}'), 1000);
    subject.flush();
    expect(queue.peek('influxdb')).toMatchObject({
      reading: { measurement: 'device_status', tags: { site: 'default', device: 'tracker-1', profile: 'solar-tracker' }, fields: { online: false, firmware: '1.4.2' }, ts: 1000 },
    });
    expect(parts.devices.find('tracker-1', 1000)).toMatchObject({ profile: 'solar-tracker', status: 'offline', reported: { online: false, firmware: '1.4.2' } });
  });
});
