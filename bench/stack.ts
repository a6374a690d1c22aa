/** The bench's own broker (the shipped Mosquitto settings and accounts) and InfluxDB, in a scratch folder. */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import mqtt from 'mqtt';
import { startInflux, startMosquitto, type InfluxServer, type MosquittoServer } from '@sensorplus/stack';
import { InfluxApi } from './influx.js';

export interface Account {
  username: string;
  password: string;
}

export class BenchStack {
  readonly influxApi: InfluxApi;

  private constructor(
    readonly mosquitto: MosquittoServer,
    readonly influx: InfluxServer,
    /** `bridge` reads building/# (every subscribing contender logs in with it); `simulator` publishes. */
    readonly accounts: { bridge: Account; simulator: Account },
  ) {
    this.influxApi = new InfluxApi(influx.url);
  }

  static async start(dir: string): Promise<BenchStack> {
    const accounts = {
      bridge: { username: 'bridge', password: randomBytes(12).toString('hex') },
      simulator: { username: 'simulator', password: randomBytes(12).toString('hex') },
    };
    const [mosquitto, influx] = await Promise.all([
      startMosquitto({ dataDir: path.join(dir, 'mosquitto'), users: Object.values(accounts) }),
      startInflux({ dataDir: path.join(dir, 'influxdb') }),
    ]);
    return new BenchStack(mosquitto, influx, accounts);
  }

  /**
   * Deletes a contender's persistent session once its run is over: a session left behind would keep
   * its subscription, and the broker would queue every later run's messages for it.
   */
  async forgetSession(clientId: string): Promise<void> {
    const client = await mqtt.connectAsync(this.mosquitto.url, {
      ...this.accounts.bridge,
      clientId,
      clean: true,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 0 },
      reconnectPeriod: 0,
    });
    await client.endAsync();
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.mosquitto.stop(), this.influx.stop()]);
  }
}
