/**
 * The bridge as its users run it, a black box configured by its environment: node + tsx on
 * bridge/src/main.ts, the stack's `bridge` account, the per-device rate limit off (the bench's
 * devices publish far faster than real ones), its queue in the run's folder.
 */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { findFreePort } from '@sensorplus/stack';
import { Child } from '../child.js';
import { BRIDGE_MAIN, ROOT, nodeTypeScript } from '../paths.js';
import type { Contender, ContenderContext, ContenderProcess, RunSpec, StartOptions } from './contender.js';

export class BridgeContender implements Contender {
  readonly name = 'bridge';
  readonly label = 'SensorPlus bridge';

  constructor(private readonly context: ContenderContext) {}

  versions(): Record<string, string> {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'bridge/src'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return { bridge: `${commit}${dirty ? ' (with uncommitted changes in bridge/src)' : ''}` };
  }

  async start(run: RunSpec, options: StartOptions = {}): Promise<ContenderProcess> {
    const { stack } = this.context;
    const profileFlags = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`];
    return Child.spawn({
      command: process.execPath,
      args: nodeTypeScript(BRIDGE_MAIN, profileFlags),
      cwd: path.dirname(path.dirname(BRIDGE_MAIN)),
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
