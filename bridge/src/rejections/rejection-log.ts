import type { Rejection } from '../model/rejection.js';

/** The most recent rejections, oldest dropped first, for `GET /api/rejections`. */
export class RejectionLog {
  readonly #entries: Rejection[] = [];
  #total = 0;

  constructor(private readonly capacity: number) {}

  add(rejection: Rejection): void {
    this.#total += 1;
    this.#entries.push(rejection);
    if (this.#entries.length > this.capacity) this.#entries.shift();
  }

  /** Newest first, optionally only one reason. */
  recent(limit: number, reason?: string): Rejection[] {
    const matching = reason ? this.#entries.filter((e) => e.reason === reason) : this.#entries;
    return matching.slice(-limit).reverse();
  }

  get total(): number {
    return this.#total;
  }
}

/** The part of a payload kept for debugging: its first bytes as text, never the whole of a huge one. */
export function payloadExcerpt(payload: Uint8Array, maxChars = 256): string {
  const head = Buffer.from(payload.buffer, payload.byteOffset, Math.min(payload.length, maxChars * 4));
  const text = head.toString('utf8');
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}
