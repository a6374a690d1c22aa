import type { FastifyPluginAsync } from 'fastify';
import type { StreamHub } from '../../live/stream-hub.js';

/**
 * `/api/stream`: Server-Sent Events (see StreamHub). The reply is taken over from fastify: the
 * hub writes to the socket for as long as the client stays.
 */
export const streamRoutes: FastifyPluginAsync<{ hub: StreamHub }> = async (app, { hub }) => {
  app.get('/api/stream', (request, reply) => {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies such as nginx would otherwise buffer the stream.
      'x-accel-buffering': 'no',
    });
    const leave = hub.connect(response);
    if (!leave) {
      response.end(`event: refused\ndata: ${JSON.stringify({ error: 'too_many_clients' })}\n\n`);
      return;
    }
    request.raw.socket.setNoDelay(true);
    response.on('close', leave);
  });
};
