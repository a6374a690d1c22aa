import type { Secret } from '../model/secret.js';
import { influxRequest } from './http.js';

/** Where and how to reach InfluxDB; shared by the writer, the InfluxQL client and the archive. */
export interface InfluxConnection {
  url: string;
  token: Secret;
  org: string;
  /** Bucket (2.x/3.x) or `database[/retention-policy]` (1.x). */
  bucket: string;
  timeoutMs: number;
  /** PEM of the CA that signed the server's certificate (https://); undefined trusts the system CAs. */
  ca?: string | undefined;
}

export interface InfluxServerInfo {
  version: string;
  /** 1.x before 1.8 answers only the v1 `/write` and `/query` endpoints. */
  legacyV1: boolean;
}

/** Asks `/ping` which InfluxDB this is. Throws while the server is unreachable (retryable). */
export async function probeInflux(connection: InfluxConnection): Promise<InfluxServerInfo> {
  const response = await influxRequest(connection, '/ping');
  const version = String(response.headers['x-influxdb-version'] ?? 'unknown');
  return { version, legacyV1: isBefore18(version) };
}

function isBefore18(version: string): boolean {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return major === 1 && minor < 8;
}

/** The v1 credentials as query parameters: 1.x before 1.8 knows no `Authorization: Token`. */
export function v1AuthParams(connection: InfluxConnection): URLSearchParams {
  const params = new URLSearchParams();
  const token = connection.token.reveal();
  const colon = token.indexOf(':');
  if (colon > 0) {
    params.set('u', token.slice(0, colon));
    params.set('p', token.slice(colon + 1));
  }
  return params;
}

export function splitBucket(bucket: string): { database: string; retentionPolicy?: string } {
  const [database, retentionPolicy] = bucket.split('/', 2);
  return retentionPolicy ? { database: database!, retentionPolicy } : { database: database! };
}
