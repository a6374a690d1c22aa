import type { Batch } from './durable-queue.js';

/**
 * The newest records of the queue, as the very objects that were appended, with where each ends on
 * disk. A consumer that keeps up (the usual case) reads them from here: no disk read, no JSON parse.
 * The disk stays the truth: after a restart, or for a consumer further behind than what is kept,
 * reads go to the segments. Bounded in records and in bytes (as written).
 */
export class RecentRecords<T> {
  // Parallel arrays from `#head` on: no object per record.
  #items: T[] = [];
  #segments: number[] = [];
  #ends: number[] = [];
  #sizes: number[] = [];
  #head = 0;
  /** Sequence number of `#items[#head]`, and of the record after the last kept. */
  #firstSeq = 0;
  #endSeq = 0;
  #bytes = 0;

  constructor(
    private readonly maxRecords: number,
    private readonly maxBytes: number,
  ) {}

  /** Records just written, in order, all in one segment: the first has sequence number `seq` and starts at `offset`. */
  add(seq: number, segment: number, offset: number, items: readonly T[], sizes: readonly number[]): void {
    // Only a contiguous run can be served: after a gap, start over.
    if (seq !== this.#endSeq || this.#head === this.#items.length) this.#reset(seq);
    let end = offset;
    for (let i = 0; i < items.length; i += 1) {
      end += sizes[i]!;
      this.#items.push(items[i]!);
      this.#segments.push(segment);
      this.#ends.push(end);
      this.#sizes.push(sizes[i]!);
      this.#bytes += sizes[i]!;
    }
    this.#endSeq = seq + items.length;
    while (this.#head < this.#items.length && (this.#items.length - this.#head > this.maxRecords || this.#bytes > this.maxBytes)) this.#drop();
    this.#compact();
  }

  /** Up to `maxItems` records from sequence number `seq` on, or undefined when `seq` is not kept. */
  read(seq: number, maxItems: number): Batch<T> | undefined {
    if (seq < this.#firstSeq || seq >= this.#endSeq || maxItems < 1) return undefined;
    const from = this.#head + (seq - this.#firstSeq);
    const to = Math.min(from + maxItems, this.#items.length);
    const last = to - 1;
    return { items: this.#items.slice(from, to), next: { seq: seq + (to - from), segment: this.#segments[last]!, offset: this.#ends[last]! } };
  }

  /** Forgets the records before `seq`: every consumer has passed them. */
  forgetBefore(seq: number): void {
    while (this.#head < this.#items.length && this.#firstSeq < seq) this.#drop();
    this.#compact();
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  #drop(): void {
    this.#bytes -= this.#sizes[this.#head]!;
    this.#items[this.#head] = undefined as T; // let the object go before the compaction
    this.#head += 1;
    this.#firstSeq += 1;
  }

  /** Cuts the dropped records off once they are the larger part: amortised O(1) per record. */
  #compact(): void {
    if (this.#head < 1024 || this.#head * 2 < this.#items.length) return;
    this.#items = this.#items.slice(this.#head);
    this.#segments = this.#segments.slice(this.#head);
    this.#ends = this.#ends.slice(this.#head);
    this.#sizes = this.#sizes.slice(this.#head);
    this.#head = 0;
  }

  #reset(seq: number): void {
    this.#items = [];
    this.#segments = [];
    this.#ends = [];
    this.#sizes = [];
    this.#head = 0;
    this.#firstSeq = seq;
    this.#endSeq = seq;
    this.#bytes = 0;
  }
}
