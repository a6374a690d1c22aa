import { describe, expect, it } from 'vitest';
import { redactUrl, SecretMask } from './redact.js';

describe('redactUrl', () => {
  it('hides the password of every URL in the text and keeps where it went', () => {
    expect(redactUrl('mqtts://bridge:s3cret@broker:8883')).toBe('mqtts://bridge:***@broker:8883');
    expect(redactUrl('to mysql://u:p%40ss@db/archive and http://x:y@influx:8086/')).toBe('to mysql://u:***@db/archive and http://x:***@influx:8086/');
    expect(redactUrl('mysql://u:p@ss@db:3306/archive')).toBe('mysql://u:***@db:3306/archive');
    expect(redactUrl('mqtt://127.0.0.1:1883')).toBe('mqtt://127.0.0.1:1883');
    expect(redactUrl('https://token-only@host/')).toBe('https://token-only@host/');
  });

  it('hides query parameters that carry credentials', () => {
    expect(redactUrl('http://influx:8086/write?db=s&u=admin&p=hunter2&precision=ms')).toBe('http://influx:8086/write?db=s&u=admin&p=***&precision=ms');
    expect(redactUrl('https://h/api?token=abc&Password=x&api_key=k')).toBe('https://h/api?token=***&Password=***&api_key=***');
  });
});

describe('SecretMask', () => {
  const secret = 'pa ss/wo"rd@1';
  const mask = new SecretMask([secret, 'abc', 'inner']);

  it('masks a secret as is, percent-encoded, form-encoded and JSON-escaped', () => {
    for (const spelling of [secret, encodeURIComponent(secret), 'pa+ss%2Fwo%22rd%401', JSON.stringify(secret).slice(1, -1)]) {
      expect(mask.mask(`before ${spelling} after`)).toBe('before *** after');
    }
  });

  it('leaves values too short to tell from text alone, and shows nothing of itself', () => {
    expect(mask.mask('abc')).toBe('abc');
    expect(JSON.stringify({ mask })).not.toContain('inner');
    expect(new SecretMask([]).mask('text')).toBe('text');
  });
});
