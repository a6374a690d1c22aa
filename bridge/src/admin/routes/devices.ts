import type { FastifyPluginAsync } from 'fastify';
import { DEVICE_STATUSES, type DeviceRegistry } from '../../devices/device-registry.js';

const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$';

/** Last seen, last values, online/stale/offline and unmapped keys per device. */
export const devicesRoutes: FastifyPluginAsync<{ devices: DeviceRegistry }> = async (app, { devices }) => {
  app.get(
    '/api/devices',
    {
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            profile: { type: 'string', pattern: ID_PATTERN },
            site: { type: 'string', pattern: ID_PATTERN },
            room: { type: 'string', pattern: ID_PATTERN },
            kind: { type: 'string', pattern: ID_PATTERN },
            status: { type: 'string', enum: DEVICE_STATUSES },
          },
        },
      },
    },
    async (request) => {
      const filter = request.query as { profile?: string; site?: string; room?: string; kind?: string; status?: string };
      const list = devices
        .list(Date.now())
        .filter(
          (d) =>
            (!filter.profile || d.profile === filter.profile) &&
            (!filter.site || d.site === filter.site) &&
            (!filter.room || d.tags?.room === filter.room) &&
            (!filter.kind || d.kind === filter.kind) &&
            (!filter.status || d.status === filter.status),
        );
      return { count: list.length, devices: list };
    },
  );
  app.get(
    '/api/devices/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', pattern: ID_PATTERN } }, required: ['id'] },
        querystring: { type: 'object', additionalProperties: false, properties: { site: { type: 'string', pattern: ID_PATTERN } } },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { site } = request.query as { site?: string };
      const device = devices.find(id, Date.now(), site);
      if (!device) return reply.code(404).send({ error: 'not_found', message: `No message from device "${id}" since the bridge started.` });
      return device;
    },
  );
};
