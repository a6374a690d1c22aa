import type { Reading } from '../model/reading.js';
import type { StageResult } from '../model/rejection.js';
import type { Profile, StatusSpec } from '../profiles/types.js';
import { decodePayload, type JsonObject } from './decode.js';
import { compileTag, type MessageInput } from './identity.js';
import { compilePath, schema } from './payload.js';
import { describeValue } from './text.js';
import type { TopicLevels } from './topic.js';

/** What a status message says about its device: `/api/devices` shows it, a `device_status` point keeps it. */
export interface DeviceStatus {
  online: boolean;
  firmware?: string;
}

/** The measurement of status points; tags `site`, `device`, `profile`. */
const STATUS_MEASUREMENT = 'device_status';

export type StatusReader = (levels: TopicLevels, payload: Uint8Array, receivedAt: number) => StageResult<{ reading: Reading; device: string; status: DeviceStatus }>;

const MAX_FIRMWARE_CHARS = 64;
const NO_PARAMS = Object.freeze({});

/**
 * A profile's status messages, compiled. The payload is a JSON object with the state at its path
 * (`{"status":"offline","firmware":"1.4.2"}`), or the state word alone (`offline`, as many devices
 * set their MQTT will). Words are compared case-insensitively. The point is stamped on arrival.
 */
export function compileStatus(profile: Profile, spec: StatusSpec, maxPayloadBytes: number): StatusReader {
  const readSite = compileTag(profile.tags.find((t) => t.name === 'site')!);
  const readDevice = compileTag(profile.tags.find((t) => t.name === profile.deviceTag)!);
  const words = new Map<string, boolean>([
    ...spec.state.online.map((w) => [w.toLowerCase(), true] as const),
    ...spec.state.offline.map((w) => [w.toLowerCase(), false] as const),
  ]);
  const wordList = [...spec.state.online, ...spec.state.offline].join(', ');
  const readState = compilePath(spec.state.path);
  const readFirmware = spec.firmware && compilePath(spec.firmware.path);
  return (levels, bytes, receivedAt) => {
    const body = decodeStatus(bytes, words, maxPayloadBytes);
    if (!body.ok) return body;
    const input: MessageInput = { levels, params: NO_PARAMS, payload: body.value.payload };
    const site = readSite(input);
    if (!site.ok) return site;
    const device = readDevice(input);
    if (!device.ok) return device;
    const state = body.value.word ?? readState(body.value.payload);
    const online = typeof state === 'string' ? words.get(state.toLowerCase()) : undefined;
    if (online === undefined) {
      const got = state === undefined ? 'nothing' : describeValue(state);
      return schema(`field "${spec.state.path}" must be one of ${wordList}; got ${got}.`);
    }
    const status: DeviceStatus = { online };
    const firmware = readFirmware?.(body.value.payload);
    if (firmware !== undefined) {
      if (typeof firmware !== 'string' || firmware.length > MAX_FIRMWARE_CHARS || /[\u0000-\u001f\u007f]/.test(firmware)) {
        return schema(`field "${spec.firmware!.path}" must be a version text of at most ${MAX_FIRMWARE_CHARS} characters, got ${describeValue(firmware)}.`);
      }
      status.firmware = firmware;
    }
    const fields: Reading['fields'] = status.firmware === undefined ? { online } : { online, firmware: status.firmware };
    const tags = { site: site.value!, device: device.value!, profile: profile.name };
    return { ok: true, value: { reading: { measurement: STATUS_MEASUREMENT, tags, ts: receivedAt, fields, quality: 'good' }, device: device.value!, status } };
  };
}

/** The longest payload looked at as a bare state word; anything longer is JSON. */
const MAX_WORD_BYTES = 32;
const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

/** The payload as JSON, or the state word it consists of (then there is no JSON to read anything else from). */
function decodeStatus(bytes: Uint8Array, words: ReadonlyMap<string, boolean>, maxPayloadBytes: number): StageResult<{ payload: JsonObject; word?: string }> {
  if (bytes.byteLength <= MAX_WORD_BYTES) {
    const word = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8').trim();
    if (words.has(word.toLowerCase())) return { ok: true, value: { payload: EMPTY, word } };
  }
  const decoded = decodePayload(bytes, maxPayloadBytes);
  return decoded.ok ? { ok: true, value: { payload: decoded.value } } : decoded;
}
