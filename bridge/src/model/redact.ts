/** What a hidden credential is shown as. */
export const MASK = '***';

/**
 * `scheme://user:password@`: the password runs from the first colon of the userinfo to its last
 * `@` (greedy, so an unencoded `@` inside the password is hidden too).
 */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*):[^\s/?#]*@/gi;
/** Query parameters that carry credentials (InfluxDB 1.x `u`/`p`, tokens, keys, signatures). */
const SECRET_PARAMETER = /([?&])(p|pass|passwd|password|pwd|token|access_token|auth|authorization|secret|api[-_]?key|key|sig|signature)=[^&#\s"']*/gi;

/**
 * Every URL in `text` with its password and credential-carrying query parameters replaced by
 * `***`; the rest (scheme, user, host, path) is kept, so the line still says where it went.
 */
export function redactUrl(text: string): string {
  return text.replace(URL_PASSWORD, `$1:${MASK}@`).replace(SECRET_PARAMETER, `$1$2=${MASK}`);
}

/** Shorter values cannot be told from ordinary text: masking them would garble every line. */
const MIN_MASKED_LENGTH = 4;

/**
 * The last line of defence: every secret value the bridge was given, in every spelling it can
 * take in output (as is, percent-encoded in a URL or form, escaped in JSON), replaced by `***`
 * wherever it appears: log lines, HTTP answers, error output. Applied to whole outputs, so even a
 * library's unexpected error message carrying a credential is masked.
 */
export class SecretMask {
  readonly #pattern: RegExp | undefined;

  constructor(values: Iterable<string>) {
    const spellings = new Set<string>();
    for (const value of values) {
      if (value.length < MIN_MASKED_LENGTH) continue;
      spellings.add(value);
      spellings.add(encodeURIComponent(value));
      spellings.add(new URLSearchParams({ v: value }).toString().slice(2));
      spellings.add(JSON.stringify(value).slice(1, -1));
    }
    // Longest first, so a secret containing another is masked whole.
    const alternatives = [...spellings].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.#pattern = alternatives.length === 0 ? undefined : new RegExp(alternatives.join('|'), 'g');
  }

  mask(text: string): string {
    return this.#pattern === undefined ? text : text.replace(this.#pattern, MASK);
  }

  toJSON(): string {
    return 'SecretMask';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'SecretMask';
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
