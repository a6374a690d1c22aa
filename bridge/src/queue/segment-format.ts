import { crc32 } from 'node:zlib';

/**
 * On-disk record framing: [u32 payload length][u32 CRC-32 of payload][payload].
 * The checksum lets recovery tell a torn tail (crash mid-append) from a whole record.
 */
export const HEADER_BYTES = 8;

export function encodeRecord(payload: Buffer): Buffer {
  const record = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  record.writeUInt32LE(payload.length, 0);
  record.writeUInt32LE(crc32(payload), 4);
  payload.copy(record, HEADER_BYTES);
  return record;
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
