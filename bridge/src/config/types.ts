import type { IngestTokens } from '../ingest/ingest-tokens.js';
import type { SecretMask } from '../model/redact.js';
import type { Secret } from '../model/secret.js';
import type { PipelineOptions } from '../pipeline/options.js';
import type { Profile } from '../profiles/types.js';
// archive
import type { ArchiveConfig } from '../archive/settings.js';
// live
import type { LiveConfig } from '../live/index.js';

/** The bridge's whole configuration, validated once at start and then frozen. */
export interface BridgeConfig {
  readonly mqtt: {
    url: string;
    username: string;
    password: Secret;
    topics: string[];
    clientId: string;
    sessionExpirySeconds: number;
    reconnectMaxMs: number;
    deadLetterTopic: string | undefined;
    tls: MqttTls;
  };
  readonly influx: {
    url: string;
    token: Secret;
    org: string;
    bucket: string;
    createDatabase: boolean;
    retention: string;
    batchSize: number;
    batchTimeoutMs: number;
    timeoutMs: number;
    contentEncoding: 'identity' | 'gzip';
    /** PEM of the CA that signed InfluxDB's certificate (INFLUX_CA_FILE); undefined trusts the system CAs. */
    ca: string | undefined;
  };
  readonly http: {
    host: string;
    port: number;
    /** READ_TOKEN and ADMIN_TOKEN (each one token or a comma-separated list); both empty: the surface is open. */
    readToken: Secret;
    adminToken: Secret;
    probesRequireToken: boolean;
    rateLimitPerMinute: number;
    corsOrigins: string[];
  };
  /** `POST /api/ingest/{route}`: the device tokens (hashed) and the body limit. */
  readonly ingest: { tokens: IngestTokens; maxBodyBytes: number };
  readonly queue: { dir: string; maxMessages: number; maxBytes: number; syncIntervalMs: number };
  readonly pipeline: PipelineOptions;
  /** The device profiles of PROFILES_DIR, loaded and checked once. */
  readonly profiles: readonly Profile[];
  readonly devices: { staleAfterMs: number };
  readonly rejections: { kept: number };
  readonly metrics: { perDevice: boolean };
  readonly log: { level: string };
  // archive: MySQL rollups (src/archive)
  readonly archive: ArchiveConfig;
  // live: the view at `/`, its stream, simulator control and the Grafana Live push (src/live)
  readonly live: LiveConfig;
  /** Every credential above, masked wherever the bridge writes output (logs, HTTP answers, errors). */
  readonly secrets: SecretMask;
}

/** TLS towards the broker, for mqtts:// and wss:// (file contents, read at start). */
export interface MqttTls {
  ca: string | undefined;
  cert: string | undefined;
  key: Secret | undefined;
  servername: string | undefined;
  /** False only with MQTT_TLS_INSECURE: the certificate chain is still checked, its name is not. */
  checkHostname: boolean;
}
