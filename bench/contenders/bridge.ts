/**
 * The bridge as its users run it, a black box configured by its environment: node on the compiled
 * bridge/dist/main.js (as the image runs it), the stack's `bridge` account, the per-device rate limit off (the bench's
 * devices publish far faster than real ones), its queue in the run's folder.
 */
import path from 'node:path';
import { bridgeNodeFlags, findFreePort } from '@sensorplus/stack';
import { Child } from '../child.js';
import type { BridgeSource } from './bridge-source.js';
import type { Contender, ContenderContext, ContenderProcess, RunSpec, StartOptions } from './contender.js';

export class BridgeContender implements Contender {
  constructor(
    private readonly context: ContenderContext,
    private readonly source: BridgeSource,
    /** `bridge-baseline`: another commit's bridge, measured beside it in the same run. */
    readonly name: 'bridge' | 'bridge-baseline' = 'bridge',
    readonly label = name === 'bridge' ? 'SensorPlus bridge' : 'SensorPlus bridge, baseline',
  ) {}

  versions(): Record<string, string> {
    return { [this.name]: this.source.version };
  }

  async start(run: RunSpec, options: StartOptions = {}): Promise<ContenderProcess> {
    const { stack } = this.context;
    const profileFlags = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`];
    return Child.spawn({
      command: process.execPath,
      // The heap limit and any other flag of the bridge's own start script (of the commit measured).
      args: [...bridgeNodeFlags(path.dirname(path.dirname(this.source.main))), ...profileFlags, this.source.main],
      cwd: path.dirname(path.dirname(this.source.main)),
      env: {
        MQTT_URL: stack.mosquitto.url,
        MQTT_USERNAME: stack.accounts.bridge.username,
        MQTT_PASSWORD: stack.accounts.bridge.password,
        MQTT_CLIENT_ID: run.clientId,
        INFLUX_URL: stack.influx.url,
        INFLUX_BUCKET: run.database,
        // The bench creates (and drops) each run's database itself.
        INFLUX_CREATE_DATABASE: 'false',
        RATE_LIMIT_PER_DEVICE: '0',
        QUEUE_DIR: path.join(run.dir, 'queue'),
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: String(await findFreePort()),
        LOG_LEVEL: 'warn',
      },
      logFile: path.join(this.context.logDir, `${run.id}.log`),
    });
  }
}
