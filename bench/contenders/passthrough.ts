/** The pass-through: MQTT.js straight into InfluxDB, the least a contender that stores every message does (passthrough-process.ts). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Child } from '../child.js';
import { nodeTypeScript } from '../paths.js';
import { mqttJsVersion } from './ceiling.js';
import type { Contender, ContenderContext, ContenderProcess, RunSpec } from './contender.js';

const PROCESS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'passthrough-process.ts');

export class PassthroughContender implements Contender {
  readonly name = 'passthrough';
  readonly label = 'Pass-through (MQTT.js straight into InfluxDB: no checks, no queue)';

  constructor(private readonly context: ContenderContext) {}

  versions(): Record<string, string> {
    return mqttJsVersion();
  }

  async start(run: RunSpec): Promise<ContenderProcess> {
    const { stack } = this.context;
    const child = Child.spawn({
      command: process.execPath,
      args: nodeTypeScript(PROCESS_FILE),
      env: {
        MQTT_URL: stack.mosquitto.url,
        MQTT_USERNAME: stack.accounts.bridge.username,
        MQTT_PASSWORD: stack.accounts.bridge.password,
        MQTT_CLIENT_ID: run.clientId,
        INFLUX_URL: stack.influx.url,
        INFLUX_DB: run.database,
      },
      logFile: path.join(this.context.logDir, `${run.id}.log`),
    });
    return { pid: child.pid, logFile: child.logFile, exited: child.exited, stop: () => child.stop(), kill: () => child.kill() };
  }
}
