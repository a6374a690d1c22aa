import { describe, expect, it } from 'vitest';
import { decodePayload } from './decode.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('decode stage', () => {
  it('parses a UTF-8 JSON object', () => {
    const result = decodePayload(bytes('{"deviceId":"temp-1","unit":"°C"}'), 4096);
    expect(result).toEqual({ ok: true, value: { deviceId: 'temp-1', unit: '°C' } });
  });

  it('drops a leading byte-order mark', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"a":1}')]);
    expect(decodePayload(withBom, 4096)).toEqual({ ok: true, value: { a: 1 } });
  });

  it('refuses a payload above the limit before parsing it', () => {
    const result = decodePayload(new Uint8Array(70_000).fill(0xff), 4096);
    expect(result).toEqual({
      ok: false,
      rejection: { reason: 'too_large', detail: 'payload is 70000 bytes, above the 4096-byte limit.' },
    });
  });

  it('accepts a payload exactly at the limit and refuses one byte more', () => {
    const payload = bytes('{"a":"xx"}');
    expect(decodePayload(payload, payload.length).ok).toBe(true);
    expect(decodePayload(payload, payload.length - 1)).toMatchObject({ ok: false, rejection: { reason: 'too_large' } });
  });

  it.each([
    ['empty', new Uint8Array(0), 'payload is empty'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]), 'not valid UTF-8'],
    ['truncated JSON', bytes('{"deviceId":'), 'not valid JSON'],
    ['NaN literal', bytes('{"value":NaN}'), 'not valid JSON'],
    ['single quotes', bytes("{'a':1}"), 'not valid JSON'],
  ])('refuses %s as invalid_json without parser internals', (_name, payload, phrase) => {
    const result = decodePayload(payload, 4096);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.reason).toBe('invalid_json');
    expect(result.rejection.detail).toContain(phrase);
    expect(result.rejection.detail).not.toMatch(/position|Unexpected token|SyntaxError/);
  });

  it.each([
    ['[1,2]', 'an array'],
    ['null', 'null'],
    ['"text"', 'string'],
    ['42', 'number'],
    ['true', 'boolean'],
  ])('refuses the non-object %s as schema', (text, type) => {
    expect(decodePayload(bytes(text), 4096)).toEqual({
      ok: false,
      rejection: { reason: 'schema', detail: `payload is ${type}, not a JSON object.` },
    });
  });

  it('keeps a "__proto__" key as plain data, never as a prototype', () => {
    const result = decodePayload(bytes('{"__proto__":{"polluted":true},"a":1}'), 4096);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
    expect((result.value as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
