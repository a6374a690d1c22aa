import { isIdentifier } from '../pipeline/index.js';
import type { Profile } from '../profiles/index.js';
import { digestToken, sameDigest, type TokenDigest } from '../auth/token-digest.js';

/** RFC 6750's b64token, at least 16 characters: no `:` or `,`, so an entry splits unambiguously. */
const TOKEN_PATTERN = /^[A-Za-z0-9\-._~+/]{16,}=*$/;

/** Where the entries come from, for messages: `INGEST_TOKENS entry 2`, `INGEST_TOKENS_FILE line 7`. */
export interface IngestTokenSource {
  name: 'INGEST_TOKENS' | 'INGEST_TOKENS_FILE';
  text: string;
}

export type IngestVerdict = { ok: true } | { ok: false; status: 401 | 403; message: string };

interface RouteTokens {
  /** Tokens that may post for any device of the route's profile. */
  profileWide: TokenDigest[];
  /** Tokens that may post for one device only. */
  byDevice: Map<string, TokenDigest[]>;
  /** The request parameter that names the device (the profile's device tag reads it). */
  deviceParam: string | undefined;
}

/**
 * The device credentials of `POST /api/ingest/{route}`: entries `route:token` (any device of the
 * profile with that route) or `route/device:token` (that device only), from INGEST_TOKENS
 * (comma-separated) and INGEST_TOKENS_FILE (one per line, `#` comments). Held as SHA-256 digests.
 */
export class IngestTokens {
  readonly #routes = new Map<string, RouteTokens>();
  /** Every digest, as hex: tells a token that speaks for something else (403) from a wrong one (401). */
  readonly #known = new Set<string>();

  private constructor() {}

  /** Reads the entries against the loaded profiles; every problem names its place, never the token. */
  static read(sources: readonly IngestTokenSource[], profiles: readonly Profile[]): { tokens: IngestTokens; problems: string[] } {
    const tokens = new IngestTokens();
    const problems: string[] = [];
    const byRoute = new Map(profiles.flatMap((profile) => (profile.route === undefined ? [] : [[profile.route, profile] as const])));
    for (const { name, text } of sources) {
      const file = name === 'INGEST_TOKENS_FILE';
      const lines = file ? text.split('\n') : text.split(',');
      lines.forEach((line, i) => {
        const entry = (file ? line.replace(/#.*/, '') : line).trim();
        if (entry === '') return;
        const problem = tokens.#add(entry, byRoute);
        if (problem) problems.push(`${name} ${file ? 'line' : 'entry'} ${i + 1}: ${problem}`);
      });
    }
    return { tokens, problems };
  }

  /** Whether `token` may post to `route` with these request parameters. */
  authorise(route: string, token: string | undefined, params: Readonly<Record<string, unknown>>): IngestVerdict {
    if (token === undefined) return refuse(401, 'This route needs a device token: send `Authorization: Bearer <token>` (INGEST_TOKENS).');
    const digest = digestToken(token);
    const tokens = this.#routes.get(route);
    if (tokens?.profileWide.some((known) => sameDigest(known, digest))) return { ok: true };
    const device = tokens?.deviceParam === undefined ? undefined : params[tokens.deviceParam];
    if (typeof device === 'string' && tokens?.byDevice.get(device)?.some((known) => sameDigest(known, digest))) return { ok: true };
    // A lookup by digest leaks nothing about the token: its timing depends on a one-way hash of the guess.
    if (!this.#known.has(digest.toString('hex'))) return refuse(401, 'The token is not valid.');
    const named = typeof device === 'string' ? ` device "${device}" of` : '';
    return refuse(403, `This token does not speak for${named} route "${route}": it belongs to another device or profile.`);
  }

  #add(entry: string, profiles: ReadonlyMap<string, Profile>): string | undefined {
    const colon = entry.lastIndexOf(':');
    const token = colon < 0 ? '' : entry.slice(colon + 1);
    const subject = colon < 0 ? entry : entry.slice(0, colon);
    const slash = subject.indexOf('/');
    const route = slash < 0 ? subject : subject.slice(0, slash);
    const device = slash < 0 ? undefined : subject.slice(slash + 1);
    // The subject (route/device) is shown, never the token.
    const shown = JSON.stringify(subject);
    if (!TOKEN_PATTERN.test(token)) return `${shown}: expected \`route:token\` or \`route/device:token\` with a token of at least 16 characters (letters, digits, -._~+/).`;
    const profile = profiles.get(route);
    if (!profile) return `${shown}: no profile has the route "${route}"${profiles.size > 0 ? ` (routes: ${[...profiles.keys()].join(', ')})` : ''}.`;
    const deviceParam = profile.tags.find((tag) => tag.name === profile.deviceTag)?.param;
    if (device !== undefined && !isIdentifier(device)) return `${shown}: "${device}" is not a valid device id.`;
    if (device !== undefined && deviceParam === undefined) {
      return `${shown}: profile "${profile.name}" reads its device from the body, not a request parameter, so only a token for the whole route can be checked before the body is read.`;
    }
    const digest = digestToken(token);
    const tokens: RouteTokens = this.#routes.get(route) ?? { profileWide: [], byDevice: new Map(), deviceParam };
    this.#routes.set(route, tokens);
    if (device === undefined) tokens.profileWide.push(digest);
    else tokens.byDevice.set(device, [...(tokens.byDevice.get(device) ?? []), digest]);
    this.#known.add(digest.toString('hex'));
    return undefined;
  }
}

function refuse(status: 401 | 403, message: string): IngestVerdict {
  return { ok: false, status, message };
}
