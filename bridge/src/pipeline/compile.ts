import type { Profile } from '../profiles/types.js';
import { compileDeviceHint, type MessageInput } from './identity.js';
import type { PipelineOptions } from './options.js';
import { createRateLimiter, type RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { compileStatus, type StatusReader } from './status.js';
import { compileUnmappedKeys, type UnmappedKeys } from './unmapped.js';
import { compileValidator, type MessageValidator } from './validate.js';

/**
 * A profile turned into closures and lookup tables once, at start: no message ever interprets the
 * profile again.
 */
export interface CompiledProfile {
  readonly name: string;
  readonly validate: MessageValidator;
  readonly unmappedKeys: UnmappedKeys;
  readonly deviceHint: (input: Omit<MessageInput, 'payload'>) => string | undefined;
  readonly status: StatusReader | undefined;
  /** The profile's own limit, else the pipeline's; null when off. */
  readonly rateLimit: RateLimitOptions | null;
  readonly limiter: RateLimiter | null;
}

export function compileProfile(profile: Profile, options: PipelineOptions): CompiledProfile {
  const rateLimit = profile.rateLimit ?? options.rateLimit;
  return {
    name: profile.name,
    validate: compileValidator(profile),
    unmappedKeys: compileUnmappedKeys(profile),
    deviceHint: compileDeviceHint(profile.tags.find((t) => t.name === profile.deviceTag)!),
    status: profile.status && compileStatus(profile, profile.status, options.maxPayloadBytes),
    rateLimit,
    limiter: rateLimit ? createRateLimiter(rateLimit) : null,
  };
}
