import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { VARIABLES, type VariableName, type VariableSpec } from './variables.js';
import { BridgeError } from '../errors.js';
import { IngestTokens } from '../ingest/ingest-tokens.js';
import { SecretMask } from '../model/redact.js';
import { Secret } from '../model/secret.js';
import { loadProfiles, SHIPPED_PROFILES_DIR, topicFilters } from '../profiles/index.js';
import type { Profile } from '../profiles/types.js';
import type { BridgeConfig, MqttTls } from './types.js';
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

/**
 * Reads and checks every variable; collects all problems before failing, so one run shows them all.
 * Then loads the profiles of PROFILES_DIR: a bad one throws a ProfileError naming the file and the
 * place in it.
 */
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
      // A value with userinfo (`user:password@`) may carry a credential even in a variable not marked secret.
      const shown = spec.secret || String(raw).includes('@') ? 'a hidden value' : JSON.stringify(raw);
      problems.push(`${name} ${describeErrors(validate.errors ?? [])} (got ${shown})`);
      continue;
    }
    values[name] = holder.value;
  }
  const topics = String(values.MQTT_TOPICS ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  if (String(values.MQTT_TOPICS ?? '').trim() !== '' && topics.length === 0) problems.push('MQTT_TOPICS names no topic filter');
  const files = readFiles(values, problems);
  const mqttTls = readMqttTls(values, files, problems);
  if (files.INFLUX_CA_FILE !== undefined && !/^https:/.test(String(values.INFLUX_URL))) problems.push('INFLUX_CA_FILE is set but INFLUX_URL is not https://');
  // archive: semantic checks and parsing of MYSQL_URL and ARCHIVE_* (src/archive/settings.ts), once
  const archive = readArchiveSettings(archiveVariables(values, files.MYSQL_CA_FILE));
  problems.push(...archive.problems);
  // readArchiveSettings sets config exactly when it finds no problem; testing both narrows the type.
  if (problems.length > 0 || archive.config === undefined) throw new ConfigError(problems);
  const secrets = secretMask(env, files.MQTT_KEY_FILE);
  const profiles = loadProfiles(String(values.PROFILES_DIR) || SHIPPED_PROFILES_DIR);
  // After the profiles: an entry names a profile's route.
  const ingest = IngestTokens.read(
    [
      { name: 'INGEST_TOKENS', text: String(values.INGEST_TOKENS) },
      { name: 'INGEST_TOKENS_FILE', text: files.INGEST_TOKENS_FILE ?? '' },
    ],
    profiles,
  );
  if (ingest.problems.length > 0) throw new ConfigError(ingest.problems);
  const subscriptions = topics.length > 0 ? topics : topicFilters(profiles);
  return Object.freeze(toConfig(values, subscriptions, mqttTls, files.INFLUX_CA_FILE, archive.config, secrets, profiles, ingest.tokens));
}

const FILE_VARIABLES = ['MQTT_CA_FILE', 'MQTT_CERT_FILE', 'MQTT_KEY_FILE', 'INFLUX_CA_FILE', 'MYSQL_CA_FILE', 'INGEST_TOKENS_FILE'] as const;
type FileContents = Partial<Record<(typeof FILE_VARIABLES)[number], string>>;

/** The files named by the *_FILE variables (certificates, keys, device tokens), read once; one that cannot be read is a problem naming its variable. */
function readFiles(values: RawValues, problems: string[]): FileContents {
  const contents: FileContents = {};
  for (const name of FILE_VARIABLES) {
    const file = values[name];
    if (typeof file !== 'string' || file === '') continue;
    try {
      contents[name] = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push(`${name} cannot be read: ${(error as Error).message}`);
    }
  }
  return contents;
}

function readMqttTls(values: RawValues, files: FileContents, problems: string[]): MqttTls {
  const tlsSettings = [files.MQTT_CA_FILE, files.MQTT_CERT_FILE, values.MQTT_TLS_SERVERNAME || undefined, values.MQTT_TLS_INSECURE || undefined];
  if (tlsSettings.some((setting) => setting !== undefined) && !/^(mqtts|wss|ssl):/.test(String(values.MQTT_URL))) {
    problems.push('MQTT_CA_FILE, MQTT_CERT_FILE, MQTT_TLS_SERVERNAME and MQTT_TLS_INSECURE apply to TLS only: MQTT_URL must be mqtts:// or wss://');
  }
  if ((values.MQTT_CERT_FILE === '') !== (values.MQTT_KEY_FILE === '')) problems.push('MQTT_CERT_FILE and MQTT_KEY_FILE go together: set both or neither');
  // MQTT.js hands a WebSocket only the CA, certificate and key: a name setting would be ignored there.
  if ((values.MQTT_TLS_SERVERNAME || values.MQTT_TLS_INSECURE) && /^wss:/.test(String(values.MQTT_URL))) {
    problems.push('MQTT_TLS_SERVERNAME and MQTT_TLS_INSECURE apply to mqtts:// only, not wss://');
  }
  return {
    ca: files.MQTT_CA_FILE,
    cert: files.MQTT_CERT_FILE,
    key: files.MQTT_KEY_FILE === undefined ? undefined : new Secret(files.MQTT_KEY_FILE),
    servername: (values.MQTT_TLS_SERVERNAME as string) || undefined,
    checkHostname: values.MQTT_TLS_INSECURE !== true,
  };
}

/**
 * Every credential the bridge was given, for the output filter: the secret variables as set (valid
 * or not) and each entry of a list of them, the passwords inside any URL, the password half of a
 * `user:password` token, the token of a `route:token` entry and the lines of the MQTT client key.
 * The tokens of INGEST_TOKENS_FILE are not held in plain text at all (only their digests).
 */
function secretMask(env: NodeJS.ProcessEnv, mqttKey: string | undefined): SecretMask {
  const values: string[] = [];
  for (const [name, spec] of Object.entries(VARIABLES) as Array<[VariableName, VariableSpec]>) {
    const raw = env[name];
    if (!raw) continue;
    const isUrl = raw.includes('://') && URL.canParse(raw);
    if (spec.secret) values.push(raw);
    // Each entry of a list, and the part after its `:` (a `user:password` password, a `route:token` token).
    if (spec.secret && !isUrl) values.push(...raw.split(',').flatMap((entry) => [entry.trim(), entry.slice(entry.indexOf(':') + 1), entry.slice(entry.lastIndexOf(':') + 1)]));
    const password = isUrl ? new URL(raw).password : '';
    if (password) values.push(password, decodeOrKeep(password));
  }
  const keyLines = (mqttKey ?? '').split('\n').filter((line) => !line.startsWith('-----'));
  return new SecretMask([...values, ...keyLines]);
}

function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function describeErrors(errors: ErrorObject[]): string {
  const first = errors[0];
  if (!first) return 'is invalid';
  if (first.keyword === 'pattern') return 'has an invalid format';
  if (first.keyword === 'anyOf' || first.keyword === 'const') return 'is not one of the allowed values';
  return first.message ?? 'is invalid';
}

function toConfig(
  v: RawValues,
  topics: string[],
  tls: MqttTls,
  influxCa: string | undefined,
  archive: ArchiveConfig,
  secrets: SecretMask,
  profiles: readonly Profile[],
  ingestTokens: IngestTokens,
): BridgeConfig {
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
      tls,
    },
    influx: {
      url: str('INFLUX_URL').replace(/\/+$/, ''),
      token: new Secret(str('INFLUX_TOKEN')),
      org: str('INFLUX_ORG'),
      bucket: str('INFLUX_BUCKET'),
      createDatabase: bool('INFLUX_CREATE_DATABASE'),
      retention: str('INFLUX_RETENTION'),
      batchSize: num('INFLUX_BATCH_SIZE'),
      batchTimeoutMs: num('INFLUX_BATCH_TIMEOUT_MS'),
      timeoutMs: num('INFLUX_TIMEOUT_MS'),
      contentEncoding: str('INFLUX_CONTENT_ENCODING') as BridgeConfig['influx']['contentEncoding'],
      ca: influxCa,
    },
    http: {
      host: str('HTTP_HOST'),
      port: num('HTTP_PORT'),
      readToken: new Secret(str('READ_TOKEN')),
      adminToken: new Secret(str('ADMIN_TOKEN')),
      probesRequireToken: bool('METRICS_REQUIRE_TOKEN'),
      rateLimitPerMinute: num('API_RATE_LIMIT_PER_MINUTE'),
      corsOrigins: str('CORS_ORIGINS')
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    },
    ingest: { tokens: ingestTokens, maxBodyBytes: num('INGEST_MAX_BODY_BYTES') },
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
    profiles,
    devices: { staleAfterMs: num('DEVICE_STALE_SECONDS') * 1000 },
    rejections: { kept: num('REJECTIONS_KEPT') },
    metrics: { perDevice: bool('METRICS_PER_DEVICE') },
    log: { level: str('LOG_LEVEL') },
    archive,
    live: {
      viewDir: str('LIVE_VIEW_DIR') || undefined,
      simulatorControlUrl: str('SIMULATOR_CONTROL_URL').replace(/\/+$/, '') || undefined,
      grafana: str('GRAFANA_URL')
        ? { url: str('GRAFANA_URL').replace(/\/+$/, ''), token: new Secret(str('GRAFANA_TOKEN')), stream: str('GRAFANA_LIVE_STREAM') }
        : undefined,
    },
    secrets,
  };
}

// --- archive (owned by src/archive) ---
function archiveVariables(v: RawValues, mysqlCa: string | undefined): ArchiveVariables {
  return {
    mysqlUrl: v.MYSQL_URL,
    mysqlCa,
    tiers: v.ARCHIVE_TIERS,
    retention: v.ARCHIVE_RETENTION,
    retentionIsDefault: v.ARCHIVE_RETENTION === VARIABLES.ARCHIVE_RETENTION.default,
    graceSeconds: v.ARCHIVE_GRACE_SECONDS,
    intervalSeconds: v.ARCHIVE_INTERVAL_SECONDS,
    maxGapSeconds: v.ARCHIVE_MAX_GAP_SECONDS,
    timeZone: v.ARCHIVE_TIME_ZONE,
    siteTimeZones: v.ARCHIVE_SITE_TIME_ZONES,
    shifts: v.ARCHIVE_SHIFTS,
    standbyWatts: v.ARCHIVE_STANDBY_WATTS,
    excludeSuspect: v.ARCHIVE_EXCLUDE_SUSPECT,
  };
}
// --- end archive ---
