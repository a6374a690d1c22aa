import type { Secret } from '../model/secret.js';
import type { PipelineOptions } from '../pipeline/options.js';
// archive
import type { ArchiveConfig } from '../archive/settings.js';

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
  };
  readonly influx: {
    url: string;
    token: Secret;
    org: string;
    bucket: string;
    createDatabase: boolean;
    retention: string;
    batchSize: number;
    timeoutMs: number;
  };
  readonly http: { host: string; port: number };
  readonly queue: { dir: string; maxMessages: number; maxBytes: number; syncIntervalMs: number };
  readonly pipeline: PipelineOptions;
  readonly devices: { staleAfterMs: number };
  readonly rejections: { kept: number };
  readonly metrics: { perDevice: boolean };
  readonly log: { level: string };
  // archive: MySQL rollups (src/archive)
  readonly archive: ArchiveConfig;
}
