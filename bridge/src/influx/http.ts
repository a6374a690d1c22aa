import http from 'node:http';
import https from 'node:https';
import type { InfluxConnection } from './server.js';

export interface InfluxResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * One request to InfluxDB's HTTP API (the probe and InfluxQL; writes go through the client library).
 * node:https rather than fetch, because fetch cannot be told which CA to trust (INFLUX_CA_FILE).
 * A request that takes longer than the connection's timeout fails with a `TimeoutError`.
 */
export function influxRequest(
  connection: InfluxConnection,
  path: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
): Promise<InfluxResponse> {
  const target = new URL(`${connection.url}${path}`);
  const secure = target.protocol === 'https:';
  const options: https.RequestOptions = {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
    ...(secure && connection.ca !== undefined ? { ca: connection.ca } : {}),
  };
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(target, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    function fail(error: Error): void {
      clearTimeout(timer);
      reject(error);
    }
    const timer = setTimeout(() => request.destroy(timeoutError(connection.timeoutMs)), connection.timeoutMs);
    request.on('error', fail);
    request.end(init.body);
  });
}

function timeoutError(ms: number): Error {
  const error = new Error(`InfluxDB did not answer within ${ms} ms`);
  error.name = 'TimeoutError';
  return error;
}
