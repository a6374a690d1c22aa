import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Bearer tokens as the bridge keeps them: SHA-256 digests, never the token itself, so a heap dump
 * or a debugger shows nothing that could be replayed. Ingest tokens (device credentials) and the
 * admin surface's read and admin tokens share this.
 */
export type TokenDigest = Buffer;

export function digestToken(token: string): TokenDigest {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time comparison of digests (both 32 bytes, so the length never differs). */
export function sameDigest(a: TokenDigest, b: TokenDigest): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header; undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  const token = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
  return token === undefined || token === '' ? undefined : token;
}
