import { Ajv, type ErrorObject } from 'ajv';
import { VARIABLES, type VariableName, type VariableSpec } from './variables.js';
import { BridgeError } from '../errors.js';
import { Secret } from '../model/secret.js';
import type { BridgeConfig } from './types.js';
// archive
import { readArchiveSettings, type ArchiveConfig, type ArchiveVariables } from '../archive/settings.js';

/** A configuration problem a user can fix; main prints the message without a stack trace. */
export class ConfigError extends BridgeError {
  constructor(readonly problems: string[]) {
    super('SP_ERR_CONFIG', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const ajv = new Ajv({ coerceTypes: true, allErrors: true, strict: false });
// Each value is validated inside a holder object because ajv coerces in place, which a primitive cannot be.
const validators = new Map(
  Object.entries(VARIABLES).map(([name, spec]) => [
    name,
    ajv.compile<{ value: unknown }>({ type: 'object', properties: { value: (spec as VariableSpec).schema } }),
  ]),
);

type RawValues = { [K in VariableName]: unknown };

/** Reads and checks every variable; collects all problems before failing, so one run shows them all. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  const problems: string[] = [];
  const values = {} as RawValues;
  for (const [name, spec] of Object.entries(VARIABLES) as Array<[VariableName, VariableSpec]>) {
    const raw = env[name];
    const input = raw === undefined || raw === '' ? spec.default : raw;
    if (input === undefined) {
      problems.push(`${name} is required: ${spec.description}`);
      continue;
    }
    const holder = { value: input };
    const validate = validators.get(name)!;
    if (!validate(holder)) {
      problems.push(`${name} ${describeErrors(validate.errors ?? [])} (got ${spec.secret ? 'a hidden value' : JSON.stringify(raw)})`);
      continue;
    }
    values[name] = holder.value;
  }
  const topics = String(values.MQTT_TOPICS ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  if (values.MQTT_TOPICS !== undefined && topics.length === 0) problems.push('MQTT_TOPICS names no topic filter');
  // archive: semantic checks and parsing of MYSQL_URL and ARCHIVE_* (src/archive/settings.ts), once
  const archive = readArchiveSettings(archiveVariables(values));
  problems.push(...archive.problems);
  // readArchiveSettings sets config exactly when it finds no problem; testing both narrows the type.
  if (problems.length > 0 || archive.config === undefined) throw new ConfigError(problems);
  return Object.freeze(toConfig(values, topics, archive.config));
}

function describeErrors(errors: ErrorObject[]): string {
  const first = errors[0];
  if (!first) return 'is invalid';
  if (first.keyword === 'pattern') return 'has an invalid format';
  if (first.keyword === 'anyOf' || first.keyword === 'const') return 'is not one of the allowed values';
  return first.message ?? 'is invalid';
}

function toConfig(v: RawValues, topics: string[], archive: ArchiveConfig): BridgeConfig {
  const num = (name: VariableName) => v[name] as number;
  const str = (name: VariableName) => v[name] as string;
  const bool = (name: VariableName) => v[name] as boolean;
  const rate = num('RATE_LIMIT_PER_DEVICE');
  return {
    mqtt: {
      url: str('MQTT_URL'),
      username: str('MQTT_USERNAME'),
      password: new Secret(str('MQTT_PASSWORD')),
      topics,
      clientId: str('MQTT_CLIENT_ID'),
      sessionExpirySeconds: num('MQTT_SESSION_EXPIRY_SECONDS'),
      reconnectMaxMs: num('MQTT_RECONNECT_MAX_SECONDS') * 1000,
      deadLetterTopic: str('MQTT_DEADLETTER_TOPIC') || undefined,
    },
    influx: {
      url: str('INFLUX_URL').replace(/\/+$/, ''),
      token: new Secret(str('INFLUX_TOKEN')),
      org: str('INFLUX_ORG'),
      bucket: str('INFLUX_BUCKET'),
      createDatabase: bool('INFLUX_CREATE_DATABASE'),
      retention: str('INFLUX_RETENTION'),
      batchSize: num('INFLUX_BATCH_SIZE'),
      timeoutMs: num('INFLUX_TIMEOUT_MS'),
    },
    http: { host: str('HTTP_HOST'), port: num('HTTP_PORT') },
    queue: {
      dir: str('QUEUE_DIR'),
      maxMessages: num('QUEUE_MAX_MESSAGES'),
      maxBytes: num('QUEUE_MAX_BYTES'),
      syncIntervalMs: num('QUEUE_SYNC_INTERVAL_MS'),
    },
    pipeline: {
      maxPayloadBytes: num('MAX_PAYLOAD_BYTES'),
      maxFutureSkewMs: num('MAX_FUTURE_SKEW_SECONDS') * 1000,
      maxPastAgeMs: num('MAX_PAST_AGE_SECONDS') * 1000,
      rateLimit: rate > 0 ? { perDevicePerSecond: rate, burst: num('RATE_LIMIT_BURST') } : null,
    },
    devices: { staleAfterMs: num('DEVICE_STALE_SECONDS') * 1000 },
    rejections: { kept: num('REJECTIONS_KEPT') },
    metrics: { perDevice: bool('METRICS_PER_DEVICE') },
    log: { level: str('LOG_LEVEL') },
    archive,
  };
}

// --- archive (owned by src/archive) ---
function archiveVariables(v: RawValues): ArchiveVariables {
  return {
    mysqlUrl: v.MYSQL_URL,
    tiers: v.ARCHIVE_TIERS,
    retention: v.ARCHIVE_RETENTION,
    retentionIsDefault: v.ARCHIVE_RETENTION === VARIABLES.ARCHIVE_RETENTION.default,
    graceSeconds: v.ARCHIVE_GRACE_SECONDS,
    intervalSeconds: v.ARCHIVE_INTERVAL_SECONDS,
    maxGapSeconds: v.ARCHIVE_MAX_GAP_SECONDS,
  };
}
// --- end archive ---
