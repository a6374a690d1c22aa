import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from '../../auth/token-digest.js';
import type { IngestTokens } from '../../ingest/ingest-tokens.js';
import type { Intake } from '../../intake/intake.js';
import type { HttpMetrics } from '../../metrics/http-metrics.js';
import type { RejectionReason } from '../../model/rejection.js';
import type { Accepted, Pipeline, ProcessResult, RequestParams } from '../../pipeline/index.js';
import { secondsUntilNextWindow, type RateLimitOptions } from '../../pipeline/rate-limit.js';

export interface IngestRouteOptions {
  pipeline: Pipeline;
  intake: Intake;
  tokens: IngestTokens;
  /** INGEST_MAX_BODY_BYTES: the whole body; each reading also obeys MAX_PAYLOAD_BYTES. */
  maxBodyBytes: number;
  /** The per-device limit of the profile with this route, for Retry-After; null when there is none. */
  rateLimitOf: (route: string) => RateLimitOptions | null;
  metrics: HttpMetrics;
}

/** While the queue is full a client is told to come back later rather than held open past its timeout. */
const QUEUE_FULL_RETRY_SECONDS = 5;

type Params = { route: string };

/**
 * `POST /api/ingest/{route}`: readings from devices without MQTT, as one JSON object or an array
 * of them (a batch, all or nothing). The device token is checked before the body is read; each
 * reading then goes through the pipeline and, once all of them passed, through the intake into the
 * durable queue, which has written them when 202 is answered. Refusals go to the same rejection
 * log and metrics as MQTT's.
 */
export const ingestRoutes: FastifyPluginAsync<IngestRouteOptions> = async (app, options) => {
  const { pipeline, intake, tokens, metrics } = options;
  // The raw bytes, so that each reading is held to MAX_PAYLOAD_BYTES and decoded exactly as over MQTT.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_request, body, done) => done(null, body));
  app.addHook('onResponse', async (_request, reply) => {
    metrics.ingestRequests.inc({ status: String(reply.statusCode) });
  });

  const refuseBody = (request: FastifyRequest, reply: FastifyReply, reason: RejectionReason, status: number, detail: string) => {
    const payloadBytes = Number(request.headers['content-length']) || 0;
    // The body was never read: the rejection records its size, with no excerpt.
    void intake.settle({ ok: false, rejection: { reason, detail } }, { topic: request.url, payload: new Uint8Array(0), receivedAt: Date.now() });
    return reply.code(status).send({ error: reason, message: detail, ...(payloadBytes > 0 ? { bytes: payloadBytes } : {}) });
  };

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return refuseBody(request, reply, 'too_large', 413, `the body is above the ${options.maxBodyBytes}-byte limit (INGEST_MAX_BODY_BYTES); send fewer readings per request.`);
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return refuseBody(request, reply, 'invalid_json', 415, notJson(request));
    return reply.send(error);
  });

  app.post<{ Params: Params }>(
    '/api/ingest/:route',
    {
      // Before the body is read: a caller without a valid token costs a header check, nothing more.
      onRequest: async (request, reply) => {
        const verdict = tokens.authorise(request.params.route, bearerToken(request.headers.authorization), request.query as RequestParams);
        if (verdict.ok) return;
        metrics.authRefused.inc({ surface: 'ingest', status: String(verdict.status) });
        if (verdict.status === 401) void reply.header('www-authenticate', 'Bearer realm="ingest"');
        return reply.code(verdict.status).send({ error: verdict.status === 401 ? 'unauthorized' : 'forbidden', message: verdict.message });
      },
    },
    async (request, reply) => {
      const body = request.body as Buffer | undefined;
      if (body === undefined) return refuseBody(request, reply, 'invalid_json', 415, notJson(request));
      if (!intake.queueReadiness().ok) {
        return reply
          .code(503)
          .header('retry-after', String(QUEUE_FULL_RETRY_SECONDS))
          .send({ error: 'queue_full', message: 'The bridge queue is full while its databases catch up; nothing was stored, send again after Retry-After.' });
      }
      const { route } = request.params;
      const params = request.query as RequestParams;
      const receivedAt = Date.now();
      const readings = splitBatch(body);
      if (readings.length === 0) return refuseBody(request, reply, 'schema', 400, 'the batch is empty; send one reading object or an array of them.');
      // All or nothing: every reading is judged before any is queued.
      const results: Accepted[] = [];
      for (const [index, payload] of readings.entries()) {
        const result = pipeline.ingest(route, payload, receivedAt, params);
        if (!result.ok) return refuseReading(reply, result, { index: readings.batch ? index : undefined, route, payload, receivedAt, url: request.url });
        results.push(result);
      }
      try {
        // settle waits while the queue is full (a batch that fills it): the same backpressure as MQTT.
        for (const [index, result] of results.entries()) await intake.settle(result, { topic: request.url, payload: readings[index]!, receivedAt });
      } catch {
        return reply.code(503).header('retry-after', String(QUEUE_FULL_RETRY_SECONDS)).send({ error: 'stopping', message: 'The bridge is stopping; readings not yet answered were not stored.' });
      }
      return reply.code(202).send({ accepted: results.length });
    },
  );

  function refuseReading(
    reply: FastifyReply,
    refused: Extract<ProcessResult, { ok: false }>,
    at: { index: number | undefined; route: string; payload: Uint8Array; receivedAt: number; url: string },
  ) {
    const { reason, detail } = refused.rejection;
    const where = at.index === undefined ? {} : { index: at.index };
    const answer = { error: reason, message: at.index === undefined ? detail : `reading ${at.index}: ${detail}`, ...where, ...(refused.device ? { device: refused.device } : {}) };
    if (reason === 'rate_limited') {
      // A client retries a 429 (Retry-After): not a refusal of the reading, so not in the rejection log.
      const limit = options.rateLimitOf(at.route);
      return reply.code(429).header('retry-after', String(limit ? secondsUntilNextWindow(limit, Date.now()) : 1)).send(answer);
    }
    void intake.settle(refused, { topic: at.url, payload: at.payload, receivedAt: at.receivedAt });
    return reply.code(STATUS_OF[reason] ?? 400).send(answer);
  }
};

const STATUS_OF: Partial<Record<RejectionReason, number>> = { too_large: 413, internal_error: 500 };

function notJson(request: FastifyRequest): string {
  const type = request.headers['content-type'];
  return `the body is ${type ? `sent as ${type}` : 'missing or has no Content-Type'}; send JSON with Content-Type: application/json.`;
}

const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const OPENING_BRACKET = 0x5b;

/** A body starting with `[` is a batch: each element becomes a payload of its own, re-encoded so the pipeline decodes and size-checks it. */
function splitBatch(body: Buffer): Uint8Array[] & { batch?: true } {
  if (body.find((byte) => !JSON_WHITESPACE.has(byte)) !== OPENING_BRACKET) return [body];
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return [body]; // not JSON: the pipeline says so (invalid_json)
  }
  if (!Array.isArray(parsed)) return [body];
  return Object.assign(
    parsed.map((element) => Buffer.from(JSON.stringify(element))),
    { batch: true as const },
  );
}
