import type { Reading } from '../model/reading.js';
import type { StageRejection } from '../model/rejection.js';
import type { Profile } from '../profiles/types.js';
import { compileProfile, type CompiledProfile } from './compile.js';
import { decodePayload, type JsonObject } from './decode.js';
import type { MessageInput, RequestParams } from './identity.js';
import { normaliseMessage } from './normalise.js';
import { checkPipelineOptions, type PipelineOptions } from './options.js';
import { deviceKey, rateLimited } from './rate-limit.js';
import type { DeviceStatus } from './status.js';
import { jsonTypeOf, quote } from './text.js';
import { compilePattern, createTopicRouter, type TopicLevels, type TopicRouter } from './topic.js';

export { DEFAULT_PIPELINE_OPTIONS, type PipelineOptions } from './options.js';
export { IDENTIFIER_PATTERN, isIdentifier } from './identifiers.js';
export type { DeviceStatus } from './status.js';
export type { RequestParams } from './identity.js';

/** An accepted message: the reading, and what the bridge learnt about its device on the way. */
export interface Accepted {
  ok: true;
  value: Reading;
  /** The profile that read it. */
  profile: string;
  /** The device's id (the value of its profile's device tag). */
  device: string;
  /** Payload keys the profile neither maps nor ignores (dotted paths); absent when there are none. */
  unmappedKeys?: readonly string[];
  /** Set by a status message: the device said it is online or offline. */
  status?: DeviceStatus;
}

export type ProcessResult = Accepted | { ok: false; rejection: StageRejection; device?: string };

export interface Pipeline {
  /** An MQTT message: decode → topic → validate → normalise → rate limit. Never throws, whatever bytes arrive. */
  process(topic: string, payload: Uint8Array, receivedAt: number): ProcessResult;
  /**
   * A reading posted to an HTTP route (`POST /api/ingest/{route}`): the same stages after the topic,
   * with the request's parameters where a profile reads `param` (e.g. `?device=plug-7`). `payload`
   * is the body's bytes, or the value a JSON body parser made of it. Never throws.
   */
  ingest(route: string, payload: Uint8Array | unknown, receivedAt: number, params: RequestParams): ProcessResult;
}

type Route = { profile: CompiledProfile; status: boolean };

/**
 * Builds the pipeline from checked profiles (profiles/load.ts). Options are checked here, and an Error
 * with every problem is thrown when they are wrong (a start-up error); after that, `process` and
 * `ingest` only ever return.
 */
export function createPipeline(given: PipelineOptions, profiles: readonly Profile[]): Pipeline {
  checkPipelineOptions(given);
  // A private copy: a caller changing its object later must not change rules mid-flight.
  const options: PipelineOptions = { ...given, rateLimit: given.rateLimit && { ...given.rateLimit } };
  const compiled = profiles.map((profile) => ({ profile, compiled: compileProfile(profile, options) }));
  const router = createTopicRouter<Route>(
    compiled.flatMap(({ profile, compiled: c }) => [
      ...(profile.topic === undefined ? [] : [{ pattern: compilePattern(profile.topic), target: { profile: c, status: false } }]),
      ...(profile.status === undefined ? [] : [{ pattern: compilePattern(profile.status.topic), target: { profile: c, status: true } }]),
    ]),
  );
  const routes = new Map(compiled.flatMap(({ profile, compiled: c }) => (profile.route === undefined ? [] : [[profile.route, c] as const])));
  return {
    process(topic, payload, receivedAt) {
      try {
        return processMqtt(options, router, topic, payload, receivedAt);
      } catch {
        return internalError();
      }
    },
    ingest(route, payload, receivedAt, params) {
      try {
        return processHttp(options, routes, route, payload, receivedAt, params);
      } catch {
        return internalError();
      }
    },
  };
}

function processMqtt(options: PipelineOptions, router: TopicRouter<Route>, topic: string, payload: Uint8Array, receivedAt: number): ProcessResult {
  if (typeof topic !== 'string' || !(payload instanceof Uint8Array) || !Number.isFinite(receivedAt)) return internalError();
  const match = router.match(topic);
  if (match.ok && match.value.route.target.status) return processStatus(match.value.route.target.profile, match.value.levels, payload, receivedAt);
  const decoded = decodePayload(payload, options.maxPayloadBytes);
  const levels: TopicLevels = match.ok ? match.value.levels : {};
  if (!decoded.ok) return refuse(decoded.rejection, match.ok ? match.value.route.target.profile.deviceHint({ levels, params: NO_PARAMS }) : undefined);
  if (!match.ok) return refuse(match.rejection, undefined);
  return processReading(options, match.value.route.target.profile, { levels, params: NO_PARAMS, payload: decoded.value }, receivedAt);
}

function processHttp(
  options: PipelineOptions,
  routes: ReadonlyMap<string, CompiledProfile>,
  route: string,
  payload: unknown,
  receivedAt: number,
  params: RequestParams,
): ProcessResult {
  if (typeof route !== 'string' || typeof params !== 'object' || params === null || !Number.isFinite(receivedAt)) return internalError();
  const profile = routes.get(route);
  if (!profile) {
    const known = routes.size > 0 ? `; routes: ${[...routes.keys()].join(', ')}` : '';
    return refuse({ reason: 'no_profile', detail: `route ${quote(route, 80)} matches no profile${known}.` }, undefined);
  }
  const hint = profile.deviceHint({ levels: NO_LEVELS, params });
  let body: JsonObject;
  if (payload instanceof Uint8Array) {
    const decoded = decodePayload(payload, options.maxPayloadBytes);
    if (!decoded.ok) return refuse(decoded.rejection, hint);
    body = decoded.value;
  } else if (typeof payload === 'object' && payload !== null && !Array.isArray(payload)) {
    body = payload as JsonObject;
  } else {
    return refuse({ reason: 'schema', detail: `payload is ${jsonTypeOf(payload)}, not a JSON object.` }, hint);
  }
  return processReading(options, profile, { levels: NO_LEVELS, params, payload: body }, receivedAt);
}

const NO_LEVELS: TopicLevels = Object.freeze({});
const NO_PARAMS: RequestParams = Object.freeze({});

function processReading(options: PipelineOptions, profile: CompiledProfile, input: MessageInput, receivedAt: number): ProcessResult {
  const window = { maxFutureSkewMs: options.maxFutureSkewMs, maxPastAgeMs: options.maxPastAgeMs };
  const valid = profile.validate(input, { window, receivedAt });
  if (!valid.ok) return refuse(valid.rejection, profile.deviceHint(input));
  const reading = normaliseMessage(valid.value);
  if (!reading.ok) return refuse(reading.rejection, valid.value.device);
  const { site, device, ts } = valid.value;
  // Judged by the reading's own time, so a backlog sent at a legal rate is not refused for arriving at once.
  const limited = checkRate(profile, site, device, ts);
  if (limited) return limited;
  const unmappedKeys = profile.unmappedKeys(input.payload);
  const accepted: Accepted = { ok: true, value: reading.value, profile: profile.name, device };
  if (unmappedKeys) accepted.unmappedKeys = unmappedKeys;
  return accepted;
}

function processStatus(profile: CompiledProfile, levels: TopicLevels, payload: Uint8Array, receivedAt: number): ProcessResult {
  const result = profile.status!(levels, payload, receivedAt);
  if (!result.ok) return refuse(result.rejection, profile.deviceHint({ levels, params: NO_PARAMS }));
  const { reading, device, status } = result.value;
  const limited = checkRate(profile, reading.tags.site!, device, reading.ts);
  if (limited) return limited;
  return { ok: true, value: reading, profile: profile.name, device, status };
}

function checkRate(profile: CompiledProfile, site: string, device: string, ts: number): ProcessResult | undefined {
  if (!profile.limiter || !profile.rateLimit || profile.limiter.take(deviceKey(profile.name, site, device), ts)) return undefined;
  return refuse(rateLimited(site, device, profile.rateLimit), device);
}

function refuse(rejection: StageRejection, device: string | undefined): ProcessResult {
  return device === undefined ? { ok: false, rejection } : { ok: false, rejection, device };
}

/**
 * What a stage that threw returns: unreachable by design (the fuzz tests hold it to that); a bug
 * must cost one message, not the bridge. No device hint here: working it out could be what failed.
 */
function internalError(): ProcessResult {
  const detail = 'the bridge could not process this message because of an internal error; please report it with the payload.';
  return { ok: false, rejection: { reason: 'internal_error', detail } };
}
