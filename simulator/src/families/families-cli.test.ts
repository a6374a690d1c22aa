/**
 * End to end: the CLI with the tracker, multiplug and machine families against a real Mosquitto
 * (the shipped settings and ACL, which must let the simulator write these topics) and a small local
 * HTTP server standing in for the bridge's ingestion route.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@sensorplus/stack';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, subscribeAll, type TestBroker, type TestSubscriber } from '../../test/support/broker.js';
import { startCli, type RunningCli } from '../../test/support/cli-process.js';
import type { MachineStatus } from './production-machine.js';
import type { PlugReading } from './multiplug.js';

const TOKEN = 'e2e-ingest-token';
const FAMILY_TOPICS = ['solar-tracker/#', 'flexotwin/#'];

let broker: TestBroker;
let ingest: { server: Server; url: string; requests: Array<{ url: string; headers: IncomingHttpHeaders; body: PlugReading }> };
let subscriber: TestSubscriber | undefined;
const processes: RunningCli[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
  ingest = await startIngestServer();
});
afterEach(async () => {
  for (const p of processes.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await subscriber?.close();
});
afterAll(async () => {
  await broker?.dispose();
  await new Promise((resolve) => ingest?.server.close(resolve));
});

/** Answers 202, except 503 to the very first request, so a retry is part of every run. */
async function startIngestServer(): Promise<typeof ingest> {
  const requests: (typeof ingest)['requests'] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      requests.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(text) as PlugReading });
      res.writeHead(requests.length === 1 ? 503 : 202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

function run(args: string[]): RunningCli {
  const cli = startCli(broker, args, { SIM_INGEST_TOKEN: TOKEN });
  processes.push(cli);
  return cli;
}

/** The retained message a new subscriber gets on `topic` (undefined if none comes within a second). */
async function retained(topic: string): Promise<{ body: unknown; retain: boolean } | undefined> {
  const client = await mqtt.connectAsync(broker.server.url, { ...broker.operator, protocolVersion: 5 });
  try {
    const message = new Promise<{ body: unknown; retain: boolean } | undefined>((resolve) => {
      client.once('message', (_topic, payload, packet) => resolve({ body: JSON.parse(payload.toString()), retain: packet.retain }));
      setTimeout(() => resolve(undefined), 1000);
    });
    await client.subscribeAsync(topic, { qos: 1 });
    return await message;
  } finally {
    await client.endAsync(true);
  }
}

/** Waits until both trackers' retained status is `status`. */
async function bothTrackers(status: 'online' | 'offline'): Promise<void> {
  const expected = { body: { status, firmware: '1.4.2' }, retain: true };
  const isExpected = async (id: string) => JSON.stringify(await retained(`solar-tracker/${id}/status`)) === JSON.stringify(expected);
  await waitFor(async () => (await isExpected('tracker-1')) && (await isExpected('tracker-2')), { timeoutMs: 20_000, what: `both trackers ${status}` });
}

const bodiesOn = (pattern: RegExp) => subscriber!.received.filter((m) => pattern.test(m.topic));

describe('simulator CLI with the other device families', () => {
  it('publishes tracker telemetry and status, machine shifts with resets, and posts multiplug readings', async () => {
    subscriber = await subscribeAll(broker, undefined, FAMILY_TOPICS);
    const { code, stdout } = await run([
      '--url', broker.server.url, '--families', 'solar-tracker,multiplug,machine', '--duration', '4', '--seed', '3',
      '--http-url', ingest.url, '--plug-interval', '1s', '--machine-interval', '200ms', '--shift-length', '1s', '--log-every', '1',
    ]).result;
    expect(code).toBe(0);
    expect(stdout).toMatch(/simulating solar-tracker, multiplug, machine, seed 3/);
    expect(stdout).toMatch(/done: sent \d+, acked \d+, failed 0/);
    expect(stdout).toContain('multiplug: HTTP 503; sending again');
    expect(stdout).not.toContain(TOKEN);
    const [, sent, acked] = /done: sent (\d+), acked (\d+)/.exec(stdout)!;
    expect(acked).toBe(sent);

    // Tracker: telemetry every 350 ms, 800–1,000 bytes, no ts; status online then offline.
    const telemetry = bodiesOn(/^solar-tracker\/tracker-1\/telemetry$/);
    expect(telemetry.length).toBeGreaterThanOrEqual(8);
    for (const m of telemetry) {
      expect(m.payload.length).toBeGreaterThanOrEqual(800);
      expect(m.payload.length).toBeLessThanOrEqual(1000);
      expect(JSON.parse(m.payload.toString())).not.toHaveProperty('ts');
    }
    await waitFor(async () => bodiesOn(/status$/).length >= 2, { timeoutMs: 10_000, what: 'online and offline status' });
    expect(bodiesOn(/^solar-tracker\/tracker-1\/status$/).map((m) => JSON.parse(m.payload.toString()))).toEqual([
      { status: 'online', firmware: '1.4.2' },
      { status: 'offline', firmware: '1.4.2' },
    ]);
    expect(await retained('solar-tracker/tracker-1/status')).toEqual({ body: { status: 'offline', firmware: '1.4.2' }, retain: true });

    // Machine: every 200 ms, 1-s shifts; at each change the counters start again from 0.
    const machine = bodiesOn(/^flexotwin\/machine\/status$/).map((m) => JSON.parse(m.payload.toString()) as MachineStatus);
    expect(machine.length).toBeGreaterThanOrEqual(12);
    const changes = machine.filter((s, i) => i > 0 && s.shift !== machine[i - 1]!.shift);
    expect(changes.length).toBeGreaterThanOrEqual(2);
    for (const s of changes) expect(s.cumulative_production).toBeLessThanOrEqual(5); // at most 200 ms of work
    for (const [i, s] of machine.entries()) {
      if (i > 0 && s.shift === machine[i - 1]!.shift) expect(s.cumulative_production).toBeGreaterThanOrEqual(machine[i - 1]!.cumulative_production);
    }

    // Multiplug: one request per port, the token in the header, the refused first one sent again.
    const plug = ingest.requests;
    expect(plug.length).toBeGreaterThanOrEqual(9);
    for (const r of plug) {
      expect(r.url).toBe('/api/ingest/multiplug?device=plug-1');
      expect(r.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });
    }
    expect(plug[1]!.body).toEqual(plug[0]!.body);
    expect(plug.slice(1, 5).map((r) => r.body.port)).toEqual([1, 2, 3, 4]);
  }, 60_000);

  it('leaves "offline" retained through the MQTT will when a tracker dies without a clean stop', async () => {
    const cli = run(['--url', broker.server.url, '--families', 'solar-tracker', '--trackers', '2']);
    await bothTrackers('online');
    cli.child.kill('SIGKILL');
    await cli.result;
    await bothTrackers('offline');
  }, 60_000);
});
