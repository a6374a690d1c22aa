/** The pass-through: MQTT.js straight into InfluxDB, the least a contender that stores every message does (passthrough-process.ts). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Contender, ContenderContext, ContenderProcess, RunSpec } from './contender.js';
import { mqttJsVersion, spawnSubscriber } from './subscriber.js';

const PROCESS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'passthrough-process.ts');

export class PassthroughContender implements Contender {
  readonly name = 'passthrough';
  readonly label = 'Pass-through (MQTT.js straight into InfluxDB: no checks, no queue)';

  constructor(private readonly context: ContenderContext) {}

  versions(): Record<string, string> {
    return mqttJsVersion();
  }

  async start(run: RunSpec): Promise<ContenderProcess> {
    const env = { INFLUX_URL: this.context.stack.influx.url, INFLUX_DB: run.database };
    const child = spawnSubscriber(this.context, run, PROCESS_FILE, { env });
    return { pid: child.pid, logFile: child.logFile, exited: child.exited, stop: () => child.stop(), kill: () => child.kill() };
  }
}
