/** Node-RED running one of the bench's flows, started headless from files written for each run. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findFreePort } from '@sensorplus/stack';
import { Child } from '../child.js';
import type { Contender, ContenderContext, ContenderProcess, RunSpec } from './contender.js';
import { nodeRedCredentials, nodeRedFlow, nodeRedSettings, JOIN_COUNT, JOIN_TIMEOUT_SECONDS, type NodeRedVariant } from './node-red-flow.js';
import { installNodeRed, nodeRedVersions, NODE_RED_MAIN } from './node-red-install.js';

const LABELS: Record<NodeRedVariant, string> = {
  batch: `Node-RED, batched (join ${JOIN_COUNT} / ${JOIN_TIMEOUT_SECONDS} s → influxdb batch)`,
  message: 'Node-RED, one write per message (influxdb out)',
};

export class NodeRedContender implements Contender {
  readonly name: 'node-red-batch' | 'node-red-message';
  readonly label: string;

  constructor(
    private readonly context: ContenderContext,
    private readonly variant: NodeRedVariant,
    private readonly log: (line: string) => void,
  ) {
    this.name = variant === 'batch' ? ('node-red-batch' as const) : ('node-red-message' as const);
    this.label = LABELS[variant];
  }

  async prepare(): Promise<void> {
    installNodeRed(this.log);
  }

  versions(): Record<string, string> {
    return nodeRedVersions();
  }

  async start(run: RunSpec): Promise<ContenderProcess> {
    const { stack } = this.context;
    const userDir = path.join(run.dir, 'node-red');
    mkdirSync(userDir, { recursive: true });
    const target = {
      mqttPort: stack.mosquitto.port,
      clientId: run.clientId,
      ...stack.accounts.bridge,
      influxPort: stack.influx.port,
      database: run.database,
    };
    const settingsFile = path.join(userDir, 'settings.js');
    writeFileSync(settingsFile, nodeRedSettings(userDir, await findFreePort()));
    writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(nodeRedFlow(this.variant, target), null, 2));
    writeFileSync(path.join(userDir, 'flows_cred.json'), JSON.stringify(nodeRedCredentials(target)), { mode: 0o600 });
    return Child.spawn({
      command: process.execPath,
      args: [NODE_RED_MAIN, '--settings', settingsFile, '--userDir', userDir],
      cwd: userDir,
      logFile: path.join(this.context.logDir, `${run.id}.log`),
    });
  }
}
