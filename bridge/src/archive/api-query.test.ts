import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMIT, parseArchiveQuery } from './api-query.js';

const tiers = [
  { label: '5m', ms: 300_000, retentionMs: null },
  { label: '1h', ms: 3_600_000, retentionMs: null },
];
const NOW = Date.UTC(2024, 4, 10, 12);
const parse = (query: Record<string, unknown>) => parseArchiveQuery(query, tiers, NOW);
const message = (query: Record<string, unknown>) => {
  const result = parse(query);
  return result.ok ? 'accepted' : result.message;
};

describe('parseArchiveQuery', () => {
  it('defaults to the shortest tier, 288 windows up to now, JSON', () => {
    expect(parse({ device: 'temp-1' })).toEqual({
      ok: true,
      value: { device: 'temp-1', tier: '5m', from: NOW - 288 * 300_000, to: NOW, format: 'json', limit: DEFAULT_LIMIT },
    });
  });

  it('reads ISO 8601 (UTC without an offset) and epoch milliseconds, tiers spelled another way', () => {
    const result = parse({ device: 'solar-plant', site: 'demo', field: 'power_w', tier: '60m', from: '2024-05-01', to: '2024-05-02T06:30', format: 'csv', limit: '50' });
    expect(result).toEqual({
      ok: true,
      value: { device: 'solar-plant', site: 'demo', field: 'power_w', tier: '1h', from: Date.UTC(2024, 4, 1), to: Date.UTC(2024, 4, 2, 6, 30), format: 'csv', limit: 50 },
    });
    const offset = parse({ device: 'd', from: '1714521600000', to: '2024-05-01T03:00:00+02:00' });
    expect(offset.ok && [offset.value.from, offset.value.to]).toEqual([Date.UTC(2024, 4, 1), Date.UTC(2024, 4, 1, 1)] as never);
  });

  it.each([
    [{}, 'device is required, e.g. ?device=temp-1'],
    [{ device: "x' OR '1'='1" }, /^device "x' OR '1'='1" is not a valid identifier/],
    [{ device: 'd', site: 'a b' }, /^site "a b" is not a valid identifier/],
    [{ device: 'd', field: 'Value;' }, /^field "Value;" is not a field name/],
    [{ device: 'd', tier: '7m' }, 'tier "7m" is not archived; choose one of 5m, 1h'],
    [{ device: 'd', from: 'yesterday' }, /^from must be an ISO 8601 time .* got "yesterday"/],
    [{ device: 'd', to: '2024-13-40' }, /^to must be an ISO 8601 time/],
    [{ device: 'd', from: '2024-05-02', to: '2024-05-01' }, 'from (2024-05-02T00:00:00.000Z) must be before to (2024-05-01T00:00:00.000Z)'],
    [{ device: 'd', format: 'xml' }, 'format must be json or csv, got "xml"'],
    [{ device: 'd', limit: '0' }, /^limit must be a whole number from 1 to 100000/],
    [{ device: 'd', limit: '1e3' }, /^limit must be a whole number/],
    [{ device: 'd', devce: 'x' }, /^unknown parameter "devce"; known: device, site/],
    [{ device: ['a', 'b'] }, 'device is given more than once'],
  ])('refuses %j: %s', (query, expected) => {
    const text = message(query);
    if (typeof expected === 'string') expect(text).toBe(expected);
    else expect(text).toMatch(expected);
  });
});
