import type { FastifyPluginAsync } from 'fastify';
import { parseArchiveQuery } from './api-query.js';
import type { WindowQuery } from './mysql/store.js';
import { toCsv, toView } from './present.js';
import type { WindowRow } from './rows.js';
import type { ArchiveTier } from './settings.js';

export interface ArchiveApiOptions {
  tiers: readonly ArchiveTier[];
  now: () => number;
  /** Runs the parameterised query; throws when MySQL cannot answer. */
  query: (q: WindowQuery) => Promise<WindowRow[]>;
  onError: (error: unknown) => void;
}

/**
 * `GET /api/archive?device=&site=&field=&tier=&from=&to=&format=json|csv&limit=`: one device's
 * windows, oldest first. 400 with a sentence for bad parameters, 503 while MySQL cannot answer.
 */
export function archiveRoutes(options: ArchiveApiOptions): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/archive', async (request, reply) => {
      const parsed = parseArchiveQuery(request.query as Record<string, unknown>, options.tiers, options.now());
      if (!parsed.ok) return reply.code(400).send({ error: 'bad_request', message: parsed.message });
      const q = parsed.value;
      let rows: WindowRow[];
      try {
        // One row more than asked tells whether the answer was cut.
        rows = await options.query({ tier: q.tier, device: q.device, site: q.site, field: q.field, from: q.from, to: q.to, limit: q.limit + 1 });
      } catch (error) {
        options.onError(error);
        return reply.code(503).send({ error: 'archive_unavailable', message: 'The archive database does not answer; try again later.' });
      }
      const truncated = rows.length > q.limit;
      if (truncated) rows = rows.slice(0, q.limit);
      reply.header('x-sensorplus-truncated', String(truncated));
      if (q.format === 'csv') {
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="archive-${q.device}-${q.tier}.csv"`)
          .send(toCsv(rows));
      }
      return {
        device: q.device,
        tier: q.tier,
        from: new Date(q.from).toISOString(),
        to: new Date(q.to).toISOString(),
        count: rows.length,
        truncated,
        windows: rows.map(toView),
      };
    });
  };
}
