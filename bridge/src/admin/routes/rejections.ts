import type { FastifyPluginAsync } from 'fastify';
import { REJECTION_REASONS } from '../../model/rejection.js';
import type { RejectionLog } from '../../rejections/rejection-log.js';

/** The most recent rejected messages with their reason, newest first; payload excerpts (device data) for the admin scope only. */
export const rejectionsRoutes: FastifyPluginAsync<{ rejections: RejectionLog }> = async (app, { rejections }) => {
  app.get(
    '/api/rejections',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 100 },
            reason: { type: 'string', enum: [...REJECTION_REASONS] },
          },
        },
      },
    },
    async (request) => {
      const { limit, reason } = request.query as { limit: number; reason?: string };
      const recent = rejections.recent(limit, reason);
      const shown = request.scope === 'admin' ? recent : recent.map(({ payloadExcerpt: _hidden, ...rest }) => rest);
      return { total: rejections.total, count: shown.length, rejections: shown };
    },
  );
};
