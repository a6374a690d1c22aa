import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createHttpMetrics } from '../metrics/http-metrics.js';
import { Secret } from '../model/secret.js';
import { AccessTokens, installAccessControl, requiredScope, TOKEN_COOKIE } from './auth.js';

const READ = 'read-token-0123456789';
const ADMIN = 'admin-token-0123456789';

async function app(tokens: AccessTokens, probesRequireToken = false) {
  const metrics = createHttpMetrics(new Registry());
  const server = Fastify();
  installAccessControl(server, { tokens, probesRequireToken, metrics });
  server.get('/', async () => 'view');
  server.get('/metrics', async () => 'metrics');
  server.get('/api/things', async (request) => ({ scope: request.scope }));
  server.post('/api/things', async () => ({ changed: true }));
  server.post('/api/ingest/:route', async () => ({ ingest: true }));
  return { server, metrics };
}

const configured = () => new AccessTokens({ read: new Secret(`${READ}, other-read-token-0123`), admin: new Secret(ADMIN) });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('access tokens and scopes', () => {
  it('gives each token its scope, admin winning, and none to a wrong one', () => {
    const tokens = configured();
    expect(tokens.configured).toBe(true);
    expect(tokens.scopeOf(READ)).toBe('read');
    expect(tokens.scopeOf('other-read-token-0123')).toBe('read');
    expect(tokens.scopeOf(ADMIN)).toBe('admin');
    expect(tokens.scopeOf('wrong')).toBeUndefined();
    expect(new AccessTokens({ read: new Secret(''), admin: new Secret(' ') }).configured).toBe(false);
  });

  it('needs read to look, admin to change; leaves preflights, probes and ingest to others', () => {
    expect(requiredScope('GET', '/api/devices', false)).toBe('read');
    expect(requiredScope('HEAD', '/', false)).toBe('read');
    expect(requiredScope('POST', '/api/simulator', false)).toBe('admin');
    expect(requiredScope('DELETE', '/api/anything', false)).toBe('admin');
    expect(requiredScope('OPTIONS', '/api/devices', false)).toBeUndefined();
    expect(requiredScope('POST', '/api/ingest/multiplug', false)).toBeUndefined();
    expect(requiredScope('GET', '/metrics', false)).toBeUndefined();
    expect(requiredScope('GET', '/ready', true)).toBe('read');
  });

  it('refuses no token and a wrong one with 401, read doing admin things with 403, and counts them', async () => {
    const { server, metrics } = await app(configured());
    const none = await server.inject('/api/things');
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    expect(none.json().message).toContain('Authorization: Bearer');
    expect((await server.inject({ url: '/api/things', headers: bearer('wrong') })).json()).toEqual({ error: 'unauthorized', message: 'The token is not valid.' });
    expect((await server.inject({ url: '/api/things', headers: bearer(READ) })).json()).toEqual({ scope: 'read' });
    const readChanging = await server.inject({ method: 'POST', url: '/api/things', headers: bearer(READ) });
    expect(readChanging.statusCode).toBe(403);
    expect(readChanging.json().message).toContain('admin scope');
    expect((await server.inject({ method: 'POST', url: '/api/things', headers: bearer(ADMIN) })).statusCode).toBe(200);
    expect((await server.inject({ method: 'POST', url: '/api/ingest/multiplug' })).statusCode).toBe(200);
    expect((await server.inject('/metrics')).statusCode).toBe(200);
    const counted = await metrics.authRefused.get();
    expect(counted.values.map((v) => [v.labels.status, v.value])).toEqual([
      ['401', 2],
      ['403', 1],
    ]);
  });

  it('closes the probes with METRICS_REQUIRE_TOKEN', async () => {
    const { server } = await app(configured(), true);
    expect((await server.inject('/metrics')).statusCode).toBe(401);
    expect((await server.inject({ url: '/metrics', headers: bearer(READ) })).statusCode).toBe(200);
  });

  it('exchanges /?token= for an HttpOnly cookie that the page and its stream then carry', async () => {
    const { server } = await app(configured());
    const login = await server.inject('/');
    expect(login.statusCode).toBe(401);
    expect(login.body).toContain('<form');
    expect((await server.inject('/?token=wrong')).statusCode).toBe(401);
    const exchanged = await server.inject(`/?token=${READ}`);
    expect(exchanged.statusCode).toBe(303);
    expect(exchanged.headers.location).toBe('/');
    const cookie = String(exchanged.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^${TOKEN_COOKIE}=${READ}; HttpOnly; SameSite=Strict; Path=/$`));
    const cookieHeader = { cookie: `theme=dark; ${cookie.split(';')[0]}` };
    expect((await server.inject({ url: '/', headers: cookieHeader })).body).toBe('view');
    expect((await server.inject({ url: '/api/things', headers: cookieHeader })).json()).toEqual({ scope: 'read' });
  });

  it('is open, with the admin scope, when no token is configured', async () => {
    const { server } = await app(new AccessTokens({ read: new Secret(''), admin: new Secret('') }));
    expect((await server.inject({ method: 'POST', url: '/api/things' })).statusCode).toBe(200);
    expect((await server.inject('/api/things')).json()).toEqual({ scope: 'admin' });
  });
});
