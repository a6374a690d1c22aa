import type { RateLimitOptions } from '../pipeline/rate-limit.js';

/**
 * A device family's rules as the bridge holds them once its profile file is loaded (load.ts) and
 * before the pipeline compiles them (pipeline/compile.ts). The file format is
 * bridge/profiles/profile.schema.json; bridge/profiles/README.md explains every key.
 */
export interface Profile {
  /** The file's name without its extension: metric label, `profile` tag of status points. */
  readonly name: string;
  /** Where it was loaded from, for messages. */
  readonly file: string;
  readonly description?: string;
  /** MQTT topic pattern with named levels, e.g. `solar-tracker/{device}/telemetry`. */
  readonly topic?: string;
  /** HTTP route name: readings are posted to `/api/ingest/{route}`. */
  readonly route?: string;
  /** InfluxDB tags in the order they are checked after `site` and the device tag. */
  readonly tags: readonly TagSpec[];
  /** The tag that names the device (`device`, or e.g. `machine`). */
  readonly deviceTag: string;
  /** A constant measurement, or the topic level and/or payload key that names one of `kinds`. */
  readonly measurement: ValueSource;
  readonly kinds: readonly KindProfile[];
  /** Payload key whose value names the unit of the one field that has `units`. */
  readonly unitKey?: string;
  /** Where the reading's time is; without it a reading is stamped when it is received. */
  readonly timestamp?: TimestampSpec;
  /** Payload keys (or subtrees) that are neither stored nor counted as unmapped. */
  readonly ignore: readonly string[];
  /** This family's per-device limit; without it RATE_LIMIT_PER_DEVICE / RATE_LIMIT_BURST apply. */
  readonly rateLimit?: RateLimitOptions;
  readonly status?: StatusSpec;
}

/** Where a value comes from: a named topic level, a payload key (nested `a.b.c`), a constant, or a request parameter. */
export interface ValueSource {
  readonly segment?: string;
  readonly path?: string;
  readonly constant?: string;
  readonly param?: string;
}

export interface TagSpec extends ValueSource {
  readonly name: string;
  /** A payload tag that may be absent (it is then left out of the point). */
  readonly optional: boolean;
  /** `identifier` (the identifier rule) or `integer` (a whole number in `range`, stored as its decimal text). */
  readonly type: 'identifier' | 'integer';
  readonly range?: readonly [number, number];
}

export interface TimestampSpec {
  readonly path: string;
  readonly format: 'epoch_ms' | 'iso8601';
}

/** Retained online/offline messages: they set the device's state and become a `device_status` point. */
export interface StatusSpec {
  readonly topic: string;
  readonly state: { readonly path: string; readonly online: readonly string[]; readonly offline: readonly string[] };
  readonly firmware?: { readonly path: string };
}

/** One measurement of a profile and its fields (the building has several, chosen by the topic's kind). */
export interface KindProfile {
  /** The InfluxDB measurement. */
  readonly kind: string;
  /** Other names accepted where the measurement is named by the message (compared case-insensitively, like `kind`). */
  readonly aliases: readonly string[];
  readonly fields: readonly FieldProfile[];
}

export type FieldType = 'number' | 'integer' | 'boolean' | 'string';

export interface FieldProfile {
  /** Payload keys that may carry this field; the first one present (and not null) is read. */
  readonly keys: readonly string[];
  /** InfluxDB field name. */
  readonly field: string;
  /** How an operator calls it in a sentence, e.g. "humidity", "solar voltage". */
  readonly label: string;
  /** `number` is stored as a float, `integer` with InfluxDB's `i` suffix. */
  readonly type: FieldType;
  readonly required: boolean;
  /** Canonical unit symbol: stored values are in this unit. */
  readonly unit?: string;
  /**
   * When set, the payload's unit key describes this field (at most one field per measurement): the
   * accepted units and how each converts to the canonical one. Without a unit the value is canonical.
   */
  readonly units?: readonly UnitConversion[];
  /** Physical limits, inclusive; outside them a reading is refused (`out_of_range`). */
  readonly range?: readonly [number, number];
  /** Inside the range but outside this band a reading is kept and marked `suspect`. */
  readonly plausible?: readonly [number, number];
  /** A running total that may reset (the archive stores its increase per window). */
  readonly counter?: boolean;
  /** Booleans: other values that mean true or false (`1`, `"ON"`); true and false are always accepted. */
  readonly trueValues?: readonly (string | number)[];
  readonly falseValues?: readonly (string | number)[];
  /** Strings: the longest accepted, in characters. */
  readonly maxLength?: number;
}

/** canonical = (value + offset) × scale. Linear, so a file can state it and the README can print it. */
export interface UnitConversion {
  /** Exact spellings accepted in the payload's unit (after trimming spaces). The first one is the display name. */
  readonly names: readonly string[];
  readonly offset: number;
  readonly scale: number;
}
