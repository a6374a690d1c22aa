import fs from 'node:fs';
import path from 'node:path';
import { RecentRecords } from './recent-records.js';
import { decodeRecord, encodeRecordInto, maxRecordBytes, parseSegmentName, segmentName } from './segment-format.js';

export interface DurableQueueOptions {
  dir: string;
  /** Each consumer (sink) has its own cursor; a segment is deleted once every cursor has passed it. */
  consumers: readonly string[];
  maxMessages: number;
  maxBytes: number;
  /** Group fsync: acknowledged data is on disk at most this long after its append. */
  syncIntervalMs: number;
  segmentBytes?: number;
}

/** A consumer's position: the sequence number of the next record and where it starts on disk. */
export interface Cursor {
  seq: number;
  segment: number;
  offset: number;
}

export interface Batch<T> {
  items: T[];
  /** The cursor to commit once the items are safely delivered. */
  next: Cursor;
}

interface Segment {
  firstSeq: number;
  size: number;
}

const MAX_RECORD_BYTES = 1 << 20;
const READ_CHUNK_BYTES = 2 << 20; // larger than the largest record, so one read always holds a whole one
const DEFAULT_SEGMENT_BYTES = 16 << 20;
const INITIAL_STAGE_BYTES = 256 << 10;
/** What is kept in memory for consumers that keep up: a few seconds at full speed, a few MiB. */
const RECENT_RECORDS = 20_000;
const RECENT_BYTES = 8 << 20;

/**
 * An append-only log in segment files with one cursor per consumer.
 *
 * Why a log and not memory: a message is acknowledged to the broker once `append` (or the `flush`
 * after its `stage`) returns, so it must survive `kill -9` (the write(2) has reached the kernel) and,
 * within `syncIntervalMs`, a power cut. Staging lets a caller turn many messages into one write(2):
 * staged records are neither visible to consumers nor durable until `flush`.
 * Consumers read batches and commit a cursor only after delivery, so a crash replays, never skips.
 */
export class DurableQueue<T> {
  readonly #options: Required<DurableQueueOptions>;
  readonly #segments: Segment[] = [];
  readonly #cursors = new Map<string, Cursor>();
  readonly #spaceWaiters: Array<() => void> = [];
  readonly #dataWaiters: Array<() => void> = [];
  #fd = -1;
  #nextSeq = 0;
  #unsynced = false;
  #syncTimer: NodeJS.Timeout | undefined;
  #bytes = 0;
  #closed = false;
  /** Records encoded by `stage` (segment-format.ts), written by the next `flush`. */
  #stage = Buffer.allocUnsafe(INITIAL_STAGE_BYTES);
  #stagedBytes = 0;
  #stagedCount = 0;
  readonly #stagedItems: T[] = [];
  readonly #stagedSizes: number[] = [];
  readonly #recent = new RecentRecords<T>(RECENT_RECORDS, RECENT_BYTES);
  /** Reused by every read: records are parsed out of it before the next read. */
  readonly #readBuffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  /** Records skipped because their checksum failed (disk corruption, never a crash). */
  corruptRecords = 0;

  private constructor(options: DurableQueueOptions) {
    this.#options = { segmentBytes: DEFAULT_SEGMENT_BYTES, ...options };
  }

  static open<T>(options: DurableQueueOptions): DurableQueue<T> {
    const queue = new DurableQueue<T>(options);
    queue.#recover();
    return queue;
  }

  /** Messages not yet committed by the slowest consumer. */
  get depth(): number {
    return this.#nextSeq - this.#minCursor().seq;
  }

  /** Bytes on disk not yet committed by the slowest consumer. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Staged records count too, so a batch in the making cannot overshoot the limits. */
  get isFull(): boolean {
    return this.depth + this.#stagedCount >= this.#options.maxMessages || this.#bytes + this.#stagedBytes >= this.#options.maxBytes;
  }

  /** Records staged and not yet flushed. */
  get staged(): number {
    return this.#stagedCount;
  }

  /** Stages `item` and flushes at once: durable (in the kernel) when it returns. */
  append(item: T): void {
    this.stage(item);
    this.flush();
  }

  /** Encodes `item` for the next `flush`. Not durable, not visible to consumers, not to be acknowledged yet. */
  stage(item: T): void {
    if (this.#closed) throw new Error('queue is closed');
    const json = JSON.stringify(item);
    this.#reserve(this.#stagedBytes + maxRecordBytes(json));
    const size = encodeRecordInto(this.#stage, this.#stagedBytes, json);
    this.#stagedBytes += size;
    this.#stagedCount += 1;
    this.#stagedItems.push(item);
    this.#stagedSizes.push(size);
  }

  /**
   * Writes every staged record with one write(2): when it returns they are durable, in order. All or
   * nothing: when the write fails, a partly written group is cut off again, nothing of it counts, and
   * the error is thrown (the staged records are dropped: their messages must stay unacknowledged).
   */
  flush(): void {
    const bytes = this.#stagedBytes;
    const count = this.#stagedCount;
    if (count === 0) return;
    const items = this.#stagedItems.splice(0);
    const sizes = this.#stagedSizes.splice(0);
    this.#stagedBytes = 0;
    this.#stagedCount = 0;
    // Staged before the close, never written: their messages must not be acknowledged.
    if (this.#closed) throw new Error('queue is closed');
    const active = this.#segments[this.#segments.length - 1]!;
    let written = 0;
    try {
      while (written < bytes) written += fs.writeSync(this.#fd, this.#stage, written, bytes - written);
    } catch (error) {
      // The file is opened for appending: without the cut, the next group would follow a torn record.
      if (written > 0) fs.ftruncateSync(this.#fd, active.size);
      throw error;
    }
    this.#recent.add(this.#nextSeq, active.firstSeq, active.size, items, sizes);
    active.size += bytes;
    this.#bytes += bytes;
    this.#nextSeq += count;
    this.#unsynced = true;
    if (active.size >= this.#options.segmentBytes) this.#roll();
    this.#wake(this.#dataWaiters);
  }

  /** Up to `maxItems` records after the consumer's committed cursor, or after `from` (a batch's `next`, to extend it). */
  read(consumer: string, maxItems: number, from?: Cursor): Batch<T> {
    const start = from ?? this.#cursor(consumer);
    const recent = this.#recent.read(start.seq, maxItems);
    if (recent) return recent;
    let position = { ...start };
    const items: T[] = [];
    while (items.length < maxItems && position.seq < this.#nextSeq) {
      const progressed = this.#readSegment(position, maxItems, items);
      if (progressed.segment === position.segment && progressed.offset === position.offset) break;
      position = progressed;
    }
    return { items, next: position };
  }

  /** The consumer's next record, if any: the oldest it has not committed. */
  peek(consumer: string): T | undefined {
    return this.read(consumer, 1).items[0];
  }

  /** Records the consumer has not committed yet. */
  pending(consumer: string): number {
    return this.#nextSeq - this.#cursor(consumer).seq;
  }

  commit(consumer: string, next: Cursor): void {
    this.#cursor(consumer);
    this.#cursors.set(consumer, next);
    const file = this.#cursorFile(consumer);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(next));
    fs.renameSync(`${file}.tmp`, file);
    this.#deleteConsumedSegments();
    this.#recent.forgetBefore(this.#minCursor().seq);
    this.#bytes = this.#computeBytes();
    if (!this.isFull) this.#wake(this.#spaceWaiters);
  }

  /** Resolves when the queue is below its limits (immediately if it already is). */
  waitForSpace(): Promise<void> {
    if (!this.isFull || this.#closed) return Promise.resolve();
    return new Promise((resolve) => this.#spaceWaiters.push(resolve));
  }

  /** Resolves on the next append, or after `timeoutMs`. */
  waitForData(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#dataWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Forces appended data to disk now (also done every `syncIntervalMs`). */
  sync(): void {
    if (this.#fd >= 0 && this.#unsynced) {
      fs.fdatasyncSync(this.#fd);
      this.#unsynced = false;
    }
  }

  close(): void {
    if (this.#closed) return;
    clearInterval(this.#syncTimer);
    this.sync();
    fs.closeSync(this.#fd);
    this.#closed = true;
    this.#wake(this.#spaceWaiters);
    this.#wake(this.#dataWaiters);
  }

  #recover(): void {
    fs.mkdirSync(this.#options.dir, { recursive: true });
    const firstSeqs = fs
      .readdirSync(this.#options.dir)
      .map(parseSegmentName)
      .filter((seq): seq is number => seq !== undefined)
      .sort((a, b) => a - b);
    for (const consumer of this.#options.consumers) this.#loadCursor(consumer);
    if (firstSeqs.length === 0) {
      const start = Math.max(0, ...[...this.#cursors.values()].map((c) => c.seq));
      this.#createSegment(start);
      this.#nextSeq = start;
    } else {
      for (const firstSeq of firstSeqs) {
        this.#segments.push({ firstSeq, size: fs.statSync(this.#segmentPath(firstSeq)).size });
      }
      const last = this.#segments[this.#segments.length - 1]!;
      this.#nextSeq = last.firstSeq + this.#repairTail(last);
      this.#fd = fs.openSync(this.#segmentPath(last.firstSeq), 'a');
    }
    for (const [consumer, cursor] of this.#cursors) {
      if (!this.#segments.some((s) => s.firstSeq === cursor.segment)) {
        // The cursor's segment is gone (already consumed); restart at the oldest segment kept.
        const oldest = this.#segments[0]!;
        this.#cursors.set(consumer, { seq: Math.max(cursor.seq, oldest.firstSeq), segment: oldest.firstSeq, offset: 0 });
      }
    }
    this.#bytes = this.#computeBytes();
    this.#syncTimer = setInterval(() => this.#syncInBackground(), this.#options.syncIntervalMs);
    this.#syncTimer.unref();
  }

  /** Counts whole records in the active segment and cuts off a torn tail left by a crash. */
  #repairTail(segment: Segment): number {
    const file = this.#segmentPath(segment.firstSeq);
    const content = fs.readFileSync(file);
    let offset = 0;
    let count = 0;
    for (;;) {
      const outcome = decodeRecord(content, offset, MAX_RECORD_BYTES);
      if (outcome.kind !== 'record') break;
      offset += outcome.size;
      count += 1;
    }
    if (offset < content.length) {
      fs.truncateSync(file, offset);
      segment.size = offset;
    }
    return count;
  }

  /** Reads from one segment into `into` until it holds `maxItems`; returns the position reached. */
  #readSegment(position: Cursor, maxItems: number, into: T[]): Cursor {
    const segmentIndex = this.#segments.findIndex((s) => s.firstSeq === position.segment);
    const segment = this.#segments[segmentIndex];
    if (!segment) return position;
    if (position.offset >= segment.size) {
      const next = this.#segments[segmentIndex + 1];
      return next ? { seq: position.seq, segment: next.firstSeq, offset: 0 } : position;
    }
    const fd = fs.openSync(this.#segmentPath(segment.firstSeq), 'r');
    try {
      const length = Math.min(READ_CHUNK_BYTES, segment.size - position.offset);
      const chunk = this.#readBuffer;
      const read = fs.readSync(fd, chunk, 0, length, position.offset);
      const filled = chunk.subarray(0, read);
      let offset = 0;
      let seq = position.seq;
      while (into.length < maxItems) {
        const outcome = decodeRecord(filled, offset, MAX_RECORD_BYTES);
        if (outcome.kind === 'incomplete') break;
        if (outcome.kind === 'corrupt') {
          // Only a damaged disk gets here; skip the rest of this segment rather than stall forever.
          this.corruptRecords += 1;
          return { seq: this.#segments[segmentIndex + 1]?.firstSeq ?? this.#nextSeq, segment: segment.firstSeq, offset: segment.size };
        }
        into.push(JSON.parse(outcome.payload.toString('utf8')) as T);
        offset += outcome.size;
        seq += 1;
      }
      if (offset === 0 && read > 0 && into.length < maxItems) {
        // A record is never larger than the chunk (MAX_RECORD_BYTES), so this means a bug, not data.
        throw new Error(`queue record at ${segment.firstSeq}:${position.offset} is larger than the read chunk`);
      }
      return { seq, segment: segment.firstSeq, offset: position.offset + offset };
    } finally {
      fs.closeSync(fd);
    }
  }

  #reserve(bytes: number): void {
    if (bytes <= this.#stage.length) return;
    const grown = Buffer.allocUnsafe(Math.max(bytes, this.#stage.length * 2));
    this.#stage.copy(grown, 0, 0, this.#stagedBytes);
    this.#stage = grown;
  }

  #roll(): void {
    fs.fdatasyncSync(this.#fd);
    fs.closeSync(this.#fd);
    this.#unsynced = false;
    this.#createSegment(this.#nextSeq);
  }

  #createSegment(firstSeq: number): void {
    this.#fd = fs.openSync(this.#segmentPath(firstSeq), 'a');
    this.#segments.push({ firstSeq, size: 0 });
  }

  #deleteConsumedSegments(): void {
    const oldestNeeded = this.#minCursor().segment;
    while (this.#segments.length > 1 && this.#segments[0]!.firstSeq < oldestNeeded) {
      const done = this.#segments.shift()!;
      fs.rmSync(this.#segmentPath(done.firstSeq), { force: true });
    }
  }

  #computeBytes(): number {
    const min = this.#minCursor();
    let total = 0;
    for (const segment of this.#segments) {
      if (segment.firstSeq < min.segment) continue;
      total += segment.size - (segment.firstSeq === min.segment ? min.offset : 0);
    }
    return total;
  }

  #minCursor(): Cursor {
    let min: Cursor | undefined;
    for (const cursor of this.#cursors.values()) if (!min || cursor.seq < min.seq) min = cursor;
    return min ?? { seq: this.#nextSeq, segment: this.#segments[this.#segments.length - 1]!.firstSeq, offset: 0 };
  }

  #cursor(consumer: string): Cursor {
    const cursor = this.#cursors.get(consumer);
    if (!cursor) throw new Error(`unknown queue consumer "${consumer}"`);
    return cursor;
  }

  #loadCursor(consumer: string): void {
    const file = this.#cursorFile(consumer);
    if (fs.existsSync(file)) {
      this.#cursors.set(consumer, JSON.parse(fs.readFileSync(file, 'utf8')) as Cursor);
    } else {
      this.#cursors.set(consumer, { seq: -1, segment: -1, offset: 0 });
    }
  }

  #syncInBackground(): void {
    // Synchronous on purpose: an async fdatasync could race a segment roll that closes the fd.
    if (!this.#closed) this.sync();
  }

  #wake(waiters: Array<() => void>): void {
    if (waiters.length === 0) return;
    for (const wake of waiters.splice(0)) wake();
  }

  #segmentPath(firstSeq: number): string {
    return path.join(this.#options.dir, segmentName(firstSeq));
  }

  #cursorFile(consumer: string): string {
    return path.join(this.#options.dir, `cursor-${consumer}.json`);
  }
}
