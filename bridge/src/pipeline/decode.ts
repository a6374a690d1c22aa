import type { StageResult } from '../model/rejection.js';
import { jsonTypeOf } from './text.js';

/** A parsed payload: a plain JSON object. Keys are read with Object.hasOwn only. */
export type JsonObject = Record<string, unknown>;

// fatal: invalid UTF-8 is refused instead of being turned into U+FFFD; a leading BOM is dropped.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes → JSON object: size cap before any parsing, then UTF-8, then JSON, then "is it an object". */
export function decodePayload(payload: Uint8Array, maxPayloadBytes: number): StageResult<JsonObject> {
  if (payload.byteLength > maxPayloadBytes) {
    return reject('too_large', `payload is ${payload.byteLength} bytes, above the ${maxPayloadBytes}-byte limit.`);
  }
  if (payload.byteLength === 0) return reject('invalid_json', 'payload is empty; expected a JSON object.');
  const text = decodeUtf8(payload);
  if (text === undefined) return reject('invalid_json', 'payload is not valid UTF-8 text; expected a UTF-8 JSON object.');
  const parsed = parseJson(text);
  if (!parsed.ok) return reject('invalid_json', 'payload is not valid JSON; expected a JSON object such as {"deviceId":"temp-1",…}.');
  if (!isPlainObject(parsed.value)) {
    return reject('schema', `payload is ${jsonTypeOf(parsed.value)}, not a JSON object.`);
  }
  return { ok: true, value: parsed.value };
}

function decodeUtf8(payload: Uint8Array): string | undefined {
  try {
    return utf8.decode(payload);
  } catch {
    return undefined;
  }
}

// The parser's own message is not shown: it names internals, not what the operator should do.
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reject(reason: 'too_large' | 'invalid_json' | 'schema', detail: string): StageResult<never> {
  return { ok: false, rejection: { reason, detail } };
}
