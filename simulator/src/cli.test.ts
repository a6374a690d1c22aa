/** End to end: the CLI as a user runs it, against a real Mosquitto (the shipped settings and ACL). */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@sensorplus/stack';
import { startTestBroker, subscribeAll, type TestBroker, type TestSubscriber } from '../test/support/broker.js';
import { startCli as spawnCli, type RunningCli } from '../test/support/cli-process.js';

function startCli(args: string[]): RunningCli {
  const running = spawnCli(broker, args);
  processes.push(running);
  return running;
}

const processes: RunningCli[] = [];
let broker: TestBroker;
let subscriber: TestSubscriber;

beforeAll(async () => {
  broker = await startTestBroker();
});
afterEach(async () => {
  for (const p of processes.splice(0)) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await subscriber?.close();
});
afterAll(async () => broker?.dispose());

const bodies = () => subscriber.received.map((m) => JSON.parse(m.payload.toString()) as { deviceId: string; kind: string; ts: number });

// Whether the fleet's readings and the faults meet or break the message contract is checked against
// the contract as the bridge applies it, in bridge/test/simulator-messages.test.ts; here, the wiring.

describe('simulator CLI', () => {
  it('publishes the reference building round by round until the count', async () => {
    subscriber = await subscribeAll(broker);
    const { code, stdout } = await startCli(['--url', broker.server.url, '--count', '42', '--interval', '100', '--seed', '7']).result;
    expect(code).toBe(0);
    expect(stdout).toMatch(/simulating 21 devices on site demo .* seed 7/);
    expect(stdout).toMatch(/done: sent 42, acked 42, failed 0/);
    await subscriber.waitForCount(42);
    const perDevice = new Map<string, number>();
    for (const b of bodies()) perDevice.set(b.deviceId, (perDevice.get(b.deviceId) ?? 0) + 1);
    expect(perDevice.size).toBe(21);
    expect([...perDevice.values()].every((n) => n === 2)).toBe(true);
    for (const [i, b] of bodies().entries()) expect(subscriber.received[i]!.topic).toBe(`building/demo/${b.kind}/${b.deviceId}`);
  }, 30_000);

  it('stops cleanly on SIGINT with every sent message acknowledged', async () => {
    subscriber = await subscribeAll(broker);
    const cli = startCli(['--url', broker.server.url, '--interval', '50', '--log-every', '0.2']);
    await waitFor(async () => subscriber.received.length >= 30 && cli.output().includes(' sent '), { timeoutMs: 20_000, what: 'messages and a progress line' });
    cli.child.kill('SIGINT');
    const { code, stdout } = await cli.result;
    expect(code).toBe(0);
    expect(stdout).toContain('SIGINT received: stopping');
    const [, sent, acked] = /done: sent (\d+), acked (\d+), failed 0/.exec(stdout) ?? [];
    expect(Number(sent)).toBeGreaterThanOrEqual(30);
    expect(acked).toBe(sent);
    await subscriber.waitForCount(Number(sent));
    expect(subscriber.received).toHaveLength(Number(sent));
  }, 30_000);

  it('reports messages per second in load mode', async () => {
    subscriber = await subscribeAll(broker);
    const { code, stdout } = await startCli(['--url', broker.server.url, '--load', '--devices', '2000', '--count', '5000']).result;
    expect(code).toBe(0);
    expect(stdout).toMatch(/load: [1-9]\d* msg\/s acknowledged: sent 5000, acked 5000, failed 0/);
    await subscriber.waitForCount(5000);
    expect(new Set(bodies().map((b) => `${b.deviceId}@${b.ts}`)).size).toBe(5000);
  }, 60_000);

  it('sends only faulty messages at fault rate 1', async () => {
    subscriber = await subscribeAll(broker);
    const { code, stdout } = await startCli(['--url', broker.server.url, '--count', '60', '--interval', '10', '--faults', 'malformed,hostile', '--fault-rate', '1']).result;
    expect(code).toBe(0);
    const [, malformed, hostile] = /faults: malformed (\d+), hostile (\d+), spikes 0, silenced 0/.exec(stdout) ?? [];
    expect(Number(malformed) + Number(hostile)).toBe(60);
    // Every hostile topic starts with building/, so building/# sees the 3- and 5-level ones too.
    await subscriber.waitForCount(60);
  }, 30_000);

  it('exits with 2 and a message on a bad option', async () => {
    const { code, stderr } = await startCli(['--faults', 'chaos']).result;
    expect(code).toBe(2);
    expect(stderr).toContain('--faults: unknown mode chaos');
  }, 30_000);
});
