import type { FastifyPluginAsync } from 'fastify';

const TIMEOUT_MS = 3000;

/**
 * `/api/simulator`: the simulator's control endpoint (SIMULATOR_CONTROL_URL), passed through so the
 * live view can show whether it runs and start or stop it. GET answers `{ running, … }`; POST
 * `{ "running": true | false }` starts or pauses publishing: a change, so it needs the admin scope
 * when tokens are configured (admin/auth.ts). Without a control URL every request is a 404.
 */
export const simulatorRoutes: FastifyPluginAsync<{ controlUrl: string | undefined }> = async (app, { controlUrl }) => {
  const forward = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${controlUrl}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  app.get('/api/simulator', async (_request, reply) => {
    if (!controlUrl) return reply.code(404).send({ error: 'not_configured', message: 'This bridge controls no simulator (SIMULATOR_CONTROL_URL is empty).' });
    const answer = await forward('/status').catch(() => undefined);
    if (!answer) return reply.code(502).send({ error: 'unreachable', message: 'The simulator does not answer (it may be restarting).' });
    return reply.code(answer.status).send(answer.body);
  });

  app.post(
    '/api/simulator',
    { schema: { body: { type: 'object', additionalProperties: false, required: ['running'], properties: { running: { type: 'boolean' } } } } },
    async (request, reply) => {
      if (!controlUrl) return reply.code(404).send({ error: 'not_configured', message: 'This bridge controls no simulator (SIMULATOR_CONTROL_URL is empty).' });
      const { running } = request.body as { running: boolean };
      const answer = await forward(running ? '/start' : '/stop', { method: 'POST' }).catch(() => undefined);
      if (!answer) return reply.code(502).send({ error: 'unreachable', message: 'The simulator does not answer (it may be restarting).' });
      return reply.code(answer.status).send(answer.body);
    },
  );
};
