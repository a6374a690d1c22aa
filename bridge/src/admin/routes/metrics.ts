import type { FastifyPluginAsync } from 'fastify';
import type { BridgeMetrics } from '../../metrics/bridge-metrics.js';

export const metricsRoutes: FastifyPluginAsync<{ metrics: BridgeMetrics }> = async (app, { metrics }) => {
  app.get('/metrics', async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
};
