import type { FastifyInstance, FastifyReply } from 'fastify';
import { bearerToken, digestToken, sameDigest, type TokenDigest } from '../auth/token-digest.js';
import type { HttpMetrics } from '../metrics/http-metrics.js';
import type { Secret } from '../model/secret.js';

/** What a token may do: read sees everything but payload excerpts; admin also changes things and sees excerpts. */
export type Scope = 'read' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's scope: from its token, or admin for everyone when no token is configured; undefined without a valid token. */
    scope: Scope | undefined;
  }
}

/** The browser's credential: EventSource cannot send a header, so the live view's requests carry this HttpOnly cookie. */
export const TOKEN_COOKIE = 'sensorplus_token';

/**
 * The admin surface's bearer tokens, kept as digests: READ_TOKEN and ADMIN_TOKEN, each one token or
 * a comma-separated list (several clients, or an old and a new one while rotating).
 */
export class AccessTokens {
  readonly #digests: Array<{ digest: TokenDigest; scope: Scope }>;

  constructor(tokens: { read: Secret; admin: Secret }) {
    const list = (secret: Secret, scope: Scope) =>
      secret
        .reveal()
        .split(',')
        .map((token) => token.trim())
        .filter((token) => token !== '')
        .map((token) => ({ digest: digestToken(token), scope }));
    this.#digests = [...list(tokens.admin, 'admin'), ...list(tokens.read, 'read')];
  }

  /** Without any token the surface is open (its default address, 127.0.0.1, keeps it to this machine). */
  get configured(): boolean {
    return this.#digests.length > 0;
  }

  scopeOf(token: string): Scope | undefined {
    const digest = digestToken(token);
    // Every digest is compared, so the time taken does not tell which scope (or none) matched.
    let scope: Scope | undefined;
    for (const known of this.#digests) if (sameDigest(known.digest, digest) && scope !== 'admin') scope = known.scope;
    return scope;
  }
}

export interface AccessOptions {
  tokens: AccessTokens;
  /** METRICS_REQUIRE_TOKEN: `/metrics`, `/health` and `/ready` need the read scope too. */
  probesRequireToken: boolean;
  metrics: HttpMetrics;
}

const PROBES = new Set(['/metrics', '/health', '/ready']);

/**
 * What a request needs, by its path and method, so a new route is covered without declaring
 * anything: reading (GET, HEAD) needs read, any other method admin. Open are CORS preflights, the
 * probes (unless METRICS_REQUIRE_TOKEN) and ingest, whose device tokens are checked by its route.
 */
export function requiredScope(method: string, path: string, probesRequireToken: boolean): Scope | undefined {
  if (method === 'OPTIONS' || path.startsWith('/api/ingest/')) return undefined;
  if (PROBES.has(path)) return probesRequireToken ? 'read' : undefined;
  return method === 'GET' || method === 'HEAD' ? 'read' : 'admin';
}

/**
 * Checks every request of `app` (added to the root instance, so it covers all routes): the token
 * comes from `Authorization: Bearer` or, for the browser, the cookie that `/?token=` sets.
 */
export function installAccessControl(app: FastifyInstance, { tokens, probesRequireToken, metrics }: AccessOptions): void {
  app.decorateRequest('scope', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (!tokens.configured) {
      request.scope = 'admin';
      return;
    }
    const given = bearerToken(request.headers.authorization) ?? cookieToken(request.headers.cookie);
    request.scope = given === undefined ? undefined : tokens.scopeOf(given);
    const login = path === '/' && request.method === 'GET' ? (request.query as { token?: unknown }).token : undefined;
    if (typeof login === 'string') return exchangeForCookie(reply, tokens, login, metrics);
    const needed = requiredScope(request.method, path, probesRequireToken);
    if (needed === undefined || request.scope === 'admin' || request.scope === needed) return;
    const status = request.scope === undefined ? 401 : 403;
    metrics.authRefused.inc({ surface: 'api', status: String(status) });
    if (status === 403) return reply.code(403).send({ error: 'forbidden', message: 'This needs the admin scope (ADMIN_TOKEN); the token given has the read scope only.' });
    if (path === '/') return reply.code(401).type('text/html; charset=utf-8').send(LOGIN_PAGE);
    const message =
      given === undefined
        ? 'This needs a token: send `Authorization: Bearer <token>` (READ_TOKEN or ADMIN_TOKEN).'
        : 'The token is not valid.';
    return reply.code(401).header('www-authenticate', 'Bearer realm="sensorplus"').send({ error: 'unauthorized', message });
  });
}

/** `/?token=`: a valid token becomes an HttpOnly cookie and the address loses it (303), so it stays out of the history. */
function exchangeForCookie(reply: FastifyReply, tokens: AccessTokens, token: string, metrics: HttpMetrics) {
  if (tokens.scopeOf(token) === undefined) {
    metrics.authRefused.inc({ surface: 'api', status: '401' });
    return reply.code(401).type('text/html; charset=utf-8').send(LOGIN_PAGE);
  }
  // SameSite=Strict: another site cannot make the browser use it (no cross-site request forgery).
  const cookie = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
  return reply.code(303).header('set-cookie', cookie).header('location', '/').send();
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The page a browser without (or with a wrong) token gets at `/`: a form that sends `/?token=`. */
const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SensorPlus · Sign in</title></head>
<body style="font-family: sans-serif; margin: 3rem">
<h1>SensorPlus live view</h1>
<p>This bridge needs a token (READ_TOKEN, or ADMIN_TOKEN to start and stop the simulator).</p>
<form method="get" action="/"><input type="password" name="token" autocomplete="current-password" size="40" autofocus> <button>Open</button></form>
</body></html>
`;

