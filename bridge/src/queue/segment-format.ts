import { crc32 } from 'node:zlib';

/**
 * On-disk record framing: [u32 payload length][u32 CRC-32 of payload][payload].
 * The checksum lets recovery tell a torn tail (crash mid-append) from a whole record.
 */
export const HEADER_BYTES = 8;

/** The most bytes `encodeRecordInto` may write for a payload of `text` (UTF-8: at most 3 bytes per UTF-16 unit). */
export function maxRecordBytes(text: string): number {
  return HEADER_BYTES + text.length * 3;
}

/** Writes the record of `text` at `offset` (room for `maxRecordBytes(text)` is the caller's); returns its size. */
export function encodeRecordInto(target: Buffer, offset: number, text: string): number {
  const length = target.write(text, offset + HEADER_BYTES, 'utf8');
  target.writeUInt32LE(length, offset);
  target.writeUInt32LE(crc32(target.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length)), offset + 4);
  return HEADER_BYTES + length;
}

export type DecodeOutcome =
  | { kind: 'record'; payload: Buffer; size: number }
  | { kind: 'incomplete' }
  | { kind: 'corrupt' };

/** Decodes the record at `offset` of `chunk`; `incomplete` means the chunk ends inside it. */
export function decodeRecord(chunk: Buffer, offset: number, maxRecordBytes: number): DecodeOutcome {
  if (chunk.length - offset < HEADER_BYTES) return { kind: 'incomplete' };
  const length = chunk.readUInt32LE(offset);
  if (length > maxRecordBytes) return { kind: 'corrupt' };
  const end = offset + HEADER_BYTES + length;
  if (end > chunk.length) return { kind: 'incomplete' };
  const payload = chunk.subarray(offset + HEADER_BYTES, end);
  if (crc32(payload) !== chunk.readUInt32LE(offset + 4)) return { kind: 'corrupt' };
  return { kind: 'record', payload, size: HEADER_BYTES + length };
}

const SEGMENT_PATTERN = /^segment-(\d{16})\.log$/;

export function segmentName(firstSeq: number): string {
  return `segment-${String(firstSeq).padStart(16, '0')}.log`;
}

/** First sequence number of a segment file, or undefined for any other file. */
export function parseSegmentName(name: string): number | undefined {
  const match = SEGMENT_PATTERN.exec(name);
  return match ? Number(match[1]) : undefined;
}
