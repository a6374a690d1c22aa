import { EventEmitter } from 'node:events';
import { setImmediate as nextLoop } from 'node:timers/promises';
import type { IPublishPacket, MqttClient } from 'mqtt';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { createMetrics } from '../metrics/bridge-metrics.js';
import { MqttSource, type MessageHandler } from './mqtt-source.js';

/** What the source sees of MQTT.js: the handleMessage hook and the socket the PUBACKs go to. */
class FakeClient extends EventEmitter {
  handleMessage: (packet: IPublishPacket, done: (error?: Error) => void) => void = () => undefined;
  readonly options = { reconnectPeriod: 1000 };
  readonly stream = new FakeStream();
  subscribe(): void {}
  async endAsync(): Promise<void> {}

  /** Delivers a QoS 1 message as MQTT.js does; resolves with what the callback was given (an error means: MQTT.js sends no PUBACK). */
  deliver(messageId: number, qos: 0 | 1 = 1): Promise<Error | undefined> {
    const packet = { cmd: 'publish', topic: 'building/demo/temperature/t-1', payload: Buffer.from('{}'), qos, messageId, dup: false, retain: false } as IPublishPacket;
    return new Promise((resolve) => this.handleMessage(packet, resolve));
  }
}

class FakeStream {
  readonly written: Buffer[] = [];
  destroyed = false;
  writable = true;
  write(bytes: Buffer): boolean {
    this.written.push(Buffer.from(bytes));
    return true;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

/** A handler that logs what the source asks of it, in order, with the socket writes. */
function setUp(options: { held?: Promise<void>; failFlush?: boolean } = {}) {
  const events: string[] = [];
  const client = new FakeClient();
  const originalWrite = client.stream.write.bind(client.stream);
  client.stream.write = (bytes: Buffer) => {
    events.push(`write ${[...bytes].join(',')}`);
    return originalWrite(bytes);
  };
  const handler: MessageHandler = {
    handle: () => {
      events.push('handle');
      if (options.held && events.filter((e) => e === 'handle').length === 3) return options.held;
    },
    flush: () => {
      events.push('flush');
      if (options.failFlush) throw new Error('disk full');
    },
  };
  const source = new MqttSource(loadConfig({}).mqtt, createMetrics({ perDevice: false }), pino({ level: 'silent' }), () => client as unknown as MqttClient);
  source.start(handler);
  return { client, events, source };
}

describe('MqttSource acknowledgements', () => {
  it('sends no PUBACK before the handler has flushed, then the batch in one socket write, in the order the messages came', async () => {
    const { client, events } = setUp();
    const answers = [client.deliver(7), client.deliver(8), client.deliver(300)];
    // MQTT.js is told not to acknowledge (an error) and moves on to the next message at once.
    for (const answer of await Promise.all(answers)) expect(answer).toBeInstanceOf(Error);
    expect(events).toEqual(['handle', 'handle', 'handle']);
    await nextLoop();
    expect(events).toEqual(['handle', 'handle', 'handle', 'flush', `write ${[0x40, 2, 0, 7, 0x40, 2, 0, 8, 0x40, 2, 1, 44].join(',')}`]);
  });

  it('sends none of a batch whose flush fails, and drops the connection so that the broker redelivers it', async () => {
    const { client, events } = setUp({ failFlush: true });
    await Promise.all([client.deliver(1), client.deliver(2)]);
    await nextLoop();
    expect(events).toEqual(['handle', 'handle', 'flush']);
    expect(client.stream.written).toEqual([]);
    expect(client.stream.destroyed).toBe(true);
  });

  it('acknowledges what came before a held message at once, and the held one only once it is staged and flushed', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { client, events } = setUp({ held });
    await Promise.all([client.deliver(1), client.deliver(2)]);
    const third = client.deliver(3);
    expect(events).toEqual(['handle', 'handle', 'handle', 'flush', `write ${[0x40, 2, 0, 1, 0x40, 2, 0, 2].join(',')}`]);
    events.length = 0;
    release();
    expect(await third).toBeInstanceOf(Error);
    expect(events).toEqual(['flush', `write ${[0x40, 2, 0, 3].join(',')}`]);
  });

  it('lets MQTT.js finish a QoS 0 message (no PUBACK) once it is flushed', async () => {
    const { client, events } = setUp();
    expect(await client.deliver(0, 0)).toBeUndefined();
    expect(events).toEqual(['handle', 'flush']);
    expect(client.stream.written).toEqual([]);
  });

  it('acknowledges what was handled before it stops', async () => {
    const { client, events, source } = setUp();
    await client.deliver(5);
    await source.stop();
    expect(events).toEqual(['handle', 'flush', `write ${[0x40, 2, 0, 5].join(',')}`]);
  });
});
