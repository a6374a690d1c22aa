import type { FastifyPluginAsync } from 'fastify';
import type { DeviceRegistry } from '../../devices/device-registry.js';
import { influxQuery, quoteIdentifier, quoteString, type InfluxConnection } from '../../influx/index.js';

const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$';
const MAX_POINTS = 10_000;

/** One stored reading: its time and fields (quality included). */
export interface HistoryPoint {
  ts: number;
  fields: Record<string, unknown>;
}

/**
 * `/api/devices/:id/history?minutes=`: a device's readings from InfluxDB over the last minutes,
 * oldest first. The registry says which measurement and tags the device writes, so this works for
 * every device family; a device the bridge has not heard from since it started is a 404.
 */
export const deviceHistoryRoutes: FastifyPluginAsync<{ devices: DeviceRegistry; influx: InfluxConnection }> = async (app, { devices, influx }) => {
  app.get(
    '/api/devices/:id/history',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', pattern: ID_PATTERN } }, required: ['id'] },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            site: { type: 'string', pattern: ID_PATTERN },
            minutes: { type: 'integer', minimum: 1, maximum: 7 * 24 * 60, default: 60 },
          },
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { site, minutes } = request.query as { site?: string; minutes: number };
      const device = devices.find(id, Date.now(), site);
      if (!device?.kind || !device.tags) {
        return reply.code(404).send({ error: 'not_found', message: `No reading from device "${id}" since the bridge started.` });
      }
      // The tag that carries the device's id: `device`, or the one its profile names (e.g. `machine`).
      const idTag = 'device' in device.tags ? 'device' : (Object.keys(device.tags).find((tag) => device.tags![tag] === id) ?? 'device');
      const query =
        `SELECT *::field FROM ${quoteIdentifier(device.kind)} WHERE ${quoteIdentifier('site')} = ${quoteString(device.site)} ` +
        `AND ${quoteIdentifier(idTag)} = ${quoteString(id)} AND time > now() - ${minutes}m ORDER BY time ASC LIMIT ${MAX_POINTS}`;
      const series = await influxQuery(influx, query);
      const points: HistoryPoint[] = series.flatMap(({ columns, values }) =>
        values.map((row) => ({
          ts: Number(row[0]),
          fields: Object.fromEntries(columns.slice(1).flatMap((name, i) => (row[i + 1] === null ? [] : [[name, row[i + 1]]]))),
        })),
      );
      return { device: id, site: device.site, measurement: device.kind, minutes, points };
    },
  );
};
