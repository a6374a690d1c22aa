/**
 * The Node-RED flows the bench runs headless: mqtt in (v5, QoS 1, persistent session) → json →
 * function (the reading as the point the bridge writes: measurement = kind, tags site/room/device,
 * fields value and quality) → either a join by count/timeout into an `influxdb batch` node, or an
 * `influxdb out` node writing one request per message.
 */

import { TOPIC_FILTER } from '../readings.js';

export type NodeRedVariant = 'batch' | 'message';

/** Readings per batch and the longest a partial batch waits, as the bridge's batches of up to 5,000 flush as soon as they can. */
export const JOIN_COUNT = 1000;
export const JOIN_TIMEOUT_SECONDS = 1;

export interface FlowTarget {
  mqttPort: number;
  clientId: string;
  username: string;
  password: string;
  influxPort: number;
  database: string;
}

/** Topic building/{site}/{kind}/{deviceId}; the room tag only when the reading has a room, as the bridge does. */
const TO_POINT = `
const reading = msg.payload;
const tags = { site: msg.topic.split('/')[1], device: reading.deviceId };
if (reading.roomId !== undefined) tags.room = reading.roomId;
const fields = { value: reading.value, quality: 'good' };
`;
const FUNCTIONS: Record<NodeRedVariant, string> = {
  batch: `${TO_POINT}msg.payload = { measurement: reading.kind, tags, fields, timestamp: reading.ts };\nreturn msg;`,
  message: `${TO_POINT}fields.time = reading.ts;\nmsg.measurement = reading.kind;\nmsg.payload = [fields, tags];\nreturn msg;`,
};

export function nodeRedFlow(variant: NodeRedVariant, target: FlowTarget): object[] {
  // Ids never equal a type name: Node-RED would read such a property as a reference to itself.
  const tab = 'tab.bench';
  const sink =
    variant === 'batch'
      ? [
          { id: 'node.join', type: 'join', z: tab, mode: 'custom', build: 'array', property: 'payload', propertyType: 'msg', key: 'topic', joiner: '\\n', joinerType: 'str', accumulate: false, timeout: String(JOIN_TIMEOUT_SECONDS), count: String(JOIN_COUNT), reduceRight: false, wires: [['node.write']] },
          { id: 'node.write', type: 'influxdb batch', z: tab, influxdb: 'config.influxdb', precision: 'ms', retentionPolicy: '', wires: [] },
        ]
      : [{ id: 'node.write', type: 'influxdb out', z: tab, influxdb: 'config.influxdb', measurement: '', precision: 'ms', retentionPolicy: '', wires: [] }];
  return [
    { id: tab, type: 'tab', label: `bench ${variant}` },
    {
      id: 'config.broker',
      type: 'mqtt-broker',
      broker: '127.0.0.1',
      port: String(target.mqttPort),
      clientid: target.clientId,
      autoConnect: true,
      usetls: false,
      protocolVersion: '5',
      keepalive: '60',
      cleansession: false,
      sessionExpiry: String(7 * 24 * 3600),
      // Otherwise Node-RED unsubscribes when it stops, and the broker keeps nothing for it while it is away.
      autoUnsubscribe: false,
    },
    { id: 'config.influxdb', type: 'influxdb', hostname: '127.0.0.1', port: String(target.influxPort), protocol: 'http', database: target.database, usetls: false, influxdbVersion: '1.x' },
    { id: 'node.in', type: 'mqtt in', z: tab, topic: TOPIC_FILTER, qos: '1', datatype: 'utf8', broker: 'config.broker', nl: false, rap: true, rh: 0, inputs: 0, wires: [['node.json']] },
    { id: 'node.json', type: 'json', z: tab, property: 'payload', action: 'obj', pretty: false, wires: [['node.map']] },
    { id: 'node.map', type: 'function', z: tab, func: FUNCTIONS[variant], outputs: 1, wires: [[sink[0]!.id]] },
    ...sink,
  ];
}

/** Credentials, unencrypted (credentialSecret false): the file lives in the run's scratch folder only. */
export function nodeRedCredentials(target: FlowTarget): object {
  return { 'config.broker': { user: target.username, password: target.password }, 'config.influxdb': { username: '', password: '' } };
}

/** Headless: no editor, no admin API, no HTTP nodes; warnings and errors only. */
export function nodeRedSettings(userDir: string, uiPort: number): string {
  const settings = {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    uiHost: '127.0.0.1',
    uiPort,
    httpAdminRoot: false,
    httpNodeRoot: false,
    disableEditor: true,
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    telemetry: { enabled: false, updateNotification: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
    logging: { console: { level: 'warn', metrics: false, audit: false } },
  };
  return `module.exports = ${JSON.stringify(settings, null, 2)};\n`;
}
