/**
 * Telegraf (mqtt_consumer → influxdb), when a `telegraf` binary is on the PATH. Its config writes
 * the bridge's data model: measurement = kind, tags site (from the topic) / room / device, fields
 * value and quality, the reading's `ts` as the point's time.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { findBinary } from '@sensorplus/stack';
import { Child } from '../child.js';
import { TOPIC_FILTER } from '../readings.js';
import type { Contender, ContenderContext, ContenderProcess, RunSpec } from './contender.js';

export class TelegrafContender implements Contender {
  readonly name = 'telegraf';
  readonly label = 'Telegraf (mqtt_consumer → influxdb)';
  private readonly binary = findBinary('telegraf');
  readonly unavailable =
    this.binary === undefined ? 'no `telegraf` binary on the PATH, and no package source for it is reachable from this machine' : undefined;

  constructor(private readonly context: ContenderContext) {}

  versions(): Record<string, string> {
    if (this.binary === undefined) return { telegraf: 'not installed' };
    return { telegraf: execFileSync(this.binary, ['--version'], { encoding: 'utf8' }).trim() };
  }

  async start(run: RunSpec): Promise<ContenderProcess> {
    if (this.binary === undefined) throw new Error(this.unavailable);
    const configFile = path.join(run.dir, 'telegraf.conf');
    writeFileSync(configFile, this.config(run), { mode: 0o600 });
    return Child.spawn({ command: this.binary, args: ['--config', configFile], logFile: path.join(this.context.logDir, `${run.id}.log`) });
  }

  private config(run: RunSpec): string {
    const { stack } = this.context;
    const q = JSON.stringify;
    return `[agent]
  flush_interval = "1s"
  metric_batch_size = 5000
  metric_buffer_limit = 2000000
  omit_hostname = true

[[inputs.mqtt_consumer]]
  servers = [${q(stack.mosquitto.url.replace('mqtt://', 'tcp://'))}]
  topics = [${q(TOPIC_FILTER)}]
  qos = 1
  client_id = ${q(run.clientId)}
  topic_tag = ""
  persistent_session = true
  username = ${q(stack.accounts.bridge.username)}
  password = ${q(stack.accounts.bridge.password)}
  # Messages are acknowledged once written: at most this many are held unwritten.
  max_undelivered_messages = 5000
  data_format = "json_v2"
  [[inputs.mqtt_consumer.topic_parsing]]
    topic = ${q(TOPIC_FILTER)}
    tags = "_/site/_/_"
  [[inputs.mqtt_consumer.json_v2]]
    measurement_name_path = "kind"
    timestamp_path = "ts"
    timestamp_format = "unix_ms"
    [[inputs.mqtt_consumer.json_v2.tag]]
      path = "deviceId"
      rename = "device"
    [[inputs.mqtt_consumer.json_v2.tag]]
      path = "roomId"
      rename = "room"
      optional = true
    [[inputs.mqtt_consumer.json_v2.field]]
      path = "value"
      type = "float"

[[processors.starlark]]
  source = '''
def apply(metric):
    metric.fields["quality"] = "good"
    return metric
'''

[[outputs.influxdb]]
  urls = [${q(stack.influx.url)}]
  database = ${q(run.database)}
  skip_database_creation = true
`;
  }
}
