import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import type { TestResources } from './helpers.js';

/** Connects once (no reconnects); the client is closed by the resources' cleanup. */
export async function connectMqtt(
  resources: TestResources,
  url: string,
  options: IClientOptions = {},
): Promise<MqttClient> {
  const client = await connectAsync(
    url,
    { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000, ...options },
    false,
  );
  resources.onCleanup(() => client.endAsync(true));
  return client;
}

/** The reason code of a refused connection, or 0 when it was accepted. */
export async function connectReasonCode(resources: TestResources, url: string, options: IClientOptions): Promise<number> {
  try {
    await connectMqtt(resources, url, options);
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

/** The PUBACK reason code of a QoS 1 publish (MQTT.js rejects on codes >= 0x80). */
export async function publishReasonCode(client: MqttClient, topic: string, payload: string): Promise<number> {
  try {
    const packet = await client.publishAsync(topic, payload, { qos: 1 });
    return (packet as { reasonCode?: number } | undefined)?.reasonCode ?? 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}

/** Records every message a client receives, and lets a test wait for a given one. */
export class Inbox {
  readonly received: Array<{ topic: string; payload: string }> = [];
  private waiters: Array<() => void> = [];

  constructor(client: MqttClient) {
    client.on('message', (topic, payload) => {
      this.received.push({ topic, payload: payload.toString('utf8') });
      for (const wake of this.waiters) wake();
    });
  }

  /** Resolves once `count` messages arrived in total. */
  waitForCount(count: number, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Received ${this.received.length} of ${count} messages`)), timeoutMs);
      const check = (): void => {
        if (this.received.length < count) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
      check();
    });
  }

  payloads(): string[] {
    return this.received.map((m) => m.payload);
  }
}
