import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { SecretMask } from '../model/redact.js';
import type { DeviceRegistry } from '../devices/device-registry.js';
import type { RejectionLog } from '../rejections/rejection-log.js';
import type { BridgeMetrics } from '../metrics/bridge-metrics.js';
import { devicesRoutes } from './routes/devices.js';
import { healthRoutes, type ReadinessCheck } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { rejectionsRoutes } from './routes/rejections.js';

export interface AdminDependencies {
  metrics: BridgeMetrics;
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
  await app.register(healthRoutes, { readiness: deps.readiness });
  await app.register(metricsRoutes, { metrics: deps.metrics });
  await app.register(devicesRoutes, { devices: deps.devices });
  await app.register(rejectionsRoutes, { rejections: deps.rejections });
  for (const plugin of deps.plugins ?? []) await app.register(plugin);
  return app;
}
