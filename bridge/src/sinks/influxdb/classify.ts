import { AbortError, HttpError, RequestTimedOutError } from '@influxdata/influxdb-client';
import { messageOf } from '../../errors.js';
import { InfluxQueryError } from '../../influx/index.js';
import { SinkError } from '../sink.js';

/** Socket and resolver failures: the server did not answer (yet). */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * InfluxDB's answer as an entry of the error table, by Telegraf's rule: 400/422 can never succeed,
 * 413 must be split, 429/5xx (and the rest of HTTP) and network failures are retried. Anything
 * else stays SP_ERR_UNCLASSIFIED, which is never retried.
 */
export function classify(error: unknown): SinkError {
  const status = error instanceof HttpError ? error.statusCode : error instanceof InfluxQueryError ? error.status : undefined;
  if (status !== undefined) {
    const body = error instanceof HttpError ? (error.body ?? error.message) : messageOf(error);
    const detail = `InfluxDB answered ${status}: ${body.slice(0, 300)}`;
    if (status === 413) return new SinkError('SP_ERR_SINK_TOO_LARGE', detail);
    if (status === 400 || status === 422) return new SinkError('SP_ERR_SINK_REFUSED', detail);
    const retryAfterSeconds = error instanceof HttpError ? error.retryAfter() : 0;
    return new SinkError('SP_ERR_SINK_UNAVAILABLE', detail, retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : undefined);
  }
  if (isNetworkFailure(error)) return new SinkError('SP_ERR_SINK_UNREACHABLE', `InfluxDB unreachable: ${networkMessage(error)}`);
  return new SinkError('SP_ERR_UNCLASSIFIED', `InfluxDB: ${messageOf(error)}`, undefined, { cause: error });
}

/** The client's own timeout and abort errors, a socket error code, or fetch's wrapper around one (its `cause`). */
function isNetworkFailure(error: unknown): boolean {
  if (error instanceof RequestTimedOutError || error instanceof AbortError) return true;
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (current.name === 'TimeoutError' || (typeof code === 'string' && (NETWORK_ERROR_CODES.has(code) || code.startsWith('UND_ERR_')))) return true;
  }
  return false;
}

/** fetch says only "fetch failed"; the socket error under it says why. */
function networkMessage(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  return cause ? `${messageOf(error)} (${messageOf(cause)})` : messageOf(error);
}
