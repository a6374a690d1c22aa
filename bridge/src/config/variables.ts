import { Type, type TSchema } from '@sinclair/typebox';
import { DEFAULT_PIPELINE_OPTIONS, DEFAULT_RATE_LIMIT, PIPELINE_OPTION_MINIMUMS } from '../pipeline/options.js';

/** One environment variable: its schema, default and the sentence the README shows. */
export interface VariableSpec {
  schema: TSchema;
  default?: string | number | boolean;
  secret?: boolean;
  description: string;
}

const port = (description: string, fallback: number): VariableSpec => ({
  schema: Type.Integer({ minimum: 0, maximum: 65535 }),
  default: fallback,
  description,
});

const wholeNumber = (description: string, fallback: number, minimum = 1): VariableSpec => ({
  schema: Type.Integer({ minimum }),
  default: fallback,
  description,
});

/** The pipeline counts milliseconds, its variables whole seconds (load.ts multiplies back); rounding up keeps a minimum a minimum. */
const inSeconds = (ms: number): number => Math.ceil(ms / 1000);

const url = (protocols: string[], description: string, fallback?: string): VariableSpec => ({
  schema: Type.String({ minLength: 1, pattern: `^(${protocols.join('|')})://` }),
  ...(fallback === undefined ? {} : { default: fallback }),
  description,
});

/** A path read once at start (config/load.ts); a file that cannot be read is a configuration error naming the variable. */
const pemFile = (description: string): VariableSpec => ({ schema: Type.String(), default: '', description });

/**
 * Every setting of the bridge, in one table: the single source for validation, defaults
 * and the README's configuration table (`npm run config:doc -w bridge`). The pipeline's
 * defaults and minimums are its own (pipeline/options.ts), referenced here.
 */
export const VARIABLES = {
  MQTT_URL: url(['mqtt', 'mqtts', 'ws', 'wss', 'tcp', 'ssl'], 'Broker URL.', 'mqtt://127.0.0.1:1883'),
  MQTT_USERNAME: { schema: Type.String(), default: '', description: 'Broker user name (the shipped ACL knows `bridge`).' },
  MQTT_PASSWORD: { schema: Type.String(), default: '', secret: true, description: 'Broker password.' },
  MQTT_TOPICS: {
    schema: Type.String(),
    default: '',
    description:
      'Comma-separated subscription filters; empty subscribes to the topics the profiles name (`building/+/+/+`, `solar-tracker/+/telemetry`, …). Set, it replaces them: list every family, e.g. each with `$share/bridge/` in front to share the load between bridges.',
  },
  MQTT_CLIENT_ID: {
    schema: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' }),
    default: 'sensorplus-bridge',
    description: 'Fixed client id of the persistent session; unique per bridge instance.',
  },
  MQTT_SESSION_EXPIRY_SECONDS: wholeNumber(
    'How long the broker keeps the session (and queues QoS 1 messages) while the bridge is away.',
    7 * 24 * 3600,
  ),
  MQTT_RECONNECT_MAX_SECONDS: wholeNumber('Longest wait between reconnect attempts (backoff doubles up to it).', 30),
  MQTT_DEADLETTER_TOPIC: {
    schema: Type.String({ pattern: '^$|^[^#+]+$' }),
    default: '',
    description: 'When set, every rejected message is republished here (QoS 1) with its reason.',
  },
  MQTT_CA_FILE: pemFile('PEM file of the CA(s) that signed the broker certificate, for `mqtts://` or `wss://`; empty trusts the system CAs.'),
  MQTT_CERT_FILE: pemFile('PEM client certificate, for a broker that requires one (mutual TLS); needs `MQTT_KEY_FILE`.'),
  MQTT_KEY_FILE: pemFile('PEM private key of `MQTT_CERT_FILE` (unencrypted); read once at start, its contents never logged.'),
  MQTT_TLS_SERVERNAME: {
    schema: Type.String(),
    default: '',
    description: 'Name the broker certificate is checked against (and sent as SNI) when it differs from the host in `MQTT_URL` (mqtts:// only).',
  },
  MQTT_TLS_INSECURE: {
    schema: Type.Boolean(),
    default: false,
    description:
      'Skip the hostname check of the broker certificate (mqtts:// only; it must still be signed by a trusted CA). Dangerous: any certificate that CA ever issued can then impersonate the broker; prefer `MQTT_TLS_SERVERNAME`.',
  },
  INFLUX_URL: url(['http', 'https'], 'InfluxDB URL (1.x, 2.x or 3.x; 1.x before 1.8 is detected and written through `/write`).', 'http://127.0.0.1:8086'),
  INFLUX_TOKEN: {
    schema: Type.String(),
    default: '',
    secret: true,
    description: 'API token (2.x/3.x) or `user:password` (1.x with auth); empty for 1.x without auth.',
  },
  INFLUX_ORG: { schema: Type.String(), default: '', description: 'Organisation (2.x); ignored by 1.x.' },
  INFLUX_BUCKET: {
    schema: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_./-]+$' }),
    default: 'sensorplus',
    description: 'Bucket (2.x/3.x) or database (1.x; `db/rp` selects a retention policy).',
  },
  INFLUX_CREATE_DATABASE: {
    schema: Type.Boolean(),
    default: true,
    description: 'On 1.x, create the database (with `INFLUX_RETENTION`) at start if it is missing.',
  },
  INFLUX_RETENTION: {
    schema: Type.String({ pattern: '^(INF|[0-9]+[hdw])$' }),
    default: '90d',
    description: 'Raw-data retention used when the bridge creates the 1.x database (`INF` keeps forever).',
  },
  INFLUX_BATCH_SIZE: wholeNumber('Points per write request.', 5000),
  INFLUX_BATCH_TIMEOUT_MS: wholeNumber(
    'Longest a point waits for its write request to fill (`INFLUX_BATCH_SIZE`) before the request is sent anyway: lower is fresher data, higher is fewer requests (InfluxDB 1.x syncs its WAL for each: at most 20 a second by default); 0 sends at once.',
    50,
    0,
  ),
  INFLUX_TIMEOUT_MS: wholeNumber('Timeout of one write request.', 10_000),
  INFLUX_CONTENT_ENCODING: {
    schema: Type.Union([Type.Literal('identity'), Type.Literal('gzip')]),
    default: 'identity',
    description:
      'Encoding of write requests, as Telegraf\'s `content_encoding`: `identity` sends them as they are, the least CPU for InfluxDB and the bridge (a database on this host or LAN); `gzip` compresses those above 64 KiB, about 17 times smaller on typical readings, for a slow or metered link.',
  },
  INFLUX_CA_FILE: pemFile('PEM file of the CA that signed the InfluxDB certificate, for an `https://` `INFLUX_URL`; empty trusts the system CAs.'),
  HTTP_HOST: {
    schema: Type.String({ minLength: 1 }),
    default: '127.0.0.1',
    description: 'Address of the admin HTTP server; the default answers this machine only (`0.0.0.0`: every interface, as docker-compose.yml sets inside its network).',
  },
  HTTP_PORT: port('Port of the admin HTTP server (`/metrics`, `/health`, `/ready`, `/api/...`); 0 picks a free one.', 8080),
  READ_TOKEN: {
    schema: Type.String(),
    default: '',
    secret: true,
    description:
      'Bearer token(s) with the read scope, comma-separated: `/api/*` (GET), the live view and its stream. Setting this or `ADMIN_TOKEN` turns access control on; without either the admin surface is open.',
  },
  ADMIN_TOKEN: {
    schema: Type.String(),
    default: '',
    secret: true,
    description: 'Bearer token(s) with the admin scope, comma-separated: all that read may, plus changes (`POST /api/simulator`) and payload excerpts in `/api/rejections`.',
  },
  METRICS_REQUIRE_TOKEN: {
    schema: Type.Boolean(),
    default: false,
    description: '`/metrics`, `/health` and `/ready` need a read token too (open by default, for Prometheus and orchestrators).',
  },
  API_RATE_LIMIT_PER_MINUTE: wholeNumber('Requests per minute one client address may make to `/api/*` (ingest excepted: it has the per-device limit); beyond, 429 with `Retry-After`.', 600),
  CORS_ORIGINS: {
    schema: Type.String({ pattern: '^$|^https?://[^,\\s]+(,\\s*https?://[^,\\s]+)*$' }),
    default: '',
    description: 'Comma-separated origins (`https://grafana.example.com`) whose pages may call the API from a browser; none by default.',
  },
  INGEST_TOKENS: {
    schema: Type.String(),
    default: '',
    secret: true,
    description:
      'Device tokens of `POST /api/ingest/{route}`, comma-separated: `route:token` posts for any device of the profile with that route, `route/device:token` for that device only (tokens: at least 16 characters of letters, digits and `-._~+/`). Without a token for a route, posting to it is refused (401).',
  },
  INGEST_TOKENS_FILE: {
    schema: Type.String(),
    default: '',
    description: 'File of more device tokens, one `route:token` or `route/device:token` per line (`#` starts a comment); read once at start and kept hashed.',
  },
  INGEST_MAX_BODY_BYTES: wholeNumber(
    'Largest body of `POST /api/ingest/{route}` (a batch of about a thousand readings); larger ones are refused with 413. Each reading also obeys `MAX_PAYLOAD_BYTES`.',
    1024 * 1024,
  ),
  QUEUE_DIR: { schema: Type.String({ minLength: 1 }), default: '.data/queue', description: 'Folder of the durable queue.' },
  QUEUE_MAX_MESSAGES: wholeNumber('Queue size limit in messages; at the limit the bridge stops acknowledging (backpressure).', 2_000_000),
  QUEUE_MAX_BYTES: wholeNumber('Queue size limit in bytes of stored readings; backpressure as above.', 512 * 1024 * 1024),
  QUEUE_SYNC_INTERVAL_MS: wholeNumber(
    'Group fsync interval: at most this much acknowledged data can be lost to a power cut (never to a crash).',
    200,
  ),
  PROFILES_DIR: {
    schema: Type.String(),
    default: '',
    description: 'Folder of the device profiles (`*.yaml`, `*.yml`, `*.json`), checked at start; empty uses the shipped `bridge/profiles/`.',
  },
  MAX_PAYLOAD_BYTES: wholeNumber(
    'Largest accepted payload; larger ones are rejected as `too_large`.',
    DEFAULT_PIPELINE_OPTIONS.maxPayloadBytes,
    PIPELINE_OPTION_MINIMUMS.maxPayloadBytes,
  ),
  MAX_FUTURE_SKEW_SECONDS: wholeNumber(
    'How far in the future a `ts` may lie.',
    inSeconds(DEFAULT_PIPELINE_OPTIONS.maxFutureSkewMs),
    inSeconds(PIPELINE_OPTION_MINIMUMS.maxFutureSkewMs),
  ),
  MAX_PAST_AGE_SECONDS: wholeNumber(
    'How old a `ts` may be (late data beyond it is rejected as `timestamp_skew`).',
    inSeconds(DEFAULT_PIPELINE_OPTIONS.maxPastAgeMs),
    inSeconds(PIPELINE_OPTION_MINIMUMS.maxPastAgeMs),
  ),
  RATE_LIMIT_PER_DEVICE: {
    schema: Type.Number({ minimum: PIPELINE_OPTION_MINIMUMS.perDevicePerSecond }),
    default: DEFAULT_RATE_LIMIT.perDevicePerSecond,
    description: "Readings per second one device may send on average, judged by the readings' own `ts` (a backlog sent at this rate always lands); 0 turns the limit off.",
  },
  RATE_LIMIT_BURST: wholeNumber('Most readings one device may send stamped within one window of RATE_LIMIT_BURST / RATE_LIMIT_PER_DEVICE seconds.', DEFAULT_RATE_LIMIT.burst, PIPELINE_OPTION_MINIMUMS.burst),
  DEVICE_STALE_SECONDS: wholeNumber('A device silent for longer is shown as stale/offline by `/api/devices`.', 60),
  REJECTIONS_KEPT: wholeNumber('How many recent rejections `/api/rejections` keeps.', 500),
  METRICS_PER_DEVICE: {
    schema: Type.Boolean(),
    default: false,
    description: 'Add per-device series to `/metrics` (high cardinality: off by default).',
  },
  // --- archive (owned by src/archive; see src/archive/README.md) ---
  MYSQL_URL: {
    schema: Type.String({ pattern: '^$|^mysql://' }),
    default: '',
    secret: true,
    description: 'MySQL or MariaDB of the archive, `mysql://user:password@host:3306/database` (add `?ssl=true` for TLS); empty turns the archive off.',
  },
  MYSQL_CA_FILE: pemFile('PEM file of the CA that signed the MySQL server certificate; turns TLS on (as `?ssl=true`) trusting that CA.'),
  ARCHIVE_TIERS: {
    schema: Type.String({ minLength: 1 }),
    default: '5m,1h,1d',
    description: 'Rollup window lengths, shortest first, each a multiple of the one before and dividing a day (units s, m, h, d).',
  },
  ARCHIVE_GRACE_SECONDS: wholeNumber(
    'How long after its end a window stays open for late points; older windows are final (late points are counted, not added).',
    300,
    0,
  ),
  ARCHIVE_INTERVAL_SECONDS: wholeNumber('How often the archive job recomputes open windows and finalises closed ones.', 30),
  ARCHIVE_RETENTION: {
    schema: Type.String({ minLength: 1 }),
    default: '5m=180d,1h=5y,1d=forever',
    description: 'How long each tier is kept, `TIER=DURATION` (s, m, h, d, w, y or `forever`); tiers not named are kept forever.',
  },
  ARCHIVE_MAX_GAP_SECONDS: wholeNumber(
    'Longest silence between two power readings that energy is integrated across; a longer one counts as no production.',
    900,
  ),
  ARCHIVE_TIME_ZONE: {
    schema: Type.String({ minLength: 1 }),
    default: 'UTC',
    description: 'IANA time zone (e.g. `Europe/Berlin`) of the local days, weeks, months, shifts and peak hours of every site not in `ARCHIVE_SITE_TIME_ZONES`.',
  },
  ARCHIVE_SITE_TIME_ZONES: {
    schema: Type.String(),
    default: '',
    description: 'Time zones of single sites, `site=Zone` comma-separated (e.g. `dhaka=Asia/Dhaka,berlin=Europe/Berlin`).',
  },
  ARCHIVE_SHIFTS: {
    schema: Type.String(),
    default: '06:00,14:00,22:00',
    description: 'Local start times of the shifts (`HH:MM`, comma-separated, on base-window boundaries); each lasts until the next; empty: no shift rollups.',
  },
  ARCHIVE_STANDBY_WATTS: {
    schema: Type.Number({ minimum: 0 }),
    default: 5,
    description: 'Power above this counts as running, for the runtime of power fields (a plug port, a tracker).',
  },
  ARCHIVE_EXCLUDE_SUSPECT: {
    schema: Type.Boolean(),
    default: false,
    description: 'Leave readings marked suspect out of the archive\'s counts, means, minima and maxima (they are still counted per window as suspect).',
  },
  // --- end archive ---
  // --- live view, stream and Grafana Live (src/live) ---
  LIVE_VIEW_DIR: {
    schema: Type.String(),
    default: '',
    description: 'Folder of the built live view served at `/`; empty serves the one built in this repository (`grafana-plugin/dist-live-view`).',
  },
  SIMULATOR_CONTROL_URL: {
    schema: Type.String({ pattern: '^$|^https?://' }),
    default: '',
    description: 'Control endpoint of a simulator (`--control-port`; `npm start` sets it): `/api/simulator` and the live view then show and switch it.',
  },
  GRAFANA_URL: {
    schema: Type.String({ pattern: '^$|^https?://' }),
    default: '',
    description: "Grafana's URL; when set, every reading is also pushed to Grafana Live (`/api/live/push/{GRAFANA_LIVE_STREAM}`).",
  },
  GRAFANA_TOKEN: { schema: Type.String(), default: '', secret: true, description: 'Grafana service-account token (Editor) for the Grafana Live push.' },
  GRAFANA_LIVE_STREAM: {
    schema: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' }),
    default: 'sensorplus',
    description: 'Grafana Live stream id: readings appear on the channels `stream/<id>/<measurement>`.',
  },
  // --- end live ---
  LOG_LEVEL: {
    schema: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l))),
    default: 'info',
    description: 'pino log level.',
  },
} satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof VARIABLES;
