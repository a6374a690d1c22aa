/**
 * What the ceiling and the pass-through share on the bench's side: a process of the bench's own
 * (subscriber-client.ts in it) with the MQTT.js subscriber, logged into the run's folder.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Child } from '../child.js';
import { nodeTypeScript } from '../paths.js';
import type { ContenderContext, RunSpec } from './contender.js';

/** The MQTT.js they run on. */
export function mqttJsVersion(): Record<string, string> {
  const manifest = createRequire(import.meta.url).resolve('mqtt/package.json');
  return { 'MQTT.js': (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version };
}

/** Starts `file` with the broker's address, the bridge's account and the run's client id (and `env`). */
export function spawnSubscriber(context: ContenderContext, run: RunSpec, file: string, options: { env?: Record<string, string>; ipc?: boolean } = {}): Child {
  const { stack } = context;
  return Child.spawn({
    command: process.execPath,
    args: nodeTypeScript(file),
    env: {
      MQTT_URL: stack.mosquitto.url,
      MQTT_USERNAME: stack.accounts.bridge.username,
      MQTT_PASSWORD: stack.accounts.bridge.password,
      MQTT_CLIENT_ID: run.clientId,
      ...options.env,
    },
    logFile: path.join(context.logDir, `${run.id}.log`),
    ...(options.ipc ? { ipc: true } : {}),
  });
}
