import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../devices/device-registry.js';
import { RejectionLog } from '../rejections/rejection-log.js';
import { createMetrics } from '../metrics/bridge-metrics.js';
import { SecretMask } from '../model/redact.js';
import { createHttpMetrics } from '../metrics/http-metrics.js';
import { Secret } from '../model/secret.js';
import { AccessTokens } from './auth.js';
import { buildAdminServer } from './server.js';

const LEAKED = 'hunter2-password';

async function build(ready = true) {
  const devices = new DeviceRegistry(60_000);
  const rejections = new RejectionLog(10);
  const metrics = createMetrics({ perDevice: false });
  const now = Date.now();
  const tags = { site: 'demo', device: 'temp-1', room: 'room1' };
  devices.record({ profile: 'building', device: 'temp-1', reading: { measurement: 'temperature', tags, ts: now, fields: { value: 21.5 }, quality: 'good' } }, now);
  const solar = { measurement: 'solar', tags: { site: 'demo', device: 'solar-plant' }, ts: now, fields: { power_w: 4200 }, quality: 'good' as const };
  devices.record({ profile: 'building', device: 'solar-plant', reading: solar }, now);
  rejections.add({ reason: 'out_of_range', detail: 'humidity 140 % is outside 0–100 %', topic: 'building/demo/humidity/hum-1', payloadExcerpt: '{}', payloadBytes: 2, receivedAt: now });
  rejections.add({ reason: 'invalid_json', detail: 'payload is not valid JSON', topic: 'building/demo/humidity/hum-2', payloadExcerpt: '{', payloadBytes: 1, receivedAt: now });
  metrics.rejected.inc({ reason: 'invalid_json' });
  const app = await buildAdminServer({
    metrics,
    httpMetrics: createHttpMetrics(metrics.registry),
    // No token configured: open, as the routes' own tests need (access.test.ts covers the tokens).
    access: { tokens: new AccessTokens({ read: new Secret(''), admin: new Secret('') }), probesRequireToken: false, rateLimitPerMinute: 600, corsOrigins: [] },
    devices,
    rejections,
    logger: pino({ level: 'silent' }),
    readiness: () => ({
      ready,
      checks: { influxdb: ready ? { ok: true } : { ok: false, detail: 'InfluxDB unreachable' }, mqtt: { ok: true, detail: `quoted ${LEAKED}` } },
    }),
    secrets: new SecretMask([LEAKED]),
  });
  return app;
}

describe('admin server', () => {
  it('answers /health, and /ready with 503 and the failing check', async () => {
    const app = await build(false);
    expect((await app.inject('/health')).statusCode).toBe(200);
    const ready = await app.inject('/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ ready: false, checks: { influxdb: { ok: false, detail: 'InfluxDB unreachable' } } });
    expect((await (await build(true)).inject('/ready')).statusCode).toBe(200);
  });

  it('masks a credential in any answer, even one quoted by a readiness detail', async () => {
    const ready = await (await build(false)).inject('/ready');
    expect(ready.body).not.toContain(LEAKED);
    expect(ready.json()).toMatchObject({ checks: { mqtt: { detail: 'quoted ***' } } });
  });

  it('serves Prometheus metrics with the rejection counter per reason', async () => {
    const response = await (await build()).inject('/metrics');
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toContain('sensorplus_messages_rejected_total{reason="invalid_json"} 1');
    expect(response.body).toContain('sensorplus_messages_rejected_total{reason="too_large"} 0');
    expect(response.body).toContain('process_resident_memory_bytes');
  });

  it('lists devices with filters and finds one by id', async () => {
    const app = await build();
    expect((await app.inject('/api/devices')).json().count).toBe(2);
    const inRoom = (await app.inject('/api/devices?room=room1')).json();
    expect(inRoom.devices.map((d: { device: string }) => d.device)).toEqual(['temp-1']);
    expect((await app.inject('/api/devices/temp-1')).json()).toMatchObject({ lastValues: { value: 21.5 }, status: 'online' });
    const missing = await app.inject('/api/devices/temp-9');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toContain('temp-9');
    expect((await app.inject('/api/devices/a%2Cb%3Dc')).statusCode).toBe(400);
    expect((await app.inject('/api/devices?status=sleepy')).statusCode).toBe(400);
  });

  it('shows recent rejections newest first, filtered by reason, and refuses unknown reasons', async () => {
    const app = await build();
    const all = (await app.inject('/api/rejections')).json();
    expect(all.total).toBe(2);
    expect(all.rejections.map((r: { reason: string }) => r.reason)).toEqual(['invalid_json', 'out_of_range']);
    const filtered = (await app.inject('/api/rejections?reason=out_of_range')).json();
    expect(filtered.rejections).toHaveLength(1);
    expect((await app.inject('/api/rejections?reason=nonsense')).statusCode).toBe(400);
    expect((await app.inject('/api/rejections?limit=0')).statusCode).toBe(400);
  });
});
