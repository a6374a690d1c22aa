/**
 * Every error code of the bridge, in the manner of fastify's `FST_ERR_*`: what it means and whether
 * doing the same thing again can succeed. Whoever handles an error looks its code up here: a
 * retryable one is retried with backoff until it succeeds; one that is not is reported once (log,
 * metric, `/ready`) and its work is dropped or stopped. An error nothing classified is
 * `SP_ERR_UNCLASSIFIED` and is never retried: nothing says that waiting would help (a bug, or data
 * that no database will ever take), and retrying it would stall everything queued behind it.
 */
export const ERROR_CODES = {
  SP_ERR_CONFIG: {
    retryable: false,
    meaning: 'A setting is missing or invalid: the bridge prints every problem and exits with code 2.',
  },
  SP_ERR_PROFILE: {
    retryable: false,
    meaning: 'A device profile file is invalid: the bridge prints one line naming the file, the place in it and the problem, and exits with code 2.',
  },
  SP_ERR_SINK_NOT_CONNECTED: {
    retryable: true,
    meaning: 'A sink was asked to write before it reached its database.',
  },
  SP_ERR_SINK_UNREACHABLE: {
    retryable: true,
    meaning: 'The database did not answer: connection refused or reset, name not resolved, timeout.',
  },
  SP_ERR_SINK_UNAVAILABLE: {
    retryable: true,
    meaning: 'The database answered with an error that can clear: 429 or 5xx (Retry-After honoured), or 401/403/404 until credentials or the database are fixed.',
  },
  SP_ERR_SINK_REFUSED: {
    retryable: false,
    meaning: 'The database refuses the batch for good (HTTP 400/422, e.g. a field type conflict): the batch is dropped and counted.',
  },
  SP_ERR_SINK_TOO_LARGE: {
    retryable: false,
    meaning: 'The request is too large (HTTP 413): the batch is halved and written again; a single point that is still too large is dropped and counted.',
  },
  SP_ERR_ARCHIVE_SCHEMA: {
    retryable: false,
    meaning: 'The archive database holds an edited migration or a newer schema: the archive job stops until the bridge is restarted with a matching version.',
  },
  SP_ERR_ARCHIVE_INFLUXDB: {
    retryable: true,
    meaning: 'The archive could not read InfluxDB: the next run tries again.',
  },
  SP_ERR_ARCHIVE_MYSQL: {
    retryable: true,
    meaning: 'The archive could not reach or use MySQL: the next run tries again.',
  },
  SP_ERR_UNCLASSIFIED: {
    retryable: false,
    meaning: 'An error nothing classified: never retried (a sink drops and counts the batch, the archive job stops).',
  },
} as const satisfies Record<string, { retryable: boolean; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error that names its entry in the table. */
export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The code of anything thrown: its own for a BridgeError, `SP_ERR_UNCLASSIFIED` for the rest. */
export function codeOf(error: unknown): ErrorCode {
  return error instanceof BridgeError ? error.code : 'SP_ERR_UNCLASSIFIED';
}

export function isRetryable(code: ErrorCode): boolean {
  return ERROR_CODES[code].retryable;
}

/** A thrown value as one line for logs and `/ready`. */
export function messageOf(error: unknown): string {
  // Some connection errors (ECONNREFUSED as an AggregateError) have an empty message but a code.
  if (error instanceof Error) return error.message || String((error as { code?: unknown }).code ?? error.name);
  return String(error);
}
