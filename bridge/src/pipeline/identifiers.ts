import type { StageResult } from '../model/rejection.js';
import { quote } from './text.js';

/**
 * Identifiers (site, kind, deviceId, roomId) become InfluxDB tags and SQL values. A short, plain
 * charset keeps them safe everywhere (line protocol is still escaped by the sink): no spaces,
 * commas, `=`, quotes, slashes or control characters, and no leading `.`/`-` (no `../x`, no `-flag`).
 */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
export const IDENTIFIER_RULE =
  'use 1–64 characters from letters, digits, "_", ".", ":" and "-", starting with a letter or digit';

export function isIdentifier(text: string): boolean {
  return IDENTIFIER_PATTERN.test(text);
}

/** `what` names where it came from, e.g. "topic site" or "payload roomId". */
export function checkIdentifier(what: string, text: string): StageResult<string> {
  if (isIdentifier(text)) return { ok: true, value: text };
  return {
    ok: false,
    rejection: { reason: 'invalid_identifier', detail: `${what} ${quote(text)} is not a valid identifier: ${IDENTIFIER_RULE}.` },
  };
}
