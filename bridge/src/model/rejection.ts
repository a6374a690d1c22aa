/**
 * Why a message was refused. A small fixed set: these become metric label values,
 * so they never carry free text (the detail does).
 */
export const REJECTION_REASONS = [
  'invalid_json',
  'schema',
  'unknown_kind',
  'invalid_topic',
  // The topic (or HTTP route) belongs to no loaded profile.
  'no_profile',
  'topic_mismatch',
  'invalid_identifier',
  'invalid_unit',
  'out_of_range',
  'timestamp_skew',
  'too_large',
  'rate_limited',
  // A bug in the bridge, not in the message: the pipeline never throws, it reports this instead.
  'internal_error',
] as const;

export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** What a stage says when it refuses a message. */
export interface StageRejection {
  reason: RejectionReason;
  /** One sentence an operator can act on, e.g. "humidity 140 % is outside 0–100 %". */
  detail: string;
}

/** A refused message as the operator sees it (GET /api/rejections, dead-letter topic). */
export interface Rejection extends StageRejection {
  topic: string;
  /** The payload's first bytes, as UTF-8 text (invalid bytes replaced), for debugging. */
  payloadExcerpt: string;
  payloadBytes: number;
  /** deviceId from the topic or payload when it could be read. */
  device?: string;
  /** Epoch ms when the bridge received it. */
  receivedAt: number;
}

export type StageResult<T> = { ok: true; value: T } | { ok: false; rejection: StageRejection };
