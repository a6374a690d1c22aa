/**
 * HTTP ingest (`POST /api/ingest/{route}`) through the real bridge process, its real HTTP port, and
 * real Mosquitto and InfluxDB, one stack for the file: multiplug readings land with their
 * measurement, tags and typed fields; a batch is all or nothing and names its first bad reading;
 * every refusal has its status and reason (401, 403, 413, 415, 400, 429 with Retry-After) and is
 * counted; a reading answered 202 survives a SIGKILL of the bridge right after the answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { influxQuery, type InfluxSeries } from '../../src/influx/index.js';
import type { BridgeProcess } from '../support/bridge-process.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

const PROFILE_TOKEN = 'profile-token-0123456789abcdef';
const PLUG_1_TOKEN = 'plug-1-token-0123456789abcdef';
const MAX_BODY_BYTES = 8192;

const reading = (port: number, overrides: Record<string, unknown> = {}) => ({ port, voltage: 229.8, current: 2.31, power: 502.4, relay_state: 'ON', ...overrides });

describe('HTTP ingest (real bridge, Mosquitto and InfluxDB)', () => {
  let stack: StackFixture;
  let bridge: BridgeProcess;

  /** `token: null` sends no Authorization header. */
  const post = (device: string, body: unknown, { token = PROFILE_TOKEN as string | null, type = 'application/json' } = {}) =>
    fetch(`${bridge.httpUrl}/api/ingest/multiplug?device=${device}`, {
      method: 'POST',
      headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
  const query = (q: string): Promise<InfluxSeries[]> => influxQuery(stack.influxConnection, q).catch(() => []);
  const points = (device: string) => query(`SELECT * FROM "multiplug" WHERE "device" = '${device}'`).then((s) => s[0]?.values.length ?? 0);
  const rejected = (reason: string) => bridge.metric('sensorplus_messages_rejected_total', { reason });
  const authRefused = (status: string) => bridge.metric('sensorplus_http_auth_refused_total', { surface: 'ingest', status });

  beforeAll(async () => {
    stack = await StackFixture.start('http-ingest');
    bridge = await stack.startBridge({
      INGEST_TOKENS: `multiplug:${PROFILE_TOKEN},multiplug/plug-1:${PLUG_1_TOKEN}`,
      INGEST_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
      LOG_LEVEL: 'warn',
    });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('stores a posted reading as multiplug with tags site, device and port and typed fields', async () => {
    const response = await post('plug-1', reading(1), { token: PLUG_1_TOKEN });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 1 });
    expect(await eventually(() => points('plug-1'), (n) => n === 1, { timeoutMs: 15_000 })).toBe(1);
    const [series] = await query(`SELECT "voltage", "current", "power", "relay_on", "site", "port" FROM "multiplug" WHERE "device" = 'plug-1'`);
    expect(series?.values[0]?.slice(1)).toEqual([229.8, 2.31, 502.4, true, 'default', '1']);
    const tagKeys = (await query('SHOW TAG KEYS FROM "multiplug"'))[0]?.values.map((v) => v[0]);
    expect(tagKeys).toEqual(expect.arrayContaining(['site', 'device', 'port']));
    const fieldTypes = Object.fromEntries((await query('SHOW FIELD KEYS FROM "multiplug"'))[0]?.values.map((v) => [v[0], v[1]]) ?? []);
    expect(fieldTypes).toMatchObject({ voltage: 'float', current: 'float', power: 'float', relay_on: 'boolean' });
  });

  it('takes a batch all or nothing, naming the index of the first bad reading', async () => {
    const before = await rejected('out_of_range');
    const bad = await post('plug-2', [reading(1), reading(2), reading(3, { voltage: 999 }), reading(4, { current: -1 })]);
    expect(bad.status).toBe(400);
    const answer = (await bad.json()) as { error: string; message: string; index: number };
    expect(answer).toMatchObject({ error: 'out_of_range', index: 2 });
    expect(answer.message).toMatch(/^reading 2: .*voltage/);
    expect(await rejected('out_of_range')).toBe(before + 1);

    const good = await post('plug-3', [1, 2, 3, 4].map((port) => reading(port)));
    expect(good.status).toBe(202);
    expect(await good.json()).toEqual({ accepted: 4 });
    expect(await eventually(() => points('plug-3'), (n) => n === 4, { timeoutMs: 15_000 })).toBe(4);
    // The good batch went through the same queue after the bad one: nothing of plug-2 was kept.
    expect(await points('plug-2')).toBe(0);
  });

  it('refuses a missing or wrong token (401) and a device token speaking for another device (403), counted', async () => {
    const [refused401, refused403] = [await authRefused('401'), await authRefused('403')];
    const missing = await post('plug-1', reading(1), { token: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await missing.json()) as { message: string }).message).toContain('Authorization: Bearer');
    const wrong = await post('plug-1', reading(1), { token: 'not-the-token-0123456789' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'unauthorized', message: 'The token is not valid.' });
    const other = await post('plug-2', reading(1), { token: PLUG_1_TOKEN });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { message: string }).message).toContain('plug-2');
    expect(await authRefused('401')).toBe(refused401 + 2);
    expect(await authRefused('403')).toBe(refused403 + 1);
    // A token is never echoed, in an answer or in the log.
    expect(JSON.stringify(await (await bridge.fetch('/api/rejections')).json())).not.toContain(PLUG_1_TOKEN);
    const log = fs.readFileSync(path.join(stack.dir, 'bridge.log'), 'utf8');
    for (const token of [PROFILE_TOKEN, PLUG_1_TOKEN]) expect(log).not.toContain(token);
  });

  it('refuses a body over the limit (413), one that is not JSON (415) and a wrong type naming the field (400)', async () => {
    const tooLarge = await post('plug-4', 'x'.repeat(MAX_BODY_BYTES + 1));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: 'too_large', message: expect.stringContaining('INGEST_MAX_BODY_BYTES') });

    const text = await post('plug-4', 'voltage=229', { type: 'text/plain' });
    expect(text.status).toBe(415);
    expect(((await text.json()) as { message: string }).message).toContain('application/json');

    const before = await rejected('schema');
    const wrongType = await post('plug-4', reading(1, { voltage: 'high' }));
    expect(wrongType.status).toBe(400);
    const answer = (await wrongType.json()) as { error: string; message: string; index?: number };
    expect(answer.error).toBe('schema');
    expect(answer.message).toContain('voltage');
    expect(answer.index).toBeUndefined();
    expect(await rejected('schema')).toBe(before + 1);

    const broken = await post('plug-4', '{"port":1,');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: 'invalid_json' });

    const rejections = (await bridge.json<{ rejections: Array<{ reason: string; topic: string; device?: string }> }>('/api/rejections')).rejections;
    expect(rejections).toContainEqual(expect.objectContaining({ reason: 'schema', topic: '/api/ingest/multiplug?device=plug-4', device: 'plug-4' }));
  });

  it('answers 429 with Retry-After once a device passes its limit, and stores nothing of that batch', async () => {
    // The multiplug profile allows a burst of 40 readings per window: 41 in one batch pass it.
    const flood = Array.from({ length: 41 }, (_, i) => reading((i % 4) + 1));
    const response = await post('plug-6', flood);
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(4);
    expect(await response.json()).toMatchObject({ error: 'rate_limited', index: 40 });
    expect(await bridge.metric('sensorplus_ingest_requests_total', { status: '429' })).toBe(1);
  });

  it('keeps a reading answered 202 through a SIGKILL right after the answer', async () => {
    const response = await post('plug-5', reading(2));
    expect(response.status).toBe(202);
    await bridge.kill();
    await bridge.spawn();
    expect(await eventually(() => points('plug-5'), (n) => n === 1, { timeoutMs: 20_000 })).toBe(1);
  }, 60_000);
});
