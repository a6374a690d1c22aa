import { InfluxDB, type ClientOptions } from '@influxdata/influxdb-client';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { Pool } from 'mysql2/promise';
import { createArchivePool } from './archive/mysql/pool.js';
import type { MysqlSettings } from './archive/settings.js';

/**
 * How the bridge makes its network clients. The wiring takes them as a parameter, so a test can
 * run the whole bridge in its own process and watch or replace any client.
 */
export interface ClientFactories {
  mqtt(url: string, options: IClientOptions): MqttClient;
  influx(options: ClientOptions): InfluxDB;
  mysql(settings: MysqlSettings): Pool;
}

/** The real clients, as `main.ts` uses them. */
export const REAL_CLIENTS: ClientFactories = {
  mqtt: (url, options) => mqtt.connect(url, options),
  influx: (options) => new InfluxDB(options),
  mysql: createArchivePool,
};
