import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { SecretMask } from '../model/redact.js';
import type { DeviceRegistry } from '../devices/device-registry.js';
import type { RejectionLog } from '../rejections/rejection-log.js';
import type { BridgeMetrics } from '../metrics/bridge-metrics.js';
import type { HttpMetrics } from '../metrics/http-metrics.js';
import { installAccessControl, type AccessTokens } from './auth.js';
import { devicesRoutes } from './routes/devices.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { rejectionsRoutes } from './routes/rejections.js';

/** Who may use the surface and from where (config.http). */
export interface AdminAccess {
  tokens: AccessTokens;
  /** METRICS_REQUIRE_TOKEN. */
  probesRequireToken: boolean;
  /** API_RATE_LIMIT_PER_MINUTE: requests to `/api/*` per client address, ingest excepted (it has the per-device limit). */
  rateLimitPerMinute: number;
  /** CORS_ORIGINS: the only origins a browser page may call the API from; none by default. */
  corsOrigins: readonly string[];
}

export interface AdminDependencies {
  metrics: BridgeMetrics;
  httpMetrics: HttpMetrics;
  access: AdminAccess;
  devices: DeviceRegistry;
  rejections: RejectionLog;
  readiness: ReadinessCheck;
  logger: Logger;
  /** Masks credentials in every answer: a readiness detail or archive error may quote a library's message. */
  secrets: SecretMask;
  /** Extra route plugins (e.g. the archive API), registered after the built-in ones. */
  plugins?: Array<(app: FastifyInstance) => Promise<void>>;
}

/** Builds the admin HTTP surface without listening, so tests can `inject()` requests. */
export async function buildAdminServer(deps: AdminDependencies): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = deps.logger.child({ component: 'http' });
  // No per-request log lines: Prometheus scrapes every few seconds.
  const app = Fastify({ loggerInstance, logController: new LogController({ disableRequestLogging: true }) });
  app.addHook('onSend', async (_request, _reply, payload) => (typeof payload === 'string' ? deps.secrets.mask(payload) : payload));
  const { access } = deps;
  // The live view is the bridge's own bundle: scripts from this origin only; its styles are partly inline.
  await app.register(helmet, { contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } });
  // Before the token check, so guessing tokens is limited too.
  await app.register(rateLimit, {
    max: access.rateLimitPerMinute,
    timeWindow: 60_000,
    allowList: (request) => !request.url.startsWith('/api/') || request.url.startsWith('/api/ingest/'),
  });
  if (access.corsOrigins.length > 0) await app.register(cors, { origin: [...access.corsOrigins] });
  installAccessControl(app, { tokens: access.tokens, probesRequireToken: access.probesRequireToken, metrics: deps.httpMetrics });
  await app.register(healthRoutes, { readiness: deps.readiness });
  await app.register(metricsRoutes, { metrics: deps.metrics });
  await app.register(devicesRoutes, { devices: deps.devices });
  await app.register(rejectionsRoutes, { rejections: deps.rejections });
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  return app;
}
