/**
 * Contract test of the Grafana Live push. No Grafana server runs here: a local `node:http` receiver
 * stands in for Grafana and checks each request as Grafana's push endpoint would take it — the path
 * `/api/live/push/{stream}`, the service-account token as `Authorization: Bearer`, and a body of
 * InfluxDB line protocol with nanosecond timestamps (what Telegraf sends and Grafana's converter parses).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createLiveMetrics } from '../metrics/live-metrics.js';
import type { Reading } from '../model/reading.js';
import { Secret } from '../model/secret.js';
import { GrafanaLivePush } from './live-push.js';

const TOKEN = 'glsa_contract-test-token';
/** measurement,tag=value[,tag=value] field=value[,field=value] <19-digit ns timestamp> */
const LINE = /^[a-z_]+(,[a-z_]+=[^ ,]+)+ ([a-z_]+=("[^"]*"|[0-9.eE+-]+|true|false|[0-9]+i))(,([a-z_]+=("[^"]*"|[0-9.eE+-]+|true|false|[0-9]+i)))* \d{19}$/;

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function receiver(status = 200, delayMs = 0): Promise<{ url: string; requests: Received[] }> {
  const requests: Received[] = [];
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, body });
      setTimeout(() => response.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

const reading = (device: string, value: number, ts = Date.UTC(2026, 0, 15, 12)): Reading => ({
  measurement: 'temperature',
  tags: { site: 'demo', device, room: 'room1' },
  ts,
  fields: { value },
  quality: 'good',
});

function push(url: string, limits = { flushMs: 60_000, maxBufferedLines: 100, timeoutMs: 1000 }) {
  const registry = new Registry();
  const live = new GrafanaLivePush({ url, token: new Secret(TOKEN), stream: 'sensorplus' }, createLiveMetrics(registry), pino({ level: 'silent' }), limits);
  return { live, registry };
}

describe('Grafana Live push (contract, against a receiver standing in for Grafana)', () => {
  it('POSTs batched line protocol to /api/live/push/{stream} with the bearer token', async () => {
    const grafana = await receiver();
    const { live, registry } = push(grafana.url);
    live.add(reading('temp-1', 21.5));
    live.add({ measurement: 'solar', tags: { site: 'demo', device: 'solar-plant' }, ts: Date.UTC(2026, 0, 15, 12), fields: { power_w: 3250, voltage: 231.4 }, quality: 'suspect' });
    await live.flush();

    expect(grafana.requests).toHaveLength(1);
    const [request] = grafana.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/api/live/push/sensorplus', authorization: `Bearer ${TOKEN}` });
    const lines = request!.body.split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(LINE);
    expect(lines[0]).toBe('temperature,device=temp-1,room=room1,site=demo quality="good",value=21.5 1768478400000000000');
    expect(lines[1]).toContain('solar,device=solar-plant,site=demo ');
    expect(await registry.metrics()).toContain('sensorplus_grafana_live_points_pushed_total 2');
  });

  it('drops and counts what Grafana refuses, without retrying', async () => {
    const grafana = await receiver(401);
    const { live, registry } = push(grafana.url);
    live.add(reading('temp-1', 21.5));
    await live.flush();
    await live.flush();
    expect(grafana.requests).toHaveLength(1);
    const metrics = await registry.metrics();
    expect(metrics).toContain('sensorplus_grafana_live_points_dropped_total 1');
    expect(metrics).toContain('sensorplus_grafana_live_push_errors_total 1');
  });

  it('never holds more than its bound while Grafana is slow: one request in flight, the excess dropped and counted', async () => {
    const grafana = await receiver(200, 300);
    const { live, registry } = push(grafana.url, { flushMs: 60_000, maxBufferedLines: 10, timeoutMs: 2000 });
    live.add(reading('temp-1', 1));
    const inFlight = live.flush();
    for (let i = 0; i < 25; i++) live.add(reading('temp-1', i));
    await live.flush(); // still in flight: nothing more is sent
    await inFlight;
    await live.flush();
    expect(grafana.requests.map((r) => r.body.split('\n').length)).toEqual([1, 10]);
    expect(await registry.metrics()).toContain('sensorplus_grafana_live_points_dropped_total 15');
  });
});
