/** End to end: the CLI as a user runs it, against a real Mosquitto. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, subscribeAll, waitFor, type TestBroker, type TestSubscriber } from './broker.testkit.js';
import { classify } from './contract.testkit.js';

const BRIDGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const CLEAN_ENV = { ...process.env, MQTT_URL: '', MQTT_USERNAME: '', MQTT_PASSWORD: '', SIM_MQTT_USERNAME: '', SIM_MQTT_PASSWORD: '' };

interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  result: Promise<{ code: number | null; stdout: string; stderr: string }>;
  output(): string;
}

/** Starts the CLI; `result` resolves with its exit code and output. */
function startCli(args: string[]): RunningCli {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/cli.ts', ...args], { cwd: BRIDGE_DIR, env: CLEAN_ENV });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
  const running = { child, result, output: () => stdout };
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

const bodies = () => subscriber.received.map((m) => JSON.parse(m.payload.toString()) as { deviceId: string; ts: number });

describe('simulator CLI', () => {
  it('publishes the reference building round by round until the count', async () => {
    subscriber = await subscribeAll(broker.url);
    const { code, stdout } = await startCli(['--url', broker.url, '--count', '42', '--interval', '100', '--seed', '7']).result;
    expect(code).toBe(0);
    expect(stdout).toMatch(/simulating 21 devices on site demo .* seed 7/);
    expect(stdout).toMatch(/done: sent 42, acked 42, failed 0/);
    await waitFor(() => subscriber.received.length >= 42, '42 messages');
    const perDevice = new Map<string, number>();
    for (const b of bodies()) perDevice.set(b.deviceId, (perDevice.get(b.deviceId) ?? 0) + 1);
    expect(perDevice.size).toBe(21);
    expect([...perDevice.values()].every((n) => n === 2)).toBe(true);
    for (const m of subscriber.received) expect(classify(m.topic, m.payload, Date.now())).toBe('accepted');
  }, 30_000);

  it('stops cleanly on SIGINT with every sent message acknowledged', async () => {
    subscriber = await subscribeAll(broker.url);
    const cli = startCli(['--url', broker.url, '--interval', '50', '--log-every', '0.2']);
    await waitFor(() => subscriber.received.length >= 30 && cli.output().includes(' sent '), 'messages and a progress line');
    cli.child.kill('SIGINT');
    const { code, stdout } = await cli.result;
    expect(code).toBe(0);
    expect(stdout).toContain('SIGINT received: stopping');
    const [, sent, acked] = /done: sent (\d+), acked (\d+), failed 0/.exec(stdout) ?? [];
    expect(Number(sent)).toBeGreaterThanOrEqual(30);
    expect(acked).toBe(sent);
    await waitFor(() => subscriber.received.length >= Number(sent), 'every sent message');
    expect(subscriber.received).toHaveLength(Number(sent));
  }, 30_000);

  it('reports messages per second in load mode', async () => {
    subscriber = await subscribeAll(broker.url);
    const { code, stdout } = await startCli(['--url', broker.url, '--load', '--devices', '2000', '--count', '5000']).result;
    expect(code).toBe(0);
    expect(stdout).toMatch(/load: [1-9]\d* msg\/s acknowledged: sent 5000, acked 5000, failed 0/);
    await waitFor(() => subscriber.received.length >= 5000, '5000 messages');
    expect(new Set(bodies().map((b) => `${b.deviceId}@${b.ts}`)).size).toBe(5000);
  }, 60_000);

  it('sends only faulty messages at fault rate 1', async () => {
    subscriber = await subscribeAll(broker.url);
    const { code, stdout } = await startCli(['--url', broker.url, '--count', '60', '--interval', '10', '--faults', 'malformed,hostile', '--fault-rate', '1']).result;
    expect(code).toBe(0);
    expect(stdout).toMatch(/faults: malformed \d+, hostile \d+, spikes 0, silenced 0/);
    // Every hostile topic starts with building/, so building/# sees the 3- and 5-level ones too.
    await waitFor(() => subscriber.received.length >= 60, '60 messages');
    for (const m of subscriber.received) expect(classify(m.topic, m.payload, Date.now())).not.toBe('accepted');
  }, 30_000);

  it('exits with 2 and a message on a bad option', async () => {
    const { code, stderr } = await startCli(['--faults', 'chaos']).result;
    expect(code).toBe(2);
    expect(stderr).toContain('--faults: unknown mode chaos');
  }, 30_000);
});
