/**
 * A throwaway Mosquitto for the simulator's tests: @sensorplus/stack's broker (the shipped settings
 * and ACL) in a temporary folder, with a `simulator` account that publishes and an `operator`
 * account that reads, as in production.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMosquitto, waitFor, type MosquittoServer, type MqttAccount } from '@sensorplus/stack';
import mqtt from 'mqtt';

export interface TestBroker {
  server: MosquittoServer;
  /** May publish readings of every family (`building/#`, `solar-tracker/#`, `flexotwin/#`), as the simulator does in production. */
  simulator: MqttAccount;
  /** May read readings of every family, for subscribers that check what arrived. */
  operator: MqttAccount;
  /** Stops the broker and removes its folder. */
  dispose(): Promise<void>;
}

export async function startTestBroker(): Promise<TestBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'sensorplus-simulator-'));
  // Generated per run: no credentials live in the repository.
  const simulator = { username: 'simulator', password: randomBytes(12).toString('hex') };
  const operator = { username: 'operator', password: randomBytes(12).toString('hex') };
  try {
    const server = await startMosquitto({ dataDir: dir, users: [simulator, operator] });
    const dispose = async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    };
    return { server, simulator, operator, dispose };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface TestSubscriber {
  received: Array<{ topic: string; payload: Buffer }>;
  /** Resolves once `count` messages arrived in total; fails after 20 s so a broken test cannot hang. */
  waitForCount(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A QoS 1 subscriber that records everything; `clientId` gives it a session that outlives broker restarts. */
export async function subscribeAll(broker: TestBroker, clientId?: string, topics = ['building/#']): Promise<TestSubscriber> {
  const client = await mqtt.connectAsync(broker.server.url, {
    ...broker.operator,
    protocolVersion: 5,
    reconnectPeriod: 200,
    ...(clientId ? { clientId, clean: false, properties: { sessionExpiryInterval: 600 } } : {}),
  });
  const received: TestSubscriber['received'] = [];
  client.on('message', (topic, payload) => received.push({ topic, payload }));
  await client.subscribeAsync(topics, { qos: 1 });
  const waitForCount = (count: number) =>
    waitFor(async () => received.length >= count, { timeoutMs: 20_000, what: `${count} messages at the subscriber` });
  return { received, waitForCount, close: async () => void (await client.endAsync(true)) };
}
