import type { Reading } from '../model/reading.js';
import type { StageRejection } from '../model/rejection.js';
import { decodePayload } from './decode.js';
import { isIdentifier } from './identifiers.js';
import { normaliseMessage } from './normalise.js';
import { checkPipelineOptions, type PipelineOptions } from './options.js';
import { createProfileRegistry, describeProfiles as describeProfileTable, type ProfileRegistry } from './profile-registry.js';
import { DEFAULT_PROFILES, type KindProfile } from './profiles.js';
import { createRateLimiter, deviceKey, rateLimited, type RateLimiter } from './rate-limit.js';
import { parseTopic } from './topic.js';
import { validateMessage } from './validate.js';

export { DEFAULT_PIPELINE_OPTIONS, type PipelineOptions } from './options.js';
export { DEFAULT_PROFILES, type FieldProfile, type KindProfile, type UnitConversion } from './profiles.js';
export { IDENTIFIER_PATTERN, isIdentifier } from './identifiers.js';

export type ProcessResult = { ok: true; value: Reading } | { ok: false; rejection: StageRejection; device?: string };

export interface Pipeline {
  /** decode → topic → validate → normalise → rate limit. Never throws, whatever bytes arrive. */
  process(topic: string, payload: Uint8Array, receivedAt: number): ProcessResult;
}

/**
 * Builds the pipeline. Options and profiles are checked here, and an Error with every problem is
 * thrown when they are wrong (a start-up error); after that, `process` only ever returns.
 */
export function createPipeline(given: PipelineOptions, profiles: readonly KindProfile[] = DEFAULT_PROFILES): Pipeline {
  checkPipelineOptions(given);
  // A private copy: a caller changing its object later must not change rules mid-flight.
  const options: PipelineOptions = { ...given, rateLimit: given.rateLimit && { ...given.rateLimit } };
  const registry = createProfileRegistry(profiles);
  const limiter = options.rateLimit ? createRateLimiter(options.rateLimit) : null;
  return {
    process(topic, payload, receivedAt) {
      try {
        return run(options, registry, limiter, topic, payload, receivedAt);
      } catch {
        // Unreachable by design (the fuzz tests hold it to that); a bug must cost one message, not the bridge.
        return internalError();
      }
    },
  };
}

/** The kinds, fields, units and ranges as a Markdown table (README, operators). */
export function describeProfiles(profiles: readonly KindProfile[] = DEFAULT_PROFILES): string {
  return describeProfileTable(profiles);
}

function run(
  options: PipelineOptions,
  registry: ProfileRegistry,
  limiter: RateLimiter | null,
  topic: string,
  payload: Uint8Array,
  receivedAt: number,
): ProcessResult {
  if (typeof topic !== 'string' || !(payload instanceof Uint8Array) || !Number.isFinite(receivedAt)) return internalError();
  const decoded = decodePayload(payload, options.maxPayloadBytes);
  if (!decoded.ok) return refuse(decoded.rejection, deviceFromTopic(topic));
  const parts = parseTopic(topic);
  if (!parts.ok) return refuse(parts.rejection, undefined);
  const window = { maxFutureSkewMs: options.maxFutureSkewMs, maxPastAgeMs: options.maxPastAgeMs };
  const valid = validateMessage(parts.value, decoded.value, { registry, window, receivedAt });
  if (!valid.ok) return refuse(valid.rejection, deviceFromTopic(topic));
  const reading = normaliseMessage(valid.value);
  if (!reading.ok) return refuse(reading.rejection, valid.value.device);
  const { site, device, ts } = reading.value;
  // Judged by the reading's own time, so a backlog sent at a legal rate is not refused for arriving at once.
  if (limiter && options.rateLimit && !limiter.take(deviceKey(site, device), ts)) {
    return refuse(rateLimited(site, device, options.rateLimit), device);
  }
  return reading;
}

/** The topic's deviceId, only when it is a valid identifier: rejections may become labels and log fields. */
function deviceFromTopic(topic: string): string | undefined {
  const parts = parseTopic(topic);
  return parts.ok && isIdentifier(parts.value.deviceId) ? parts.value.deviceId : undefined;
}

function refuse(rejection: StageRejection, device: string | undefined): ProcessResult {
  return device === undefined ? { ok: false, rejection } : { ok: false, rejection, device };
}

// No device hint here: working it out could be what failed.
function internalError(): ProcessResult {
  const detail = 'the bridge could not process this message because of an internal error; please report it with the payload.';
  return { ok: false, rejection: { reason: 'internal_error', detail } };
}
