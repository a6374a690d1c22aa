/**
 * The admin surface with tokens set, through the whole wiring (in-process Bridge on a free port;
 * the broker and InfluxDB it points at are absent, which the surface does not need): every `/api/*`
 * route refuses no token and a wrong token (401), read cannot do admin things (403), payload
 * excerpts need admin, the probes are open by default, CORS answers configured origins only,
 * helmet's headers are on the live view and the API is rate limited.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bridge } from '../../src/app.js';
import { REAL_CLIENTS } from '../../src/clients.js';
import { loadConfig } from '../../src/config/index.js';

const READ = 'read-token-0123456789abcdef';
const ADMIN = 'admin-token-0123456789abcdef';
const ORIGIN = 'https://grafana.example.com';
const SRC = path.resolve(import.meta.dirname, '../../src');

/** Every `/api/*` route but ingest (device tokens, http-ingest.test.ts), with a path that reaches it. */
const API_ROUTES = [
  ['GET', '/api/devices', '/api/devices'],
  ['GET', '/api/devices/:id', '/api/devices/temp-1'],
  ['GET', '/api/devices/:id/history', '/api/devices/temp-1/history'],
  ['GET', '/api/rejections', '/api/rejections'],
  ['GET', '/api/archive', '/api/archive'],
  ['GET', '/api/archive/:report', '/api/archive/daily_consumption'],
  ['GET', '/api/tariffs', '/api/tariffs'],
  ['PUT', '/api/tariffs', '/api/tariffs'],
  ['GET', '/api/stream', '/api/stream'],
  ['GET', '/api/simulator', '/api/simulator'],
  ['POST', '/api/simulator', '/api/simulator'],
] as const;

describe('admin surface access (tokens set)', () => {
  let dir: string;
  let bridge: Bridge;
  let url: string;
  const call = (pathname: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${url}${pathname}`, {
      ...init,
      headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.headers as Record<string, string>) },
      signal: AbortSignal.timeout(5000),
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sensorplus-access-'));
    fs.mkdirSync(path.join(dir, 'view'));
    fs.writeFileSync(path.join(dir, 'view/index.html'), '<!doctype html><title>view</title>');
    const config = loadConfig({
      MQTT_URL: 'mqtt://127.0.0.1:1',
      INFLUX_URL: 'http://127.0.0.1:1',
      QUEUE_DIR: path.join(dir, 'queue'),
      HTTP_PORT: '0',
      READ_TOKEN: READ,
      ADMIN_TOKEN: ADMIN,
      CORS_ORIGINS: ORIGIN,
      API_RATE_LIMIT_PER_MINUTE: '100',
      LIVE_VIEW_DIR: path.join(dir, 'view'),
      SIMULATOR_CONTROL_URL: 'http://127.0.0.1:1',
    });
    bridge = new Bridge(config, pino({ level: 'silent' }), REAL_CLIENTS);
    await bridge.start();
    url = bridge.httpAddress!;
    bridge.rejections.add({ reason: 'schema', detail: 'd', topic: 't', payloadExcerpt: '{"secret-ish":1}', payloadBytes: 16, receivedAt: Date.now() });
  });
  afterAll(async () => {
    await bridge?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists every /api/* route the source registers', () => {
    const registered = new Set<string>();
    for (const file of fs.readdirSync(SRC, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const text = fs.readFileSync(path.join(SRC, file), 'utf8');
      for (const match of text.matchAll(/app\.(get|post|put|patch|delete)(?:<[^>]*>)?\(\s*'(\/api\/[^']*)'/g)) registered.add(`${match[1]!.toUpperCase()} ${match[2]}`);
    }
    registered.delete('POST /api/ingest/:route');
    expect([...registered].sort()).toEqual(API_ROUTES.map(([method, route]) => `${method} ${route}`).sort());
  });

  it.each(API_ROUTES)('%s %s refuses no token and a wrong token (401)', async (method, _route, pathname) => {
    const body = method === 'POST' || method === 'PUT' ? { body: '{"running":true}', headers: { 'content-type': 'application/json' } } : {};
    const none = await call(pathname, { method, ...body });
    expect(none.status).toBe(401);
    expect(((await none.json()) as { message: string }).message).toContain('Authorization: Bearer');
    const wrong = await call(pathname, { method, ...body, token: 'wrong-token-0123456789' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'unauthorized', message: 'The token is not valid.' });
  });

  it('lets read look but not change (403), and admin change', async () => {
    const request = { method: 'POST', body: '{"running":false}', headers: { 'content-type': 'application/json' } };
    const read = await call('/api/simulator', { ...request, token: READ });
    expect(read.status).toBe(403);
    expect(((await read.json()) as { message: string }).message).toContain('admin scope');
    // Past the check: the simulator is absent, so the bridge says it does not answer.
    expect((await call('/api/simulator', { ...request, token: ADMIN })).status).toBe(502);
    expect((await call('/api/devices', { token: READ })).status).toBe(200);
    // A tariff is a change: read may list the tariffs, not set one (the archive is off here: 404 past the check).
    const tariff = { method: 'PUT', body: '{"currency":"BDT","rate":8}', headers: { 'content-type': 'application/json' } };
    expect((await call('/api/tariffs', { ...tariff, token: READ })).status).toBe(403);
    expect((await call('/api/tariffs', { ...tariff, token: ADMIN })).status).toBe(404);
    expect((await call('/api/tariffs', { token: READ })).status).toBe(404);
    expect(await bridge.metrics.registry.getSingleMetricAsString('sensorplus_http_auth_refused_total')).toContain('surface="api",status="403"} 2');
  });

  it('shows payload excerpts to the admin scope only', async () => {
    type Answer = { rejections: Array<{ payloadExcerpt?: string }> };
    expect(((await (await call('/api/rejections', { token: READ })).json()) as Answer).rejections[0]).not.toHaveProperty('payloadExcerpt');
    expect(((await (await call('/api/rejections', { token: ADMIN })).json()) as Answer).rejections[0]?.payloadExcerpt).toBe('{"secret-ish":1}');
  });

  it('keeps /metrics, /health and /ready open by default', async () => {
    expect((await call('/metrics')).status).toBe(200);
    expect((await call('/health')).status).toBe(200);
    expect([200, 503]).toContain((await call('/ready')).status);
  });

  it('answers CORS for configured origins only', async () => {
    const preflight = (origin: string) =>
      call('/api/devices', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    const allowed = await preflight(ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await call('/api/devices', { token: READ, headers: { origin: 'https://evil.example' } })).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('puts security headers on the live view, with a policy that allows its own scripts', async () => {
    const page = await call('/', { headers: { cookie: `sensorplus_token=${READ}` } });
    expect(page.status).toBe(200);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('rate limits /api/* per client address with 429 and Retry-After', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 100 && last?.status !== 429; i += 1) last = await call('/api/devices', { token: READ });
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    // The probes are not limited.
    expect((await call('/health')).status).toBe(200);
  });
});
