import { Ajv } from 'ajv';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { isIdentifier } from '../pipeline/identifiers.js';
import { parseArchiveQuery } from './api-query.js';
import type { WindowQuery } from './mysql/store.js';
import { toCsv, toView } from './present.js';
import { REPORTS, isReport, parseReportQuery, reportCsv, reportRows, type ReportQuery } from './reports.js';
import type { WindowRow } from './rows.js';
import type { ArchiveTier } from './settings.js';
import { TARIFF_BODY_SCHEMA, tariffFromBody, tariffView, type Tariff, type TariffBody } from './tariffs.js';

export interface ArchiveApiOptions {
  tiers: readonly ArchiveTier[];
  now: () => number;
  /** Runs the parameterised query; throws when MySQL cannot answer. */
  query: (q: WindowQuery) => Promise<WindowRow[]>;
  /** One of the report views (reports.ts). */
  report: (q: ReportQuery) => Promise<Array<Record<string, unknown>>>;
  tariffs: () => Promise<Tariff[]>;
  /** Stores a tariff; a string says why it conflicts with what is stored or final (409). */
  putTariff: (tariff: Tariff) => Promise<string | undefined>;
  onError: (error: unknown) => void;
}

/**
 * The tariff body is checked as written: fastify's own validator would drop unknown keys and turn
 * "8" into 8, so a misspelt `peakRate` would silently store a tariff without its peak.
 */
const strictBody = new Ajv({ allErrors: false, removeAdditional: false, coerceTypes: false });

/** The database does not answer: the archive waits for it, the request can be retried. */
function unavailable(reply: FastifyReply, options: ArchiveApiOptions, error: unknown) {
  options.onError(error);
  return reply.code(503).send({ error: 'archive_unavailable', message: 'The archive database does not answer; try again later.' });
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
        return unavailable(reply, options, error);
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

    /** The original systems' reports: `GET /api/archive/daily_consumption?from=2026-11-01&to=2026-12-01&format=csv`. */
    app.get<{ Params: { report: string } }>('/api/archive/:report', async (request, reply) => {
      const name = request.params.report;
      if (!isReport(name)) return reply.code(404).send({ error: 'not_found', message: `no report ${JSON.stringify(name)}; reports: ${Object.keys(REPORTS).join(', ')}` });
      const parsed = parseReportQuery(name, request.query as Record<string, unknown>, options.now());
      if (!parsed.ok) return reply.code(400).send({ error: 'bad_request', message: parsed.message });
      const q = parsed.value;
      let raw: Array<Record<string, unknown>>;
      try {
        raw = await options.report({ ...q, limit: q.limit + 1 });
      } catch (error) {
        return unavailable(reply, options, error);
      }
      const truncated = raw.length > q.limit;
      const rows = reportRows(name, raw.slice(0, q.limit));
      reply.header('x-sensorplus-truncated', String(truncated));
      if (q.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(reportCsv(name, rows));
      }
      return { report: name, count: rows.length, truncated, rows };
    });

    app.get('/api/tariffs', async (_request, reply) => {
      try {
        return { tariffs: (await options.tariffs()).map(tariffView) };
      } catch (error) {
        return unavailable(reply, options, error);
      }
    });

    /** Adds a tariff from `effectiveFrom` on (admin scope, as every non-GET route: admin/auth.ts). */
    app.put<{ Body: TariffBody }>('/api/tariffs', { schema: { body: TARIFF_BODY_SCHEMA }, validatorCompiler: ({ schema }) => strictBody.compile(schema) }, async (request, reply) => {
      const base = options.tiers[0]!;
      const tariff = tariffFromBody(request.body, base.ms, options.now(), isIdentifier);
      if (typeof tariff === 'string') return reply.code(400).send({ error: 'bad_request', message: tariff });
      let conflict: string | undefined;
      try {
        conflict = await options.putTariff(tariff);
      } catch (error) {
        return unavailable(reply, options, error);
      }
      if (conflict) return reply.code(409).send({ error: 'tariff_conflict', message: conflict });
      return reply.code(201).send(tariffView(tariff));
    });
  };
}
