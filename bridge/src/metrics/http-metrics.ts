import { Counter, type Registry } from 'prom-client';

export type HttpMetrics = ReturnType<typeof createHttpMetrics>;

/** The HTTP surface's own counters (ingest answers, refused credentials), on the bridge's registry. */
export function createHttpMetrics(registry: Registry) {
  const registers = [registry];
  return {
    ingestRequests: new Counter({
      name: 'sensorplus_ingest_requests_total',
      help: 'HTTP ingest requests (POST /api/ingest/{route}) by answer status: 202 accepted, 400/413/415 refused, 401/403 credentials, 429 rate limited, 503 queue full.',
      labelNames: ['status'],
      registers,
    }),
    authRefused: new Counter({
      name: 'sensorplus_http_auth_refused_total',
      help: 'HTTP requests refused for their credentials, by surface (ingest: device tokens; api: read and admin tokens) and status (401 missing or wrong, 403 not allowed).',
      labelNames: ['surface', 'status'],
      registers,
    }),
  };
}
