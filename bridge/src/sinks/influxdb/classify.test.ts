import { HttpError, RequestTimedOutError } from '@influxdata/influxdb-client';
import { describe, expect, it } from 'vitest';
import { InfluxQueryError } from '../../influx/index.js';
import { classify } from './classify.js';

const connectionRefused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8086'), { code: 'ECONNREFUSED' });

describe('classify', () => {
  it('never retries what cannot succeed, splits 413, retries the rest of HTTP honouring Retry-After', () => {
    expect(classify(new HttpError(400, 'Bad Request', 'partial write: field type conflict')).code).toBe('SP_ERR_SINK_REFUSED');
    expect(classify(new HttpError(422, 'Unprocessable')).code).toBe('SP_ERR_SINK_REFUSED');
    expect(classify(new HttpError(413, 'Too Large')).code).toBe('SP_ERR_SINK_TOO_LARGE');
    expect(classify(new HttpError(429, 'Too Many Requests', '', '7'))).toMatchObject({ code: 'SP_ERR_SINK_UNAVAILABLE', retryAfterMs: 7000 });
    expect(classify(new HttpError(503, 'Unavailable')).code).toBe('SP_ERR_SINK_UNAVAILABLE');
    expect(classify(new InfluxQueryError('InfluxDB answered 401: unauthorized', 401)).code).toBe('SP_ERR_SINK_UNAVAILABLE');
  });

  it('calls a server that does not answer unreachable, also behind fetch and as a timeout', () => {
    expect(classify(connectionRefused()).code).toBe('SP_ERR_SINK_UNREACHABLE');
    const viaFetch = classify(new TypeError('fetch failed', { cause: connectionRefused() }));
    expect(viaFetch.code).toBe('SP_ERR_SINK_UNREACHABLE');
    expect(viaFetch.message).toContain('ECONNREFUSED');
    expect(classify(new RequestTimedOutError()).code).toBe('SP_ERR_SINK_UNREACHABLE');
    expect(classify(new DOMException('The operation was aborted due to timeout', 'TimeoutError')).code).toBe('SP_ERR_SINK_UNREACHABLE');
  });

  it('leaves what it does not recognise unclassified', () => {
    expect(classify(new Error("invalid float value for field 'value': NaN")).code).toBe('SP_ERR_UNCLASSIFIED');
    expect(classify(new InfluxQueryError('retention policy duration must be at least 1h0m0s')).code).toBe('SP_ERR_UNCLASSIFIED');
  });
});
