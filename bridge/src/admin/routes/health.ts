import type { FastifyPluginAsync } from 'fastify';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export type ReadinessCheck = () => ReadinessReport;

/** `/health`: the process is alive. `/ready`: broker connected, sinks writable, queue below its limit. */
export const healthRoutes: FastifyPluginAsync<{ readiness: ReadinessCheck }> = async (app, { readiness }) => {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const report = readiness();
    return reply.code(report.ready ? 200 : 503).send(report);
  });
};
