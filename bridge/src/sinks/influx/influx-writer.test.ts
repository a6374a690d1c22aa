import { HttpError } from '@influxdata/influxdb-client';
import { describe, expect, it } from 'vitest';
import { classify } from './influx-writer.js';

describe('classify', () => {
  it('never retries what cannot succeed, splits 413, retries the rest honouring Retry-After', () => {
    expect(classify(new HttpError(400, 'Bad Request', 'partial write: field type conflict')).failureClass).toBe('rejected');
    expect(classify(new HttpError(422, 'Unprocessable')).failureClass).toBe('rejected');
    expect(classify(new HttpError(413, 'Too Large')).failureClass).toBe('too_large');
    const throttled = classify(new HttpError(429, 'Too Many Requests', '', '7'));
    expect(throttled).toMatchObject({ failureClass: 'retryable', retryAfterMs: 7000 });
    expect(classify(new HttpError(503, 'Unavailable')).failureClass).toBe('retryable');
    expect(classify(new Error('connect ECONNREFUSED')).failureClass).toBe('retryable');
  });
});
