/**
 * `npx tsx bridge/bench/two-bridges.ts`: what a second bridge on a shared subscription adds on this
 * machine. The same messages are published as fast as the broker takes them, once to one bridge and
 * once to two bridges sharing `$share/bridges/building/#`, each against a fresh Mosquitto and
 * InfluxDB; the time runs until every point is in InfluxDB. Figures are printed, never asserted.
 */
import os from 'node:os';
import path from 'node:path';
import { goodMessages, Publisher } from '@sensorplus/simulator';
import { BridgeProcess } from '../test/support/bridge-process.js';
import { StackFixture, eventually } from '../test/support/stack-fixture.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const DEVICES = 2000;

async function run(bridgeCount: number): Promise<string> {
  const stack = await StackFixture.start(`bench-share-${bridgeCount}`);
  try {
    const bridges = await Promise.all(
      Array.from({ length: bridgeCount }, async (_, i) => {
        const env = stack.bridgeEnv({
          MQTT_TOPICS: '$share/bridges/building/#',
          MQTT_CLIENT_ID: `bench-bridge-${i}`,
          QUEUE_DIR: path.join(stack.dir, `queue-${i}`),
          RATE_LIMIT_PER_DEVICE: '0',
          LOG_LEVEL: 'warn',
        });
        const bridge = await BridgeProcess.start(env, path.join(stack.dir, `bridge-${i}.log`));
        stack.bridges.push(bridge);
        return bridge;
      }),
    );
    for (const bridge of bridges) await eventually(() => bridge.metric('sensorplus_mqtt_connected'), (n) => n === 1, { timeoutMs: 20_000 });
    const messages = goodMessages(MESSAGES, { devices: DEVICES, now: Date.now() - 10_000 });
    const publisher = await Publisher.connect({ ...stack.publisherOptions(), maxInFlight: 256 });
    const started = performance.now();
    for (const m of messages) await publisher.publish(m.topic, m.payload);
    await publisher.drain();
    const publishSeconds = (performance.now() - started) / 1000;
    await eventually(() => stack.countPoints(), (n) => n >= MESSAGES, { timeoutMs: 600_000, intervalMs: 100 });
    const totalSeconds = (performance.now() - started) / 1000;
    await publisher.close();
    const shares = await Promise.all(bridges.map((b) => b.metric('sensorplus_messages_received_total')));
    const rate = Math.round(MESSAGES / totalSeconds).toLocaleString('en');
    return `${bridgeCount} bridge${bridgeCount > 1 ? 's' : ''}: ${rate} msg/s end to end (all ${MESSAGES.toLocaleString('en')} in InfluxDB after ${totalSeconds.toFixed(1)} s, publishing took ${publishSeconds.toFixed(1)} s; received per bridge ${shares.map((n) => n.toLocaleString('en')).join(' / ')})`;
  } finally {
    await stack.stop();
  }
}

async function main(): Promise<void> {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  process.stdout.write(`Shared subscription benchmark (${machine}; broker, InfluxDB, bridges and publisher on this machine)\n`);
  for (const count of [1, 2]) process.stdout.write(`  ${await run(count)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`benchmark failed: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
